"""The compiled vector-Jacobian product (Model.vjp) against central
differences of the compiled forward pass, on random models: the test
generators of the compiler (test/Compile/random_model.py: every gate kind,
shared parameters, resets; fuzz_model.py: masked and computed data, every
observable, classical arithmetic over them). Every value of the model gets
a random upstream gradient, so one check covers the loss and every output,
dL/dtheta (summed over a batch of two) and dL/dinputs (per sample)."""
import os
import subprocess
import zlib

import numpy as np
import pytest

import masq
from conftest import generator

H = 1e-5


def weighted(m, theta, inputs, g):
    values = m.forward(theta, inputs)
    return sum(float(np.sum(g[k] * values[k])) for k in g)


def central(f, x, i):
    """Central difference of f along coordinate i with steps H and H/2; None
    where the two disagree (a kink of abs, %, or a branch of the model)."""
    def cd(h):
        xp, xm = x.copy(), x.copy()
        xp.flat[i] += h
        xm.flat[i] -= h
        return (f(xp) - f(xm)) / (2 * h)
    a, b = cd(H), cd(H / 2)
    if abs(a - b) > 1e-6 * max(1.0, abs(a)):
        return None
    return b


def random_inputs(m, rng, batch=2):
    return {s.name: rng.normal(size=(batch,) + s.shape) + 0.1 for s in m.inputs}


def finite(m, theta, inputs):
    return all(np.all(np.isfinite(v)) for v in m.forward(theta, inputs).values())


def check_model(path, x0=None):
    """Checks one model at a point where every value is finite (the
    generator's own input x0 when given, else random ones); returns the
    number of coordinates compared."""
    m = masq.compile(path)
    rng = np.random.default_rng(zlib.crc32(os.path.basename(path).encode()))
    theta = m.init_params(1) if m.num_params else np.zeros(0)
    tries = []
    if x0 is not None and len(m.inputs) == 1:
        x0 = np.asarray(x0, dtype=np.float64).reshape(m.inputs[0].shape)
        tries.append({m.inputs[0].name: np.stack([x0, 0.9 * x0 + 0.01])})
    tries += [random_inputs(m, rng) for _ in range(5)]
    inputs = next((t for t in tries if finite(m, theta, t)), None)
    if inputs is None:
        return 0  # a model whose values are NaN wherever we look (log of < 0, ...)
    names = (["loss"] if m.has_loss else []) + [s.name for s in m.outputs]
    shapes = {"loss": ()} | {s.name: s.shape for s in m.outputs}
    g = {k: rng.normal(size=(2,) + shapes[k]) for k in names}
    dtheta, dinputs = m.vjp(theta, inputs, g)
    checked = 0
    for i in range(m.num_params):
        ref = central(lambda t: weighted(m, t, inputs, g), theta, i)
        if ref is None:
            continue
        assert dtheta[i] == pytest.approx(ref, rel=1e-5, abs=1e-6), \
            f"{path}: dL/dtheta[{i}] = {dtheta[i]}, central differences {ref}"
        checked += 1
    for s in m.inputs:
        x = inputs[s.name]
        for i in range(x.size):
            def f(v, name=s.name):
                return weighted(m, theta, {**inputs, name: v}, g)
            ref = central(f, x, i)
            if ref is None:
                continue
            got = dinputs[s.name].flat[i]
            assert got == pytest.approx(ref, rel=1e-5, abs=1e-6), \
                f"{path}: dL/d{s.name}.flat[{i}] = {got}, central differences {ref}"
            checked += 1
    return checked


@pytest.mark.parametrize("seed", range(20))
def test_random_model(tmp_path, seed):
    path = str(tmp_path / f"random{seed}.masq")
    subprocess.run(generator("random_model.py") + [str(seed), path], check=True)
    assert check_model(path) > 0


def test_fuzz_models(tmp_path):
    out = subprocess.run(generator("fuzz_model.py") + ["1", "40", str(tmp_path)],
                         check=True, capture_output=True, text=True).stdout
    models = [line.split("\t") for line in out.splitlines() if line.strip()]
    assert len(models) == 40
    checked = 0
    for path, _, x0 in models:
        checked += check_model(path, [float(v) for v in x0.split(",")] if x0 else None)
    assert checked > 400


def test_input_gradient_of_angle_encoding():
    # <Z> of RY(x)|0> is cos x: d/dx = -sin x, for each sample of the batch.
    m = masq.compile("model m {\n input x : real[1];\n qubits q[1];\n"
                     " encode angle(x, axis = Y) -> q;\n output z = expval(Z, q[0]);\n}\n")
    x = np.array([[0.3], [1.1], [-2.0]])
    values, dtheta, dx = m.vjp(np.zeros(0), x, {"z": np.ones((3,))}, return_values=True)
    np.testing.assert_allclose(values["z"], np.cos(x[:, 0]), atol=1e-14)
    np.testing.assert_allclose(dx["x"][:, 0], -np.sin(x[:, 0]), atol=1e-14)
    assert dtheta.shape == (0,)


def test_fidelity_reference_gradient():
    # F = <r|psi>^2 for psi = amplitude(y), r = x/|x|; dF/dx through the
    # normalisation, checked against the closed form.
    m = masq.compile("model m {\n input x : real[2];\n input y : real[2];\n qubits q[1];\n"
                     " encode amplitude(y) -> q;\n output f = fidelity(q, amplitude(x));\n}\n")
    x, y = np.array([[0.6, 1.7]]), np.array([[1.0, 0.4]])
    _, d = m.vjp(np.zeros(0), {"x": x, "y": y}, {"f": np.ones((1,))})
    r, p = x[0] / np.linalg.norm(x[0]), y[0] / np.linalg.norm(y[0])
    a = r @ p
    dr = 2 * a * p
    dx = (dr - r * (r @ dr)) / np.linalg.norm(x[0])
    dy = (2 * a * r - p * (2 * a * a)) / np.linalg.norm(y[0])
    np.testing.assert_allclose(d["x"][0], dx, atol=1e-12)
    np.testing.assert_allclose(d["y"][0], dy, atol=1e-12)
