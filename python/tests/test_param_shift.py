"""Parameter-shift gradients (masq.compile(param_shift=True)): the compiled
per-sample function with shifted angle occurrences, run by the runtime once
per term of each gate's rule (two terms for Pauli rotations, four for crx,
cry and crz), with the chain rule through the angle arithmetic.

- exact (no shots) parameter shift equals the adjoint gradient to 1e-10 on
  random models of every gate kind and on the fuzzer's models;
- with shots, the mean over many seeds converges to the exact gradient
  (within 5 standard errors of the seeds' mean, a statistical bound);
- the vector-Jacobian product with shots, and QuantumLayer(shots=N) trains;
- what parameter shift cannot differentiate is refused with a located error.
"""
import os
import subprocess

import numpy as np
import pytest

import masq
from conftest import EXAMPLES, generator

SHARED = """
model ps_shared {
  input  x : real[3];
  param  w : real[4] ~ uniform(0, 2*pi);
  qubits q[3];
  encode angle(x, axis = Y) -> q;
  ry(2 * w[0] + 0.3) q[0];
  crx(w[1]) q[0], q[1];
  cry(w[1] * 0.5) q[1], q[2];
  crz(w[2]) q[2], q[0];
  rz(w[0] * w[2]) q[1];
  rxx(w[3]) q[0], q[2];
  u3(w[0], w[1], w[3]) q[1];
  rzz(sin(w[3])) q[1], q[2];
  rx(w[3]) q[2];
  loss = 1 - expval(Z, q[1]) * 0.5 - expval(Z, q[2]) * 0.25;
}
"""


def compare(path_or_source, batch=3, seed=0):
    """Exact parameter shift against the adjoint; returns the number of
    parameters compared (0 when parameter shift refuses the model)."""
    try:
        m = masq.compile(path_or_source, param_shift=True)
    except masq.CompileError as e:
        assert "parameter shift cannot differentiate" in str(e), str(e)
        return 0
    if not m.has_loss or m.num_params == 0:
        return 0
    rng = np.random.default_rng(seed)
    theta = m.init_params(seed)
    x = {s.name: rng.uniform(0.1, 1.0, size=(batch,) + s.shape) for s in m.inputs}
    l0, g0 = m.gradient(theta, x)
    l1, g1 = m.gradient(theta, x, method="parameter-shift")
    if not (np.all(np.isfinite(g0)) and np.all(np.isfinite(l0))):
        return 0
    np.testing.assert_allclose(l1, l0, rtol=0, atol=1e-12)
    scale = max(1.0, float(np.max(np.abs(g0))))
    np.testing.assert_allclose(g1, g0, rtol=0, atol=1e-10 * scale,
                               err_msg=f"{path_or_source}: parameter shift vs adjoint")
    return m.num_params


def test_shared_parameters_and_arithmetic():
    assert compare(SHARED) == 4


@pytest.mark.parametrize("seed", range(20))
def test_random_models(tmp_path, seed):
    path = str(tmp_path / f"random{seed}.masq")
    subprocess.run(generator("random_model.py") + [str(seed), path], check=True)
    compare(path, seed=seed)


def test_fuzz_models(tmp_path):
    out = subprocess.run(generator("fuzz_model.py") + ["2", "40", str(tmp_path)],
                         check=True, capture_output=True, text=True).stdout
    paths = [line.split("\t")[0] for line in out.splitlines() if line.strip()]
    compared = sum(compare(p, seed=i) for i, p in enumerate(paths))
    assert compared > 100


def test_controlled_rotations_use_four_terms():
    # A crx whose angle the two-term rule would get wrong: d/dt <Z1> after
    # H q0; crx(t) q0, q1 is -sin(t)/2 ... check against the closed form.
    m = masq.compile("""
model c4 {
  input x : real[1];
  param t : real[1] ~ uniform(0, 1);
  qubits q[2];
  encode angle(x, axis = Y) -> q[0];
  crx(t[0]) q[0], q[1];
  loss = expval(Z, q[1]);
}""", param_shift=True)
    for t in (0.3, 1.1, 2.9):
        x = {"x": np.array([[np.pi / 2]])}
        _, g = m.gradient(np.array([t]), x, method="parameter-shift")
        # <Z1> = 1 - p1 (1 - cos t) with p1 = sin^2(pi/4) = 1/2.
        assert g[0] == pytest.approx(-0.5 * np.sin(t), abs=1e-12)


def test_shots_converge_to_the_exact_gradient():
    m = masq.compile(SHARED, param_shift=True)
    theta = m.init_params(3)
    x = {"x": np.array([[0.1, 0.2, 0.3], [0.5, 0.4, 0.9]])}
    _, exact = m.gradient(theta, x)
    seeds = 200
    est = np.array([m.gradient(theta, x, method="parameter-shift", shots=500, shot_seed=s)[1]
                    for s in range(seeds)])
    assert np.all(est.std(axis=0) > 0)  # the estimates are noisy ...
    se = est.std(axis=0, ddof=1) / np.sqrt(seeds)
    # ... and unbiased: the seeds' mean within 5 standard errors.
    assert np.all(np.abs(est.mean(axis=0) - exact) <= 5 * se), (est.mean(axis=0), exact, se)
    # Reproducible for a seed, and independent of the thread count.
    a = m.gradient(theta, x, method="parameter-shift", shots=500, shot_seed=7, threads=1)[1]
    b = m.gradient(theta, x, method="parameter-shift", shots=500, shot_seed=7, threads=2)[1]
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-14)


def test_finite_differences_and_refusals():
    m = masq.compile(SHARED, param_shift=True)
    theta = m.init_params(1)
    x = {"x": np.array([[0.1, 0.2, 0.3]])}
    _, exact = m.gradient(theta, x)
    _, fd = m.gradient(theta, x, method="finite-diff")
    np.testing.assert_allclose(fd, exact, rtol=0, atol=1e-7)
    with pytest.raises(ValueError, match="adjoint method reads"):
        m.gradient(theta, x, shots=100)
    with pytest.raises(ValueError, match="method"):
        m.gradient(theta, x, method="backprop")
    plain = masq.compile(SHARED)
    with pytest.raises(ValueError, match="param_shift=True"):
        plain.gradient(theta, x, method="parameter-shift")
    with pytest.raises(masq.CompileError, match=r"qmae.masq:\d+:\d+: error: parameter shift "
                                                r"cannot differentiate the amplitude encoding"):
        masq.compile(os.path.join(EXAMPLES, "qmae.masq"), param_shift=True)


def test_vjp_and_layer_with_shots():
    import torch
    import masq.torch
    head = masq.compile(os.path.join(EXAMPLES, "qssl_head.masq"), param_shift=True)
    theta = head.init_params(2)
    rng = np.random.default_rng(0)
    x = {"feature": rng.uniform(0, np.pi, size=(4, 8))}
    g = {"z": rng.normal(size=(4, 8))}
    d0, _ = head.vjp(theta, x, g)
    d1, din = head.vjp(theta, x, g, shots=2_000_000, shot_seed=1)
    assert din == {}
    # 2e6 shots: sd of each <Z> about 7e-4; 32 parameters, 4 samples.
    assert np.max(np.abs(d1 - d0)) < 0.05 * max(1.0, np.max(np.abs(d0)))
    # The layer trains with shots: backward runs parameter shift.
    layer = masq.torch.QuantumLayer(head, init_seed=2, shots=1000, shot_seed=3)
    xt = torch.rand(8, 8, dtype=torch.float64)
    loss = layer(xt).sum()
    loss.backward()
    assert layer.theta.grad is not None and torch.all(torch.isfinite(layer.theta.grad))
    assert layer.theta.grad.abs().sum() > 0
    with pytest.raises(RuntimeError, match="input gradients with shots"):
        layer(xt.clone().requires_grad_(True))
