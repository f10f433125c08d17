"""A masq QuantumLayer inside torch DistributedDataParallel (gloo, two
processes): the trained parameters, classical and quantum, equal one
process's to 1e-12 (examples/python/ddp.py)."""
import os
import sys

import pytest
import torch

from conftest import EXAMPLES

sys.path.insert(0, os.path.join(EXAMPLES, "python"))
import ddp  # noqa: E402


@pytest.mark.skipif(not torch.distributed.is_available(), reason="torch without distributed")
def test_ddp_two_processes_equal_one():
    one, two = ddp.run(1, 5), ddp.run(2, 5)
    assert len(one) == len(two) == 5  # two Linear layers (weight, bias) and the quantum theta
    quantum = one[2]
    assert quantum.numel() == 6
    for p, q in zip(one, two):
        assert torch.allclose(p, q, rtol=0, atol=1e-12), (p - q).abs().max()
    # Training moved the quantum parameters (the check is not vacuous).
    start = ddp.make_net()[2].theta.detach()
    assert (quantum - start).abs().max() > 1e-3
