"""Data-parallel training throughput (issue 23): `masq train` of the QMAE
example under `mpirun -n R` against one process, in interleaved rounds on
this machine. Configurations:
  1 process x 1 thread, 1 process x 2 threads, 2 processes x 1 thread.
The figure is training samples per second over the epochs' training loops
(metrics.csv: samples / sum of epoch seconds, evaluation excluded).

    /usr/bin/python3 bench/data_parallel.py [ROUNDS] [MASQ]

Prints per configuration the median with min-max over the rounds and the
ratio of each to 1 process x 1 thread per round (median, min-max)."""
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
masq = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "build", "tools", "masq", "masq")
train_n, epochs = 1500, 3
args = [os.path.join(root, "examples", "qmae.masq"), "--data", "digits", "--epochs", str(epochs),
        "--train", str(train_n), "--test", "20", "--batch", "32", "--seed", "1"]
mpirun = ["mpirun", "--allow-run-as-root", "--oversubscribe", "--bind-to", "none"]
configs = {
    "1 process x 1 thread": [masq, "train"] + args + ["--threads", "1"],
    "1 process x 2 threads": [masq, "train"] + args + ["--threads", "2"],
    "2 processes x 1 thread": mpirun + ["-n", "2", masq, "train"] + args + ["--threads", "1"],
}
work = tempfile.mkdtemp()
subprocess.run(configs["1 process x 1 thread"] + ["--out", os.path.join(work, "warm")],
               check=True, capture_output=True)  # the compiled model into the cache
rates = {k: [] for k in configs}
for r in range(rounds):
    for name, cmd in configs.items():
        out = os.path.join(work, f"{r}-{len(rates[name])}-{name.replace(' ', '')}")
        subprocess.run(cmd + ["--out", out], check=True, capture_output=True)
        with open(os.path.join(out, "metrics.csv")) as f:
            secs = sum(float(row["seconds"]) for row in csv.DictReader(f))
        rates[name].append(train_n * epochs / secs)
shutil.rmtree(work)
base = rates["1 process x 1 thread"]
print(f"QMAE training throughput, {rounds} interleaved rounds, {train_n} images x {epochs} "
      f"epochs, batch 32 (bench/data_parallel.py)")
print("| configuration | samples/s, median (min-max) | vs 1 process x 1 thread, median (min-max) |")
print("|---|---|---|")
for name, xs in rates.items():
    ratio = [x / b for x, b in zip(xs, base)]
    print(f"| {name} | {statistics.median(xs):.0f} ({min(xs):.0f}-{max(xs):.0f}) | "
          f"{statistics.median(ratio):.2f}x ({min(ratio):.2f}-{max(ratio):.2f}) |")
