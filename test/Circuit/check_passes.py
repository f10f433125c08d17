#!/usr/bin/env python3
"""Each circuit pass preserves the circuit: the circuit of a model (masq
compile --emit=circuit, masq-materialize-circuit) is taken through
masq-decompose-circuit, masq-route-circuit, masq-decompose-circuit,
masq-native-gates and masq-peephole-circuit one masq-opt run at a time, and
every stage is written as OpenQASM 2 by this script (its own reading of the
printed MLIR) and run by qasm_sim.py. The distribution of the classical
bits, by name, must equal at every stage that of `masq compile --emit=qasm2`
(1e-9); after routing every two-qubit gate must be on a coupled pair, and
after masq-native-gates only the target's gates may appear; the last stage
must be what `masq compile --emit=circuit --target` prints.
Usage: check_passes.py MASQ MASQ_OPT COUNT WORKDIR INPUTS_DIR"""
import json
import os
import re
import struct
import subprocess
import sys

masq, opt, count, work, inputs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
here = os.path.dirname(os.path.abspath(__file__))
compile_dir = os.path.join(here, "..", "Compile")
sys.path.insert(0, compile_dir)
from target_maps import coupling  # noqa: E402
os.makedirs(work, exist_ok=True)
fails, checks = [], 0


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(" ".join(args) + "\n" + r.stderr)
    return r.stdout


def number(text):
    if text.startswith("0x"):
        return struct.unpack(">d", bytes.fromhex(text[2:].rjust(16, "0")))[0]
    return float(text)


def read_circuit(text):
    """The circuit function's operations: (gate, angles, wires, clbit)."""
    consts, wire, ops = {}, {}, []
    for line in text.splitlines():
        m = re.fullmatch(r"\s*(%[\w#]+(?:, %[\w#]+)*)(?::(\d+))? = (.*?)(?: loc\(.*\))?", line)
        if not m:
            continue
        names = [n.strip() for n in m.group(1).split(",")]
        if m.group(2):
            names = [f"{names[0]}#{i}" for i in range(int(m.group(2)))]
        rhs = m.group(3)
        c = re.fullmatch(r"arith\.constant (\S+) : f64", rhs)
        if c:
            consts[names[0]] = number(c.group(1))
            continue
        a = re.fullmatch(r"masq\.alloc (\d+)", rhs)
        if a:
            wire[names[0]] = int(a.group(1))
            continue
        g = re.fullmatch(r"masq\.(\w+)(?:\(([^)]*)\))? ([^{]*?)(?: \{(.*)\})?", rhs)
        assert g, line
        name = g.group(1)
        angles = [consts[p.strip()] for p in g.group(2).split(",")] if g.group(2) else []
        ws = [wire[v.strip()] for v in g.group(3).split(",")]
        bit = None
        if name == "measure":
            attrs = g.group(4)
            bit = (re.search(r'creg = "(\w+)"', attrs).group(1),
                   int(re.search(r"bit = (\d+)", attrs).group(1)))
        for n, w in zip(names, ws):
            wire[n] = w
        ops.append((name, angles, ws, bit))
    return ops


def to_qasm(ops, path):
    nq = 1 + max(w for op in ops for w in op[2])
    width = {}
    for _, _, _, bit in ops:
        if bit:
            width[bit[0]] = max(width.get(bit[0], 0), bit[1] + 1)
    lines = ["OPENQASM 2.0;", 'include "qelib1.inc";', f"qreg q[{nq}];"]
    lines += [f"creg {c}[{w}];" for c, w in sorted(width.items())]
    for name, angles, ws, bit in ops:
        qs = ", ".join(f"q[{w}]" for w in ws)
        if name == "measure":
            lines.append(f"measure {qs} -> {bit[0]}[{bit[1]}];")
        elif name == "reset":
            lines += [f"reset q[{w}];" for w in ws]
        else:
            args = "(" + ", ".join(repr(a) for a in angles) + ")" if angles else ""
            lines.append(f"{name}{args} {qs};")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def distribution(path):
    """{((bit name, value), ...): p} from qasm_sim.py, bits named c[k]."""
    names = []
    for c, w in re.findall(r"^creg (\w+)\[(\d+)\];", open(path).read(), re.M):
        names += [f"{c}[{k}]" for k in range(int(w))]
    bits = json.loads(run([sys.executable, os.path.join(compile_dir, "qasm_sim.py"), path]))["bits"]
    out = {}
    for key, p in bits.items():
        if p > 1e-12:
            k = tuple(sorted(zip(names, key)))
            out[k] = out.get(k, 0) + p
    return out


def check(what, ok, message):
    global checks
    checks += 1
    if not ok:
        fails.append(f"{what}: {message}")


def stages(name, model, flags, spec):
    base = os.path.join(work, name)
    with open(base + ".qasm", "w") as f:
        f.write(run([masq, "compile", model, "--emit=qasm2"] + flags))
    want = distribution(base + ".qasm")
    text = run([masq, "compile", model, "--emit=circuit"] + flags)
    edges, basis = coupling(spec)
    passes = [("materialize", None), ("decompose", "--masq-decompose-circuit"),
              ("route", f"--masq-route-circuit=target={spec}"),
              ("decompose-swaps", "--masq-decompose-circuit"),
              ("native", f"--masq-native-gates=target={spec}"),
              ("peephole", f"--masq-peephole-circuit=target={spec}")]
    for k, (stage, flag) in enumerate(passes):
        if flag:
            path = f"{base}.{k - 1}.mlir"
            text = run([opt, path, flag])
        with open(f"{base}.{k}.mlir", "w") as f:
            f.write(text)
        ops = read_circuit(text)
        got = distribution(to_qasm(ops, f"{base}.{k}.qasm"))
        keys = set(got) | set(want)
        err = max(abs(got.get(x, 0) - want.get(x, 0)) for x in keys)
        check(f"{name} after {stage}", err < 1e-9, f"distributions differ by {err:.1e}")
        if k >= 2:
            bad = [op for op in ops if len(op[2]) == 2 and tuple(sorted(op[2])) not in edges]
            check(f"{name} after {stage}", not bad, f"{bad[:1]} not on a coupled pair of {spec}")
        if k >= 4:
            foreign = {op[0] for op in ops} - basis - {"measure", "reset"}
            check(f"{name} after {stage}", not foreign, f"{sorted(foreign)} not native to {spec}")
    driver = run([masq, "compile", model, "--emit=circuit", "--target", spec] + flags)
    check(f"{name}: masq compile --target", read_circuit(driver) == read_circuit(text),
          "differs from the passes run one at a time")


for seed in range(1, count + 1):
    path = os.path.join(work, f"random{seed}.masq")
    inp = run([sys.executable, os.path.join(compile_dir, "random_model.py"), str(seed), path]).strip()
    n = json.load(open(path + ".json"))["n"]
    spec = [f"line:{n + 1}", f"grid:2x{(n + 2) // 2 + 1}", f"ion:{n}"][seed % 3]
    stages(f"random{seed}", path, ["--input", inp, "--seed", str(seed), "--observable", "p"], spec)
for spec in ("line:5", "ion:5"):
    stages("swaptest-" + spec.replace(":", ""), os.path.join(inputs, "swaptest.masq"),
           ["--input", "x=0.3,-0.5,0.8,0.1", "--seed", "4"], spec)

for f in fails:
    print("FAIL", f)
print(f"{checks - len(fails)}/{checks} checks: every circuit pass preserves the distribution, "
      "coupled pairs after routing, native gates after translation")
sys.exit(1 if fails else 0)
