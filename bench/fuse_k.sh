#!/usr/bin/env bash
# Which block size pays: the layered ansatz (bench/layered.masq) at n = 20
# and 22, fused with at most K qubits per block (masq --fuse-max-qubits K,
# in place and gathered alike), against the same model unfused, as medians
# of interleaved rounds (bench/ab.py). Prints a markdown table
# (docs/performance.md).
#   bash bench/fuse_k.sh [MASQ] [ROUNDS] [REPEAT]
set -euo pipefail
masq=${1:-build/tools/masq/masq}
rounds=${2:-5}
repeat=${3:-10}
here=$(cd "$(dirname "$0")" && pwd)
export MASQ_CACHE_DIR=${MASQ_CACHE_DIR:-$(mktemp -d)}
echo "| n | K | forward, unfused / fused | gradient, unfused / fused |"
echo "|---|---|---|---|"
for n in 20 22; do
  for k in 2 3 4 6 8 10 13; do
    ratio() { # CMD REPEAT: the median ratio line's number
      python3 "$here/ab.py" "$masq" "$1" "$here/layered.masq" "--set n=$n" \
        "--fuse-max-qubits $k" "--disable-pass masq-fuse-gates" "$rounds" "$2" |
        sed -n 's/^median B\/A over [0-9]* rounds: \([0-9.]*\).*/\1/p'
    }
    echo "| $n | $k | $(ratio run "$repeat") | $(ratio grad $(( (repeat + 1) / 2 ))) |"
  done
done
