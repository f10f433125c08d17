#!/usr/bin/env python3
"""A/B timing of two pipelines on one model, interleaved so that both see the
same machine: ROUNDS times, `masq CMD MODEL DATA... --repeat R` with flags A,
then with flags B; prints each round's ms per call and the median (min-max)
of the per-round ratios B / A (> 1: A is faster). Use it where a shared machine's
noise is larger than the difference (docs/performance.md). A flag of the
form NAME=VALUE with an upper-case NAME is set in the environment instead
(MASQ_NO_TRAJECTORY_GROUPING=1); masq=PATH runs that side with another
build's masq (two builds against each other).

  python3 bench/ab.py MASQ CMD MODEL "DATA FLAGS" "A FLAGS" "B FLAGS" [ROUNDS] [REPEAT]
  python3 bench/ab.py build/tools/masq/masq grad examples/qmae.masq \\
      "--data digits --count 256" "" "--disable-pass masq-eliminate-decoder"
"""
import os
import re
import shlex
import statistics
import subprocess
import sys

masq, cmd, model, data, a, b = sys.argv[1:7]
rounds = int(sys.argv[7]) if len(sys.argv) > 7 else 9
repeat = int(sys.argv[8]) if len(sys.argv) > 8 else 100


def ms(flags):
    env, args, exe = dict(os.environ), [], masq
    for tok in shlex.split(flags):
        if tok.startswith("masq="):
            exe = tok[len("masq="):]
        elif re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", tok):
            k, v = tok.split("=", 1)
            env[k] = v
        else:
            args.append(tok)
    r = subprocess.run([exe, cmd, model] + shlex.split(data) + args +
                       ["--repeat", str(repeat)], capture_output=True, text=True, env=env)
    m = re.search(r"time: ([0-9.e+-]+) ms", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit(f"ab.py: {cmd} {model} {flags}: {r.stderr.strip()}")
    return float(m.group(1))


ms(a), ms(b)  # compile both (cached) before timing
ratios = []
for i in range(rounds):
    ta, tb = ms(a), ms(b)
    ratios.append(tb / ta)
    print(f"round {i + 1}: A {ta:.4g} ms, B {tb:.4g} ms, B/A {tb / ta:.3f}")
print(f"median B/A over {rounds} rounds: {statistics.median(ratios):.3f} "
      f"({min(ratios):.3f}-{max(ratios):.3f}) (A = '{a}', B = '{b}'; {cmd} {model} {data})")
