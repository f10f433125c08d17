"""The QSSL study's pipeline (examples/qssl/): its loss, one hybrid training
step, and the CIFAR-10 reader on files the test writes."""
import math
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from conftest import EXAMPLES

sys.path.insert(0, os.path.join(EXAMPLES, "qssl"))
import data  # noqa: E402
import nets  # noqa: E402

QSSL = os.path.join(EXAMPLES, "qssl", "qssl.py")


def test_nt_xent_by_hand():
    # Two images, two views each: rows 0, 1 are view 1; rows 2, 3 view 2.
    z = torch.tensor([[1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [0.8, 0.6, 0.0], [0.0, 0.6, 0.8]],
                     dtype=torch.float64)
    t = 0.5
    rows = z.tolist()
    total = 0.0
    for i in range(4):
        pos = (i + 2) % 4
        dots = [sum(a * b for a, b in zip(rows[i], rows[j])) / t for j in range(4)]
        denom = sum(math.exp(dots[j]) for j in range(4) if j != i)
        total += -math.log(math.exp(dots[pos]) / denom)
    expected = total / 4
    got = nets.nt_xent(z[:2], z[2:], temperature=t)
    assert float(got) == pytest.approx(expected, abs=1e-12)
    # Row 0's terms, written out: its positive is row 2 (dot 0.8), the
    # others are rows 1 (0.6) and 3 (0.0).
    r0 = -math.log(math.exp(0.8 / t) / (math.exp(0.6 / t) + math.exp(0.8 / t) + math.exp(0.0)))
    assert r0 == pytest.approx(-0.8 / t + math.log(math.exp(1.2) + math.exp(1.6) + 1.0))


@pytest.mark.parametrize("shots", [None, 100])
def test_one_step_trains_the_quantum_head_and_the_backbone(shots):
    model = nets.build("small", "quantum", width=4, seed=3, shots=shots)
    q0 = model.head.theta.detach().clone()
    b0 = [p.detach().clone() for p in model.backbone.parameters()]
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(6, 1, 32, 32, generator=gen)
    views = torch.cat([data.augment(x, gen), data.augment(x, gen)])
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    z = model(views)
    loss = nets.nt_xent(z[:6], z[6:])
    loss.backward()
    # The gradient reached the backbone through the head (parameter shift
    # on the encoder's angles with shots, the adjoint without).
    assert all(torch.isfinite(p.grad).all() for p in model.parameters() if p.grad is not None)
    assert model.head.theta.grad.abs().sum() > 0
    assert model.backbone.net[0].weight.grad.abs().sum() > 0
    opt.step()
    assert not torch.equal(model.head.theta.detach(), q0)
    moved = [not torch.equal(p.detach(), b) for p, b in zip(model.backbone.parameters(), b0)]
    assert all(moved)


def write_cifar(path, labels, seed=0):
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, size=(len(labels), 3072), dtype=np.uint8)
    rec = np.concatenate([np.array(labels, dtype=np.uint8)[:, None], pixels], axis=1)
    path.write_bytes(rec.tobytes())
    return pixels.reshape(len(labels), 3, 32, 32)


def test_cifar_reader(tmp_path):
    pixels = write_cifar(tmp_path / "data_batch_1.bin", [3, 0, 9])
    x, y = data.read_cifar10_batch(str(tmp_path / "data_batch_1.bin"))
    assert x.shape == (3, 3, 32, 32) and x.dtype == np.uint8
    assert y.tolist() == [3, 0, 9]
    np.testing.assert_array_equal(x, pixels)
    # Record 1's red plane starts right after its label byte: byte 3073 + 1.
    raw = (tmp_path / "data_batch_1.bin").read_bytes()
    assert x[1, 0, 0, 0] == raw[3073 + 1] and x[1, 2, 31, 31] == raw[2 * 3073 - 1]
    # A truncated file names the file and the record.
    (tmp_path / "short.bin").write_bytes(raw[:3073 + 100])
    with pytest.raises(data.DataError, match=r"short\.bin: record 1 is truncated \(100 of 3073"):
        data.read_cifar10_batch(str(tmp_path / "short.bin"))
    bad = bytearray(raw)
    bad[2 * 3073] = 12
    (tmp_path / "bad.bin").write_bytes(bytes(bad))
    with pytest.raises(data.DataError, match=r"bad\.bin: record 2: label 12 is not a CIFAR-10"):
        data.read_cifar10_batch(str(tmp_path / "bad.bin"))
    (tmp_path / "empty.bin").write_bytes(b"")
    with pytest.raises(data.DataError, match=r"empty\.bin: empty"):
        data.read_cifar10_batch(str(tmp_path / "empty.bin"))
    with pytest.raises(data.DataError, match=r"missing\.bin: cannot read"):
        data.read_cifar10_batch(str(tmp_path / "missing.bin"))


def test_pipeline_on_generated_cifar(tmp_path):
    # The whole run (training, probe, results, plot) on small generated
    # batches; then a truncated batch: exit 1, the file and record named.
    root = tmp_path / "cifar"
    root.mkdir()
    for i in range(1, 6):
        write_cifar(root / f"data_batch_{i}.bin", [j % 5 for j in range(8)], seed=i)
    write_cifar(root / "test_batch.bin", [j % 5 for j in range(10)], seed=9)
    env = dict(os.environ)
    cmd = [sys.executable, QSSL, "--cifar10", str(root), "--batch", "8", "--epochs", "1",
           "--train-size", "0", "--test-size", "0", "--probe-epochs", "2", "--width", "3",
           "--shots", "50", "--threads", "1", "--out", str(tmp_path / "out")]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    import json
    result = json.load(open(tmp_path / "out" / "quantum-50shots-w3-small-e1-s0.json"))
    assert result["train_images"] == 40 and result["test_images"] == 10
    assert result["steps"] == 5 and len(result["loss"]) == 5
    assert result["dataset"] == "cifar10" and 0 <= result["probe_accuracy"] <= 1
    assert (tmp_path / "out" / "quantum-50shots-w3-small-e1-s0-loss.png").stat().st_size > 0
    raw = (root / "data_batch_3.bin").read_bytes()
    (root / "data_batch_3.bin").write_bytes(raw[:5 * 3073 + 7])
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 1
    assert "data_batch_3.bin: record 5 is truncated (7 of 3073 bytes" in done.stderr


def test_augment_is_a_crop_and_flip():
    gen = torch.Generator().manual_seed(1)
    x = torch.arange(2 * 32 * 32, dtype=torch.float32).reshape(2, 1, 32, 32)
    # The full-area crop of the identity aspect, unflipped, is the image.
    same = data.augment(x, gen, scale=(1.0, 1.0), ratio=(1.0, 1.0), flip=0.0)
    torch.testing.assert_close(same, x, rtol=0, atol=1e-3)
    flipped = data.augment(x, gen, scale=(1.0, 1.0), ratio=(1.0, 1.0), flip=1.0)
    torch.testing.assert_close(flipped, x.flip(-1), rtol=0, atol=1e-3)
    views = data.augment(x, gen)
    assert views.shape == x.shape and not torch.equal(views, x)
