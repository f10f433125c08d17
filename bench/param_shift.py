#!/usr/bin/env python3
"""Gradients with shots against the exact adjoint, at 8 qubits.

The model is examples/qssl_head.masq (8 qubits, RX angle encoding, 2 layers
of RY and a ring of CRX: 16 two-term and 16 four-term parameters, so 96
shifted circuits per sample). One batch of BATCH samples, the
vector-Jacobian product of the 8 <Z> outputs with random weights (what
QuantumLayer's backward computes), timed as
  adjoint   one compiled adjoint sweep per sample (exact),
  ps        parameter shift, exact values (no sampling),
  ps-100    parameter shift, every circuit sampled with 100 shots,
  ps-1000   the same with 1,000 shots,
in interleaved rounds in one run (all with THREADS native threads).
Prints the median time per batch and each method's per-round ratio to the
adjoint: median with min-max.

  /usr/bin/python3 bench/param_shift.py [BATCH] [ROUNDS] [THREADS]
"""
import os
import statistics
import sys
import time

import numpy as np

import masq

batch = int(sys.argv[1]) if len(sys.argv) > 1 else 256
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 0
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
model = masq.compile(os.path.join(root, "examples", "qssl_head.masq"), param_shift=True)
rng = np.random.default_rng(0)
theta = model.init_params(0)
x = {"feature": rng.uniform(0, np.pi, size=(batch, 8))}
g = {"z": rng.normal(size=(batch, 8))}

# Exact parameter shift through the native call (Model.vjp takes the
# adjoint when shots is None).
def ps_exact():
    buf, b = model._pack(x, None)
    gv = np.zeros((b, model._num_values))
    off, size, _ = model._value_slots["z"]
    gv[:, off:off + size] = g["z"]
    return model._native.vjp(theta, buf, gv, masq._threads(threads), 0, 0, True)


methods = {
    "adjoint": lambda: model.vjp(theta, x, g, threads=threads),
    "ps": ps_exact,
    "ps-100": lambda: model.vjp(theta, x, g, threads=threads, shots=100, shot_seed=1),
    "ps-1000": lambda: model.vjp(theta, x, g, threads=threads, shots=1000, shot_seed=1),
}
# Check before timing: exact parameter shift is the adjoint gradient.
d_adj = methods["adjoint"]()[0]
d_ps = ps_exact()[1]
assert np.max(np.abs(d_adj - d_ps)) < 1e-10 * max(1.0, np.max(np.abs(d_adj))), "ps != adjoint"

times = {k: [] for k in methods}
for r in range(rounds):
    for name, fn in methods.items():
        t0 = time.perf_counter()
        fn()
        times[name].append(time.perf_counter() - t0)

print(f"qssl_head (8 qubits, 32 parameters), batch {batch}, {rounds} interleaved rounds, "
      f"threads {threads or 'all'}")
for name in methods:
    med = statistics.median(times[name])
    ratios = [t / a for t, a in zip(times[name], times["adjoint"])]
    print(f"  {name:8s} {med * 1e3:9.2f} ms per batch   x adjoint: "
          f"median {statistics.median(ratios):7.1f} (min {min(ratios):.1f}, max {max(ratios):.1f})")
