#!/usr/bin/env python3
"""The fuser's measured cost model against its fixed thresholds and against
no fusion, on the layered ansatz with the loss on the last qubit (the whole
circuit in the light cone: no savings but fusion's).

  /usr/bin/python3 bench/fusion_costs.py [MASQ] [ROUNDS] [N ...]

First `masq calibrate` into a fresh cache directory (the table every compile
there uses; printed), then for each n ROUNDS interleaved rounds of
`masq run` and `masq grad --repeat R` with the table, with the fixed
thresholds (an empty cache directory) and unfused (--disable-pass
masq-fuse-gates). Prints per n the median (min-max) over rounds of
fixed / table and unfused / table (> 1: the table's code is faster) for the
forward pass and the gradient, and the table's gradient / forward.
"""
import sys
import tempfile

from layered_timing import calibrate, layered_ms, stat

masq = sys.argv[1] if len(sys.argv) > 1 else "build/tools/masq/masq"
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
sizes = [int(x) for x in sys.argv[3:]] or [12, 14, 16, 18, 20, 22]


def ms(cmd, n, cache, extra, repeat):
    return layered_ms(masq, cmd, n, cache, extra, repeat)


with tempfile.TemporaryDirectory() as table, tempfile.TemporaryDirectory() as fixed:
    print(calibrate(masq, table, sizes), end="")
    print(f"\n{'n':>3} {'fwd fixed/table':>20} {'fwd unfused/table':>20} "
          f"{'grad fixed/table':>20} {'grad unfused/table':>20} {'table grad/fwd':>18}")
    for n in sizes:
        rep = max(2, 2 ** max(0, 22 - n) // 4)
        ratios = {k: [] for k in ("ff", "fu", "gf", "gu", "gfw")}
        for _ in range(rounds):
            t = {}
            for cmd, r in (("run", rep), ("grad", max(1, rep // 2))):
                t[cmd, "table"] = ms(cmd, n, table, [], r)
                t[cmd, "fixed"] = ms(cmd, n, fixed, [], r)
                t[cmd, "none"] = ms(cmd, n, fixed, ["--disable-pass", "masq-fuse-gates"], r)
            ratios["ff"].append(t["run", "fixed"] / t["run", "table"])
            ratios["fu"].append(t["run", "none"] / t["run", "table"])
            ratios["gf"].append(t["grad", "fixed"] / t["grad", "table"])
            ratios["gu"].append(t["grad", "none"] / t["grad", "table"])
            ratios["gfw"].append(t["grad", "table"] / t["run", "table"])
        print(f"{n:>3} {stat(ratios['ff']):>20} {stat(ratios['fu']):>20} "
              f"{stat(ratios['gf']):>20} {stat(ratios['gu']):>20} {stat(ratios['gfw']):>18}",
              flush=True)
