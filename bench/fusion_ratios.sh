#!/usr/bin/env bash
# Fused against unfused (--disable-pass masq-fuse-gates) on the layered
# ansatz (bench/layered.masq, loss <Z0>), forward and gradient, at 20 and 22
# qubits: bench/ab.py's median (min-max) of 9 interleaved rounds, RUNS times
# (docs/performance.md quotes the range of the runs' medians).
# Usage: bench/fusion_ratios.sh [path/to/masq] [runs]
set -euo pipefail
MASQ=${1:-build/tools/masq/masq}
RUNS=${2:-3}
cd "$(dirname "$0")/.."
for run in $(seq "$RUNS"); do
  for n in 20 22; do
    rep=100; [ "$n" = 22 ] && rep=20
    /usr/bin/python3 bench/ab.py "$MASQ" run bench/layered.masq "--set n=$n" "" \
      "--disable-pass masq-fuse-gates" 9 $rep | tail -1
    rep=10; [ "$n" = 22 ] && rep=5
    /usr/bin/python3 bench/ab.py "$MASQ" grad bench/layered.masq "--set n=$n" "" \
      "--disable-pass masq-fuse-gates" 9 $rep | tail -1
  done
done
