#!/usr/bin/env python3
"""Routing quality on heavy-hex-27 (issue 22): SWAPs added and two-qubit
gates after routing, SABRE against the trivial router (shortest-path SWAPs
before each gate) in the same run, for the QMAE and QAE examples, the QSSL
head, and 20 random circuits of 8-20 qubits (random two-qubit interactions,
10 gates per qubit). Deterministic: counts, not times.
Usage: /usr/bin/python3 bench/routing.py [--masq build/tools/masq/masq] [--target heavy-hex-27]
Prints a Markdown table (docs/hardware.md)."""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--masq", default="build/tools/masq/masq")
ap.add_argument("--target", default="heavy-hex-27")
args = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
work = tempfile.mkdtemp(prefix="masq-routing-")


def resources(model, flags, router):
    r = subprocess.run([args.masq, "compile", model, "--emit=resources", "--target", args.target,
                        "--router", router] + flags, capture_output=True, text=True)
    if r.returncode:
        sys.exit(r.stderr)
    get = lambda key: int(re.search(key + r": (\d+)", r.stdout).group(1))
    return get("SWAPs added"), get("two-qubit gates")


def random_model(seed):
    rng = random.Random(seed)
    n = 8 + (seed * 7) % 13
    lines = [f"model random{seed} {{", f"  qubits q[{n}];"]
    for _ in range(10 * n):
        a, b = rng.sample(range(n), 2)
        g = rng.choice(["h", "rx", "ry", "rz", "cx", "cz", "rzz", "crx"])
        if g == "h":
            lines.append(f"  h q[{a}];")
        elif g in ("rx", "ry", "rz"):
            lines.append(f"  {g}({rng.uniform(-3, 3):.3f}) q[{a}];")
        elif g in ("cx", "cz"):
            lines.append(f"  {g} q[{a}], q[{b}];")
        else:
            lines.append(f"  {g}({rng.uniform(-3, 3):.3f}) q[{a}], q[{b}];")
    lines += ["  output p = probabilities(q);", "}"]
    path = os.path.join(work, f"random{seed}.masq")
    open(path, "w").write("\n".join(lines) + "\n")
    return path, n


data = ["--data", "digits", "--sample", "3", "--seed", "2"]
rows = [("QMAE (examples/qmae.masq, with its SWAP test: 13 qubits)", "examples/qmae.masq", data),
        ("QAE (examples/qae.masq, 6 qubits)", "examples/qae.masq", data),
        ("QSSL head (examples/qssl_head.masq, 8 qubits)", "examples/qssl_head.masq",
         ["--input", "feature=0.3,1.2,-0.7,2.1,0.05,-1.4,0.9,0.6"])]
print(f"| circuit | SWAPs, SABRE | SWAPs, trivial | two-qubit gates, SABRE | two-qubit gates, trivial |")
print("|---|---|---|---|---|")
for label, model, flags in rows:
    s, t = resources(model, flags, "sabre"), resources(model, flags, "trivial")
    print(f"| {label} | {s[0]} | {t[0]} | {s[1]} | {t[1]} |")
tot = [0, 0, 0, 0]
for seed in range(1, 21):
    path, n = random_model(seed)
    s, t = resources(path, [], "sabre"), resources(path, [], "trivial")
    for i, v in enumerate(s + t):
        tot[i] += v
print(f"| 20 random circuits, 8-20 qubits (sum) | {tot[0]} | {tot[2]} | {tot[1]} | {tot[3]} |")
print(f"\nSABRE adds {tot[0] / tot[2]:.2f}x the trivial router's SWAPs on the random circuits "
      f"({100 * (1 - tot[0] / tot[2]):.0f}% fewer); target: at most 0.75x.")
