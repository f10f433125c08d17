#!/usr/bin/env python3
"""Generates COUNT random real models (random_model.py --real) and checks, for
each, that a batch of 3 different samples (one pair of samples sharing a state,
then one alone) gives the same losses, outputs and mean-loss gradient with -O
(masq-pair-samples) as with -O0 (one sample per state), to 1e-10.
Usage: check_pairing.py MASQ COUNT WORKDIR"""
import json
import os
import random
import subprocess
import sys

masq, count, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(work, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))


def close(a, b, path=""):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k], path + "." + k) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y, path) for x, y in zip(a, b))
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-10


failed = paired = 0
for seed in range(1, count + 1):
    path = os.path.join(work, f"real{seed}.masq")
    inp = subprocess.run([sys.executable, os.path.join(here, "random_model.py"), str(seed),
                          path, "--real"], check=True, capture_output=True, text=True).stdout
    size = len(inp.strip().split("=")[1].split(","))
    r = random.Random(seed)
    args = []
    for _ in range(3):
        args += ["--input", "x=" + ",".join(f"{r.uniform(0.05, 1):.4f}" for _ in range(size))]
    out = {}
    for opt in ("-O", "-O0"):
        res = subprocess.run([masq, "grad", path, "--json", "--seed", str(seed), "--no-cache",
                              opt] + args, capture_output=True, text=True)
        if res.returncode != 0:
            print(f"FAIL seed {seed} {opt}: {res.stderr}")
            break
        out[opt] = json.loads(res.stdout)
    llvm = subprocess.run([masq, "compile", path, "--emit=llvm"], capture_output=True,
                          text=True).stdout
    paired += "masq_rtc_init_pair" in llvm
    if len(out) != 2 or not close(out["-O"], out["-O0"]):
        failed += 1
        print(f"FAIL seed {seed}: {path}\n{out}")
print(f"{count - failed}/{count} random real models: paired = unpaired; {paired} paired")
sys.exit(1 if failed else 0)
