"""Data for the QSSL study: the CIFAR-10 binary format, Fashion-MNIST, and
SimCLR's augmentations as batched tensor operations.

CIFAR-10 (`data_batch_1.bin` .. `data_batch_5.bin`, `test_batch.bin`): each
record is 1 label byte (0-9) then 3072 pixel bytes, the 32x32 red plane,
then green, then blue, rows first. Fashion-MNIST: the IDX files of Debian's
`dataset-fashion-mnist` (28x28, gzip). Errors name the file and the record.
"""
import gzip
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

CIFAR_RECORD = 1 + 3 * 32 * 32
CIFAR_CLASSES = ("airplane", "automobile", "bird", "cat", "deer",
                 "dog", "frog", "horse", "ship", "truck")
FASHION_DIR = "/usr/share/datasets/fashion-mnist"
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")


class DataError(ValueError):
    """A data file that cannot be read: the message names the file (and the
    record)."""


def read_cifar10_batch(path):
    """One CIFAR-10 binary batch: (images uint8 [N, 3, 32, 32], labels int64 [N])."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror}") from None
    if not raw:
        raise DataError(f"{path}: empty (a CIFAR-10 batch has records of {CIFAR_RECORD} bytes)")
    n, rest = divmod(len(raw), CIFAR_RECORD)
    if rest:
        raise DataError(f"{path}: record {n} is truncated ({rest} of {CIFAR_RECORD} bytes; "
                        f"the file has {len(raw)} bytes)")
    records = np.frombuffer(raw, dtype=np.uint8).reshape(n, CIFAR_RECORD)
    labels = records[:, 0].astype(np.int64)
    bad = np.flatnonzero(labels > 9)
    if bad.size:
        raise DataError(f"{path}: record {bad[0]}: label {labels[bad[0]]} is not a CIFAR-10 "
                        "class (0-9)")
    return records[:, 1:].reshape(n, 3, 32, 32).copy(), labels


def load_cifar10(root, train=True):
    """The training batches (data_batch_1..5.bin) or test_batch.bin under root."""
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] if train else ["test_batch.bin"]
    parts = [read_cifar10_batch(os.path.join(root, n)) for n in names]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def read_idx(path):
    """An IDX file (gzip or not) as a uint8 array of its declared shape."""
    try:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as e:
        raise DataError(f"{path}: cannot read: {e}") from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 8:
        raise DataError(f"{path}: not an IDX file of unsigned bytes")
    dims = raw[3]
    header = 4 + 4 * dims
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    need = header + int(np.prod(shape))
    if len(raw) < need:
        item = int(np.prod(shape[1:]))
        raise DataError(f"{path}: record {(len(raw) - header) // max(item, 1)} is truncated "
                        f"(the header declares {shape})")
    return np.frombuffer(raw, dtype=np.uint8, count=need - header, offset=header).reshape(shape)


def load_fashion_mnist(train=True, classes=5, root=FASHION_DIR):
    """The first `classes` classes of Fashion-MNIST, padded from 28x28 to
    32x32 with 2 black pixels on every side (no resampling):
    (images uint8 [N, 1, 32, 32], labels int64 [N])."""
    prefix = "train" if train else "t10k"
    x = read_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz"))
    y = read_idx(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64)
    if len(x) != len(y):
        raise DataError(f"{root}: {len(x)} {prefix} images but {len(y)} labels")
    keep = y < classes
    x = np.pad(x[keep], ((0, 0), (2, 2), (2, 2)))
    return x[:, None], y[keep]


def subset(images, labels, n, seed):
    """n images, the same number of each class (as far as they go), drawn
    with `seed`; n = 0 keeps them all."""
    if n <= 0 or n >= len(labels):
        return images, labels
    rng = np.random.default_rng(seed)
    classes = np.unique(labels)
    per = n // len(classes)
    pick = np.concatenate([rng.permutation(np.flatnonzero(labels == c))[:per] for c in classes])
    pick = rng.permutation(pick)
    return images[pick], labels[pick]


def to_float(images):
    """uint8 [N, C, H, W] -> float32 in [0, 1]."""
    return torch.from_numpy(np.ascontiguousarray(images)).float().div_(255.0)


def augment(x, generator, scale=(0.2, 1.0), ratio=(3 / 4, 4 / 3), flip=0.5):
    """SimCLR's view of every image of a batch, as one resampling: a random
    resized crop (area fraction in `scale`, aspect ratio in `ratio`, resized
    back to the full size, bilinear) and a horizontal flip with probability
    `flip`. torchvision's RandomResizedCrop draws the same crops, retrying
    until one fits; here a crop too wide or tall for the image is clipped to
    it. x: float [B, C, H, W]."""
    b = x.shape[0]
    u = torch.rand(b, 4, generator=generator)
    area = scale[0] + (scale[1] - scale[0]) * u[:, 0]
    log_r = math.log(ratio[0]) + (math.log(ratio[1]) - math.log(ratio[0])) * u[:, 1]
    aspect = torch.exp(log_r)
    w = torch.sqrt(area * aspect).clamp(max=1.0)   # crop width / image width
    h = torch.sqrt(area / aspect).clamp(max=1.0)
    cx = (2 * u[:, 2] - 1) * (1 - w)               # centre, in [-1, 1] units
    cy = (2 * u[:, 3] - 1) * (1 - h)
    sign = torch.where(torch.rand(b, generator=generator) < flip, -1.0, 1.0)
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = w * sign
    theta[:, 0, 2] = cx
    theta[:, 1, 1] = h
    theta[:, 1, 2] = cy
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
