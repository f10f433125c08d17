#!/usr/bin/env bash
# Reruns the performance figures of docs/performance.md and docs/scaling.md
# that have a script, section by section, each as interleaved rounds with
# the median and min-max (issue 24). Thread counts are pinned: 2 OpenMP
# threads for the runtime and whole-state figures (the docs' default
# settings); scripts that compare thread counts set their own. Threads are
# not bound to cores: OMP_PROC_BIND binds the main thread at start-up, the
# batch threads it starts inherit that one core, and two threads then train
# no faster than one (and two MPI ranks ran at 0.02x: both on one core).
#
#   bash bench/report.sh [path/to/build] [quick]
#
# `quick` runs every command with the fewest rounds (a check that the
# commands still work, not figures to quote). A full run takes about 15
# minutes on the 2-vCPU machine. Run it on a build nothing else is using
# (flock /tmp/masq-build.lock around it when builds share the machine), and
# twice: a figure that moves more than its min-max between the two runs is
# quoted with the range of both (docs/performance.md, "Figures").
#
# Not covered (quoted in the docs with their own commands and dates): the
# callgrind instruction counts, bench/fuse_k.sh's block-size table, the
# shots, parameter-shift, PyTorch-layer and routing tables (bench/
# shots_table.py, param_shift.py, torch_layer.py, routing.py), and the
# comparison with qsim (bench/qsim_compare.py: qsim is built by hand).
set -euo pipefail
BUILD=${1:-build}
QUICK=${2:-}
cd "$(dirname "$0")/.."
MASQ=$BUILD/tools/masq/masq
r() { if [ -n "$QUICK" ]; then echo "$1"; else echo "$2"; fi; } # rounds: quick or full
export OMP_NUM_THREADS=2
unset OMP_PROC_BIND OMP_PLACES
section() { printf '\n=== %s ===\n' "$1"; }

section "Runtime (docs/performance.md: Runtime, runs A and B)"
MIN_TIME=$(r 0.05 0.4) REPS=$(r 1 3) bash bench/run_runtime.sh "$BUILD/bench/masq-bench-runtime"

section "Compile time, source to callable code"
bash bench/compile_times.sh "$MASQ" "$(r 1 9)"

section "Optimisation passes: QMAE gradient, -O against -O0, and without decoder elimination"
/usr/bin/python3 bench/ab.py "$MASQ" grad examples/qmae.masq "--data digits --count 256" "" "-O0" \
  "$(r 1 9)" "$(r 2 20)" | tail -1
/usr/bin/python3 bench/ab.py "$MASQ" grad examples/qmae.masq "--data digits --count 256" "" \
  "--disable-pass masq-eliminate-decoder" "$(r 1 9)" "$(r 2 20)" | tail -1

section "Fusion at n >= 20 (three runs)"
bash bench/fusion_ratios.sh "$MASQ" "$(r 1 3)"

section "Fusion by measured costs (masq calibrate) against the fixed thresholds"
if [ -n "$QUICK" ]; then
  /usr/bin/python3 bench/fusion_costs.py "$MASQ" 1 12
else
  /usr/bin/python3 bench/fusion_costs.py "$MASQ" 5
fi

section "Single precision (--precision single) against double"
if [ -n "$QUICK" ]; then
  /usr/bin/python3 bench/precision.py "$MASQ" 1 12
else
  /usr/bin/python3 bench/precision.py "$MASQ" 5 16 20 22
fi
# The kernels of packed real chunks (runtime/sim/PackedKernels.h): AVX-512
# against AVX2 (B), n = 22 at -O with a calibrated fusion table, both
# precisions (where the CPU has no AVX-512, A and B run the same code).
CAL=$(mktemp -d)
MASQ_CACHE_DIR=$CAL "$MASQ" calibrate --min-qubits 20 --max-qubits 22 --rounds 3 >/dev/null
for prec in single double; do
  for cmd in run grad; do
    MASQ_CACHE_DIR=$CAL /usr/bin/python3 bench/ab.py "$MASQ" $cmd bench/layered.masq \
      "--set n=22 --set last=1 --precision $prec" "" "MASQ_RT_AVX512=0" "$(r 1 9)" "$(r 1 4)" |
      tail -1
  done
done
rm -rf "$CAL"

section "Threads"
/usr/bin/python3 bench/threads.py "$(r 1 7)" "$MASQ"

if command -v mpirun >/dev/null; then
  MPIRUN=(mpirun --oversubscribe)
  [ "$(id -u)" = 0 ] && MPIRUN+=(--allow-run-as-root)
  section "Data-parallel training (docs/scaling.md)"
  /usr/bin/python3 bench/data_parallel.py "$(r 1 5)" "$MASQ"
  section "Distributed statevector, 22 qubits over 2 ranks (docs/scaling.md)"
  "${MPIRUN[@]}" -n 2 "$BUILD/bench/masq-bench-distributed" 22 "$(r 1 7)"
  "$BUILD/bench/masq-bench-distributed" 22 "$(r 1 7)" | grep -i "layered circuit, lazy"
fi
