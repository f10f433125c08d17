"""The Python API on a state split over the processes of mpirun
(masq.compile(..., distributed=True)): values, the adjoint gradient and the
vector-Jacobian product (parameters and inputs) equal one process's to
1e-10 with 2 and 4 processes (examples/python/distributed_state.py); and
what it refuses."""
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import masq
from conftest import EXAMPLES

MPIRUN = shutil.which("mpirun")
SCRIPT = os.path.join(EXAMPLES, "python", "distributed_state.py")


@pytest.mark.skipif(MPIRUN is None, reason="no mpirun (openmpi-bin)")
@pytest.mark.parametrize("ranks", [2, 4])
def test_distributed_state_equals_one_process(ranks):
    cmd = [MPIRUN, "--oversubscribe", "-n", str(ranks), "-x", "PYTHONPATH", "-x",
           "MASQ_CACHE_DIR"]
    if os.geteuid() == 0:
        cmd.insert(1, "--allow-run-as-root")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    r = subprocess.run(cmd + [sys.executable, SCRIPT, "16"], capture_output=True, text=True,
                       env=env, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"16 qubits over {ranks} processes" in r.stdout
    assert "equal within 1e-10" in r.stdout
    # Rank 0 alone prints.
    assert r.stdout.count("qubits over") == 1


def test_distributed_state_refuses_shots_and_noise(tmp_path):
    model = os.path.join(EXAMPLES, "..", "test", "Compile", "Inputs", "wide.masq")
    m = masq.compile(model, distributed=True)
    theta = m.init_params(0)
    inputs = {"image": np.ones((1, 64)), "a": np.zeros((1, 10))}
    with pytest.raises(ValueError, match="shots: a state distributed over processes is "
                                         "evaluated exactly"):
        m.forward(theta, inputs, shots=100)
    noise = tmp_path / "noise.toml"
    noise.write_text("[[channel]]\nkind = \"depolarize\"\np = 0.01\nafter = \"ry\"\n")
    with pytest.raises(ValueError, match="noise: a state distributed over processes"):
        masq.compile(model, distributed=True, noise=str(noise))
    assert masq.world() == (0, 1)
