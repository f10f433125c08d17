"""A model's state split over the processes of mpirun, from Python.

    mpirun -n 4 /usr/bin/python3 examples/python/distributed_state.py [QUBITS]

Every rank compiles test/Compile/Inputs/wide.masq (an amplitude and an
angle encoder, controlled rotations, a reset, a fidelity with the input
image, Z readouts and probabilities) twice: with distributed=True (each rank
holds 1/R of the state and of the adjoint vector) and without (each rank
the whole state, for comparison). It checks on every rank that the values,
the adjoint gradient and the vector-Jacobian product (parameters and
inputs, through both encoders and the fidelity's reference) agree to 1e-10,
and rank 0 prints the largest differences and the times.
python/tests/test_mpi_state.py runs it with 2 and 4 processes."""
import os
import sys
import time

import numpy as np

import masq

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "..", "test", "Compile", "Inputs", "wide.masq")


def largest(a, b):
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))))


def main(n):
    rank, size = masq.world()
    spread = masq.compile(MODEL, set={"n": n}, distributed=True)
    local = masq.compile(MODEL, set={"n": n})
    rng = np.random.default_rng(7)
    batch = 2
    inputs = {"image": rng.uniform(0, 1, (batch, 64)), "a": rng.uniform(-1, 1, (batch, 10))}
    theta = spread.init_params(3)
    upstream = {"loss": rng.normal(size=batch), "z": rng.normal(size=(batch, 3)),
                "p": rng.normal(size=(batch, 8))}
    worst, times = {}, {}
    for name, model in (("distributed", spread), ("local", local)):
        t0 = time.perf_counter()
        values = model.forward(theta, inputs)
        loss, dtheta = model.gradient(theta, inputs)
        vals, vtheta, vinputs = model.vjp(theta, inputs, upstream, return_values=True)
        times[name] = time.perf_counter() - t0
        if name == "distributed":
            got = (values, loss, dtheta, vals, vtheta, vinputs)
    values, loss, dtheta, vals, vtheta, vinputs = got
    lv = local.forward(theta, inputs)
    ll, ld = local.gradient(theta, inputs)
    lvals, lvt, lvi = local.vjp(theta, inputs, upstream, return_values=True)
    worst["values"] = max(largest(values[k], lv[k]) for k in lv)
    worst["gradient"] = max(largest(loss, ll), largest(dtheta, ld))
    worst["vjp parameters"] = largest(vtheta, lvt)
    worst["vjp inputs"] = max(largest(vinputs[k], lvi[k]) for k in lvi)
    worst["vjp values"] = max(largest(vals[k], lvals[k]) for k in lvals)
    # The check is not vacuous: the input gradients are not zero.
    nonzero = min(float(np.max(np.abs(lvi[k]))) for k in lvi)
    ok = all(w <= 1e-10 for w in worst.values()) and nonzero > 1e-6
    if rank == 0:
        print(f"{n} qubits over {size} processes, a batch of {batch}:")
        for k, w in worst.items():
            print(f"  {k}: largest difference {w:.1e}")
        print(f"  time: distributed {times['distributed']:.2f} s, "
              f"one process {times['local']:.2f} s")
        print("equal within 1e-10" if ok else "DIFFERENT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 16))
