"""Parameter-shift gradients (masq.compile(param_shift=True)): the compiled
per-sample function with shifted angle occurrences, run by the runtime once
per term of each gate's rule (two terms for Pauli rotations, four for crx,
cry and crz), with the chain rule through the angle arithmetic.

- exact (no shots) parameter shift equals the adjoint gradient to 1e-10 on
  random models of every gate kind and on the fuzzer's models;
- with shots, the mean over many seeds converges to the exact gradient
  (within 5 standard errors of the seeds' mean, a statistical bound);
- the vector-Jacobian product with shots, and QuantumLayer(shots=N) trains;
- input gradients (the vector-Jacobian product): an angle encoder's angles
  are shifted like gate angles, so the exact parameter-shift product equals
  the adjoint one on the inputs too, and with shots it is unbiased; a model
  whose inputs it cannot reach says why (param_shift_input_refusal);
- what parameter shift cannot differentiate is refused with a located error.
"""
import os
import re
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


INPUTS = """
model ps_inputs {
  input  x : real[4];
  input  y : real[2];
  param  w : real[4] ~ uniform(0, 2*pi);
  param  tok : real[1] ~ uniform(-1, 1);
  qubits q[4];
  qubits r[2];
  let seen = mask(x, pixels(ratio = 0.5), fill = tok);
  encode angle(seen, axis = X, scale = 0.5) -> q;
  encode angle(y * 2, axis = Y) -> r;
  ry(w[0] + y[0]) q[0];
  crx(w[1] * x[1]) q[0], q[1];
  cry(w[2]) r[0], q[2];
  rzz(sin(x[3])) q[2], q[3];
  rx(w[3]) r[1];
  cx r[1], q[3];
  loss = 1 - expval(Z, q[1]) * 0.5 - expval(Z, q[3]) * 0.25;
  output z = expval(Z, q);
  output p = probabilities(r);
}
"""

# Inputs compared by compare()'s vector-Jacobian products, over the tests.
INPUTS_COMPARED = [0]


def compare_vjp(m, theta, x, rng, grad_outputs=None):
    """The exact parameter-shift vector-Jacobian product against the
    adjoint's, parameters and inputs; returns the inputs compared."""
    batch = next(iter(x.values())).shape[0]
    if grad_outputs is None:
        grad_outputs = {"loss": rng.normal(size=batch)}
    d0, i0 = m.vjp(theta, x, grad_outputs, seed=5)
    d1, i1 = m.vjp(theta, x, grad_outputs, seed=5, method="parameter-shift")
    scale = max(1.0, float(np.max(np.abs(d0))),
                max(float(np.max(np.abs(v))) for v in i0.values()))
    np.testing.assert_allclose(d1, d0, rtol=0, atol=1e-10 * scale)
    if m.param_shift_input_refusal is not None:
        assert i1 == {}
        return 0
    for name in i0:
        np.testing.assert_allclose(i1[name], i0[name], rtol=0, atol=1e-10 * scale,
                                   err_msg=f"d/d{name}: parameter shift vs adjoint")
    return sum(v.size for v in i0.values())


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
    INPUTS_COMPARED[0] += compare_vjp(m, theta, x, rng)
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
    before = INPUTS_COMPARED[0]
    compared = sum(compare(p, seed=i) for i, p in enumerate(paths))
    assert compared > 100
    assert INPUTS_COMPARED[0] - before > 20  # models whose inputs parameter shift reaches


def test_input_gradients_equal_the_adjoint():
    # Angle encoders of masked data (the token's share too), of arithmetic on
    # inputs, and inputs in gate angles.
    m = masq.compile(INPUTS, param_shift=True)
    assert m.param_shift_input_refusal is None
    rng = np.random.default_rng(4)
    theta = m.init_params(4)
    b = 5
    x = {"x": rng.uniform(0, np.pi, (b, 4)), "y": rng.uniform(0, 1, (b, 2))}
    g = {"z": rng.normal(size=(b, 4)), "p": rng.normal(size=(b, 4)),
         "loss": rng.normal(size=b)}
    assert compare_vjp(m, theta, x, rng, g) == b * 6
    # The token is an angle of the encoder where a pixel is hidden.
    _, dt = m.gradient(theta, x, method="parameter-shift", seed=5)
    assert m.params_dict(dt)["tok"][0] != 0


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
    d0, i0 = head.vjp(theta, x, g)
    d1, i1 = head.vjp(theta, x, g, shots=2_000_000, shot_seed=1)
    # 2e6 shots: sd of each <Z> about 7e-4; 32 parameters, 4 samples.
    assert np.max(np.abs(d1 - d0)) < 0.05 * max(1.0, np.max(np.abs(d0)))
    assert np.max(np.abs(i1["feature"] - i0["feature"])) < 0.02
    # With few shots the input gradient is noisy but unbiased.
    seeds = 200
    est = np.array([head.vjp(theta, x, g, shots=100, shot_seed=s)[1]["feature"]
                    for s in range(seeds)])
    assert np.all(est.std(axis=0) > 0)
    se = est.std(axis=0, ddof=1) / np.sqrt(seeds)
    assert np.all(np.abs(est.mean(axis=0) - i0["feature"]) <= 5 * se)
    # The layer trains with shots: backward runs parameter shift.
    layer = masq.torch.QuantumLayer(head, init_seed=2, shots=1000, shot_seed=3)
    xt = torch.rand(8, 8, dtype=torch.float64)
    loss = layer(xt).sum()
    loss.backward()
    assert layer.theta.grad is not None and torch.all(torch.isfinite(layer.theta.grad))
    assert layer.theta.grad.abs().sum() > 0
    # ... and to its input, so a backbone before it trains.
    xr = xt.clone().requires_grad_(True)
    layer(xr).sum().backward()
    assert xr.grad is not None and xr.grad.abs().sum() > 0
    # A model whose inputs parameter shift cannot reach says where.
    qae = masq.compile(os.path.join(EXAMPLES, "qae.masq"), param_shift=True)
    assert re.search(r"qae\.masq:\d+:\d+: parameter shift cannot differentiate",
                     qae.param_shift_input_refusal)
    qlayer = masq.torch.QuantumLayer(qae, output="loss", shots=100)
    xin = torch.rand(2, qlayer.in_features, dtype=torch.float64) + 0.1
    with pytest.raises(RuntimeError, match=r"qae\.masq:\d+:\d+"):
        qlayer(xin.requires_grad_(True))
    qlayer(xin.detach()).sum().backward()  # its parameters still train
    assert torch.all(torch.isfinite(qlayer.theta.grad))
    # Its recon = sqrt(probabilities) has probabilities that are 0 with 100
    # shots: the product with a zero upstream gradient is 0, not NaN, and
    # equals the loss gradient on the same streams.
    th = qae.init_params(0)
    xq = {"image": rng.uniform(0.1, 1.1, size=(2, 64))}
    _, dl = qae.gradient(th, xq, method="parameter-shift", shots=100, shot_seed=4)
    dv, _ = qae.vjp(th, xq, {"loss": np.ones(2)}, shots=100, shot_seed=4)
    np.testing.assert_allclose(dv, dl, rtol=0, atol=1e-12)
