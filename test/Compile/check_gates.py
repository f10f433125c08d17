#!/usr/bin/env python3
"""Compiled code against an independent pure-Python statevector (textbook
gate matrices, written here, not taken from Gates.h): every gate, the angle
encoders on each axis, amplitude encoding, a fixed mask with constant fill,
reset (as a density-matrix channel) and every observable.
Usage: check_gates.py MASQ WORKDIR"""
import json
import math
import os
import subprocess
import sys

masq, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from puresim import CROT, ONE, ROT, TWO, apply, conj, reset, rx, ry, u3  # noqa: E402


def apply1(s, m, q):
    apply(s, m, [q])


def apply2(s, m, q0, q1):
    apply(s, m, [q0, q1])


def probs(s, n):
    return [abs(a) ** 2 for a in s[:2 ** n]]


def run(name, src, inputs):
    path = os.path.join(work, name + ".masq")
    open(path, "w").write(src)
    cmd = [masq, "run", path, "--json", "--no-cache"]
    for k, v in inputs.items():
        cmd += ["--input", k + "=" + ",".join(repr(x) for x in v)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"{name}: masq failed\n{r.stderr}")
    return json.loads(r.stdout)


failed_cases = set()


def compare(name, got, want, tol=1e-12):
    if len(got) != len(want) or any(abs(a - b) > tol for a, b in zip(got, want)):
        failed_cases.add(name.rsplit(" ", 1)[0] if name.startswith("g_") else name)
        print(f"FAIL {name}: got {got}, want {want}")


n = 3
x = [0.4, 1.1, 2.3]
a, b, c = 0.37, -1.21, 2.05
# Preparation and read-out mix phases into probabilities.
prep = "  encode angle(x, axis = Y) -> q;\n  h q[2];\n  s q[2];\n"
readout = "  h q[0];\n  h q[1];\n  rx(0.3) q[2];\n  output p = probabilities(q);\n" \
          "  output z = expval(Z(q[0]) * Z(q[2]));\n  output pz = prob(q[1] == 0);\n"


def prepared():
    s = [0j] * 2 ** n
    s[0] = 1
    for i in range(n):
        apply1(s, ry(x[i]), i)
    apply1(s, ONE["h"], 2)
    apply1(s, ONE["s"], 2)
    return s


def read(s):
    apply1(s, ONE["h"], 0)
    apply1(s, ONE["h"], 1)
    apply1(s, rx(0.3), 2)
    p = probs(s, n)
    z = sum(pi * (1 if bin(i & 0b101).count("1") % 2 == 0 else -1) for i, pi in enumerate(p))
    pz = sum(pi for i, pi in enumerate(p) if not i >> 1 & 1)
    return p, z, pz


def gate_case(name, stmt, sim):
    src = f"model {name} {{\n  input x : real[3];\n  qubits q[3];\n{prep}{stmt}{readout}}}\n"
    out = run(name, src, {"x": x})
    s = prepared()
    sim(s)
    p, z, pz = read(s)
    compare(name + " probabilities", out["outputs"]["p"], p)
    compare(name + " expval", out["outputs"]["z"], [z])
    compare(name + " prob", out["outputs"]["pz"], [pz])


for g, m in ONE.items():
    gate_case("g_" + g, f"  {g} q[2];\n", lambda s, m=m: apply1(s, m, 2))
for g, f in ROT.items():
    gate_case("g_" + g, f"  {g}({a}) q[2];\n", lambda s, f=f: apply1(s, f(a), 2))
gate_case("g_u3", f"  u3({a}, {b}, {c}) q[2];\n", lambda s: apply1(s, u3(a, b, c), 2))
for g, m in TWO.items():
    gate_case("g_" + g, f"  {g} q[2], q[0];\n", lambda s, m=m: apply2(s, m, 2, 0))
for g, f in CROT.items():
    gate_case("g_" + g, f"  {g}({b}) q[2], q[1];\n", lambda s, f=f: apply2(s, f(b), 2, 1))

# Angle encoding on each axis: qubit i <- R_axis(scale * x_i)|0>.
for axis, f in ROT.items():
    ax = axis[1].upper()
    src = (f"model enc_{axis} {{\n  input x : real[3];\n  qubits q[3];\n"
           f"  encode angle(x, axis = {ax}) -> q;\n  h q[0];\n  s q[1];\n  h q[1];\n"
           "  output p = probabilities(q);\n}\n")
    out = run("enc_" + axis, src, {"x": x})
    s = [0j] * 8
    s[0] = 1
    for i in range(3):
        apply1(s, f(x[i]), i)
    apply1(s, ONE["h"], 0)
    apply1(s, ONE["s"], 1)
    apply1(s, ONE["h"], 1)
    compare("encode angle " + ax, out["outputs"]["p"], probs(s, 3))

# Amplitude encoding through a fixed mask with a constant fill, fidelity
# with the unmasked vector.
v = [0.3, 0.0, 1.2, 0.7, 0.5, 0.9, 0.1, 0.4]
src = ("model amp {\n  input x : real[8];\n  qubits q[3];\n"
       "  let seen = mask(x, fixed([1, 6]), fill = 0.25);\n"
       "  encode amplitude(seen) -> q;\n  output p = probabilities(q);\n"
       "  output f = fidelity(q, amplitude(x));\n}\n")
out = run("amp", src, {"x": v})
w = list(v)
w[1] = w[6] = 0.25
nw, nv = math.sqrt(sum(t * t for t in w)), math.sqrt(sum(t * t for t in v))
compare("amplitude+mask probabilities", out["outputs"]["p"], [(t / nw) ** 2 for t in w])
compare("amplitude+mask fidelity", out["outputs"]["f"],
        [(sum(p * q for p, q in zip(v, w)) / (nv * nw)) ** 2])

# Reset channel on a density matrix: rho -> sum_b |0><b| rho |b><0| on q0.
src = ("model rst {\n  input x : real[2];\n  qubits q[2];\n"
       "  encode angle(x, axis = Y) -> q;\n  cx q[0], q[1];\n  reset q[0];\n"
       "  h q[0];\n  cry(0.8) q[1], q[0];\n  output p = probabilities(q);\n}\n")
out = run("rst", src, {"x": [1.3, 0.6]})
s = [0j] * 4
s[0] = 1
apply1(s, ry(1.3), 0)
apply1(s, ry(0.6), 1)
apply2(s, TWO["cx"], 0, 1)
rho = [[s[i] * s[j].conjugate() for j in range(4)] for i in range(4)]
rho = reset(rho, 0)
rho = conj(rho, ONE["h"], [0])
rho = conj(rho, CROT["cry"](0.8), [1, 0])
compare("reset", out["outputs"]["p"], [rho[i][i].real for i in range(4)])

total = len(ONE) + len(ROT) + 1 + len(TWO) + len(CROT) + 3 + 1 + 1
print(f"{total - len(failed_cases)}/{total} cases equal the pure-Python statevector")
sys.exit(1 if failed_cases else 0)
