"""The coupling maps and bases of masq's built-in targets, written here from
their definitions (targets/heavy-hex-27.toml, docs/hardware.md), not read
from masq: check_target.py and test/Circuit/check_passes.py check the
compiler's circuits against them."""

HEAVY_HEX = [(0, 1), (1, 2), (1, 4), (2, 3), (3, 5), (4, 7), (5, 8), (6, 7), (7, 10), (8, 9),
             (8, 11), (10, 12), (11, 14), (12, 13), (12, 15), (13, 14), (14, 16), (15, 18),
             (16, 19), (17, 18), (18, 21), (19, 20), (19, 22), (21, 23), (22, 25), (23, 24),
             (24, 25), (25, 26)]


def coupling(spec):
    """The pairs a two-qubit gate may act on, and the basis (written here
    from the target's definition, not read from masq)."""
    kind, _, size = spec.partition(":")
    if kind == "line":
        n = int(size)
        return {(q, q + 1) for q in range(n - 1)}, {"rz", "sx", "x", "cx"}
    if kind == "grid":
        r, c = map(int, size.split("x"))
        edges = {(i * c + j, i * c + j + 1) for i in range(r) for j in range(c - 1)}
        edges |= {(i * c + j, (i + 1) * c + j) for i in range(r - 1) for j in range(c)}
        return edges, {"rz", "sx", "x", "cx"}
    if kind == "ion":
        n = int(size)
        return {(a, b) for a in range(n) for b in range(n) if a < b}, {"rz", "rx", "ry", "cz"}
    assert spec == "heavy-hex-27", spec
    return set(HEAVY_HEX), {"rz", "sx", "x", "cx"}
