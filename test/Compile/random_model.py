#!/usr/bin/env python3
"""Writes a random masq model (every gate kind, shared parameters, angle or
amplitude encoding, resets, several observables in the loss, a weighted sum
of Pauli strings among them) for the compiled-gradient tests. Usage: random_model.py SEED OUT.masq [--real]
(--real: only real gates and encodings, the circuits masq-pair-samples runs
two samples per state)"""
import random
import sys

seed, out = int(sys.argv[1]), sys.argv[2]
real = "--real" in sys.argv[3:]
r = random.Random(seed)
n = r.randint(2, 4)
fixed1 = ["h", "x", "y", "z", "s", "sdg", "t", "tdg", "sx", "sxdg"]
rot1 = ["rx", "ry", "rz"]
fixed2 = ["cx", "cy", "cz", "swap"]
rot2 = ["crx", "cry", "crz", "rzz", "rxx"]
if real:
    fixed1, rot1, fixed2, rot2 = ["h", "x", "z"], ["ry"], ["cx", "cz", "swap"], ["cry"]
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
    axis = None
else:
    axis = 'Y' if real else r.choice('XYZ')
    lines.append(f"  encode angle(x, axis = {axis}) -> q;")


forms = []


def p():
    # shared parameters, sometimes scaled or shifted
    k = r.randrange(np_)
    form = r.randrange(4)
    forms.append([k, [1, 2, 1, -1][form], [0, 0, 0.3, 0][form]])
    return [f"t[{k}]", f"2 * t[{k}]", f"t[{k}] + 0.3", f"-t[{k}]"][form]


def add(name, qs, text):
    desc["ops"].append({"gate": name, "qubits": qs, "angles": list(forms)})
    forms.clear()
    lines.append(text)


desc = {"n": n, "amplitude": amplitude, "np": np_, "ops": [], "loss": []}
resets = 0
for _ in range(r.randint(6, 16)):
    kind = r.randrange(10)
    a, b = r.sample(range(n), 2)
    if kind < 2:
        g = r.choice(fixed1)
        add(g, [a], f"  {g} q[{a}];")
    elif kind < 5:
        g = r.choice(rot1)
        add(g, [a], f"  {g}({p()}) q[{a}];")
    elif kind < 6 and not real:
        add("u3", [a], f"  u3({p()}, {p()}, {p()}) q[{a}];")
    elif kind < 7:
        g = r.choice(fixed2)
        add(g, [a, b], f"  {g} q[{a}], q[{b}];")
    elif kind < 9:
        g = r.choice(rot2)
        add(g, [a, b], f"  {g}({p()}) q[{a}], q[{b}];")
    elif resets < 2:
        desc["ops"].append({"gate": "reset", "qubits": [a], "angles": []})
        lines.append(f"  reset q[{a}];")
        resets += 1
qz, qp = r.randrange(n), r.randrange(n)
terms = [f"expval(Z, q[{qz}])", f"prob(q[{qp}] == 0)"]
kinds = [["expval", qz], ["prob", qp]]
if amplitude:
    terms.append("fidelity(q, amplitude(x))")
    kinds.append(["fidelity", -1])
coefs = [float(f"{r.uniform(0.5, 2):.3f}") for _ in terms]
# Half the fidelity losses read the fidelity first, straight after the last
# gates (what masq-eliminate-decoder rewrites); a separate generator keeps
# the rest of the model as it was.
if amplitude and random.Random(seed * 7919 + 1).random() < 0.5:
    terms, kinds, coefs = terms[-1:] + terms[:-1], kinds[-1:] + kinds[:-1], coefs[-1:] + coefs[:-1]
# A Hamiltonian: one or two weighted Pauli strings (X, Y, Z; only X and Z in
# real circuits), from a generator of its own so the circuit stays as it was.
rh = random.Random(seed * 104729 + 3)
strings = []
for _ in range(rh.randint(1, 2)):
    qs = sorted(rh.sample(range(n), rh.randint(1, min(n, 3))))
    strings.append([float(f"{rh.uniform(-1, 1):.3f}"),
                    {q: rh.choice("XZ" if real else "XYZ") for q in qs}])
terms.append("expval(" + " + ".join(
    f"{c:.3f} * " + " * ".join(f"{P}(q[{q}])" for q, P in s.items()) for c, s in strings) + ")")
kinds.append(["pauli", [[c, {str(q): P for q, P in s.items()}] for c, s in strings]])
coefs.append(1.0)
desc["loss"] = [[c] + k for c, k in zip(coefs, kinds)]
loss = " + ".join(f"{c:.3f} * {t}" for c, t in zip(coefs, terms))
lines.append(f"  loss = {loss};")
lines.append("  output p = probabilities(q);")
lines.append("}")
open(out, "w").write("\n".join(lines) + "\n")
size = 2 ** n if amplitude else n
xs = [float(f"{r.uniform(0.05, 1.0):.4f}") for _ in range(size)]
desc["axis"] = axis
desc["x"] = xs
import json
json.dump(desc, open(out + ".json", "w"))
print("x=" + ",".join(f"{v:.4f}" for v in xs))
