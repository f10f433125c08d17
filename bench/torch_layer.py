#!/usr/bin/env python3
"""masq.torch.QuantumLayer, forward + backward of one batch, against
  (a) the native calls alone (the same forward and vector-Jacobian product
      on prepacked buffers: what the layer adds is Python and PyTorch glue),
  (b) a plain PyTorch statevector of the same circuit written with einsum
      (complex128, autograd; the TorchQuantum style),
measured in interleaved rounds in one run. The circuit is
examples/qssl_head.masq: 8 qubits, RX angle encoding, 2 layers of RY and a
ring of CRX, 8 <Z> outputs; gradients for the parameters and the inputs.

  /usr/bin/python3 bench/torch_layer.py [BATCH] [ROUNDS]

Prints per-batch times (median of the rounds) and the per-round ratios'
median with min-max. Before timing, checks that the einsum circuit gives
masq's values and gradients (to 1e-10)."""
import os
import statistics
import sys
import time

import numpy as np
import torch

import masq
import masq.torch

batch = int(sys.argv[1]) if len(sys.argv) > 1 else 256
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
model = masq.compile(os.path.join(root, "examples", "qssl_head.masq"))
N = 8
torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "0")) or torch.get_num_threads())


# --- (b) the einsum statevector ---------------------------------------------
def apply1(s, m, q):
    """m: [2, 2] or per-sample [B, 2, 2] on qubit q (axis q + 1)."""
    s = s.movedim(q + 1, 1)
    s = torch.einsum("ab,zb...->za...", m, s) if m.dim() == 2 else \
        torch.einsum("zab,zb...->za...", m, s)
    return s.movedim(1, q + 1)


def apply2(s, m, q0, q1):
    """m: [2, 2, 2, 2] (out q0, out q1, in q0, in q1)."""
    s = s.movedim((q0 + 1, q1 + 1), (1, 2))
    s = torch.einsum("abcd,zcd...->zab...", m, s)
    return s.movedim((1, 2), (q0 + 1, q1 + 1))


def rx(t):
    c, s = torch.cos(t / 2).to(torch.complex128), torch.sin(t / 2).to(torch.complex128)
    return torch.stack([torch.stack([c, -1j * s], -1), torch.stack([-1j * s, c], -1)], -2)


def ry(t):
    c, s = torch.cos(t / 2).to(torch.complex128), torch.sin(t / 2).to(torch.complex128)
    return torch.stack([torch.stack([c, -s], -1), torch.stack([s, c], -1)], -2)


def crx(t):
    eye = torch.eye(2, dtype=torch.complex128)
    zero = torch.zeros(2, 2, dtype=torch.complex128)
    # [c', t', c, t]: identity on control 0, RX on control 1.
    return torch.stack([torch.stack([eye, zero]), torch.stack([zero, rx(t)])]).permute(0, 2, 1, 3)


def einsum_head(x, w):
    """x: [B, 8] (float64), w: [2, 2, 8] -> <Z_i>: [B, 8]."""
    b = x.shape[0]
    s = torch.zeros((b,) + (2,) * N, dtype=torch.complex128)
    s[(slice(None),) + (0,) * N] = 1
    for i in range(N):
        s = apply1(s, rx(x[:, i]), i)
    for layer in range(2):
        for i in range(N):
            s = apply1(s, ry(w[layer, 0, i]), i)
        for i in range(N):
            s = apply2(s, crx(w[layer, 1, i]), i, (i + 1) % N)
    p = (s.real ** 2 + s.imag ** 2)
    z = []
    for i in range(N):
        pi = p.movedim(i + 1, 1).reshape(b, 2, -1).sum(-1)
        z.append(pi[:, 0] - pi[:, 1])
    return torch.stack(z, 1)


# --- the three contenders ---------------------------------------------------
rng = np.random.default_rng(0)
x_np = rng.uniform(0, np.pi, size=(batch, N))
g_np = rng.normal(size=(batch, N))
theta_np = model.init_params(0)

layer = masq.torch.QuantumLayer(model, output="z", init_seed=0)


def run_layer():
    x = torch.from_numpy(x_np).requires_grad_(True)
    layer.zero_grad()
    y = layer(x)
    y.backward(torch.from_numpy(g_np))
    return y, x.grad, layer.theta.grad


buf = np.ascontiguousarray(x_np)
gbuf = np.ascontiguousarray(g_np)


def run_native():
    values = model._native.forward(theta_np, buf, 0)
    _, dtheta, dx = model._native.vjp(theta_np, buf, gbuf, 0)
    return values, dx, dtheta


def run_einsum():
    x = torch.from_numpy(x_np).requires_grad_(True)
    w = torch.from_numpy(theta_np.reshape(2, 2, N)).requires_grad_(True)
    y = einsum_head(x, w)
    y.backward(torch.from_numpy(g_np))
    return y, x.grad, w.grad


# The three agree before anything is timed.
y_l, dx_l, dt_l = run_layer()
y_n, dx_n, dt_n = run_native()
y_e, dx_e, dt_e = run_einsum()
assert np.allclose(y_l.detach().numpy(), y_e.detach().numpy(), atol=1e-10)
assert np.allclose(y_n, y_e.detach().numpy(), atol=1e-10)
assert np.allclose(dx_l.numpy(), dx_e.numpy(), atol=1e-10)
assert np.allclose(dx_n, dx_e.numpy(), atol=1e-10)
assert np.allclose(dt_l.numpy(), dt_e.reshape(-1).numpy(), atol=1e-9)
assert np.allclose(dt_n, dt_e.reshape(-1).numpy(), atol=1e-9)


def timed(fn, min_time=0.3):
    fn()
    n, t0 = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        t = time.perf_counter() - t0
        if t >= min_time:
            return t / n


times = {"layer": [], "native": [], "einsum": []}
fns = {"layer": run_layer, "native": run_native, "einsum": run_einsum}
names = list(times)
for r in range(rounds):
    # Rotate the order, so no contender always follows the same one (torch's
    # threads may still be spinning after the einsum version).
    for k in names[r % 3:] + names[:r % 3]:
        times[k].append(timed(fns[k]))


def summary(a, b):
    ratios = [x / y for x, y in zip(times[a], times[b])]
    return f"{statistics.median(ratios):.3g} ({min(ratios):.3g}-{max(ratios):.3g})"


print(f"qssl_head (8 qubits, 32 parameters), batch {batch}, forward + backward, "
      f"{rounds} interleaved rounds; threads: OMP_NUM_THREADS="
      f"{os.environ.get('OMP_NUM_THREADS', 'unset')}, torch {torch.get_num_threads()}")
for k in times:
    print(f"  {k:7s} {statistics.median(times[k]) * 1e3:9.3f} ms per batch (median)")
print(f"  layer / native (Python overhead): {summary('layer', 'native')}")
print(f"  einsum / layer (masq speed-up):   {summary('einsum', 'layer')}")
