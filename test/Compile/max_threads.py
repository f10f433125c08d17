#!/usr/bin/env python3
"""Runs a command and prints the most threads its process had at once
(sampled from /proc/PID/task every 10 ms) and its exit status.
Usage: max_threads.py COMMAND ARGS..."""
import os
import subprocess
import sys
import time

p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
most = 0
while p.poll() is None:
    try:
        most = max(most, len(os.listdir(f"/proc/{p.pid}/task")))
    except OSError:
        pass
    time.sleep(0.01)
print(f"max threads {most}, exit {p.returncode}")
