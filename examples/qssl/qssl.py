"""Quantum self-supervised learning (Jaderberg et al. 2022) with a masq
quantum head: one SimCLR run and its linear probe.

    /usr/bin/python3 examples/qssl/qssl.py                    # quick: minutes
    /usr/bin/python3 examples/qssl/qssl.py --head classical
    /usr/bin/python3 examples/qssl/qssl.py --shots 100        # as a device would
    /usr/bin/python3 examples/qssl/qssl.py --paper            # the paper's scale

Steps: (1) data: the first 5 classes of Fashion-MNIST padded to 32x32
(CIFAR-10 with --cifar10 DIR, the binary batches); (2) two augmented views
of every image (random resized crop, scale 0.2-1, and a horizontal flip:
data.augment); (3) backbone -> W features in [0, pi] -> head (quantum |
classical | none) -> projection, NT-Xent at temperature 0.07, Adam 1e-3 with
weight decay 1e-6 (nets.py); (4) the linear probe: a linear layer trained
on the frozen W-dimensional representation (100 epochs, Adam 1e-3), its
accuracy on the test images. Writes <out>/<name>.json and a loss-curve PNG.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import nets  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def parser():
    p = argparse.ArgumentParser(description="One QSSL run: SimCLR training and its linear probe.")
    p.add_argument("--head", choices=["quantum", "classical", "none"], default="quantum")
    p.add_argument("--width", type=int, default=8, help="W: qubits / features of the head")
    p.add_argument("--shots", type=int, default=None,
                   help="quantum head: N shots per circuit, gradients by parameter shift "
                        "(default: exact values, adjoint gradients)")
    p.add_argument("--backbone", choices=["small", "resnet18"], default="small")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=1e-6)
    p.add_argument("--temperature", type=float, default=0.07)
    p.add_argument("--train-size", type=int, default=2500,
                   help="training images, balanced over the classes (0: all)")
    p.add_argument("--test-size", type=int, default=2500, help="probe test images (0: all)")
    p.add_argument("--probe-epochs", type=int, default=100)
    p.add_argument("--untrained", action="store_true",
                   help="probe the network as initialised (a floor)")
    p.add_argument("--pixels", action="store_true", help="probe the raw pixels (a floor)")
    p.add_argument("--cifar10", metavar="DIR", default=None,
                   help="CIFAR-10 binary batches (data_batch_N.bin) instead of Fashion-MNIST")
    p.add_argument("--classes", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: every core)")
    p.add_argument("--out", default=os.path.join(ROOT, "build", "qssl"))
    p.add_argument("--name", default=None, help="file name of the results (default: from flags)")
    p.add_argument("--paper", action="store_true",
                   help="the paper's scale: ResNet-18, every training image, batch 256, 2 epochs")
    return p


_DATA = {}


def dataset(args, train):
    """(images float [N, C, 32, 32], labels), the subset for this seed."""
    key = (args.cifar10, args.classes, train)
    if key not in _DATA:
        if args.cifar10:
            x, y = data.load_cifar10(args.cifar10, train)
            keep = y < args.classes
            _DATA[key] = (x[keep], y[keep])
        else:
            _DATA[key] = data.load_fashion_mnist(train, args.classes)
    x, y = _DATA[key]
    n = args.train_size if train else args.test_size
    # The test subset is the same for every seed; the training one too, so
    # that seeds differ in the weights and the views only.
    x, y = data.subset(x, y, n, seed=1 if train else 2)
    return data.to_float(x), torch.from_numpy(y)


class HeadTimer:
    """Wall time of the head's forward and backward passes (the backward:
    from the gradient reaching its output to the gradient leaving its
    input)."""

    def __init__(self):
        self.forward = self.backward = 0.0
        self._start = None

    def wrap(self, head):
        timer = self

        class Timed(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.inner = head

            def forward(self, x):
                t = time.perf_counter()
                y = self.inner(x)
                timer.forward += time.perf_counter() - t
                if torch.is_grad_enabled() and y.requires_grad:
                    y.register_hook(timer._out)
                    if x.requires_grad:
                        x.register_hook(timer._in)
                return y

        return Timed()

    def _out(self, g):
        self._start = time.perf_counter()

    def _in(self, g):
        if self._start is not None:
            self.backward += time.perf_counter() - self._start
            self._start = None


def circuits_per_sample(args):
    """Circuits the quantum head runs per sample and step: the forward one,
    and in backward the parameter-shift sweep (the unshifted circuit, then
    2 runs per RY and per encoder angle, 4 per CRX) or one adjoint sweep."""
    if args.head != "quantum":
        return 0, 0
    w, layers = args.width, 2
    backward = 1 + 2 * w + layers * (2 * w + 4 * w) if args.shots else 1
    return 1, backward


def train(model, x, args, timer):
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    gen = torch.Generator().manual_seed(args.seed)
    losses = []
    model.train()
    steps = 0
    start = time.perf_counter()
    for epoch in range(args.epochs):
        order = torch.randperm(len(x), generator=gen)
        for i in range(0, len(order) - args.batch + 1, args.batch):  # full batches
            batch = x[order[i:i + args.batch]]
            # Both views through the network at once (one native call for
            # the quantum head), BatchNorm over the 2B images.
            views = torch.cat([data.augment(batch, gen), data.augment(batch, gen)])
            z = model(views)
            loss = nets.nt_xent(z[:args.batch], z[args.batch:], args.temperature)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(float(loss))
            steps += 1
        print(f"  epoch {epoch + 1}/{args.epochs}: loss {np.mean(losses[-max(1, steps // (epoch + 1)):]):.4f}",
              flush=True)
    return losses, steps, time.perf_counter() - start


@torch.no_grad()
def features(model, x, batch=512):
    model.eval()
    return torch.cat([model.represent(x[i:i + batch]) for i in range(0, len(x), batch)]).float()


def probe(ftrain, ytrain, ftest, ytest, args):
    """Linear probe: accuracy on the test features of a linear layer trained
    on the training features (standardised with the training statistics)."""
    mean, std = ftrain.mean(0), ftrain.std(0) + 1e-6
    ftrain, ftest = (ftrain - mean) / std, (ftest - mean) / std
    torch.manual_seed(args.seed)
    lin = torch.nn.Linear(ftrain.shape[1], args.classes)
    opt = torch.optim.Adam(lin.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(args.seed)
    for _ in range(args.probe_epochs):
        order = torch.randperm(len(ftrain), generator=gen)
        for i in range(0, len(order), 256):
            idx = order[i:i + 256]
            opt.zero_grad()
            F.cross_entropy(lin(ftrain[idx]), ytrain[idx]).backward()
            opt.step()
    with torch.no_grad():
        return float((lin(ftest).argmax(1) == ytest).float().mean())


def run_name(args):
    if args.name:
        return args.name
    if args.pixels:
        return f"pixels-s{args.seed}"
    kind = args.head + (f"-{args.shots}shots" if args.shots else "")
    epochs = "" if args.untrained or args.epochs == 2 else f"-e{args.epochs}"
    return (f"{kind}-w{args.width}-{args.backbone}{epochs}"
            f"{'-untrained' if args.untrained else ''}-s{args.seed}")


def run(args):
    """One run; returns (and writes) its results."""
    if args.paper:
        args.backbone, args.train_size, args.test_size = "resnet18", 0, 0
    torch.set_num_threads(args.threads or os.cpu_count())
    xtr, ytr = dataset(args, True)
    xte, yte = dataset(args, False)
    result = {"name": run_name(args), "head": args.head, "width": args.width,
              "shots": args.shots, "backbone": args.backbone, "seed": args.seed,
              "epochs": args.epochs, "batch": args.batch, "train_images": len(xtr),
              "test_images": len(xte), "dataset": "cifar10" if args.cifar10 else "fashion-mnist",
              "classes": args.classes, "untrained": args.untrained, "pixels": args.pixels}
    start = time.perf_counter()
    if args.pixels:
        result["probe_accuracy"] = probe(xtr.flatten(1), ytr, xte.flatten(1), yte, args)
    else:
        model = nets.build(args.backbone, args.head, args.width, args.seed, args.shots,
                           channels=xtr.shape[1])
        timer = HeadTimer()
        model.head = timer.wrap(model.head)
        if not args.untrained:
            losses, steps, seconds = train(model, xtr, args, timer)
            fwd, bwd = circuits_per_sample(args)
            circuits = steps * 2 * args.batch * (fwd + bwd)
            head_s = timer.forward + timer.backward
            result.update(loss=losses, steps=steps, train_seconds=seconds,
                          head_forward_seconds=timer.forward,
                          head_backward_seconds=timer.backward,
                          head_share=head_s / seconds if seconds else None,
                          circuits=circuits,
                          circuits_per_second=circuits / head_s if circuits and head_s else None)
        result["probe_accuracy"] = probe(features(model, xtr), ytr, features(model, xte), yte, args)
        if args.shots:
            # The same network read exactly: what the shots' noise costs the probe.
            layer = model.head.inner
            layer.shots = None
            result["probe_accuracy_exact_readout"] = probe(
                features(model, xtr), ytr, features(model, xte), yte, args)
            layer.shots = args.shots
    result["seconds"] = time.perf_counter() - start
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, result["name"] + ".json"), "w") as f:
        json.dump(result, f, indent=1)
    return result


def plot_loss(result, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5, 3.2))
    ax.plot(result["loss"])
    ax.set_xlabel("step")
    ax.set_ylabel("NT-Xent loss")
    ax.set_title(result["name"])
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None):
    args = parser().parse_args(argv)
    if args.shots is not None and args.shots <= 0:
        parser().error(f"--shots: expected a number of shots > 0, got {args.shots}")
    if args.shots is not None and args.head != "quantum":
        parser().error("--shots: only the quantum head is measured")
    if not 2 <= args.classes <= 10:
        parser().error(f"--classes: expected 2..10, got {args.classes}")
    try:
        result = run(args)
    except data.DataError as e:
        print(f"qssl: error: {e}", file=sys.stderr)
        return 1
    print(f"{result['name']}: probe accuracy {100 * result['probe_accuracy']:.2f}% "
          f"({result['seconds']:.1f} s)")
    if "loss" in result:
        plot_loss(result, os.path.join(args.out, result["name"] + "-loss.png"))
        if result.get("circuits_per_second"):
            print(f"  quantum head: {result['head_share'] * 100:.0f}% of the training time, "
                  f"{result['circuits_per_second']:.0f} circuits/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
