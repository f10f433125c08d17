#!/usr/bin/env python3
"""masq against qsim (quantumlib/qsim, single precision) on the layered
ansatz of bench/layered.masq with the loss on the last qubit: 10 layers of
RY on every qubit and a CNOT ladder, nothing outside the light cone.

  /usr/bin/python3 bench/qsim_compare.py QSIM_BASE [MASQ] [ROUNDS] [N ...]

QSIM_BASE is qsim's apps/qsim_base.x, built by hand from a checkout of
qsim (nothing of qsim is in this repository or its build), for example:
  git clone https://github.com/quantumlib/qsim && cd qsim/apps
  g++ -O3 -march=native -fopenmp -o qsim_base.x qsim_base.cc
(-march=native picks qsim's AVX-512 kernels where the CPU has them; add
-mno-avx512f for its AVX2 ones, the instruction set masq's kernels use).

For each n, ROUNDS interleaved rounds of: qsim_base.x -t 2 -f F for
F = 2..5 (its fused-gate size; the time it prints covers the gates only,
not setting up the state or fusing), and `masq run --repeat R` at -O in
double and in single precision (its time also covers initialising the
state and the expectation value), with masq calibrate's fusion table (a
fresh cache directory) and 2 threads. Prints per n the median (min-max)
time of each and the ratios qsim's best F / masq (> 1: masq is faster).
"""
import os
import random
import re
import subprocess
import sys
import tempfile

from layered_timing import calibrate, layered_ms, stat

if len(sys.argv) < 2:
    sys.exit(__doc__)
qsim = sys.argv[1]
masq = sys.argv[2] if len(sys.argv) > 2 else "build/tools/masq/masq"
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
sizes = [int(x) for x in sys.argv[4:]] or [16, 20, 22]
FUSED = (2, 3, 4, 5)


def circuit(n, path):
    """The layered circuit in qsim's text format (one time step per gate)."""
    rng = random.Random(n)
    lines, t = [str(n)], 0
    for _ in range(10):
        for i in range(n):
            lines.append(f"{t} ry {i} {rng.uniform(0, 6.283185307179586)}")
            t += 1
        for i in range(n - 1):
            lines.append(f"{t} cx {i} {i + 1}")
            t += 1
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def qsim_ms(path, fused):
    r = subprocess.run([qsim, "-c", path, "-t", "2", "-f", str(fused), "-v", "1"],
                       capture_output=True, text=True)
    m = re.search(r"time is ([0-9.e+-]+) seconds", r.stdout + r.stderr)
    if r.returncode != 0 or not m:
        sys.exit(f"qsim_compare.py: qsim -f {fused}: {(r.stdout + r.stderr).strip()[-400:]}")
    return 1e3 * float(m.group(1))


os.environ["OMP_NUM_THREADS"] = "2"
with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as tmp:
    calibrate(masq, cache, sizes)
    head = "".join(f"{'qsim f' + str(f) + ' ms':>22}" for f in FUSED)
    print(f"{'n':>3}{head}{'masq double ms':>24}{'masq single ms':>24}"
          f"{'qsim best/double':>20}{'qsim best/single':>20}")
    for n in sizes:
        path = os.path.join(tmp, f"layered{n}.qsim")
        circuit(n, path)
        rep = max(2, 2 ** max(0, 22 - n) // 4)
        t = {k: [] for k in list(FUSED) + ["double", "single", "rd", "rs"]}
        for _ in range(rounds):
            q = {}
            for f in FUSED:
                q[f] = qsim_ms(path, f)
                t[f].append(q[f])
            d = layered_ms(masq, "run", n, cache, ["--precision", "double"], rep)
            s = layered_ms(masq, "run", n, cache, ["--precision", "single"], rep)
            t["double"].append(d)
            t["single"].append(s)
            best = min(q.values())
            t["rd"].append(best / d)
            t["rs"].append(best / s)
        cols = "".join(f"{stat(t[f]):>22}" for f in FUSED)
        print(f"{n:>3}{cols}{stat(t['double']):>24}{stat(t['single']):>24}"
              f"{stat(t['rd']):>20}{stat(t['rs']):>20}", flush=True)
