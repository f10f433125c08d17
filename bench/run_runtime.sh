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
print("| n | bandwidth GB/s | RY sweep ns/gate | RY GB/s (% bw) | layered fwd ns/gate | "
      "fwd GB/s (% bw) | grad / fwd | blocked fwd ns/gate | blocked grad / fwd |")
print("|---|---|---|---|---|---|---|---|---|")
for n in (6, 10, 14, 18, 20, 22):
    bw = get("Bandwidth", n=n)["GBps"]
    ry = get("RYSweep", n=n)
    f0, g0 = get("LayeredForward", n=n, blocked=0), get("LayeredGradient", n=n, blocked=0)
    f1, g1 = get("LayeredForward", n=n, blocked=1), get("LayeredGradient", n=n, blocked=1)
    ryg, fg = ry["GBps"], f0["GBps"]
    print(f"| {n} | {bw:.1f} | {ry['ns_per_gate']:.4g} | {ryg:.1f} ({100*ryg/bw:.0f}%) | "
          f"{f0['ns_per_gate']:.4g} | {fg:.1f} ({100*fg/bw:.0f}%) | "
          f"{g0['real_time']/f0['real_time']:.2f} | {f1['ns_per_gate']:.4g} | "
          f"{g1['real_time']/f1['real_time']:.2f} |")
print()
print("| QMAE (B=256) | threads | forward samples/s/core | forward+gradient samples/s/core |")
print("|---|---|---|---|")
for paired in (1, 0):
    for t in (1, 2):
        f, g = get("QmaeForward", threads=t, paired=paired), get("QmaeTrain", threads=t, paired=paired)
        label = "two samples per state" if paired else "one sample per state"
        print(f"| {label} | {t} | {f['samples_per_s_per_core']:,.0f} | "
              f"{g['samples_per_s_per_core']:,.0f} |")
PY
