"""masq.torch.QuantumLayer and the Python API: gradients (torch gradcheck
in float64, for parameters and inputs), values equal to the CLI's, a hybrid
network that learns, batch sizes, and errors on bad input."""
import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

import masq
import masq.torch
from conftest import EXAMPLES

HEAD = os.path.join(EXAMPLES, "qssl_head.masq")


@pytest.fixture(scope="module")
def head():
    return masq.compile(HEAD)


def small_head():
    return masq.compile("model small {\n input x : real[3];\n param w : real[2, 3] ~ uniform(0, 6);\n"
                        " qubits q[3];\n encode angle(x, axis = X) -> q;\n"
                        " for l in 0..2 {\n  for i in 0..3 { ry(w[l, i]) q[i]; }\n"
                        "  for i in 0..3 { crx(w[l, i] * 0.5) q[i], q[(i + 1) % 3]; }\n }\n"
                        " output z = expval(Z, q);\n}\n")


def test_description(head):
    assert [s.name for s in head.inputs] == ["feature"]
    assert head.inputs[0].shape == (8,)
    assert [(s.name, s.shape) for s in head.params] == [("w", (2, 2, 8))]
    assert [(s.name, s.shape) for s in head.outputs] == [("z", (8,))]
    assert head.num_params == 32
    assert not head.has_loss


def test_gradcheck_parameters_and_inputs():
    layer = masq.torch.QuantumLayer(small_head(), output="z", init_seed=3)
    x = torch.rand(4, 3, dtype=torch.float64, requires_grad=True)
    theta = layer.theta.detach().clone().requires_grad_(True)
    fn = masq.torch._QuantumFunction.apply
    assert torch.autograd.gradcheck(lambda a, t: fn(a, t, layer), (x, theta),
                                    eps=1e-6, atol=1e-7, rtol=1e-5)


def test_gradcheck_qssl_head(head):
    layer = masq.torch.QuantumLayer(head, init_seed=0)
    x = (torch.rand(2, 8, dtype=torch.float64) * math.pi).requires_grad_(True)
    theta = layer.theta.detach().clone().requires_grad_(True)
    fn = masq.torch._QuantumFunction.apply
    assert torch.autograd.gradcheck(lambda a, t: fn(a, t, layer), (x, theta),
                                    eps=1e-6, atol=1e-7, rtol=1e-5)


def test_values_equal_cli(head, masq_bin, tmp_path):
    theta = head.init_params(7)
    x = np.linspace(-1.0, 2.0, 8)
    params = tmp_path / "p.json"
    params.write_text(json.dumps({k: v.tolist() for k, v in head.params_dict(theta).items()}))
    out = subprocess.run([masq_bin, "run", HEAD, "--params", str(params), "--input",
                          "feature=" + ",".join(repr(float(v)) for v in x), "--json"],
                         check=True, capture_output=True, text=True).stdout
    cli = json.loads(out)["outputs"]["z"]
    mine = head.forward(theta, x[None, :])["z"][0]
    np.testing.assert_allclose(mine, cli, rtol=0, atol=1e-13)


def test_init_params_match_cli(head, masq_bin, tmp_path):
    # masq train --epochs 0 writes the initial parameters of --seed.
    theta = head.init_params(11)
    flat = np.concatenate([np.ravel(v) for v in head.params_dict(theta).values()])
    np.testing.assert_array_equal(flat, theta)
    model = tmp_path / "m.masq"
    model.write_text(open(HEAD).read().replace("output z = expval(Z, q);",
                                                "output z = expval(Z, q);\n  loss = expval(Z, q[0]);"))
    m = masq.compile(str(model))
    out = subprocess.run([masq_bin, "grad", str(model), "--input", "feature=" + ",".join(["0.1"] * 8),
                          "--seed", "11", "--json"], check=True, capture_output=True, text=True).stdout
    z = m.forward(m.init_params(11), np.full((1, 8), 0.1))["z"][0]
    np.testing.assert_allclose(z, json.loads(out)["outputs"]["z"], rtol=0, atol=1e-13)


def test_hybrid_network_learns():
    torch.manual_seed(0)
    layer = masq.torch.QuantumLayer(small_head(), init_seed=1)

    class ScaledSigmoid(torch.nn.Module):
        def forward(self, x):
            return torch.sigmoid(x) * math.pi

    net = torch.nn.Sequential(torch.nn.Linear(4, 3), ScaledSigmoid(), layer, torch.nn.Linear(3, 2))
    x = torch.randn(64, 4)
    y = (x[:, 0] > 0).long()
    opt = torch.optim.Adam(net.parameters(), lr=0.05)
    losses = []
    first_linear = net[0].weight.detach().clone()
    theta0 = layer.theta.detach().clone()
    for _ in range(25):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.8 * losses[0], losses
    # Gradients reached the backbone through the quantum layer, and its own
    # parameters.
    assert not torch.equal(first_linear, net[0].weight)
    assert not torch.equal(theta0, layer.theta)


@pytest.mark.parametrize("batch", [1, 512])
def test_batch_sizes(head, batch):
    layer = masq.torch.QuantumLayer(head)
    x = torch.rand(batch, 8, dtype=torch.float32, requires_grad=True)
    y = layer(x)
    assert y.shape == (batch, 8) and y.dtype == torch.float32
    y.sum().backward()
    assert x.grad.shape == (batch, 8)
    assert layer.theta.grad.shape == (32,)
    # Per-sample rows equal the batch-of-one results.
    one = layer(x[-1:].detach())
    torch.testing.assert_close(y[-1:].detach(), one, rtol=0, atol=1e-6)


def test_compile_error_is_located():
    with pytest.raises(masq.CompileError) as e:
        masq.compile("model m {\n  qubits q[2];\n  frobnicate q[0];\n}\n")
    msg = str(e.value)
    assert "<string>:3:3" in msg
    assert "^" in msg


def test_compile_error_file(tmp_path):
    bad = tmp_path / "bad.masq"
    bad.write_text("model m {\n  qubits q[1];\n  rx(zz) q[0];\n}\n")
    with pytest.raises(masq.CompileError, match=r"bad\.masq:3:"):
        masq.compile(str(bad))
    with pytest.raises(masq.CompileError, match="cannot read"):
        masq.compile(str(tmp_path / "missing.masq"))


def test_bad_inputs(head):
    theta = head.init_params(0)
    with pytest.raises(ValueError, match=r"inputs\['feature'\]: expected shape \[B, 8\]"):
        head.forward(theta, np.zeros((2, 7)))
    with pytest.raises(ValueError, match="NaN"):
        head.forward(theta, np.full((1, 8), np.nan))
    with pytest.raises(ValueError, match="theta: expected 32 values"):
        head.forward(theta[:5], np.zeros((1, 8)))
    with pytest.raises(ValueError, match="unknown output 'y'"):
        head.vjp(theta, np.zeros((1, 8)), {"y": np.zeros((1, 8))})
    with pytest.raises(ValueError, match=r"grad_outputs\['z'\]: expected shape \[1, 8\]"):
        head.vjp(theta, np.zeros((1, 8)), {"z": np.zeros((1, 3))})
    with pytest.raises(ValueError, match="unknown output 'nope'"):
        masq.torch.QuantumLayer(head, output="nope")
    layer = masq.torch.QuantumLayer(head)
    with pytest.raises(ValueError, match=r"x: expected shape \[B, 8\]"):
        layer(torch.zeros(3, 5))


def test_set_overrides_let():
    src = "hyper n = 2;\nmodel m {\n input x : real[n];\n qubits q[n];\n encode angle(x, axis = Y) -> q;\n output z = expval(Z, q);\n}\n"
    assert masq.compile(src).inputs[0].shape == (2,)
    assert masq.compile(src, set={"n": 3}).inputs[0].shape == (3,)


def test_example_hybrid_digits():
    # examples/python/hybrid_digits.py: the hybrid classifier learns digits.
    out = subprocess.run([sys.executable, os.path.join(EXAMPLES, "python", "hybrid_digits.py"),
                          "--epochs", "3"], check=True, capture_output=True, text=True).stdout
    last = out.strip().splitlines()[-1]
    accuracy = float(last.split("test accuracy ")[1].split()[0])
    assert accuracy > 0.8, out


def test_threads(head):
    theta = head.init_params(2)
    x = np.random.default_rng(0).random((300, 8))
    g = {"z": np.random.default_rng(1).normal(size=(300, 8))}
    v1, t1, d1 = head.vjp(theta, x, g, threads=1, return_values=True)
    v2, t2, d2 = head.vjp(theta, x, g, threads=2, return_values=True)
    np.testing.assert_array_equal(v1["z"], v2["z"])
    np.testing.assert_array_equal(d1["feature"], d2["feature"])
    np.testing.assert_allclose(t1, t2, rtol=1e-12, atol=1e-12)
    _, t2b, _ = head.vjp(theta, x, g, threads=2, return_values=True)
    np.testing.assert_array_equal(t2, t2b)
    with pytest.raises(ValueError, match="threads"):
        head.forward(theta, x, threads=-1)
