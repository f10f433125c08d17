"""A hybrid classifier on scikit-learn's 8x8 digits: a classical layer
compresses each image to 8 angles, the quantum representation head of
examples/qssl_head.masq (8 qubits, 32 parameters, 8 <Z> outputs) transforms
them, and a linear layer reads the class off. PyTorch trains all three
together: gradients reach the first layer through the quantum head (masq's
compiled vector-Jacobian product, one adjoint sweep per sample).

    /usr/bin/python3 examples/python/hybrid_digits.py [--epochs 6]
"""
import argparse
import math
import os
import time

import numpy as np
import torch
from sklearn.datasets import load_digits

import masq
import masq.torch

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--epochs", type=int, default=6)
parser.add_argument("--batch", type=int, default=64)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()

torch.manual_seed(args.seed)
digits = load_digits()
x = torch.tensor(digits.data / 16.0, dtype=torch.float32)
y = torch.tensor(digits.target)
perm = torch.randperm(len(x))
train, test = perm[:1400], perm[1400:]

head = masq.compile(os.path.join(os.path.dirname(__file__), "..", "qssl_head.masq"))
print(head)


class Angles(torch.nn.Module):
    """Squashes features into [0, pi], the range the angle encoder uses."""

    def forward(self, v):
        return torch.sigmoid(v) * math.pi


net = torch.nn.Sequential(
    torch.nn.Linear(64, 8), Angles(),
    masq.torch.QuantumLayer(head, output="z", init_seed=args.seed),
    torch.nn.Linear(8, 10))
opt = torch.optim.Adam(net.parameters(), lr=0.03)

start = time.time()
for epoch in range(args.epochs):
    order = train[torch.randperm(len(train))]
    total = 0.0
    for i in range(0, len(order), args.batch):
        idx = order[i:i + args.batch]
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x[idx]), y[idx])
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    with torch.no_grad():
        acc = (net(x[test]).argmax(1) == y[test]).float().mean().item()
    print(f"epoch {epoch + 1}: train loss {total / len(train):.4f}, "
          f"test accuracy {acc:.3f} ({len(test)} digits), {time.time() - start:.1f} s")
