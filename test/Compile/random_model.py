#!/usr/bin/env python3
"""Writes a random masq model (every gate kind, shared parameters, angle or
amplitude encoding, resets, several observables in the loss) for the
compiled-gradient tests. Usage: random_model.py SEED OUT.masq"""
import random
import sys

seed, out = int(sys.argv[1]), sys.argv[2]
r = random.Random(seed)
n = r.randint(2, 4)
fixed1 = ["h", "x", "y", "z", "s", "sdg", "t", "tdg"]
rot1 = ["rx", "ry", "rz"]
fixed2 = ["cx", "cy", "cz", "swap"]
rot2 = ["crx", "cry", "crz", "rzz"]
np_ = r.randint(3, 8)
lines = [f"model random{seed} {{"]
amplitude = r.random() < 0.5
if amplitude:
    lines.append(f"  input x : real[{2 ** n}];")
else:
    lines.append(f"  input x : real[{n}];")
lines.append(f"  param t : real[{np_}] ~ uniform(-3, 3);")
lines.append(f"  qubits q[{n}];")
if amplitude:
    lines.append("  encode amplitude(x) -> q;")
else:
    lines.append(f"  encode angle(x, axis = {r.choice('XYZ')}) -> q;")


def p():
    # shared parameters, sometimes scaled or shifted
    k = r.randrange(np_)
    form = r.randrange(4)
    return [f"t[{k}]", f"2 * t[{k}]", f"t[{k}] + 0.3", f"-t[{k}]"][form]


resets = 0
for _ in range(r.randint(6, 16)):
    kind = r.randrange(10)
    a, b = r.sample(range(n), 2)
    if kind < 2:
        lines.append(f"  {r.choice(fixed1)} q[{a}];")
    elif kind < 5:
        lines.append(f"  {r.choice(rot1)}({p()}) q[{a}];")
    elif kind < 6:
        lines.append(f"  u3({p()}, {p()}, {p()}) q[{a}];")
    elif kind < 7:
        lines.append(f"  {r.choice(fixed2)} q[{a}], q[{b}];")
    elif kind < 9:
        lines.append(f"  {r.choice(rot2)}({p()}) q[{a}], q[{b}];")
    elif resets < 2:
        lines.append(f"  reset q[{a}];")
        resets += 1
terms = [f"expval(Z, q[{r.randrange(n)}])", f"prob(q[{r.randrange(n)}] == 0)"]
if amplitude:
    terms.append("fidelity(q, amplitude(x))")
loss = " + ".join(f"{r.uniform(0.5, 2):.3f} * {t}" for t in terms)
lines.append(f"  loss = {loss};")
lines.append("  output p = probabilities(q);")
lines.append("}")
open(out, "w").write("\n".join(lines) + "\n")
size = 2 ** n if amplitude else n
print("x=" + ",".join(f"{r.uniform(0.05, 1.0):.4f}" for _ in range(size)))
