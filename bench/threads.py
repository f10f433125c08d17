#!/usr/bin/python3
"""Speedup of 2 threads over 1 on this machine (issue 24), in interleaved
rounds; each line the median (min-max) over the rounds of the per-round
ratio time(1 thread) / time(2 threads):

    /usr/bin/python3 bench/threads.py [ROUNDS] [MASQ]

Two kinds of parallelism:
- one large state split over the threads (the runtime's kernels and fused
  blocks, OMP_NUM_THREADS=1 or 2): `masq run|grad bench/layered.masq
  --set n=N --repeat R` at 20 and 22 qubits, forward and gradient;
- a batch split over the threads, a few samples per thread with a state of
  its own (`masq train --threads 1|2`): QMAE training, 1,700 images x 10
  epochs in batches of 256 and of 32 (a thread is used for every
  kSamplesPerThread samples of a batch, Model.cpp), the epochs' training
  loops (metrics.csv seconds)."""
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
masq = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "build", "tools", "masq", "masq")
work = tempfile.mkdtemp()


def call_ms(cmd, n, threads, repeat):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    r = subprocess.run([masq, cmd, os.path.join(here, "layered.masq"), "--set", f"n={n}",
                        "--repeat", str(repeat)], capture_output=True, text=True, env=env)
    m = re.search(r"time: ([0-9.e+-]+) ms", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit(f"threads.py: {cmd} n={n}: {r.stderr.strip()}")
    return float(m.group(1))


def train_seconds(threads, tag, batch):
    out = os.path.join(work, tag)
    subprocess.run([masq, "train", os.path.join(root, "examples", "qmae.masq"), "--data",
                    "digits", "--epochs", "10", "--train", "1700", "--test", "20", "--batch",
                    str(batch), "--seed", "1", "--threads", str(threads), "--out", out],
                   check=True, capture_output=True)
    with open(os.path.join(out, "metrics.csv")) as f:
        return sum(float(row["seconds"]) for row in csv.DictReader(f))


cases = []
for n, fwd_rep, grad_rep in ((20, 50, 10), (22, 10, 3)):
    cases.append((f"forward, one state of {n} qubits",
                  lambda t, n=n, r=fwd_rep, i=0: call_ms("run", n, t, r)))
    cases.append((f"gradient, one state of {n} qubits",
                  lambda t, n=n, r=grad_rep, i=0: call_ms("grad", n, t, r)))
counter = [0]


def train(t, batch):
    counter[0] += 1
    return train_seconds(t, f"train-{counter[0]}", batch)


for batch in (256, 32):
    cases.append((f"QMAE training, batches of {batch} over the threads",
                  lambda t, b=batch: train(t, b)))
for _, f in cases:  # compile into the cache before timing
    f(1)
speedups = {name: [] for name, _ in cases}
for r in range(rounds):
    for name, f in cases:
        one, two = f(1), f(2)
        speedups[name].append(one / two)
shutil.rmtree(work)
print(f"2 threads against 1, {rounds} interleaved rounds (bench/threads.py)")
print("| workload | speedup of 2 threads, median (min-max) |")
print("|---|---|")
for name, xs in speedups.items():
    print(f"| {name} | {statistics.median(xs):.2f}x ({min(xs):.2f}-{max(xs):.2f}) |")
