#!/usr/bin/env python3
"""An OpenQASM 2 reader and exact simulator for the gates masq emits
(qelib1.inc names, cswap, reset, final measure), written independently of
the compiler: registers in declaration order, reset as an ensemble of
branches, and the exact distribution of the classical register.
Usage: qasm_sim.py FILE.qasm -> prints {"bits": {"c0c1...": p, ...}} (bit 0
first)."""
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
regs, nq, creg, ops = {}, 0, 0, []
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
        creg = int(m.group(2))
        continue
    ops.append(s)


def qubit(ref):
    m = re.fullmatch(r"(\w+)\[(\d+)\]", ref.strip())
    return regs[m.group(1)] + int(m.group(2))


def angle(expr):
    return float(eval(expr, {"pi": math.pi, "__builtins__": {}}))


branches = [(1.0, [1 + 0j] + [0j] * ((1 << nq) - 1))]
measured = {}
for s in ops:
    m = re.fullmatch(r"measure (\S+) -> c\[(\d+)\]", s)
    if m:
        measured[int(m.group(2))] = qubit(m.group(1))
        continue
    m = re.fullmatch(r"reset (\S+)", s)
    if m:
        q, new = qubit(m.group(1)), []
        for w, v in branches:
            for b in (0, 1):
                u = [0j] * len(v)
                for i, a in enumerate(v):
                    if (i >> q & 1) == b:
                        u[i & ~(1 << q)] = a
                p = sum(abs(a) ** 2 for a in u)
                if p > 1e-15:
                    new.append((w * p, [a / math.sqrt(p) for a in u]))
        branches = new
        continue
    m = re.fullmatch(r"(\w+)(?:\(([^)]*)\))? (.+)", s)
    assert m, s
    name, args, qs = m.group(1), m.group(2), [qubit(x) for x in m.group(3).split(",")]
    assert not measured, "gates after a measurement"
    if name == "cswap":
        c, a, b = qs
        for _, v in branches:
            for i in range(len(v)):
                if i >> c & 1 and i >> a & 1 and not i >> b & 1:
                    j = (i & ~(1 << a)) | 1 << b
                    v[i], v[j] = v[j], v[i]
        continue
    mat = puresim.matrix(name, [angle(x) for x in args.split(",")] if args else [])
    for _, v in branches:
        puresim.apply(v, mat, qs)

dist = {}
for w, v in branches:
    for i, a in enumerate(v):
        p = w * abs(a) ** 2
        if p == 0:
            continue
        key = "".join(str(i >> measured[k] & 1) for k in range(creg))
        dist[key] = dist.get(key, 0) + p
print(json.dumps({"bits": dist}))
