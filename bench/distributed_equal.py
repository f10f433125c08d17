#!/usr/bin/python3
"""masq run and grad on a state split over R processes against one process,
at sizes past the test suite's (issue 23: n = 22-26):

    bench/distributed_equal.py build/tools/masq/masq --qubits 22 24 --ranks 2 4

For each size it runs test/Compile/Inputs/wide.masq (--set n=N; two reset
ancillas make N + 2 qubits in all) once in one process and once under
`mpirun -n R` for each R, by `masq run` and by `masq grad` (the compiled
adjoint sweep), and prints the largest difference of the --json numbers,
the wall time and the largest resident memory of one process (each rank
runs under a small wrapper that reads its own child's peak RSS). One run
each: the times on this 2-core machine, with 4 ranks oversubscribed, are
not a scaling measurement (bench/DistributedBench.cpp and
bench/scaling_projection.py are)."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "test", "Compile", "Inputs", "wide.masq")
ARGS = ["--data", "digits", "--sample", "5", "--input", "a=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0",
        "--seed", "3", "--json"]
# Runs argv[1:] and prints its peak resident memory (KiB) to stderr.
WRAP = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]).returncode; "
        "sys.stderr.write('maxrss %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN)"
        ".ru_maxrss); sys.exit(r)")


def numbers(v, out):
    if isinstance(v, bool):
        return out
    if isinstance(v, (int, float)):
        out.append(float(v))
    elif isinstance(v, list):
        for x in v:
            numbers(x, out)
    elif isinstance(v, dict):
        for k in sorted(v):
            numbers(v[k], out)
    return out


def run(cmd, ranks, out):
    prefix = []
    if ranks > 1:
        prefix = [shutil.which("mpirun"), "--oversubscribe", "-n", str(ranks)]
        if os.geteuid() == 0:
            prefix.insert(1, "--allow-run-as-root")
    t0 = time.perf_counter()
    r = subprocess.run(prefix + [sys.executable, "-c", WRAP] + cmd, capture_output=True,
                       text=True)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"failed ({' '.join(cmd)}):\n{r.stderr}")
    with open(out, "w") as f:
        f.write(r.stdout)
    rss = max(int(line.split()[1]) for line in r.stderr.splitlines()
              if line.startswith("maxrss "))
    return wall, rss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("masq")
    ap.add_argument("--qubits", type=int, nargs="+", default=[22, 24])
    ap.add_argument("--ranks", type=int, nargs="+", default=[2, 4])
    ap.add_argument("--commands", nargs="+", default=["run", "grad"])
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="masq-dist-")
    print(f"{'n':>3} {'qubits':>6} {'command':>7} {'ranks':>5} {'numbers':>7} "
          f"{'max |diff|':>10} {'time s':>7} {'MiB/proc':>8}")
    ok = True
    for n in a.qubits:
        for command in a.commands:
            cmd = [a.masq, command, MODEL, "--set", f"n={n}"] + ARGS
            base = os.path.join(work, f"{command}{n}-1.json")
            wall, rss = run(cmd, 1, base)
            ref = numbers(json.load(open(base)), [])
            print(f"{n:>3} {n + 2:>6} {command:>7} {1:>5} {len(ref):>7} {'':>10} {wall:>7.1f} "
                  f"{rss / 1024:>8.0f}", flush=True)
            for ranks in a.ranks:
                out = os.path.join(work, f"{command}{n}-{ranks}.json")
                wall, rss = run(cmd, ranks, out)
                got = numbers(json.load(open(out)), [])
                diff = max(abs(x - y) for x, y in zip(ref, got)) if len(got) == len(ref) else 1e9
                ok = ok and diff <= 1e-10
                print(f"{n:>3} {n + 2:>6} {command:>7} {ranks:>5} {len(got):>7} {diff:>10.1e} "
                      f"{wall:>7.1f} {rss / 1024:>8.0f}", flush=True)
    print("all equal within 1e-10" if ok else "DIFFERENT")
    shutil.rmtree(work)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
