"""Pauli strings and Hamiltonians through the Python API and torch: the
gradient with respect to parameters (a learnable coefficient among them) and
inputs against torch's gradcheck, parameter shift equal to the adjoint, and
readout noise in the measured basis against the density matrix written here
in numpy (test/Compile/pauli.test checks values, shots and OpenQASM)."""
import numpy as np
import pytest
import torch

import masq
import masq.torch

SOURCE = """
model ham {
  input x : real[3];
  param w : real[2, 3] ~ uniform(-2, 2);
  param g : real[2] ~ uniform(0.2, 1);
  qubits q[3];
  encode angle(x, axis = X) -> q;
  for i in 0..3 { ry(w[0, i]) q[i]; }
  cx q[0], q[1];
  crz(w[1, 0]) q[1], q[2];
  for i in 0..3 { rx(w[1, i] * 0.7) q[i]; }
  output e = expval(g[0] * X(q[0]) * Y(q[1]) + g[1] * Z(q[1]) * X(q[2]) - 0.5 * Y(q));
  output ys = expval(Y, q);
  loss = expval(0.25 * X(q) + sin(x[0]) * Z(q[0]) * Y(q[2]));
}
"""


@pytest.fixture(scope="module")
def model():
    return masq.compile(SOURCE, param_shift=True)


def test_gradcheck_parameters_coefficients_and_inputs(model):
    layer = masq.torch.QuantumLayer(model, output="e", init_seed=2)
    x = torch.rand(3, 3, dtype=torch.float64, requires_grad=True)
    theta = layer.theta.detach().clone().requires_grad_(True)
    fn = masq.torch._QuantumFunction.apply
    assert torch.autograd.gradcheck(lambda a, t: fn(a, t, layer), (x, theta),
                                    eps=1e-6, atol=1e-7, rtol=1e-5)


def test_parameter_shift_equals_the_adjoint(model):
    rng = np.random.default_rng(3)
    theta = model.init_params(3)
    x = {"x": rng.uniform(-1, 1, (4, 3))}
    l0, g0 = model.gradient(theta, x)
    l1, g1 = model.gradient(theta, x, method="parameter-shift")
    np.testing.assert_allclose(l1, l0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(g1, g0, rtol=0, atol=1e-10)
    # The loss's coefficient sin(x[0]) is an input: its gradient flows too.
    gout = {"loss": np.ones(4), "e": rng.normal(size=4), "ys": rng.normal(size=(4, 3))}
    d0, i0 = model.vjp(theta, x, gout)
    d1, i1 = model.vjp(theta, x, gout, method="parameter-shift")
    np.testing.assert_allclose(d1, d0, rtol=0, atol=1e-10)
    np.testing.assert_allclose(i1["x"], i0["x"], rtol=0, atol=1e-10)


def test_readout_noise_in_the_measured_basis(tmp_path):
    """A readout error flips the outcome of the X, Y or Z measurement:
    <P> shrinks by (1 - 2p) on each read qubit, whatever the basis."""
    noise = tmp_path / "readout.toml"
    noise.write_text("[readout]\np = 0.1\n")
    src = """
model r {
  param w : real[2] ~ uniform(0, 1);
  qubits q[3];
  ry(w[0]) q[0];
  rx(w[1]) q[1];
  cx q[0], q[1];
  s q[1];
  ry(w[1]) q[2];
  output e = expval(X(q[0]) * Y(q[1]));
  output z = expval(Z(q[2]));
}"""
    clean = masq.compile(src)
    noisy = masq.compile(src, noise=str(noise))
    theta = np.array([0.7, 1.9])
    a = clean.forward(theta, {})
    b = noisy.forward(theta, {})
    assert abs(a["e"][0]) > 0.1
    np.testing.assert_allclose(b["e"][0], a["e"][0] * 0.8 ** 2, rtol=0, atol=1e-12)
    np.testing.assert_allclose(b["z"][0], a["z"][0] * 0.8, rtol=0, atol=1e-12)


def test_qubit_read_in_two_bases_with_readout_noise_is_refused(tmp_path):
    noise = tmp_path / "readout.toml"
    noise.write_text("[readout]\np = 0.1\n")
    with pytest.raises(masq.CompileError, match=r"read in two bases \(X and Z\)"):
        masq.compile("model r {\n param w : real[1];\n qubits q[1];\n ry(w[0]) q[0];\n"
                     " loss = expval(X(q[0]) + 0.5 * Z(q[0]));\n}", noise=str(noise))


def test_errors_are_located():
    with pytest.raises(masq.CompileError, match=r"<string>:5:\d+: error: q\[0\] appears twice"):
        masq.compile("model r {\n param w : real[1];\n qubits q[2];\n ry(w[0]) q[0];\n"
                     " loss = expval(X(q[0]) * Z(q[0]));\n}")


def test_data_reuploading_gradients():
    """Inputs in the rotations of every layer (docs/language.md): gradcheck
    of parameters and inputs through the layer, and parameter shift equal
    to the adjoint."""
    import os
    path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "Compile", "Inputs",
                        "reupload.masq")
    m = masq.compile(path, param_shift=True)
    layer = masq.torch.QuantumLayer(m, output="z", init_seed=1)
    x = torch.rand(3, 2, dtype=torch.float64, requires_grad=True)
    theta = layer.theta.detach().clone().requires_grad_(True)
    fn = masq.torch._QuantumFunction.apply
    assert torch.autograd.gradcheck(lambda a, t: fn(a, t, layer), (x, theta),
                                    eps=1e-6, atol=1e-7, rtol=1e-5)
    rng = np.random.default_rng(0)
    xs = {"x": rng.uniform(-1, 1, (3, 2))}
    gout = {"loss": np.ones(3), "z": rng.normal(size=(3, 2))}
    d0, i0 = m.vjp(m.init_params(1), xs, gout)
    d1, i1 = m.vjp(m.init_params(1), xs, gout, method="parameter-shift")
    np.testing.assert_allclose(d1, d0, rtol=0, atol=1e-10)
    np.testing.assert_allclose(i1["x"], i0["x"], rtol=0, atol=1e-10)
