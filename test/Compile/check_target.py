#!/usr/bin/env python3
"""Circuits compiled for a device (`masq compile --target`) against the same
circuits without one, run by independent OpenQASM 2 consumers: qasm_sim.py
(our own reader and simulator, written apart from the compiler) and, with
--node DIR, the quantum-circuit package from the npm registry. For each
circuit the distribution of the classical bits must be the same (1e-9), and
the targeted circuit must use only the target's gates, every two-qubit gate
on a coupled pair:
  - COUNT random models (random_model.py: every gate kind, resets, angle or
    amplitude encoding; their probabilities output) on line, grid and ion
    targets one or two qubits larger than the model;
  - QAE's loss (6 qubits) on grid:2x4, and QMAE's SWAP test (13 qubits: the
    model, the reference register and the ancilla) on line:13 (qasm_sim.py
    only);
  - on heavy-hex-27 (too large to simulate here: checked for gates and
    coupling only) QAE, QMAE and the QSSL head, with the SWAPs of SABRE
    against the trivial router's.
Usage: check_target.py MASQ COUNT WORKDIR EXAMPLES_DIR [--node DIR]"""
import json
import os
import re
import subprocess
import sys

masq, count, work, examples = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
node = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--node" else None
os.makedirs(work, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from target_maps import coupling  # noqa: E402
fails, checks, worst = [], 0, 0.0

def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(" ".join(args) + "\n" + r.stderr)
    return r.stdout


def compile_to(path, model, flags):
    with open(path, "w") as f:
        f.write(run([masq, "compile", model, "--emit=qasm2"] + flags))
    return path


def check_native(path, spec):
    global checks
    checks += 1
    edges, basis = coupling(spec)
    text = open(path).read()
    for line in text.splitlines():
        line = line.split("//")[0].strip().rstrip(";")
        if not line or line.startswith(("OPENQASM", "include", "qreg", "creg", "measure", "reset")):
            continue
        m = re.fullmatch(r"(\w+)(?:\([^)]*\))? (.+)", line)
        qs = [int(x) for x in re.findall(r"q\[(\d+)\]", m.group(2))]
        if m.group(1) not in basis:
            fails.append(f"{path}: '{m.group(1)}' is not in the basis of {spec}")
            return
        if len(qs) == 2 and tuple(sorted(qs)) not in edges:
            fails.append(f"{path}: {line} is not on a coupled pair of {spec}")
            return


def distribution(path, with_node=True):
    readers = [[sys.executable, os.path.join(here, "qasm_sim.py"), path]]
    if node and with_node:
        readers.append(["node", os.path.join(node, "run.js"), path])
    dists = []
    for reader in readers:
        bits = json.loads(run(reader))["bits"]
        dists.append({k: v for k, v in bits.items() if v > 1e-12})
    return dists


def same(what, a, b):
    global checks, worst
    checks += 1
    keys = set(a) | set(b)
    err = max(abs(a.get(k, 0) - b.get(k, 0)) for k in keys)
    worst = max(worst, err)
    if err > 1e-9:
        fails.append(f"{what}: distributions differ by {err:.2e}")


def compare(name, model, flags, spec, with_node=True):
    plain = compile_to(os.path.join(work, name + ".qasm"), model, flags)
    targeted = compile_to(os.path.join(work, name + "." + spec.replace(":", "-") + ".qasm"),
                          model, flags + ["--target", spec])
    check_native(targeted, spec)
    want = distribution(plain)[0]
    for i, got in enumerate(distribution(targeted, with_node)):
        same(f"{name} on {spec} ({['qasm_sim.py', 'quantum-circuit'][i]})", got, want)


for seed in range(1, count + 1):
    path = os.path.join(work, f"random{seed}.masq")
    inp = run([sys.executable, os.path.join(here, "random_model.py"), str(seed), path]).strip()
    n = json.load(open(path + ".json"))["n"]
    spec = [f"line:{n + 1}", f"grid:2x{(n + 2) // 2 + 1}", f"ion:{n}"][seed % 3]
    compare(f"random{seed}", path, ["--input", inp, "--seed", str(seed), "--observable", "p"],
            spec)

data = ["--data", "digits", "--sample", "3", "--seed", "2"]
compare("qae-loss", os.path.join(examples, "qae.masq"), data + ["--observable", "loss"],
        "grid:2x4")
compare("qmae-fidelity", os.path.join(examples, "qmae.masq"), data + ["--observable", "loss"],
        "line:13", with_node=False)  # 13 qubits: qasm_sim.py alone (quantum-circuit is slow there)

swaps = {}
for name, flags in (("qae", data), ("qmae", data),
                    ("qssl_head", ["--input", "feature=0.3,1.2,-0.7,2.1,0.05,-1.4,0.9,0.6"])):
    for router in ("sabre", "trivial"):
        path = compile_to(os.path.join(work, f"{name}.hh.{router}.qasm"),
                          os.path.join(examples, name + ".masq"),
                          flags + ["--target", "heavy-hex-27", "--router", router])
        check_native(path, "heavy-hex-27")
        m = re.search(r"// (\d+) SWAPs added", open(path).read())
        swaps[(name, router)] = int(m.group(1))
    print(f"heavy-hex-27 {name}: {swaps[(name, 'sabre')]} SWAPs (SABRE), "
          f"{swaps[(name, 'trivial')]} (trivial)")
    if swaps[(name, "sabre")] > swaps[(name, "trivial")]:
        fails.append(f"{name}: SABRE added more SWAPs than the trivial router")

for f in fails:
    print("FAIL", f)
print(f"{checks - len(fails)}/{checks} checks: targeted circuits = untargeted ones (max "
      f"difference {worst:.1e}; consumers: qasm_sim.py{', quantum-circuit' if node else ''}), "
      f"native gates on coupled pairs")
sys.exit(1 if fails else 0)
