"""The QSSL training step's two parts, timed in interleaved rounds: the
small CNN backbone's forward + backward, and the quantum head's forward +
parameter-shift backward at 100 shots (to its weights and its input), both
on the 2 x 256 views of a batch of 256 (examples/qssl/).

    PYTHONPATH=build/python /usr/bin/python3 bench/qssl_step.py [ROUNDS] [SHOTS]

Prints per part the median time per step with min-max over the rounds, the
head's circuits per second, and the ratio head / backbone per round
(median, min-max). JSON on the last line.
"""
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples",
                                "qssl"))
import nets  # noqa: E402

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
shots = int(sys.argv[2]) if len(sys.argv) > 2 else 100
batch, width = 256, 8
torch.set_num_threads(os.cpu_count())
torch.manual_seed(0)
cnn = nets.SmallCNN()
squash = torch.nn.Linear(cnn.out_features, width)
head = nets.quantum_head(width, seed=0, shots=shots)
images = torch.rand(2 * batch, 1, 32, 32)
angles = torch.rand(2 * batch, width) * 3.14159


def backbone_step():
    out = squash(cnn(images))
    out.sum().backward()


def head_step():
    x = angles.clone().requires_grad_(True)
    y = head(x)
    (y * torch.linspace(-1, 1, width)).sum().backward()
    assert x.grad is not None


def timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


backbone_step(), head_step()  # warm up (compile, allocate)
a, b = [], []
for _ in range(rounds):
    a.append(timed(backbone_step))
    b.append(timed(head_step))
ratios = [y / x for x, y in zip(a, b)]
# Circuits per sample: the forward one; in backward the unshifted one and
# 2 per encoder angle and RY, 4 per CRX (2 layers).
per_sample = 1 + 1 + 2 * width + 2 * (2 * width + 4 * width)
circuits = 2 * batch * per_sample


def fmt(v):
    return f"{statistics.median(v) * 1e3:.0f} ms ({min(v) * 1e3:.0f}-{max(v) * 1e3:.0f})"


print(f"backbone (small CNN) forward + backward, {2 * batch} images: {fmt(a)}")
print(f"quantum head forward + parameter-shift backward, {shots} shots, {2 * batch} samples: "
      f"{fmt(b)}; {circuits} circuits, {circuits / statistics.median(b):.0f} circuits/s")
print(f"head / backbone: {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}) "
      f"over {rounds} interleaved rounds, {os.cpu_count()} cores")
print(json.dumps({"backbone_s": a, "head_s": b, "ratio": ratios, "circuits": circuits,
                  "shots": shots, "rounds": rounds}))
