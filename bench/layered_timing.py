"""Shared by bench/fusion_costs.py, precision.py and qsim_compare.py: the
time per evaluation `masq run|grad --repeat R` reports for
bench/layered.masq with the loss on the last qubit, masq calibrate into a
cache directory, and the median (min-max) of a list."""
import os
import re
import statistics
import subprocess
import sys

MODEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layered.masq")


def layered_ms(masq, cmd, n, cache, extra, repeat):
    """ms per evaluation of `masq CMD layered.masq --set n=N --set last=1`
    with MASQ_CACHE_DIR=cache and the extra flags; exits on a failure."""
    env = dict(os.environ, MASQ_CACHE_DIR=cache)
    r = subprocess.run([masq, cmd, MODEL, "--set", f"n={n}", "--set", "last=1",
                        "--repeat", str(repeat)] + extra,
                       capture_output=True, text=True, env=env)
    m = re.search(r"time: ([0-9.e+-]+) ms", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit(f"{os.path.basename(sys.argv[0])}: {cmd} n={n} {' '.join(extra)}: "
                 f"{r.stderr.strip()}")
    return float(m.group(1))


def calibrate(masq, cache, sizes):
    """`masq calibrate` for sizes min(sizes)-2 .. max(sizes) into cache (the
    fusion table every compile there then uses); returns what it printed."""
    r = subprocess.run([masq, "calibrate", "--min-qubits", str(min(sizes) - 2),
                        "--max-qubits", str(max(sizes)), "--rounds", "3"],
                       capture_output=True, text=True, env=dict(os.environ, MASQ_CACHE_DIR=cache))
    if r.returncode != 0:
        sys.exit(f"{os.path.basename(sys.argv[0])}: calibrate: {r.stderr.strip()}")
    return r.stdout


def stat(v, digits=2):
    v = sorted(v)
    return f"{statistics.median(v):.{digits}f} ({v[0]:.{digits}f}-{v[-1]:.{digits}f})"
