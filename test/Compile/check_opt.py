#!/usr/bin/env python3
"""Generates COUNT random models (random_model.py; with --real only real
circuits, which masq-pair-samples runs two samples per state) and checks, for
each, that a batch of 3 different samples (with pairing: one pair sharing a
state, then one alone) gives the same losses, outputs and mean-loss gradient
with -O (the optimisation passes, pairing) as with -O0 (the IR as generated,
one sample per state), to 1e-10. Also counts the gate ops -O removed.
Usage: check_opt.py MASQ COUNT WORKDIR [--real] [FLAGS for -O ...]
(e.g. --fuse-min-qubits 1 to fuse gates on the small random states)"""
import json
import os
import random
import subprocess
import sys

masq, count, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
real = "--real" in sys.argv[4:]
extra = [a for a in sys.argv[4:] if a != "--real"]
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


failed = paired = fused = decoders = removed = 0
for seed in range(1, count + 1):
    path = os.path.join(work, f"{'real' if real else 'random'}{seed}.masq")
    inp = subprocess.run([sys.executable, os.path.join(here, "random_model.py"), str(seed),
                          path] + (["--real"] if real else []),
                         check=True, capture_output=True, text=True).stdout
    size = len(inp.strip().split("=")[1].split(","))
    r = random.Random(seed)
    args = []
    for _ in range(3):
        args += ["--input", "x=" + ",".join(f"{r.uniform(0.05, 1):.4f}" for _ in range(size))]
    out = {}
    for opt in ("-O", "-O0"):
        res = subprocess.run([masq, "grad", path, "--json", "--seed", str(seed), "--no-cache",
                              opt] + args + (extra if opt == "-O" else []),
                             capture_output=True, text=True)
        if res.returncode != 0:
            print(f"FAIL seed {seed} {opt}: {res.stderr}")
            break
        out[opt] = json.loads(res.stdout)
    llvm = subprocess.run([masq, "compile", path, "--emit=llvm"] + extra,
                          capture_output=True, text=True).stdout
    paired += "masq_rtc_init_pair" in llvm
    fused += "masq_rtc_block(" in llvm
    decoders += "masq_rtc_fidelity_state" in llvm
    gates = []
    for opt in ("-O", "-O0"):
        mlir = subprocess.run([masq, "compile", path, opt], capture_output=True,
                              text=True).stdout
        gates.append(sum(1 for line in mlir.splitlines()
                         if "= masq." in line and " masq.alloc" not in line
                         and "masq.encode" not in line and "masq.mask" not in line))
    removed += gates[1] - gates[0]
    if len(out) != 2 or not close(out["-O"], out["-O0"]):
        failed += 1
        print(f"FAIL seed {seed}: {path}\n{out}")
kind = "real models" if real else "models"
print(f"{count - failed}/{count} random {kind}: -O = -O0; {paired} paired; {fused} fused; "
      f"{decoders} without their decoder; -O removed {removed} ops")
sys.exit(1 if failed else 0)
