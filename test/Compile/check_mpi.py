#!/usr/bin/env python3
"""Data-parallel training (issue 23) against one process.
  check_mpi.py same A B [B ...]   every parameter of B/params.json equals
                                  A's to 1e-12, and so do the train losses
                                  of metrics.csv
  check_mpi.py json A.json B.json [B.json ...]
                                  every number of masq run|grad --json B
                                  equals A's to 1e-10 (one JSON document
                                  each: rank 0 alone printed)
  check_mpi.py kill MASQ DIR -- TRAIN_ARGS...
      starts `mpirun -n 2 MASQ train TRAIN_ARGS --out DIR/killed`, kills
      rank 1 (SIGKILL) once a checkpoint is on disk, and checks that the job
      ends with an error naming the killed process, that the checkpoint
      resumes under mpirun, and that the resumed run equals one process
      trained as many epochs (1e-12)."""
import csv
import json
import os
import signal
import subprocess
import sys
import time

MPIRUN = ["mpirun", "--allow-run-as-root", "--oversubscribe"]


def numbers(x, out):
    if isinstance(x, dict):
        for k in sorted(x):
            numbers(x[k], out)
    elif isinstance(x, list):
        for y in x:
            numbers(y, out)
    elif isinstance(x, (int, float)):
        out.append(float(x))
    return out


def params(d):
    return numbers(json.load(open(os.path.join(d, "params.json"))), [])


def losses(d):
    with open(os.path.join(d, "metrics.csv")) as f:
        return [float(r["train_loss"]) for r in csv.DictReader(f)]


def same(a, b):
    pa, pb = params(a), params(b)
    assert len(pa) == len(pb) and pa, (a, b)
    worst = max(abs(x - y) for x, y in zip(pa, pb))
    la, lb = losses(a), losses(b)
    assert len(la) == len(lb), (a, b, la, lb)
    worst_loss = max(abs(x - y) for x, y in zip(la, lb))
    if worst > 1e-12 or worst_loss > 1e-12:
        print(f"FAIL {b} differs from {a}: parameters {worst:.1e}, train loss {worst_loss:.1e}")
        return False
    print(f"{b}: {len(pb)} parameters equal to {a} within {worst:.1e}, "
          f"{len(lb)} epochs of train loss within {worst_loss:.1e}")
    return True


def children(pid):
    r = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(x) for x in r.stdout.split()]


def kill(masq, work, args):
    out = os.path.join(work, "killed")
    job = subprocess.Popen(MPIRUN + ["-n", "2", masq, "train"] + args + ["--out", out],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ckpt = os.path.join(out, "checkpoint.json")
    deadline = time.time() + 300
    while not os.path.exists(ckpt) and time.time() < deadline and job.poll() is None:
        time.sleep(0.05)
    assert os.path.exists(ckpt), "no checkpoint appeared"
    ranks = [c for c in children(job.pid)]
    ranks = [g for c in ranks for g in (children(c) or [c])]  # under orted or not
    procs = sorted(r for r in ranks if "masq" in open(f"/proc/{r}/cmdline", "rb").read().decode(errors="replace"))
    assert len(procs) == 2, f"rank processes: {procs}"
    os.kill(procs[1], signal.SIGKILL)
    text, _ = job.communicate(timeout=120)
    assert job.returncode != 0, "the job went on after a rank was killed"
    if "signal 9" not in text and "Killed" not in text:
        print("FAIL the job's message does not say a process was killed:\n" + text)
        return False
    epoch = json.load(open(ckpt))["epoch"]
    print(f"rank killed: mpirun exited {job.returncode} (\"...exited on signal 9 (Killed)\"); "
          f"checkpoint at epoch {epoch}")
    more = [a for a in args]
    i = more.index("--epochs")
    more[i + 1] = str(epoch + 1)
    r = subprocess.run(MPIRUN + ["-n", "2", masq, "train"] + more + ["--out", out, "--resume"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    one = os.path.join(work, "one-process")
    r = subprocess.run([masq, "train"] + more + ["--out", one], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return same(one, out)


def same_json(a, b):
    na, nb = numbers(json.load(open(a)), []), numbers(json.load(open(b)), [])
    assert len(na) == len(nb) and na, (a, b)
    worst = max(abs(x - y) for x, y in zip(na, nb))
    if worst > 1e-10:
        print(f"FAIL {b} differs from {a} by {worst:.1e}")
        return False
    print(f"{os.path.basename(b)}: {len(nb)} numbers equal to {os.path.basename(a)} within "
          f"{worst:.1e}")
    return True


if sys.argv[1] == "json":
    ok = all([same_json(sys.argv[2], b) for b in sys.argv[3:]])
elif sys.argv[1] == "same":
    ok = all([same(sys.argv[2], b) for b in sys.argv[3:]])
else:
    masq, work = sys.argv[2], sys.argv[3]
    ok = kill(masq, work, sys.argv[5:])
sys.exit(0 if ok else 1)
