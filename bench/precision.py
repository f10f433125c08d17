#!/usr/bin/env python3
"""--precision single (complex64 states) against double on the layered
ansatz with the loss on the last qubit (the whole circuit in the light cone).

  /usr/bin/python3 bench/precision.py [MASQ] [ROUNDS] [N ...]

For each n, ROUNDS interleaved rounds of `masq run --repeat R` and
`masq grad --repeat R` in both precisions, unfused (--disable-pass
masq-fuse-gates: gate by gate, the per-gate figure) and with -O's fusion (an
empty cache directory: the fuser's fixed thresholds, the same for both).
Prints per n the median (min-max) over rounds of single / double time
(< 1: single is faster) for each, and the unfused per-gate time of both.
The layered circuit has 10 (n + n - 1) gates. Threads: OMP_NUM_THREADS as
set (bench/report.sh pins 2).
"""
import sys
import tempfile

from layered_timing import layered_ms, stat

masq = sys.argv[1] if len(sys.argv) > 1 else "build/tools/masq/masq"
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
sizes = [int(x) for x in sys.argv[3:]] or [16, 20, 22]
UNFUSED = ["--disable-pass", "masq-fuse-gates"]


def ms(cmd, n, cache, extra, repeat):
    return layered_ms(masq, cmd, n, cache, extra, repeat)


print(f"{'n':>3} {'fwd unfused s/d':>18} {'grad unfused s/d':>18} {'fwd -O s/d':>18} "
      f"{'grad -O s/d':>18} {'us/gate double':>20} {'us/gate single':>20}")
with tempfile.TemporaryDirectory() as cache:
    for n in sizes:
        gates = 10 * (2 * n - 1)
        rep = max(2, 2 ** max(0, 22 - n) // 4)
        ratios = {k: [] for k in ("fu", "gu", "fo", "go", "pd", "ps")}
        for _ in range(rounds):
            t = {}
            for cmd, r in (("run", rep), ("grad", max(1, rep // 2))):
                for fusion, extra in (("none", UNFUSED), ("O", [])):
                    for p in ("double", "single"):
                        t[cmd, fusion, p] = ms(cmd, n, cache, extra + ["--precision", p], r)
            ratios["fu"].append(t["run", "none", "single"] / t["run", "none", "double"])
            ratios["gu"].append(t["grad", "none", "single"] / t["grad", "none", "double"])
            ratios["fo"].append(t["run", "O", "single"] / t["run", "O", "double"])
            ratios["go"].append(t["grad", "O", "single"] / t["grad", "O", "double"])
            ratios["pd"].append(1e3 * t["run", "none", "double"] / gates)
            ratios["ps"].append(1e3 * t["run", "none", "single"] / gates)
        print(f"{n:>3} {stat(ratios['fu']):>18} {stat(ratios['gu']):>18} "
              f"{stat(ratios['fo']):>18} {stat(ratios['go']):>18} "
              f"{stat(ratios['pd'], 1):>20} {stat(ratios['ps'], 1):>20}", flush=True)
