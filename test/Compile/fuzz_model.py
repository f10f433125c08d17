#!/usr/bin/env python3
"""The differential tester's model generator: seeded random well-typed masq
models (angle or amplitude encoding of plain, masked or computed data; every
gate kind with shared parameters and angle arithmetic; reset; every state
expression, some read mid-circuit; random classical losses over them with
let-bound vectors, indexing, element-wise arithmetic, sum/mean/dot and the
math functions). Every model it writes is one the language promises to
compute and differentiate: `masq difftest LIST` checks each.

Usage: fuzz_model.py FIRST_SEED COUNT DIR   (writes DIR/fuzzSEED.masq and
prints one list line per model: PATH<tab>SEED<tab>x0,x1,...)"""
import os
import random
import sys


class Model:
    def __init__(self, seed):
        r = self.r = random.Random(seed)
        self.seed = seed
        self.n = r.randint(2, 4)
        self.lines = []
        self.np = r.randint(3, 8)
        self.scalars = []   # scalar state expressions / let names, as text
        self.vectors = []   # (text, size) of vectors
        self.lets = 0
        self.resets = 0
        # A quarter of the models are real circuits with sample-independent
        # angles: masq-pair-samples runs two samples of them per state.
        self.real = r.random() < 0.25

    def name(self):
        self.lets += 1
        return f"v{self.lets}"

    # --- parameters and angles ------------------------------------------
    def param(self):
        return f"t[{self.r.randrange(self.np)}]"

    def angle(self):
        r, p = self.r, self.param
        form = r.randrange(10)
        if form == 0:
            return f"2 * {p()}"
        if form == 1:
            return f"{p()} + 0.3"
        if form == 2:
            return f"-{p()}"
        if form == 3:
            return f"sin({p()})"
        if form == 4:
            return f"{p()} * {p()}"
        if form == 5:
            return f"{p()} / (2 + cos({p()}))"
        if form == 6 and not self.real:
            return f"x[{r.randrange(self.xsize)}] * {p()}"   # data re-uploading
        return p()

    # --- the circuit ----------------------------------------------------
    def encoder(self):
        r, n = self.r, self.n
        self.amplitude = r.random() < 0.5
        self.xsize = 2 ** n if self.amplitude else n
        self.lines.append(f"  input x : real[{self.xsize}];")
        self.lines.append(f"  param t : real[{self.np}] ~ uniform(-3, 3);")
        data = "x"
        kind = r.randrange(5)
        if kind == 0:
            # a mask with a constant, scalar-param or param-vector fill
            side = {2: 2, 3: 0, 4: 4}[n] if self.amplitude else 0
            fill = r.choice(["0.5", "tok", "tokv", f"t[{r.randrange(self.np)}]"])
            if side and r.random() < 0.5:
                size = 2 if side == 4 else 1
                shape, flen = f"patches({side}, {side}, size = {size})", size * size
            elif r.random() < 0.5:
                shape, flen = "pixels()", 1
            else:
                idx = sorted(r.sample(range(self.xsize), r.randint(1, self.xsize - 1)))
                shape, flen = f"fixed([{', '.join(map(str, idx))}])", 1
            if fill == "tokv":
                self.lines.append(f"  param tokv : real[{flen}] ~ uniform(0.1, 1);")
            elif fill == "tok":
                self.lines.append("  param tok : real ~ uniform(0.1, 1);")
            ratio = "" if shape.startswith("fixed") else ", ratio = 0.5"
            data = f"mask(x, {shape}{ratio}, fill = {fill})"
        elif kind == 2 and r.random() < 0.5:
            # a parameter vector encoded directly (x still feeds angles, loss)
            self.lines.append(f"  param w : real[{self.xsize}] ~ uniform(0.1, 1);")
            data = "w"
        elif kind == 1:
            # data computed from parameters: the encoder's gradient flows back
            data = r.choice([f"x * {self.param()} + 0.5", f"x + sin({self.param()})",
                             f"0.5 + x * x * {self.param()}"])
        self.lines.append(f"  qubits q[{n}];")
        if self.amplitude:
            self.lines.append(f"  encode amplitude({data}) -> q;")
        else:
            axis = "Y" if self.real else r.choice("XYZ")
            scale = r.choice(["1", "0.5", "2"])
            self.lines.append(f"  encode angle({data}, axis = {axis}, scale = {scale}) -> q;")

    def gate(self):
        r, n = self.r, self.n
        a, b = r.sample(range(n), 2)
        kind = r.randrange(12)
        if self.real:
            # h x z cx cz swap ry cry, and observables
            if kind < 2:
                g = r.choice(["h", "x", "z"])
                self.lines.append(f"  {g} q[{a}];")
            elif kind < 6:
                self.lines.append(f"  ry({self.angle()}) q[{a}];")
            elif kind < 8:
                g = r.choice(["cx", "cz", "swap"])
                self.lines.append(f"  {g} q[{a}], q[{b}];")
            elif kind < 10:
                self.lines.append(f"  cry({self.angle()}) q[{a}], q[{b}];")
            else:
                self.observe()
            return
        if kind < 2:
            g = r.choice(["h", "x", "y", "z", "s", "sdg", "t", "tdg", "sx", "sxdg"])
            self.lines.append(f"  {g} q[{a}];")
        elif kind < 5:
            g = r.choice(["rx", "ry", "rz"])
            self.lines.append(f"  {g}({self.angle()}) q[{a}];")
        elif kind < 6:
            self.lines.append(f"  u3({self.angle()}, {self.angle()}, {self.angle()}) q[{a}];")
        elif kind < 7:
            g = r.choice(["cx", "cy", "cz", "swap"])
            self.lines.append(f"  {g} q[{a}], q[{b}];")
        elif kind < 9:
            g = r.choice(["crx", "cry", "crz", "rzz", "rxx"])
            self.lines.append(f"  {g}({self.angle()}) q[{a}], q[{b}];")
        elif kind < 10 and self.resets < 2:
            self.lines.append(f"  reset q[{a}];")
            self.resets += 1
        elif kind < 11:
            self.observe()
        else:
            g = r.choice(["cx", "cz"])
            self.lines.append(f"  {'ring' if r.random() < 0.5 else 'ladder'} {g} q;")

    def observe(self):
        """A state expression, bound where it is written."""
        r, n = self.r, self.n
        a, b = r.sample(range(n), 2)
        kind = r.randrange(7)
        v = self.name()
        if kind == 0:
            self.lines.append(f"  let {v} = expval(Z, q);")
            self.vectors.append((v, n))
        elif kind == 1:
            lo = r.randrange(n - 1)
            hi = r.randint(lo + 1, n)
            self.lines.append(f"  let {v} = probabilities(q[{lo}..{hi}]);")
            self.vectors.append((v, 2 ** (hi - lo)))
        elif kind == 2:
            self.lines.append(f"  let {v} = expval(Z, q[{a}]);")
            self.scalars.append(v)
        elif kind == 3:
            self.lines.append(f"  let {v} = expval(Z(q[{a}]) * Z(q[{b}]));")
            self.scalars.append(v)
        elif kind == 4:
            self.lines.append(f"  let {v} = prob(q[{min(a, b)}..{max(a, b) + 1}] == 0);")
            self.scalars.append(v)
        elif kind == 5:
            self.lines.append(f"  let {v} = fidelity(q, amplitude(x));")
            self.scalars.append(v)
        else:
            self.lines.append(f"  let {v} = probabilities(q);")
            self.vectors.append((v, 2 ** n))

    # --- the classical loss ---------------------------------------------
    def vector(self, depth):
        """A vector expression and its size."""
        r = self.r
        text, size = r.choice(self.vectors)
        if depth <= 0:
            return text, size
        kind = r.randrange(8)
        if kind == 0 and size == self.xsize:
            return f"({text} - x)", size
        if kind == 1:
            return f"(1 - {text})", size
        if kind == 2:
            return f"sin({text})", size
        if kind == 3:
            return f"({text} * {text})", size
        if kind == 4:
            return f"({self.param()} * {text})", size
        if kind == 5:
            other = [t for t, s in self.vectors if s == size]
            return f"({text} + {r.choice(other)})", size
        if kind == 6:
            return f"({text} / (2 + {self.scalar(depth - 1)}))", size
        return text, size

    def scalar(self, depth):
        r = self.r
        if depth <= 0 or r.random() < 0.25:
            kind = r.randrange(5)
            if kind == 0 and self.vectors:
                text, size = r.choice(self.vectors)
                return f"{text}[{r.randrange(size)}]"
            if kind == 1:
                return f"{r.uniform(0.2, 2):.3f}"
            if kind == 2:
                return self.param()
            return r.choice(self.scalars)
        kind = r.randrange(13)
        s = lambda: self.scalar(depth - 1)
        if kind == 0:
            return f"({s()} + {s()})"
        if kind == 1:
            return f"({s()} - {s()})"
        if kind == 2:
            return f"({s()} * {s()})"
        if kind == 3:
            return f"({s()} / (2 + sin({s()})))"
        if kind == 4:
            return f"{r.choice(['sin', 'cos'])}({s()})"
        if kind == 5:
            return f"exp(0.5 * sin({s()}))"
        if kind == 6:
            e = s()
            return f"sqrt(1 + {e} * {e})"
        if kind == 7:
            e = s()
            return f"log(1 + {e} * {e})"
        if kind == 8:
            return f"abs({r.choice(['2 +', '-2 +'])} sin({s()}))"
        if kind == 9 and self.vectors:
            v, _ = self.vector(depth - 1)
            return f"{r.choice(['sum', 'mean'])}({v})"
        if kind == 10 and self.vectors:
            v, size = self.vector(depth - 1)
            others = [t for t, sz in self.vectors if sz == size]
            return f"dot({v}, {r.choice(others)})"
        if kind == 11 and self.vectors:
            # a let-bound vector expression, then indexed
            v, size = self.vector(depth - 1)
            name = self.name()
            self.lines.append(f"  let {name} = {v};")
            return f"{name}[{r.randrange(size)}]"
        return f"-{s()}"

    def build(self):
        r = self.r
        self.lines.append(f"model fuzz{self.seed} {{")
        self.encoder()
        for _ in range(r.randint(5, 14)):
            self.gate()
        for _ in range(r.randint(1, 3)):
            self.observe()
        while not self.scalars or not self.vectors:
            self.observe()
        loss = self.scalar(r.randint(1, 4))
        if r.random() < 0.3:
            loss = f"{loss} + 0.1 * {self.param()} * {self.param()}"
        self.lines.append(f"  loss = {loss};")
        if r.random() < 0.5:
            self.lines.append("  output p = probabilities(q);")
        self.lines.append("}")
        self.x = [float(f"{r.uniform(0.05, 1.0):.4f}") for _ in range(self.xsize)]
        return "\n".join(self.lines) + "\n"


def main():
    first, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    for seed in range(first, first + count):
        m = Model(seed)
        text = m.build()
        path = os.path.join(out, f"fuzz{seed}.masq")
        with open(path, "w") as f:
            f.write(text)
        print(f"{path}\t{seed}\t{','.join(str(v) for v in m.x)}")


if __name__ == "__main__":
    main()
