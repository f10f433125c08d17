"""The networks of the QSSL study (Jaderberg et al. 2022, SimCLR):

    image -> backbone -> Linear(features, W) -> sigmoid(.) * pi   (in [0, pi])
          -> representation head (quantum | classical | none)     (W values)
          -> projection: Linear(W, W, no bias), BatchNorm, ReLU, Linear(W, 128)
          -> L2-normalised, into NT-Xent

The linear probe reads the head's W values (`represent`). The quantum head
is examples/qssl/head.masq (W qubits) as a masq.torch.QuantumLayer; the
classical one is its twin of the same width, 2 x [Linear(W, W), LeakyReLU].
"""
import math
import os

import torch
import torch.nn.functional as F
from torch import nn

HEAD_MASQ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "head.masq")


class SmallCNN(nn.Module):
    """Three conv-BN-ReLU stages (32, 64, 128 channels; 32 -> 16 -> 8 -> 1
    pixels): the backbone of the quick runs, 128 features."""

    out_features = 128

    def __init__(self, channels=1):
        super().__init__()

        def stage(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout),
                    nn.ReLU(inplace=True)]

        self.net = nn.Sequential(*stage(channels, 32), nn.MaxPool2d(2), *stage(32, 64),
                                 nn.MaxPool2d(2), *stage(64, 128), nn.AdaptiveAvgPool2d(1),
                                 nn.Flatten())

    def forward(self, x):
        return self.net(x)


def resnet18(channels=1):
    """torchvision's ResNet-18 from scratch, as the paper's (its 7x7 stride-2
    stem and max pool kept; `channels` input planes), without its classifier:
    512 features."""
    import torchvision
    net = torchvision.models.resnet18(num_classes=10)
    net.conv1 = nn.Conv2d(channels, 64, kernel_size=7, stride=2, padding=3, bias=False)
    net.fc = nn.Identity()
    net.out_features = 512
    return net


def quantum_head(width, seed, shots=None, layers=2):
    """The masq head of `width` qubits as a PyTorch layer. With shots, its
    values are 100-shot (say) estimates and its backward is parameter shift
    with as many shots per shifted circuit, to its weights and its input."""
    import masq
    import masq.torch
    model = masq.compile(HEAD_MASQ, set={"W": width, "layers": layers},
                         param_shift=shots is not None)
    return masq.torch.QuantumLayer(model, output="z", init_seed=seed, shots=shots,
                                   shot_seed=seed)


def classical_head(width, layers=2):
    parts = []
    for _ in range(layers):
        parts += [nn.Linear(width, width), nn.LeakyReLU()]
    return nn.Sequential(*parts)


class QSSL(nn.Module):
    def __init__(self, backbone, head, width, proj_dim=128):
        super().__init__()
        self.backbone = backbone
        self.squash = nn.Linear(backbone.out_features, width)
        self.head = head
        self.proj = nn.Sequential(nn.Linear(width, width, bias=False), nn.BatchNorm1d(width),
                                  nn.ReLU(), nn.Linear(width, proj_dim))

    def represent(self, x):
        """The W-dimensional representation the probe reads."""
        angles = torch.sigmoid(self.squash(self.backbone(x))) * math.pi
        return self.head(angles)

    def forward(self, x):
        return F.normalize(self.proj(self.represent(x)), dim=-1)


def build(backbone="small", head="quantum", width=8, seed=0, shots=None, channels=1):
    """The network of one run; `seed` draws every initial weight."""
    torch.manual_seed(seed)
    net = SmallCNN(channels) if backbone == "small" else resnet18(channels)
    if head == "quantum":
        h = quantum_head(width, seed, shots)
    elif head == "classical":
        h = classical_head(width)
    elif head == "none":
        h = nn.Identity()
    else:
        raise ValueError(f"head: expected quantum, classical or none, got {head!r}")
    return QSSL(net, h, width)


def nt_xent(z1, z2, temperature=0.07):
    """SimCLR's loss on two views' normalised projections [B, D]: for each
    of the 2B rows, -log(exp(s_pos / t) / sum over the other 2B - 1 rows of
    exp(s / t)) (self-similarity excluded), averaged."""
    z = torch.cat([z1, z2])
    n = z1.shape[0]
    sim = z @ z.t() / temperature
    sim = sim.masked_fill(torch.eye(2 * n, dtype=torch.bool, device=z.device), float("-inf"))
    positive = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)]).to(z.device)
    return F.cross_entropy(sim, positive)
