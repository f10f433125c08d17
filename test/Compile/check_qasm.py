#!/usr/bin/env python3
"""The emitted OpenQASM 2, run through independent consumers, against
`masq run` on the same sample, to 1e-9. The consumers: qasm_sim.py (our own
reader and simulator, written apart from the compiler) and, with --node
DIR, the quantum-circuit package from the npm registry (DIR/run.js, its
reader and simulator; see test/qasm-consumer). The circuits:
  - COUNT random models (random_model.py: every gate kind, resets, angle or
    amplitude encoding): the distribution of the measured register equals
    the output p = probabilities(q);
  - the examples: QAE's loss (1 - P(trash = 00)), QMAE's and QAE's recon
    (sqrt of the probabilities), and QMAE's fidelity through the SWAP test
    (P(ancilla = 0) = (1 + F) / 2);
  - QSSL's head: its 8 <Z> outputs from the joint distribution of c;
  - Inputs/measure.masq (a mid-circuit measure into m, gates after it): m's
    distribution equals the probabilities of Inputs/measure-twin.masq.
Usage: check_qasm.py MASQ COUNT WORKDIR EXAMPLES_DIR [--node DIR]"""
import json
import math
import os
import subprocess
import sys

masq, count, work, examples = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
node = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--node" else None
os.makedirs(work, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(" ".join(args) + "\n" + r.stderr)
    return r.stdout


def qasm_dist(model, flags, observable):
    path = os.path.join(work, os.path.basename(model) + "." + observable + ".qasm")
    with open(path, "w") as f:
        f.write(run([masq, "compile", model, "--emit=qasm2", "--observable", observable] + flags))
    return consume(path)


def consume(path):
    """The distribution of the classical bits by every consumer; they must
    agree with each other (1e-9) before they are compared with masq."""
    readers = [[sys.executable, os.path.join(here, "qasm_sim.py"), path]]
    if node:
        readers.append(["node", os.path.join(node, "run.js"), path])
    dists = []
    for reader in readers:
        bits = json.loads(run(reader))["bits"]
        n = len(next(iter(bits)))
        dist = [0.0] * (1 << n)
        for key, p in bits.items():
            dist[sum(int(b) << i for i, b in enumerate(key))] += p
        dists.append(dist)
    for d in dists[1:]:
        same(os.path.basename(path) + ": quantum-circuit vs qasm_sim.py", d, dists[0])
    return dists[-1]


def masq_run(model, flags):
    return json.loads(run([masq, "run", model, "--json"] + flags))


failed, worst, checks = [], 0.0, 0


def same(what, a, b):
    global worst, checks
    checks += 1
    err = max(abs(x - y) for x, y in zip(a, b)) if len(a) == len(b) else math.inf
    worst = max(worst, err)
    if err > 1e-9:
        failed.append(f"{what}: {a} vs {b}")


for seed in range(1, count + 1):
    path = os.path.join(work, f"random{seed}.masq")
    inp = run([sys.executable, os.path.join(here, "random_model.py"), str(seed), path]).strip()
    flags = ["--input", inp, "--seed", str(seed)]
    same(f"random{seed}", qasm_dist(path, flags, "p"), masq_run(path, flags)["outputs"]["p"])

for name, sample in (("qae", 3), ("qmae", 5)):
    model = os.path.join(examples, name + ".masq")
    flags = ["--data", "digits", "--sample", str(sample), "--seed", "2"]
    out = masq_run(model, flags)
    recon = [r * r for r in out["outputs"]["recon"]]
    same(name + " recon", qasm_dist(model, flags, "recon"), recon)
    if name == "qae":
        d = qasm_dist(model, flags, "loss")
        same("qae loss", [1 - d[0]], [out["loss"]])
    else:
        d = qasm_dist(model, flags, "loss")
        same("qmae fidelity (SWAP test)", [2 * d[0] - 1], [1 - out["loss"]])

# QSSL's head: 8 <Z> outputs, measured together (c[i] = q[i]):
# <Z_i> = E[(-1)^c_i].
flags = ["--input", "feature=0.3,1.2,-0.7,2.1,0.05,-1.4,0.9,0.6", "--seed", "3"]
model = os.path.join(examples, "qssl_head.masq")
d = qasm_dist(model, flags, "z")
z = [sum(p * (1 - 2 * (i >> k & 1)) for i, p in enumerate(d)) for k in range(8)]
same("qssl_head <Z>", z, masq_run(model, flags)["outputs"]["z"])

# Mid-circuit measure: m (bits 3..5, after c) has the distribution of the
# model without it at that point; the consumers agree on all six bits.
d = qasm_dist(os.path.join(here, "Inputs", "measure.masq"), [], "p")
pm = masq_run(os.path.join(here, "Inputs", "measure-twin.masq"), [])["outputs"]["pm"]
same("measure m", [sum(d[c | m << 3] for c in range(8)) for m in range(8)], pm)

for f in failed:
    print("FAIL", f)
print(f"{checks - len(failed)}/{checks} checks over {count + 6} circuits: "
      f"OpenQASM 2 = masq run (max difference {worst:.1e}; consumers: qasm_sim.py"
      f"{', quantum-circuit' if node else ''})")
sys.exit(1 if failed else 0)
