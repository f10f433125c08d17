#!/usr/bin/env bash
# The differential tester for as long as you like (issue 16): batches of
# seeded random models from test/Compile/fuzz_model.py, each checked by
# `masq difftest` (compiled adjoint = central differences, -O = -O0), one
# batch per core, until MINUTES have passed. Failing models stay in WORK.
# Usage: bench/difftest.sh [MINUTES=60] [FIRST_SEED=100000] [WORK=/tmp/masq-difftest]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60} seed=${2:-100000} work=${3:-/tmp/masq-difftest}
masq=build/tools/masq/masq
batch=500 jobs=$(nproc)
end=$(( $(date +%s) + minutes * 60 ))
mkdir -p "$work"
total=0 failed=0
while [ "$(date +%s)" -lt "$end" ]; do
  pids=()
  for j in $(seq 1 "$jobs"); do
    dir="$work/batch$seed"
    python3 test/Compile/fuzz_model.py "$seed" "$batch" "$dir" > "$dir.list"
    "$masq" difftest "$dir.list" > "$dir.out" 2>&1 &
    pids+=("$!:$dir")
    seed=$(( seed + batch ))
  done
  for p in "${pids[@]}"; do
    pid=${p%%:*} dir=${p#*:}
    if wait "$pid"; then rm -rf "$dir" "$dir.list" "$dir.out"; else
      failed=$(( failed + $(grep -c '^FAIL' "$dir.out" || true) ))
      grep '^FAIL' "$dir.out" || true
    fi
    total=$(( total + batch ))
  done
  echo "$(date +%T): $total models, $failed failures"
done
[ "$failed" -eq 0 ]
