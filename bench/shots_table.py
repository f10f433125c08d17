#!/usr/bin/env python3
"""What finite shots do to the two reference models (docs/noise.md's table).

QMAE (examples/qmae.masq): trained exactly (`masq train`, digits, EPOCHS
epochs), then its fidelity with the clean image (a SWAP test on hardware)
on 300 digits images (1000-1299) exactly and estimated from 100 and 1,000
shots per circuit (`masq run --shots N --shot-seed S`).
QSSL head (examples/qssl_head.masq) in the hybrid digits classifier of
examples/python/hybrid_digits.py: trained exactly with PyTorch, then its
test accuracy with the head evaluated exactly and with 100 and 1,000 shots
(QuantumLayer(shots=N)); and, with the first layer frozen (parameter
shift does not differentiate the head's inputs), trained exactly and with
100 shots (parameter-shift gradients), evaluated the same way.
Noise: a depolarizing model at p = 1e-3 and 1e-2 (depolarize(p) after
every one-qubit gate, depolarize2(p) after every two-qubit gate: masq
--noise), evaluated exactly on the trained parameters as the mean over
TRAJ trajectories per sample.
Each shot or noise row: mean and sd over 5 seeds.

  /usr/bin/python3 bench/shots_table.py [MASQ] [EPOCHS] [TRAJ]

TRAJ = 0 evaluates the noise rows exactly on the density matrix instead
(one value each; about 15 minutes on 2 cores).
"""
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np
import torch
from sklearn.datasets import load_digits

import masq
import masq.torch

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
masq_bin = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "tools", "masq", "masq")
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
trajectories = int(sys.argv[3]) if len(sys.argv) > 3 else 100
seeds = range(5)


def stats(xs):
    return f"{statistics.mean(xs):.4f} +- {statistics.stdev(xs):.4f}" if len(xs) > 1 else f"{xs[0]:.4f}"


# --- QMAE ---------------------------------------------------------------------
out = tempfile.mkdtemp(prefix="masq-shots-")
subprocess.run([masq_bin, "train", os.path.join(root, "examples", "qmae.masq"), "--data", "digits",
                "--epochs", str(epochs), "--out", out], check=True, capture_output=True)


def noise_file(p):
    path = os.path.join(out, f"depolarizing-{p:g}.toml")
    with open(path, "w") as f:
        f.write(f"[gates]\none_qubit = {{ depolarize = {p} }}\ntwo_qubit = {{ depolarize2 = {p} }}\n")
    return path


def qmae_fidelity(shots=None, seed=0, noise=None):
    cmd = [masq_bin, "run", os.path.join(root, "examples", "qmae.masq"), "--data", "digits",
           "--sample", "1000", "--count", "300", "--params", os.path.join(out, "params.json"),
           "--json"]
    if shots:
        cmd += ["--shots", str(shots), "--shot-seed", str(seed)]
    if noise:
        cmd += ["--noise", noise_file(noise)]
        if trajectories:
            cmd += ["--trajectories", str(trajectories), "--shot-seed", str(seed)]
    r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    if shots:
        return statistics.mean(r["shots"]["estimates"]["fid"]["value"])
    return statistics.mean(v[0] if isinstance(v, list) else v for v in r["outputs"]["fid"])


print(f"QMAE, {epochs} epochs exact, mean fidelity on digits 1000-1299")
print(f"  exact      {qmae_fidelity():.4f}")
for n in (100, 1000):
    print(f"  {n:5d} shots {stats([qmae_fidelity(n, s) for s in seeds])}")
how = f"{trajectories} trajectories" if trajectories else "density matrix"
for p in (1e-3, 1e-2):
    print(f"  depolarizing {p:g} ({how}) "
          f"{stats([qmae_fidelity(None, s, p) for s in (seeds if trajectories else [0])])}")

# --- QSSL head in the hybrid classifier ---------------------------------------
digits = load_digits()
x = torch.tensor(digits.data / 16.0, dtype=torch.float64)
y = torch.tensor(digits.target)


class Angles(torch.nn.Module):
    def forward(self, v):
        return torch.sigmoid(v) * math.pi


def train_hybrid(shots, freeze, epochs=6):
    torch.manual_seed(0)
    perm = torch.randperm(len(x))
    train, test = perm[:1400], perm[1400:]
    head = masq.compile(os.path.join(root, "examples", "qssl_head.masq"), param_shift=True)
    layer = masq.torch.QuantumLayer(head, output="z", init_seed=0, shots=shots, shot_seed=11)
    net = torch.nn.Sequential(torch.nn.Linear(64, 8), Angles(), layer,
                              torch.nn.Linear(8, 10)).double()
    opt = torch.optim.Adam(net.parameters(), lr=0.03)
    for _ in range(epochs):
        order = train[torch.randperm(len(train))]
        for i in range(0, len(order), 64):
            idx = order[i:i + 64]
            opt.zero_grad()
            # With shots the head's input is detached: input gradients are
            # not computed by parameter shift, so the first layer stays
            # where it was initialised (a fixed random projection).
            h = net[1](net[0](x[idx]))
            if freeze:
                h = h.detach()
            loss = torch.nn.functional.cross_entropy(net[3](layer(h)), y[idx])
            loss.backward()
            opt.step()
    return net, layer, test


def accuracy(net, layer, test, shots, seed):
    layer.shots, layer.shot_seed, layer._calls = shots, seed, 0
    with torch.no_grad():
        return (net(x[test]).argmax(1) == y[test]).double().mean().item()


for trained, freeze in ((None, False), (None, True), (100, True)):
    net, layer, test = train_hybrid(trained, freeze)
    label = ("exact" if trained is None else f"with {trained} shots (parameter shift)") + \
        (", first layer frozen" if freeze else "")
    print(f"QSSL head in the hybrid digits classifier, trained {label}: test accuracy "
          f"({len(test)} digits)")
    print(f"  exact      {accuracy(net, layer, test, None, 0):.4f}")
    for n in (100, 1000):
        print(f"  {n:5d} shots {stats([accuracy(net, layer, test, n, s) for s in seeds])}")
    for p in (1e-3, 1e-2):
        noisy_model = masq.compile(os.path.join(root, "examples", "qssl_head.masq"),
                                   noise=noise_file(p))
        noisy = masq.torch.QuantumLayer(noisy_model, output="z",
                                        trajectories=trajectories or None)
        noisy.theta.data = layer.theta.data.clone()
        net_noisy = torch.nn.Sequential(net[0], net[1], noisy, net[3])
        accs = []
        for s in (seeds if trajectories else [0]):
            noisy.shot_seed, noisy._calls = s, 0
            with torch.no_grad():
                accs.append((net_noisy(x[test]).argmax(1) == y[test]).double().mean().item())
        print(f"  depolarizing {p:g} ({how}) {stats(accs)}")
