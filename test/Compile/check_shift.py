#!/usr/bin/env python3
"""The compiled gradient against parameter shift computed independently in
pure Python (density matrices, textbook gates; two-term rule for Pauli
rotations and each u3 angle, four-term rule for crx/cry/crz), on COUNT
random models of random_model.py with explicit parameters.
Usage: check_shift.py MASQ COUNT WORKDIR"""
import json
import math
import os
import random
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
masq, count, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(work, exist_ok=True)
from puresim import apply, conj, matrix, reset, rx, ry, rz  # noqa: E402


def loss(desc, angles_of):
    n = desc["n"]
    d = 2 ** n
    x = desc["x"]
    if desc["amplitude"]:
        nx = math.sqrt(sum(v * v for v in x))
        psi = [v / nx + 0j for v in x]
    else:
        psi = [0j] * d
        psi[0] = 1
        f = {"X": rx, "Y": ry, "Z": rz}[desc["axis"]]
        for i in range(n):
            apply(psi, f(x[i]), [i])
    rho = [[psi[i] * psi[j].conjugate() for j in range(d)] for i in range(d)]
    for k, op in enumerate(desc["ops"]):
        if op["gate"] == "reset":
            rho = reset(rho, op["qubits"][0])
        else:
            rho = conj(rho, matrix(op["gate"], angles_of(k)), op["qubits"])
    total = 0.0
    for coef, kind, q in desc["loss"]:
        if kind == "expval":
            v = sum(rho[i][i].real * (-1 if i >> q & 1 else 1) for i in range(d))
        elif kind == "pauli":  # Tr(rho P): P|i> = phase(i) |i ^ flips>
            v = 0.0
            for c, string in q:
                flips = sum(1 << int(k) for k, P in string.items() if P != "Z")
                for i in range(d):
                    ph = 1
                    for k, P in string.items():
                        b = i >> int(k) & 1
                        ph *= {"X": 1, "Y": (1j if b == 0 else -1j), "Z": (-1 if b else 1)}[P]
                    v += c * (rho[i][i ^ flips] * ph).real
        elif kind == "prob":
            v = sum(rho[i][i].real for i in range(d) if not i >> q & 1)
        else:
            nx = math.sqrt(sum(t * t for t in x))
            r = [t / nx for t in x]
            v = sum(r[i] * rho[i][j].real * r[j] for i in range(d) for j in range(d))
        total += coef * v
    return total


C4P = (math.sqrt(2) + 1) / (4 * math.sqrt(2))
C4M = (math.sqrt(2) - 1) / (4 * math.sqrt(2))
failed = 0
for seed in range(1, count + 1):
    path = os.path.join(work, f"shift{seed}.masq")
    inp = subprocess.run([sys.executable, os.path.join(here, "random_model.py"), str(seed), path],
                         check=True, capture_output=True, text=True).stdout.strip()
    desc = json.load(open(path + ".json"))
    rng = random.Random(1000 + seed)
    theta = [rng.uniform(-3, 3) for _ in range(desc["np"])]
    json.dump({"t": theta}, open(path + ".params.json", "w"))
    base = [[c * theta[k] + dd for k, c, dd in op["angles"]] for op in desc["ops"]]
    grad = [0.0] * desc["np"]
    for k, op in enumerate(desc["ops"]):
        for j, (pk, c, _) in enumerate(op["angles"]):
            def L(shift):
                def angles_of(i):
                    a = list(base[i])
                    if i == k:
                        a[j] += shift
                    return a
                return loss(desc, angles_of)
            if op["gate"] in ("crx", "cry", "crz"):
                dv = (C4P * (L(math.pi / 2) - L(-math.pi / 2))
                      - C4M * (L(3 * math.pi / 2) - L(-3 * math.pi / 2)))
            else:
                dv = (L(math.pi / 2) - L(-math.pi / 2)) / 2
            grad[pk] += c * dv
    r = subprocess.run([masq, "grad", path, "--input", inp, "--params", path + ".params.json",
                        "--json", "--no-cache"], capture_output=True, text=True)
    if r.returncode:
        failed += 1
        print(f"FAIL seed {seed}: masq failed\n{r.stderr}")
        continue
    got = json.loads(r.stdout)
    want_loss = loss(desc, lambda i: base[i])
    worst = max(abs(a - b) for a, b in zip(got["grad"]["t"], grad))
    if worst > 1e-9 or abs(got["loss"] - want_loss) > 1e-10:
        failed += 1
        print(f"FAIL seed {seed}: loss {got['loss']} vs {want_loss}, max grad error {worst}")
print(f"{count - failed}/{count} random models: compiled gradient = parameter shift")
sys.exit(1 if failed else 0)
