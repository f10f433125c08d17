"""A tiny pure-Python simulator for the compiled-code tests: textbook gate
matrices (OpenQASM conventions, written here independently of Gates.h) and
their application to state vectors. Two-qubit matrices use the local index
bit(q0) + 2 bit(q1); operand 0 is the control of controlled gates."""
import cmath
import math

I = 1j
r2 = 1 / math.sqrt(2)


def rx(t): return [[math.cos(t / 2), -I * math.sin(t / 2)], [-I * math.sin(t / 2), math.cos(t / 2)]]
def ry(t): return [[math.cos(t / 2), -math.sin(t / 2)], [math.sin(t / 2), math.cos(t / 2)]]
def rz(t): return [[cmath.exp(-I * t / 2), 0], [0, cmath.exp(I * t / 2)]]


def u3(t, p, l):
    return [[math.cos(t / 2), -cmath.exp(I * l) * math.sin(t / 2)],
            [cmath.exp(I * p) * math.sin(t / 2), cmath.exp(I * (p + l)) * math.cos(t / 2)]]


ONE = {"h": [[r2, r2], [r2, -r2]], "x": [[0, 1], [1, 0]], "y": [[0, -I], [I, 0]],
       "z": [[1, 0], [0, -1]], "s": [[1, 0], [0, I]], "sdg": [[1, 0], [0, -I]],
       "t": [[1, 0], [0, cmath.exp(I * math.pi / 4)]],
       "tdg": [[1, 0], [0, cmath.exp(-I * math.pi / 4)]],
       "sx": [[(1 + I) / 2, (1 - I) / 2], [(1 - I) / 2, (1 + I) / 2]],
       "sxdg": [[(1 - I) / 2, (1 + I) / 2], [(1 + I) / 2, (1 - I) / 2]]}
ROT = {"rx": rx, "ry": ry, "rz": rz}


def controlled(u):
    m = [[0] * 4 for _ in range(4)]
    m[0][0] = m[2][2] = 1
    m[1][1], m[1][3], m[3][1], m[3][3] = u[0][0], u[0][1], u[1][0], u[1][1]
    return m


def rzz(t):
    return [[(cmath.exp(-I * t / 2) if bin(i).count("1") % 2 == 0 else cmath.exp(I * t / 2))
             if i == j else 0 for j in range(4)] for i in range(4)]


def rxx(t):
    # cos(t/2) I - i sin(t/2) X (x) X; X (x) X flips both bits: i -> 3 - i.
    return [[math.cos(t / 2) if i == j else (-I * math.sin(t / 2) if i + j == 3 else 0)
             for j in range(4)] for i in range(4)]


SWAP = [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]
TWO = {"cx": controlled(ONE["x"]), "cy": controlled(ONE["y"]), "cz": controlled(ONE["z"]),
       "swap": SWAP}
CROT = {"crx": lambda t: controlled(rx(t)), "cry": lambda t: controlled(ry(t)),
        "crz": lambda t: controlled(rz(t)), "rzz": rzz, "rxx": rxx}


def matrix(g, a):
    if g in ONE:
        return ONE[g]
    if g in ROT:
        return ROT[g](a[0])
    if g == "u3":
        return u3(*a)
    if g in TWO:
        return TWO[g]
    return CROT[g](a[0])


def apply(vec, m, qs):
    """vec <- U vec for U on qubits qs (one or two)."""
    if len(qs) == 1:
        q = qs[0]
        for i in range(len(vec)):
            if not i >> q & 1:
                j = i | 1 << q
                a, b = vec[i], vec[j]
                vec[i], vec[j] = m[0][0] * a + m[0][1] * b, m[1][0] * a + m[1][1] * b
        return
    q0, q1 = qs
    for i in range(len(vec)):
        if not (i >> q0 & 1) and not (i >> q1 & 1):
            idx = [i, i | 1 << q0, i | 1 << q1, i | 1 << q0 | 1 << q1]
            v = [vec[k] for k in idx]
            for r in range(4):
                vec[idx[r]] = sum(m[r][c] * v[c] for c in range(4))


def conj(rho, m, qs):
    """rho <- U rho U^dagger."""
    d = len(rho)
    cols = []
    for j in range(d):
        col = [rho[i][j] for i in range(d)]
        apply(col, m, qs)
        cols.append(col)
    out = []
    for i in range(d):
        row = [cols[j][i].conjugate() for j in range(d)]
        apply(row, m, qs)
        out.append([t.conjugate() for t in row])
    return out


def reset(rho, q):
    """The reset channel on qubit q: sum_b |0><b| rho |b><0|."""
    d = len(rho)
    new = [[0j] * d for _ in range(d)]
    for i in range(d):
        for j in range(d):
            if (i >> q & 1) == (j >> q & 1):
                new[i & ~(1 << q)][j & ~(1 << q)] += rho[i][j]
    return new
