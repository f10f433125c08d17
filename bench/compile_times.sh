#!/usr/bin/env bash
# Source -> callable native code for each example, cold (empty cache) and
# warm (second run: the source entry, no parsing), as printed by
# `masq compile --emit=native --timings`; median (min-max) of RUNS
# interleaved cold/warm pairs.
# Usage: bench/compile_times.sh [path/to/masq] [runs]
set -euo pipefail
MASQ=${1:-build/tools/masq/masq}
RUNS=${2:-5}
cd "$(dirname "$0")/.."
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
total() { grep 'total: source to callable code' | awk '{print $(NF-1)}'; }
# median (min-max) of the lines read
median() { sort -g | awk '{a[NR]=$1} END {printf "%s (%s-%s)", a[int((NR+1)/2)], a[1], a[NR]}'; }
printf '%-28s %26s %26s\n' model "cold ms" "warm ms"
for f in examples/*.masq; do
  cold=(); warm=()
  for i in $(seq "$RUNS"); do
    rm -rf "$cache"/*
    cold+=("$(MASQ_CACHE_DIR=$cache "$MASQ" compile "$f" --emit=native --timings 2>&1 | total)")
    warm+=("$(MASQ_CACHE_DIR=$cache "$MASQ" compile "$f" --emit=native --timings 2>&1 | total)")
  done
  printf '%-28s %26s %26s\n' "$f" "$(printf '%s\n' "${cold[@]}" | median)" \
    "$(printf '%s\n' "${warm[@]}" | median)"
done
