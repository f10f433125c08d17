#!/usr/bin/env python3
"""Checks a run of `masq train --val N --early-stop K --lr-schedule cosine`
(issue 21) from its files: metrics.csv has one row per epoch run with the
cosine learning rates (PyTorch's CosineAnnealingLR, T_max = epochs), the
run stopped exactly when K epochs passed without a lower validation loss
(or at the last epoch), best_epoch is the epoch of the lowest validation
loss, and params.json (the result) equals best_params.json.
Usage: check_train_val.py DIR EPOCHS LR LR_MIN K"""
import csv
import json
import math
import sys

out, epochs, lr, lr_min, k = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), \
    float(sys.argv[4]), int(sys.argv[5])
rows = list(csv.DictReader(open(out + "/metrics.csv")))
head = list(rows[0].keys())
assert head[:3] == ["epoch", "lr", "train_loss"] and head[-2:] == ["val_loss", "seconds"], head
for i, r in enumerate(rows):
    want = lr_min + (lr - lr_min) * (1 + math.cos(math.pi * i / epochs)) / 2
    assert int(r["epoch"]) == i + 1 and abs(float(r["lr"]) - want) < 1e-15 * lr, (i, r, want)
    assert float(r["seconds"]) > 0
val = [float(r["val_loss"]) for r in rows]
best = min(range(len(val)), key=lambda i: (val[i], i)) + 1
# Where the run should have stopped: the first epoch K after its best so far.
stop = epochs
for e in range(1, epochs + 1):
    best_so_far = min(range(e), key=lambda i: (val[i] if i < len(val) else math.inf, i)) + 1
    if e <= len(val) and e - best_so_far >= k and e < epochs:
        stop = e
        break
assert len(rows) == stop, (len(rows), stop, val)
m = json.load(open(out + "/metrics.json"))
assert m["best_epoch"] == best and m["val_loss_per_epoch"] == val, (m["best_epoch"], best)
assert json.load(open(out + "/params.json")) == json.load(open(out + "/best_params.json"))
print(f"{len(rows)} epochs of {epochs}, best {best}, stopped as --early-stop {k} says")
