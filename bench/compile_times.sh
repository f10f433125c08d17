#!/usr/bin/env bash
# Source -> callable native code for each example, cold (empty cache) and
# warm (second run), as printed by `masq compile --emit=native --timings`.
# Usage: bench/compile_times.sh [path/to/masq] [runs]
set -euo pipefail
MASQ=${1:-build/tools/masq/masq}
RUNS=${2:-5}
cd "$(dirname "$0")/.."
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
total() { grep 'total: source to callable code' | awk '{print $(NF-1)}'; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-28s %12s %12s\n' model "cold ms" "warm ms"
for f in examples/*.masq; do
  cold=(); warm=()
  for i in $(seq "$RUNS"); do
    rm -rf "$cache"/*
    cold+=("$(MASQ_CACHE_DIR=$cache "$MASQ" compile "$f" --emit=native --timings 2>&1 | total)")
    warm+=("$(MASQ_CACHE_DIR=$cache "$MASQ" compile "$f" --emit=native --timings 2>&1 | total)")
  done
  printf '%-28s %12s %12s\n' "$f" "$(printf '%s\n' "${cold[@]}" | median)" \
    "$(printf '%s\n' "${warm[@]}" | median)"
done
