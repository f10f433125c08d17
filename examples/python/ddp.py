"""Data-parallel training of a hybrid network with a masq quantum layer:
torch.nn.parallel.DistributedDataParallel over processes (gloo backend, so
CPU only and no MPI needed), each rank on its share of every batch. DDP
all-reduces the gradients of every parameter, the quantum layer's
included: each rank's masq layer computes its share's gradient in one
compiled adjoint sweep per sample.

    /usr/bin/python3 examples/python/ddp.py --ranks 2 --steps 20

trains with 1 process and with --ranks processes from the same start and
prints the largest difference of their final parameters (equal to ~1e-16:
the two runs average the same per-sample gradients in another order).
On several machines, run `train` under torchrun (or set MASTER_ADDR,
MASTER_PORT, RANK and WORLD_SIZE yourself) instead of mp.spawn."""
import argparse
import os
import socket
import tempfile

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

import masq
import masq.torch

SOURCE = """model head {
  input x : real[3];
  param w : real[2, 3] ~ uniform(0, 6);
  qubits q[3];
  encode angle(x, axis = X) -> q;
  for l in 0..2 {
    for i in 0..3 { ry(w[l, i]) q[i]; }
    for i in 0..3 { crx(w[l, i] * 0.5) q[i], q[(i + 1) % 3]; }
  }
  output z = expval(Z, q);
}
"""


def make_net():
    """The same network in every process: classical, quantum, classical."""
    torch.manual_seed(0)
    quantum = masq.torch.QuantumLayer(masq.compile(SOURCE), init_seed=1, threads=1)
    return torch.nn.Sequential(torch.nn.Linear(4, 3, dtype=torch.float64), torch.nn.Tanh(),
                               quantum, torch.nn.Linear(3, 1, dtype=torch.float64))


def data():
    g = torch.Generator().manual_seed(7)
    x = torch.randn(16, 4, generator=g, dtype=torch.float64)
    return x, torch.sin(x.sum(1, keepdim=True))


def train(rank, world, steps, port, out):
    """One rank: its contiguous share of the batch, `steps` SGD steps; rank
    0 saves the final parameters to `out`."""
    if world > 1:
        os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
        dist.init_process_group("gloo", rank=rank, world_size=world)
    net = make_net()
    model = torch.nn.parallel.DistributedDataParallel(net) if world > 1 else net
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = data()
    share = x.shape[0] // world
    xs, ys = x[rank * share:(rank + 1) * share], y[rank * share:(rank + 1) * share]
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(xs), ys)
        loss.backward()  # DDP: the gradients averaged over the ranks here
        opt.step()
    if rank == 0:
        torch.save([p.detach().clone() for p in net.parameters()], out)
    if world > 1:
        dist.destroy_process_group()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(world, steps):
    """The final parameters of a run with `world` processes."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "params.pt")
        if world == 1:
            train(0, 1, steps, 0, out)
        else:
            mp.spawn(train, args=(world, steps, free_port(), out), nprocs=world, join=True)
        return torch.load(out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--steps", type=int, default=20)
    a = ap.parse_args()
    if a.ranks < 1 or 16 % a.ranks:
        ap.error("--ranks must divide the 16 samples")
    one, many = run(1, a.steps), run(a.ranks, a.steps)
    diff = max(float((p - q).abs().max()) for p, q in zip(one, many))
    print(f"{a.ranks} processes vs 1 after {a.steps} steps: largest parameter difference "
          f"{diff:.1e} over {sum(p.numel() for p in one)} parameters")
