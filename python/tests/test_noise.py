"""Noise channels in the language, simulated by quantum trajectories in
compiled code, against a density-matrix evaluator written here in numpy
(it shares no code with masq: its gates and Kraus operators are spelled out
below from PennyLane's definitions).

- the mean over trajectories lies within 5 standard errors of the density
  matrix's value, on a circuit where the noise moves that value by more than
  10 standard errors;
- parameter-shift gradients of the noisy model (the only gradient it has)
  agree with central differences of the density matrix statistically;
- reproducible per seed, independent of the thread count;
- bad channels are refused with located errors, and a noisy model without
  trajectories or with the adjoint method says why.
"""
import numpy as np
import pytest

import masq

SOURCE = """
model noisy {
  input  x : real[2];
  param  w : real[3] ~ uniform(0, 2*pi);
  qubits q[2];
  encode angle(x, axis = Y) -> q;
  ry(w[0]) q[0];
  depolarize(0.1) q[0];
  crx(w[1]) q[0], q[1];
  amplitude_damp(0.2) q[1];
  depolarize2(0.05) q[0], q[1];
  rz(w[2]) q[1];
  phase_damp(0.15) q;
  bit_flip(0.05) q[0];
  phase_flip(0.1) q[1];
  ry(w[2]) q[1];
  loss = 1 - expval(Z, q[1]);
  output z = expval(Z, q);
}
"""
CLEAN = "\n".join(line for line in SOURCE.splitlines()
                  if not any(c in line for c in ("depolarize", "damp", "flip")))

# --- the density-matrix evaluator ---------------------------------------------
I2 = np.eye(2, dtype=complex)
X = np.array([[0, 1], [1, 0]], dtype=complex)
Y = np.array([[0, -1j], [1j, 0]])
Z = np.diag([1.0 + 0j, -1.0])
P0, P1 = np.diag([1.0 + 0j, 0]), np.diag([0j, 1.0])


def ry(t):
    c, s = np.cos(t / 2), np.sin(t / 2)
    return np.array([[c, -s], [s, c]], dtype=complex)


def rx(t):
    c, s = np.cos(t / 2), np.sin(t / 2)
    return np.array([[c, -1j * s], [-1j * s, c]])


def rz(t):
    return np.diag([np.exp(-0.5j * t), np.exp(0.5j * t)])


def on(op, q):
    """A one-qubit operator on qubit q of 2 (qubit q is bit q of the index:
    the kron's first factor is qubit 1)."""
    return np.kron(op, I2) if q == 1 else np.kron(I2, op)


def two(a, b):
    """a on qubit 0, b on qubit 1."""
    return np.kron(b, a)


def channel(rho, kraus):
    return sum(k @ rho @ k.conj().T for k in kraus)


def depolarize(p, q):
    return [on(np.sqrt(1 - p) * I2, q)] + [on(np.sqrt(p / 3) * m, q) for m in (X, Y, Z)]


def depolarize2(p):
    paulis = [I2, X, Y, Z]
    out = [np.sqrt(1 - p) * two(I2, I2)]
    for a in range(4):
        for b in range(4):
            if a or b:
                out.append(np.sqrt(p / 15) * two(paulis[a], paulis[b]))
    return out


def amplitude_damp(g, q):
    return [on(np.array([[1, 0], [0, np.sqrt(1 - g)]], dtype=complex), q),
            on(np.array([[0, np.sqrt(g)], [0, 0]], dtype=complex), q)]


def phase_damp(g, q):
    return [on(np.array([[1, 0], [0, np.sqrt(1 - g)]], dtype=complex), q),
            on(np.array([[0, 0], [0, np.sqrt(g)]], dtype=complex), q)]


def flip(p, m, q):
    return [on(np.sqrt(1 - p) * I2, q), on(np.sqrt(p) * m, q)]


def reference(w, x, noise=True):
    """(<Z0>, <Z1>) of the model on the density matrix."""
    rho = np.zeros((4, 4), dtype=complex)
    rho[0, 0] = 1
    u = lambda m: m @ rho @ m.conj().T  # noqa: E731
    rho = u(on(ry(x[0]), 0) @ on(ry(x[1]), 1))
    rho = u(on(ry(w[0]), 0))
    if noise:
        rho = channel(rho, depolarize(0.1, 0))
    rho = u(two(P0, I2) + two(P1, rx(w[1])))  # crx: control q0, target q1
    if noise:
        rho = channel(rho, amplitude_damp(0.2, 1))
        rho = channel(rho, depolarize2(0.05))
    rho = u(on(rz(w[2]), 1))
    if noise:
        rho = channel(channel(rho, phase_damp(0.15, 0)), phase_damp(0.15, 1))
        rho = channel(rho, flip(0.05, X, 0))
        rho = channel(rho, flip(0.1, Z, 1))
    rho = u(on(ry(w[2]), 1))
    assert abs(np.trace(rho) - 1) < 1e-12
    return np.array([np.trace(on(Z, q) @ rho).real for q in (0, 1)])


@pytest.fixture(scope="module")
def model():
    return masq.compile(SOURCE)


W = np.array([0.7, 2.1, -0.4])
X0 = np.array([0.3, 0.7])


def test_trajectories_match_the_density_matrix(model):
    exact = reference(W, X0)
    clean = reference(W, X0, noise=False)
    assert np.allclose(masq.compile(CLEAN).forward(W, {"x": X0[None]})["z"][0], clean,
                       atol=1e-12)
    seeds, T = 20, 1000
    est = np.array([model.forward(W, {"x": X0[None]}, trajectories=T, shot_seed=s)["z"][0]
                    for s in range(seeds)])
    se = est.std(axis=0, ddof=1) / np.sqrt(seeds)
    assert np.all(np.abs(est.mean(axis=0) - exact) <= 5 * se), (est.mean(axis=0), exact, se)
    assert np.all(np.abs(clean - exact) > 10 * se)  # the noise matters here
    # The loss is computed from the means: 1 - <Z1>.
    out = model.forward(W, {"x": X0[None]}, trajectories=T, shot_seed=3)
    assert out["loss"][0] == pytest.approx(1 - out["z"][0][1], abs=1e-12)


def test_reproducible_and_thread_independent(model):
    x = {"x": np.array([[0.3, 0.7], [0.1, 0.2], [0.9, 0.4]])}
    a = model.forward(W, x, trajectories=200, shot_seed=5, threads=1)["z"]
    b = model.forward(W, x, trajectories=200, shot_seed=5, threads=2)["z"]
    c = model.forward(W, x, trajectories=200, shot_seed=6, threads=2)["z"]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_parameter_shift_gradient_of_the_noisy_model(model):
    h = 1e-5
    ref = np.array([(1 - reference(W + h * e, X0)[1] - (1 - reference(W - h * e, X0)[1])) / (2 * h)
                    for e in np.eye(3)])
    seeds, T = 20, 300
    est = np.array([model.gradient(W, {"x": X0[None]}, method="parameter-shift",
                                   trajectories=T, shot_seed=s)[1] for s in range(seeds)])
    se = est.std(axis=0, ddof=1) / np.sqrt(seeds)
    assert np.all(np.abs(est.mean(axis=0) - ref) <= 5 * se + 1e-9), (est.mean(axis=0), ref, se)
    with pytest.raises(ValueError, match="noise channels: the adjoint method"):
        model.gradient(W, {"x": X0[None]})


def test_exact_density_matrix(model):
    """Without trajectories a noisy model runs on the exact density matrix:
    the values are the reference's, and so is the parameter-shift
    gradient (exact, each shifted circuit on the density matrix)."""
    out = model.forward(W, {"x": X0[None]})
    np.testing.assert_allclose(out["z"][0], reference(W, X0), rtol=0, atol=1e-12)
    assert out["loss"][0] == pytest.approx(1 - reference(W, X0)[1], abs=1e-12)
    h = 1e-5
    ref = np.array([(reference(W - h * e, X0)[1] - reference(W + h * e, X0)[1]) / (2 * h)
                    for e in np.eye(3)])
    _, g = model.gradient(W, {"x": X0[None]}, method="parameter-shift")
    np.testing.assert_allclose(g, ref, rtol=0, atol=1e-8)
    _, fd = model.gradient(W, {"x": X0[None]}, method="finite-diff")
    np.testing.assert_allclose(fd, ref, rtol=0, atol=1e-7)


def test_too_large_for_the_density_matrix():
    wide = masq.compile("""
model wide {
  param w : real[1];
  qubits q[13];
  ry(w[0]) q[0];
  depolarize(0.1) q[0];
  loss = 1 - expval(Z, q[0]);
}""")
    with pytest.raises(RuntimeError, match="13 qubits .* the exact density matrix takes at "
                                           "most 12; evaluate it with quantum trajectories"):
        wide.forward(np.array([0.3]), {})
    assert wide.forward(np.array([0.3]), {}, trajectories=10)["loss"].shape == (1,)


@pytest.mark.parametrize("body, message", [
    ("depolarize(1.5) q[0];", r"<string>:\d+:\d+: error: the probability of noise channel "
                              r"'depolarize' is 1.5, outside \[0, 1\]"),
    ("bit_flip(w[0]) q[0];", r"<string>:\d+:\d+: error: the probability of noise channel "
                             r"'bit_flip' must be a constant"),
    ("depolarize2(0.1) q[0];", r"noise channel 'depolarize2' takes 2 qubits, got 1"),
    ("phase_flip(0.1, 0.2) q[0];", r"noise channel 'phase_flip' takes one probability, got 2"),
])
def test_bad_channels(body, message):
    src = f"""
model bad {{
  param w : real[1];
  qubits q[2];
  {body}
  loss = 1 - expval(Z, q[0]);
}}"""
    with pytest.raises(masq.CompileError, match=message):
        masq.compile(src)


def test_noise_model_and_layer(tmp_path):
    """A noise model from a file (masq.compile(noise=...)): a depolarizing
    rate of p after every gate moves the values toward 0, and a layer on
    the noisy model trains by parameter shift over trajectories."""
    import os
    import torch
    import masq.torch
    from conftest import EXAMPLES
    path = tmp_path / "dev.toml"
    path.write_text("[gates]\none_qubit = { depolarize = 0.05 }\ntwo_qubit = { depolarize2 = 0.1 }\n")
    head = os.path.join(EXAMPLES, "qssl_head.masq")
    clean = masq.compile(head)
    noisy = masq.compile(head, noise=str(path))
    assert noisy.has_param_shift
    theta = clean.init_params(0)
    x = {"feature": np.random.default_rng(1).uniform(0, np.pi, size=(2, 8))}
    z0 = clean.forward(theta, x)["z"]
    z1 = noisy.forward(theta, x, trajectories=400, shot_seed=1)["z"]
    assert np.mean(np.abs(z1)) < np.mean(np.abs(z0))  # depolarizing shrinks <Z>
    layer = masq.torch.QuantumLayer(noisy, init_seed=0, trajectories=20, shot_seed=4)
    y = layer(torch.rand(4, 8, dtype=torch.float64))
    y.sum().backward()
    assert torch.all(torch.isfinite(layer.theta.grad)) and layer.theta.grad.abs().sum() > 0
    # Input gradients: the encoder's angles shifted on the exact density
    # matrix equal central differences of the exact noisy values ...
    g = {"z": np.random.default_rng(2).normal(size=(2, 8))}
    _, din = noisy.vjp(theta, x, g)
    num = np.zeros_like(x["feature"])
    for b in range(2):
        for i in range(8):
            vals = []
            for h in (1e-5, -1e-5):
                xp = x["feature"].copy()
                xp[b, i] += h
                vals.append(np.sum(noisy.forward(theta, {"feature": xp})["z"] * g["z"]))
            num[b, i] = (vals[0] - vals[1]) / 2e-5
    np.testing.assert_allclose(din["feature"], num, rtol=0, atol=1e-8)
    # ... and reach the layer's input over trajectories.
    xr = torch.rand(4, 8, dtype=torch.float64, requires_grad=True)
    layer(xr).sum().backward()
    assert torch.all(torch.isfinite(xr.grad)) and xr.grad.abs().sum() > 0
    with pytest.raises(masq.CompileError, match=r"--noise: .*dev2.toml:2:7: unknown gate 'foo'"):
        bad = tmp_path / "dev2.toml"
        bad.write_text("[gates]\nfoo = { depolarize = 0.1 }\n")
        masq.compile(head, noise=str(bad))
