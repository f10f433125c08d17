"""Weak-scaling projection of the distributed statevector (issue 23) from
figures measured on this machine and a stated network model. Not a
measurement of a cluster: a model to plan with.

    /usr/bin/python3 bench/scaling_projection.py LOCAL_AMPS_PER_S EXCHANGES_PER_LAYER

LOCAL_AMPS_PER_S: amplitudes one process updates per second in a local
gate (from `mpirun -n 2 build/bench/masq-bench-distributed 22`: 2^21 /
the local gate's time). EXCHANGES_PER_LAYER: index-bit swaps per layer of
the layered ansatz (same run: lazy exchanges / 10 layers).

Model, per node (one process per node), for n qubits on N = 2^k nodes:
  memory     = 2^(n-k) amplitudes x 16 bytes for a forward pass, twice
               that for the adjoint gradient (the state and the adjoint
               vector), + 32 MiB of exchange buffers (masq sends in
               messages of 2^20 amplitudes)
  local gate = 2^(n-k) / LOCAL_AMPS_PER_S
  exchange   = latency x messages + 2^(n-k-1) x 16 bytes / link bandwidth
               (each node sends and receives half its state, full duplex)
  layer      = 2n gates (RY on every qubit, a CX ring) + the exchanges
Network: 25 GB/s and 2 us per message (one InfiniBand HDR200 port),
stated, not measured."""
import sys

rate = float(sys.argv[1]) if len(sys.argv) > 1 else 2.1e9
per_layer = float(sys.argv[2]) if len(sys.argv) > 2 else 4
link, latency = 25e9, 2e-6
print(f"local: {rate:.3g} amplitudes/s per process (measured here); network: "
      f"{link / 1e9:.0f} GB/s, {latency * 1e6:.0f} us (stated); {per_layer:g} exchanges per layer")
print()
print("| qubits | nodes | memory per node (forward / gradient) | local gate | one exchange |"
      " one layer (2n gates) | exchange share |")
print("|---|---|---|---|---|---|---|")
for n, nodes in ((30, 2), (32, 8), (34, 32), (36, 64), (38, 256), (40, 256)):
    k = nodes.bit_length() - 1
    local = 2 ** (n - k)
    buffers = 32 * 2**20
    fwd, grad = local * 16 + buffers, 2 * local * 16 + buffers
    gate = local / rate
    messages = max(1, local // 2 // 2**20)
    exch = latency * messages + local / 2 * 16 / link
    layer = 2 * n * gate + per_layer * exch
    print(f"| {n} | {nodes} | {fwd / 2**30:.1f} / {grad / 2**30:.1f} GiB | {gate * 1e3:.0f} ms | "
          f"{exch * 1e3:.0f} ms | "
          f"{layer:.1f} s | {per_layer * exch / layer:.0%} |")
