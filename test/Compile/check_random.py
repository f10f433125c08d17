#!/usr/bin/env python3
"""Generates COUNT random models (random_model.py) and checks, for each, that
`masq grad --check` agrees with central differences of the compiled forward
pass. Usage: check_random.py MASQ COUNT WORKDIR"""
import os
import subprocess
import sys

masq, count, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(work, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))
failed = 0
for seed in range(1, count + 1):
    path = os.path.join(work, f"random{seed}.masq")
    inp = subprocess.run([sys.executable, os.path.join(here, "random_model.py"), str(seed), path],
                         check=True, capture_output=True, text=True).stdout.strip()
    r = subprocess.run([masq, "grad", path, "--input", inp, "--check", "--seed", str(seed),
                        "--no-cache"], capture_output=True, text=True)
    if r.returncode != 0 or "gradient check" not in r.stderr:
        failed += 1
        print(f"FAIL seed {seed}: {path}\n{r.stderr}")
print(f"{count - failed}/{count} random models: compiled gradient = central differences")
sys.exit(1 if failed else 0)
