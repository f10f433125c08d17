#!/usr/bin/env python3
"""Two builds of masq timed against each other, interleaved so that both
see the same machine (a refactor must not slow anything down).

  python3 bench/ab_builds.py BUILD_A BUILD_B [ROUNDS]

Each round runs, for A then B:
  - `masq grad examples/qmae.masq --data digits --count 256 --repeat 20`
    (the compiled QMAE gradient, ms per batch; compiled through the cache);
  - `masq run` of the same batch (forward only);
  - masq-bench-compiled's BM_CompiledQmaeTrain (one training step of the
    compiled model, Google Benchmark);
  - masq-bench-runtime's BM_Bandwidth (the machine's memory bandwidth), BM_RYSweep and BM_Layered at 20 qubits.
It prints, per measurement, the median of the per-round ratios B / A with
their min and max (> 1: B is slower).
"""
import json
import os
import re
import statistics
import subprocess
import sys

a_dir, b_dir = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
model = os.path.join(root, 'examples', 'qmae.masq')


def masq_ms(build, cmd):
    r = subprocess.run([os.path.join(build, 'tools/masq/masq'), cmd, model, '--data', 'digits',
                        '--count', '256', '--repeat', '20'], capture_output=True, text=True)
    m = re.search(r'time: ([0-9.e+-]+) ms', r.stderr)
    if r.returncode != 0 or not m:
        sys.exit(f'ab_builds.py: {build} {cmd}: {r.stderr.strip()}')
    return float(m.group(1))


def bench(build, binary, filt):
    path = os.path.join(build, 'bench', binary)
    r = subprocess.run([path, f'--benchmark_filter={filt}', '--benchmark_min_time=0.3',
                        '--benchmark_format=json'], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f'ab_builds.py: {path}: {r.stderr.strip()}')
    return {b['name']: b['real_time'] for b in json.loads(r.stdout)['benchmarks']}


def measure(build):
    out = {'masq grad (ms/batch)': masq_ms(build, 'grad'),
           'masq run (ms/batch)': masq_ms(build, 'run')}
    out.update(bench(build, 'masq-bench-compiled', 'BM_CompiledQmaeTrain'))
    out.update(bench(build, 'masq-bench-runtime', r'BM_(Bandwidth|RYSweep|Layered)/n:20'))
    return out


ratios = {}
for r in range(rounds):
    a, b = measure(a_dir), measure(b_dir)
    for k in a:
        if k in b:
            ratios.setdefault(k, []).append(b[k] / a[k])
    print(f'round {r + 1}: ' + ', '.join(f'{k} {b[k] / a[k]:.3f}' for k in a if k in b),
          file=sys.stderr)
print(f'B / A over {rounds} interleaved rounds (median, min-max); A = {a_dir}, B = {b_dir}')
for k, v in ratios.items():
    print(f'  {k}: {statistics.median(v):.3f} ({min(v):.3f}-{max(v):.3f})')
