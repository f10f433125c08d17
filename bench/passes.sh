#!/usr/bin/env bash
# What each -O pass does, per model: state sweeps (gate and block
# applications) per sample in the compiled per-sample code, and the time of
# a forward pass and of a gradient, with all of -O, with -O less one pass,
# and with -O0. Writes a markdown table to stdout (docs/performance.md).
#   bash bench/passes.sh [MASQ]
set -euo pipefail
masq=${1:-build/tools/masq/masq}
repeat=5
opt=$(dirname "$masq")/../masq-opt/masq-opt
here=$(cd "$(dirname "$0")" && pwd)
export MASQ_CACHE_DIR=${MASQ_CACHE_DIR:-$(mktemp -d)}

passes="canonicalize masq-eliminate-masks masq-basis-states masq-light-cone masq-eliminate-decoder masq-fuse-gates masq-pair-samples"

# sweeps FILE FLAGS...: gate and block applications (sweeps over a state)
# of the one-sample forward function and of the one-sample gradient function
# (forward and backward steps), the amplitudes they sweep (sum of 2^nq: a
# sweep of a small state is cheaper), and "paired" when batches run two
# samples per state (each sweep then serves two samples). -O0 and
# --disable-pass leave state passes out of the masq-opt pipeline here, as
# they do in masq's lowering (LoweringOptions, passes/lib/Pipeline.cpp).
sweeps() {
  local file=$1; shift
  local a prev="" skip=" " p pipeline=(--masq-lower-to-state)
  for a in "$@"; do
    [ "$prev" = --disable-pass ] && skip+="$a "
    [ "$a" = -O0 ] && skip+="masq-eliminate-decoder masq-fuse-gates masq-pair-samples "
    prev=$a
  done
  for p in masq-eliminate-decoder masq-fuse-gates masq-pair-samples; do
    [[ "$skip" == *" $p "* ]] || pipeline+=("--$p")
  done
  "$masq" compile "$file" "$@" |
    "$opt" "${pipeline[@]}" --masq-generate-gradient |
    awk '/func.func/ {f = ""}
         /func.func private @masq_sample_pair\(/ {f = "pair"}
         /func.func private @masq_sample\(/ {f = "one"}
         /func.func private @masq_sample_grad\(/ {f = "grad"}
         /masq.sv.(gate|block|gate_back|block_back) / {
           n[f]++
           if (match($0, /nq = [0-9]+/)) a[f] += 2 ^ substr($0, RSTART + 5, RLENGTH - 5) }
         END { printf "%d / %d | %.0f / %.0f | %s", n["one"], n["grad"], a["one"], a["grad"],
                      (n["pair"] > 0 ? "yes" : "no") }'
}

# ms FILE CMD FLAGS...: milliseconds per evaluation (the batch of --count).
ms() {
  local file=$1 cmd=$2; shift 2
  "$masq" "$cmd" "$file" "$@" --repeat "$repeat" 2>&1 >/dev/null |
    sed -n 's/^time: \([0-9.e+-]*\) ms.*/\1/p'
}

row() { # LABEL FILE "SET FLAGS" "DATA FLAGS" CONFIG FLAGS...
  local label=$1 file=$2 set=$3 data=$4; shift 4
  local s f g
  # shellcheck disable=SC2086
  s=$(sweeps "$file" $set "$@")
  # shellcheck disable=SC2086
  f=$(ms "$file" run $set $data "$@")
  # shellcheck disable=SC2086
  g=$(ms "$file" grad $set $data "$@" || true)
  echo "| $label | $s | $f | ${g:--} |"
}

model() { # NAME FILE "SET FLAGS" "DATA FLAGS" REPEAT
  local name=$1 file=$2 set=$3 data=$4
  repeat=$5
  echo
  echo "**$name** (\`$(basename "$file") $set $data\`)"
  echo
  echo "| pipeline | sweeps, forward / gradient | amplitudes swept, forward / gradient | paired | forward ms | gradient ms |"
  echo "|---|---|---|---|---|---|"
  row "-O" "$file" "$set" "$data"
  for p in $passes; do
    row "-O without $p" "$file" "$set" "$data" --disable-pass "$p"
  done
  row "-O0" "$file" "$set" "$data" -O0
}

model "QMAE" "$here/../examples/qmae.masq" "" "--data digits --count 256" 30
model "QAE" "$here/../examples/qae.masq" "" "--data digits --count 256" 30
model "QMAE at ratio 0" "$here/../examples/qmae.masq" "--set ratio=0" "--data digits --count 256" 30
model "layered ansatz, n = 14" "$here/layered.masq" "--set n=14" "" 30
model "layered ansatz, n = 20" "$here/layered.masq" "--set n=20" "" 4
model "layered ansatz, n = 22" "$here/layered.masq" "--set n=22" "" 2
