#!/usr/bin/env python3
"""An OpenQASM 2 reader and exact simulator for the gates masq emits
(qelib1.inc names, cswap, reset, measure), written independently of the
compiler: registers in declaration order, reset and measure as an ensemble
of branches, and the exact distribution of the classical registers.
Usage: qasm_sim.py FILE.qasm -> prints {"bits": {"c0c1...": p, ...}} (the
classical registers in declaration order, bit 0 first)."""
import json
import math
import re
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
import puresim  # noqa: E402

text = open(sys.argv[1]).read()
lines = [l.split("//")[0].strip() for l in text.splitlines()]
stmts = [s.strip() for s in " ".join(lines).split(";") if s.strip()]
assert stmts[0] == "OPENQASM 2.0", stmts[0]
regs, nq, cregs, ops = {}, 0, [], []
for s in stmts[1:]:
    if s.startswith("include"):
        assert "qelib1.inc" in s
        continue
    m = re.fullmatch(r"qreg (\w+)\[(\d+)\]", s)
    if m:
        regs[m.group(1)] = nq
        nq += int(m.group(2))
        continue
    m = re.fullmatch(r"creg (\w+)\[(\d+)\]", s)
    if m:
        cregs.append((m.group(1), int(m.group(2))))
        continue
    ops.append(s)


def qubit(ref):
    m = re.fullmatch(r"(\w+)\[(\d+)\]", ref.strip())
    return regs[m.group(1)] + int(m.group(2))


def angle(expr):
    return float(eval(expr, {"pi": math.pi, "__builtins__": {}}))


# The ensemble: (weight, state, {classical bit: value}) per branch. A
# measurement splits every branch by the outcome and records it (so gates may
# follow); a reset splits it and returns the qubit to |0>.
branches = [(1.0, [1 + 0j] + [0j] * ((1 << nq) - 1), {})]


def split(q, keep):
    new = []
    for w, v, bits in branches:
        for b in (0, 1):
            u = [0j] * len(v)
            for i, a in enumerate(v):
                if (i >> q & 1) == b:
                    u[i if keep else i & ~(1 << q)] = a
            p = sum(abs(a) ** 2 for a in u)
            if p > 1e-15:
                new.append((w * p, [a / math.sqrt(p) for a in u], bits, b))
    return new


for s in ops:
    m = re.fullmatch(r"measure (\S+) -> (\w+\[\d+\])", s)
    if m:
        branches = [(w, v, {**bits, m.group(2): b}) for w, v, bits, b in split(qubit(m.group(1)), True)]
        continue
    m = re.fullmatch(r"reset (\S+)", s)
    if m:
        branches = [(w, v, bits) for w, v, bits, _ in split(qubit(m.group(1)), False)]
        continue
    m = re.fullmatch(r"(\w+)(?:\(([^)]*)\))? (.+)", s)
    assert m, s
    name, args, qs = m.group(1), m.group(2), [qubit(x) for x in m.group(3).split(",")]
    if name == "cswap":
        c, a, b = qs
        for _, v, _ in branches:
            for i in range(len(v)):
                if i >> c & 1 and i >> a & 1 and not i >> b & 1:
                    j = (i & ~(1 << a)) | 1 << b
                    v[i], v[j] = v[j], v[i]
        continue
    mat = puresim.matrix(name, [angle(x) for x in args.split(",")] if args else [])
    for _, v, _ in branches:
        puresim.apply(v, mat, qs)

names = [f"{c}[{k}]" for c, width in cregs for k in range(width)]
dist = {}
for w, v, bits in branches:
    missing = [n for n in names if n not in bits]
    assert not missing, f"{missing} never measured"
    key = "".join(str(bits[n]) for n in names)
    dist[key] = dist.get(key, 0) + w
print(json.dumps({"bits": dist}))
