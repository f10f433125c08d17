"""precision="single" (issue 24): a model compiled for complex64 states
gives the double model's values, gradients and vector-Jacobian products to
1e-5; its QuantumLayer is float32 and trains; bad values and the
combinations the runtime does not support are refused."""
import os

import numpy as np
import pytest
import torch

import masq
import masq.torch
from conftest import EXAMPLES

QMAE = os.path.join(EXAMPLES, "qmae.masq")
HEAD = os.path.join(EXAMPLES, "qssl_head.masq")


def pair(path, **kw):
    return (masq.compile(path, precision="double", **kw),
            masq.compile(path, precision="single", **kw))


def test_qmae_loss_and_gradient_match_double():
    d, s = pair(QMAE)
    assert (d.precision, s.precision) == ("double", "single")
    rng = np.random.default_rng(1)
    theta = d.init_params(0)
    x = rng.random((3, 64))
    ld, gd = d.gradient(theta, {"image": x}, seed=2)
    ls, gs = s.gradient(theta, {"image": x}, seed=2)
    assert np.max(np.abs(ls - ld)) < 1e-6
    assert np.max(np.abs(gs - gd)) < 1e-5 * max(1.0, np.max(np.abs(gd)))
    # Not the same numbers: the single model really rounds its states.
    assert np.max(np.abs(ls - ld)) > 0


def test_vjp_matches_double_on_a_large_state():
    # 16 qubits: the runtime's kernels, split across threads.
    src = ("hyper n = 16;\nmodel wide {\n input x : real[n];\n param w : real[2, n] ~ uniform(0, 6);\n"
           " qubits q[n];\n encode angle(x, axis = Y) -> q;\n"
           " for l in 0..2 {\n  for i in 0..n { rx(w[l, i]) q[i]; }\n"
           "  for i in 0..n-1 { cx q[i], q[i + 1]; }\n }\n"
           " output z = expval(Z, q[0..4]);\n}\n")
    d, s = masq.compile(src), masq.compile(src, precision="single")
    theta = d.init_params(3)
    x = {"x": np.random.default_rng(0).random((2, 16))}
    g = np.random.default_rng(1).standard_normal((2, 4))
    vd = d.vjp(theta, x, {"z": g}, return_values=True)
    vs = s.vjp(theta, x, {"z": g}, return_values=True)
    assert np.max(np.abs(vs[0]["z"] - vd[0]["z"])) < 1e-5
    assert np.max(np.abs(vs[1] - vd[1])) < 1e-5 * max(1.0, np.max(np.abs(vd[1])))
    assert np.max(np.abs(vs[2]["x"] - vd[2]["x"])) < 1e-5 * max(1.0, np.max(np.abs(vd[2]["x"])))


def test_layer_is_float32_and_learns():
    model = masq.compile(HEAD, precision="single")
    torch.manual_seed(0)
    layer = masq.torch.QuantumLayer(model, init_seed=1)
    assert layer.theta.dtype == torch.float32
    x = torch.rand(8, 8) * 3
    y = layer(x)
    assert y.dtype == torch.float32 and y.shape == (8, 8)
    target = torch.zeros(8, 8)
    opt = torch.optim.Adam(layer.parameters(), lr=0.1)
    first = None
    for _ in range(15):
        opt.zero_grad()
        loss = ((layer(x) - target) ** 2).mean()
        loss.backward()
        opt.step()
        first = first if first is not None else loss.item()
    assert loss.item() < 0.8 * first
    # The same layer over the double model gives the same values.
    ref = masq.torch.QuantumLayer(masq.compile(HEAD), init_seed=1)
    with torch.no_grad():
        ref.theta.copy_(layer.theta.double())
        assert torch.max(torch.abs(ref(x.double()) - layer(x).double())) < 1e-5


def test_refusals():
    with pytest.raises(ValueError, match="'double' or 'single'"):
        masq.compile(HEAD, precision="half")
    with pytest.raises(ValueError, match="complex128 only"):
        masq.compile(HEAD, precision="single", distributed=True)
    noisy = os.path.join(os.path.dirname(EXAMPLES), "test", "Compile", "Inputs", "noisy.masq")
    with pytest.raises(masq.CompileError, match=r"noisy.masq:7:3: error: noise channels"):
        masq.compile(noisy, precision="single")
