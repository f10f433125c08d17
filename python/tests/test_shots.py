"""Finite-shot forward passes (Model.forward(shots=N)): estimates drawn in
compiled code from each observable's exact distribution; reproducible per
seed and sample whatever the thread count; unbiased (the mean over many
seeds converges to the exact value within a statistical bound); the loss
and derived outputs computed from the estimates."""
import os

import numpy as np
import pytest

import masq
from conftest import EXAMPLES


@pytest.fixture(scope="module")
def head():
    return masq.compile(os.path.join(EXAMPLES, "qssl_head.masq"))


def test_reproducible_and_thread_independent(head):
    theta = head.init_params(0)
    x = np.random.default_rng(0).random((300, 8))
    a = head.forward(theta, x, shots=100, seed=5, threads=1)["z"]
    b = head.forward(theta, x, shots=100, seed=5, threads=2)["z"]
    c = head.forward(theta, x, shots=100, seed=6, threads=2)["z"]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    # Estimates of <Z> from 100 outcomes of +-1: multiples of 2/100.
    np.testing.assert_allclose((a + 1) * 50, np.round((a + 1) * 50), atol=1e-9)
    # A sample's stream does not depend on the rest of the batch.
    np.testing.assert_array_equal(head.forward(theta, x[:1], shots=100, seed=5)["z"], a[:1])


def test_mean_converges_to_exact(head):
    theta = head.init_params(1)
    x = np.random.default_rng(1).random((1, 8))
    exact = head.forward(theta, x)["z"][0]
    seeds, shots = 400, 100
    est = np.array([head.forward(theta, x, shots=shots, seed=s)["z"][0] for s in range(seeds)])
    sigma = np.sqrt((1 - exact ** 2) / (shots * seeds))
    assert np.all(np.abs(est.mean(0) - exact) <= 5 * sigma + 1e-12), (est.mean(0), exact, sigma)
    # And the spread is the binomial one (within 25%).
    sd = est.std(0, ddof=1)
    expect = np.sqrt((1 - exact ** 2) / shots)
    assert np.all(np.abs(sd - expect) <= 0.25 * expect + 1e-3), (sd, expect)


def test_loss_and_derived_outputs_use_estimates():
    m = masq.compile(os.path.join(EXAMPLES, "qmae.masq"))
    theta = m.init_params(0)
    x = np.random.default_rng(2).random((4, 64))
    out = m.forward(theta, x, shots=1000, seed=3)
    # loss = 1 - fidelity, both from the same SWAP-test estimate.
    np.testing.assert_allclose(out["loss"], 1 - out["fid"], atol=1e-15)
    # recon = sqrt(probabilities): the probabilities are frequencies of
    # 1000 shots summing to 1.
    p = out["recon"] ** 2
    np.testing.assert_allclose(p.sum(1), 1, atol=1e-12)
    np.testing.assert_allclose(p * 1000, np.round(p * 1000), atol=1e-6)
    exact = m.forward(theta, x)
    assert np.all(np.abs(out["fid"] - exact["fid"]) < 5 * 2 * np.sqrt(0.25 / 1000))


@pytest.mark.parametrize("bad", [0, -3, 1.5, True])
def test_bad_shots(head, bad):
    with pytest.raises(ValueError, match="shots"):
        head.forward(head.init_params(0), np.zeros((1, 8)), shots=bad)


def test_layer_with_shots_evaluates(head):
    import torch
    import masq.torch
    exact = masq.torch.QuantumLayer(head, init_seed=2)
    noisy = masq.torch.QuantumLayer(head, init_seed=2, shots=200, shot_seed=1)
    x = torch.rand(64, 8, dtype=torch.float64)
    with torch.no_grad():
        y0, y1, y2 = exact(x), noisy(x), noisy(x)
    assert not torch.equal(y1, y2)  # a new draw per call
    # Within 6 standard errors of the exact values: sd of <Z> from 200 shots.
    sd = torch.sqrt((1 - y0 ** 2) / 200)
    assert torch.all((y1 - y0).abs() <= 6 * sd + 1e-12)
    # Reproducible: the same shot_seed gives the same sequence of draws.
    again = masq.torch.QuantumLayer(head, init_seed=2, shots=200, shot_seed=1)
    with torch.no_grad():
        torch.testing.assert_close(again(x), y1, rtol=0, atol=0)
    with pytest.raises(RuntimeError, match="param_shift=True"):
        noisy(x)  # autograd on, and the model has no parameter-shift form
