#!/usr/bin/env bash
# Runs the runtime benchmark and prints the figures of docs/performance.md.
#
#   flock /tmp/masq-build.lock bench/run_runtime.sh [path/to/masq-bench-runtime] [extra args]
#
# Every benchmark runs REPS times (default 3) for MIN_TIME seconds (default
# 0.4) and the medians are reported: on a shared VM single runs vary by up
# to 2x at L3-sized states. The whole run takes about two minutes on 2 cores.
# The raw Google Benchmark JSON is kept in $OUT (default
# /tmp/masq-bench-runtime.json).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../build-rt/bench/masq-bench-runtime}"
[ $# -gt 0 ] && shift
out="${OUT:-/tmp/masq-bench-runtime.json}"
min_time="${MIN_TIME:-0.4}"
reps="${REPS:-3}"
if [ ! -x "$bin" ]; then
  echo "benchmark binary not found: $bin" >&2
  exit 1
fi
args=(--benchmark_min_time="$min_time" --benchmark_repetitions="$reps"
      --benchmark_report_aggregates_only=true --benchmark_out="$out"
      --benchmark_out_format=json "$@")
echo "command: $bin ${args[*]}" >&2
"$bin" "${args[@]}" >&2
python3 - "$out" <<'PY'
import json, re, sys
data = json.load(open(sys.argv[1]))
ctx = data["context"]
rows = {}
for b in data["benchmarks"]:
    # medians of the repetitions (or the single run when REPS=1)
    if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
        continue
    name = b["run_name"] if "run_name" in b else b["name"]
    m = re.match(r"BM_(\w+)/(.*?)(/real_time)?$", name)
    kind, args = m.group(1), dict(kv.split(":") for kv in m.group(2).split("/"))
    rows[(kind, tuple(sorted(args.items())))] = b

def get(kind, **args):
    return rows.get((kind, tuple(sorted((k, str(v)) for k, v in args.items()))))

print(f"host: {ctx.get('host_name','?')}, {ctx['num_cpus']} CPUs @ {ctx['mhz_per_cpu']} MHz, "
      f"date {ctx['date']}")
print()
print("| n | bw alone GB/s | RY ns/gate | RY GB/s | RY % of bw alone | bw interleaved GB/s | "
      "RY % of bw interleaved | layered fwd ns/gate | layered fwd GB/s | grad / fwd | "
      "grad / fwd, two arrays | blocked fwd ns/gate | blocked grad / fwd | "
      "blocked grad / fwd, two arrays |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for n in (6, 10, 14, 18, 20, 22):
    bw = get("Bandwidth", n=n)["GBps"]
    ry = get("RYSweep", n=n)
    l0, l1 = get("Layered", n=n, blocked=0), get("Layered", n=n, blocked=1)
    print(f"| {n} | {bw:.1f} | {ry['ns_per_gate']:.4g} | {ry['GBps']:.1f} | "
          f"{100 * ry['GBps'] / bw:.0f}% | {ry['bw_GBps']:.1f} | {ry['pct_bw']:.0f}% | "
          f"{l0['fwd_ns_per_gate']:.4g} | {l0['fwd_GBps']:.1f} | {l0['grad_over_fwd']:.2f} | "
          f"{l0['grad2_over_fwd']:.2f} | "
          f"{l1['fwd_ns_per_gate']:.4g} | {l1['grad_over_fwd']:.2f} | "
          f"{l1['grad2_over_fwd']:.2f} |")
print()
print("| QMAE (B=256) | threads | forward samples/s/core | forward+gradient samples/s/core |")
print("|---|---|---|---|")
labels = {1: "two samples per state", 2: "one sample per state, packed sweep",
          0: "one sample per state, two-array sweep"}
for paired in (1, 2, 0):
    for t in (1, 2):
        # the forward pass has no sweep: rows 2 and 0 share one measurement
        f = get("QmaeForward", threads=t, paired=1 if paired == 1 else 0)
        g = get("QmaeTrain", threads=t, paired=paired)
        print(f"| {labels[paired]} | {t} | {f['samples_per_s_per_core']:,.0f} | "
              f"{g['samples_per_s_per_core']:,.0f} |")
PY
