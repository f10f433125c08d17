"""masq from Python: compile a masq model to native code and call it on
NumPy arrays, with compiled vector-Jacobian products for parameters and
inputs (masq.torch wraps it as a PyTorch layer).

    import masq
    m = masq.compile("examples/qssl.masq")
    theta = m.init_params(seed=0)
    out = m.forward(theta, x)                  # {"z": array [B, 8], ...}
    dtheta, dx = m.vjp(theta, x, {"z": g})     # one adjoint sweep per sample

Conventions:
  - theta is one flat float64 vector: the parameters in declaration order,
    each row-major (the layout params.json nests).
  - inputs is a dict name -> array [B, *shape] (or one array for a model with
    one input); batch first. float64 C-contiguous arrays of a one-input model
    without masks are passed to native code without copying.
  - outputs are the model's `output`s, plus "loss" when it has one.
"""
import os
from collections import namedtuple

import numpy as np

from . import _native

__all__ = ["compile", "CompileError", "Model", "Slot", "world"]

Slot = namedtuple("Slot", ["name", "shape"])


class CompileError(Exception):
    """A model that does not compile. The message is what `masq check`
    prints: file:line:col, the error, the source line and a caret."""


def _threads(threads):
    if threads is None:
        return 0  # as the CLI's --threads 0: one per core
    threads = int(threads)
    if threads < 0:
        raise ValueError(f"threads: expected >= 0, got {threads}")
    return threads


def _trajectories(t):
    if t is None:
        return 0
    if isinstance(t, bool) or int(t) != t or t <= 0:
        raise ValueError(f"trajectories: expected None or a number of trajectories > 0, got {t!r}")
    return int(t)


def _shots(shots):
    if shots is None:
        return 0
    if isinstance(shots, bool) or int(shots) != shots or shots <= 0:
        raise ValueError(f"shots: expected None (exact) or a number of shots > 0, got {shots!r}")
    return int(shots)


def world():
    """(rank, size) of this process under mpirun; (0, 1) without."""
    return _native.world()


def compile(path_or_source, set=None, optimize=True, cache=True, param_shift=False,
            noise=None, distributed=False, precision="double"):
    """Compiles a model: a path to a .masq file, or the model's text.

    set: {"name": value} overrides of `hyper` constants (the CLI's --set).
    optimize: the -O pipeline (False: -O0).
    cache: reuse compiled code from the CLI's cache (~/.cache/masq or
    $MASQ_CACHE_DIR).
    param_shift: also compile the parameter-shift gradient and
    vector-Jacobian product (gradients with shots: Model.gradient,
    Model.vjp and QuantumLayer with shots=N; the inputs are differentiated
    through angle encoders). A model whose parameters reach an amplitude
    encoder's data (a learnable mask token) then fails to compile, with the
    error at that encoder.
    noise: a device's noise model (a TOML file, docs/noise.md) whose
    channels are attached to the optimised model; a model with channels is
    evaluated with trajectories=T and differentiated by parameter shift.
    distributed: the state split over the processes of mpirun (run the
    script as `mpirun -n R python3 script.py`, R a power of two, every rank
    making the same calls; docs/scaling.md): each holds 1/R of the state
    and of the adjoint vector, and every rank gets the same values and
    gradients (exact ones: no shots, trajectories or noise). Without
    mpirun it is one process's state.
    precision: "double" (complex128 states, the default) or "single"
    (complex64: half the memory traffic per gate, the arithmetic still in
    double; values and gradients agree with double to about 1e-6,
    docs/performance.md). Parameters, inputs, values and gradients are
    float64 arrays either way; a QuantumLayer of a single-precision model
    defaults to float32 parameters. Noise channels and distributed states
    are double only.
    Raises CompileError with the located message."""
    text = str(path_or_source)
    if "\n" not in text and (os.path.exists(text) or text.endswith(".masq")):
        filename = text
        try:
            with open(filename, encoding="utf-8") as f:
                source = f.read()
        except OSError as e:
            raise CompileError(f"masq: error: cannot read '{filename}': {e.strerror}") from None
    else:
        filename, source = "<string>", text
    sets = []
    for k, v in (set or {}).items():
        if isinstance(v, bool):
            v = "true" if v else "false"
        sets.append(f"{k}={v}")
    native, diagnostics = _native.compile(source, filename, sets, bool(optimize), bool(cache), True,
                                          bool(param_shift), "" if noise is None else str(noise),
                                          bool(distributed), str(precision))
    if native is None:
        raise CompileError(diagnostics.strip() or f"masq: error: '{filename}' does not compile")
    return Model(native, filename)


class Model:
    """A compiled masq model (made by masq.compile)."""

    def __init__(self, native, filename):
        self._native = native
        self.filename = filename
        info = native.info
        self.name = info["name"]
        self.num_qubits = info["num_qubits"]
        self.precision = info["precision"]  # "double" or "single": the states' amplitudes
        self.num_params = info["num_params"]
        self.has_loss = info["has_loss"]
        self.inputs = [Slot(s["name"], tuple(s["shape"])) for s in info["inputs"]]
        self.params = [Slot(s["name"], tuple(s["shape"])) for s in info["params"]]
        self.outputs = [Slot(s["name"], tuple(s["shape"])) for s in info["outputs"]]
        self._input_slots = info["inputs"]
        self._param_slots = info["params"]
        self._masks = info["masks"]
        self._input_size = info["input_size"]
        self._num_values = info["num_values"]
        # values buffer: "loss" at 0 (when there is one), then the outputs.
        self._value_slots = {}
        if self.has_loss:
            self._value_slots["loss"] = (0, 1, ())
        for s in info["outputs"]:
            self._value_slots[s["name"]] = (s["offset"], s["size"], tuple(s["shape"]))

    def __repr__(self):
        ins = ", ".join(f"{s.name}{list(s.shape)}" for s in self.inputs)
        outs = ", ".join(f"{s.name}{list(s.shape)}" for s in self.outputs)
        return (f"<masq.Model {self.name}: {self.num_qubits} qubits, "
                f"{self.num_params} parameters, inputs ({ins}), outputs ({outs})>")

    # -- parameters -----------------------------------------------------
    def init_params(self, seed=0):
        """The parameters' initial values for `seed` (as `masq train --seed`)."""
        return self._native.init_params(int(seed))

    def params_dict(self, theta):
        """theta as {name: array of the parameter's shape}."""
        theta = self._theta(theta)
        return {s["name"]: theta[s["offset"]:s["offset"] + s["size"]].reshape(s["shape"])
                for s in self._param_slots}

    def _theta(self, theta):
        theta = np.ascontiguousarray(theta, dtype=np.float64).reshape(-1)
        if theta.size != self.num_params:
            raise ValueError(f"theta: expected {self.num_params} values (the flat parameter "
                             f"vector), got {theta.size}")
        if not np.all(np.isfinite(theta)):
            raise ValueError("theta: contains NaN or infinity")
        return theta

    # -- inputs ---------------------------------------------------------
    def _pack(self, inputs, seed):
        """The native inputs buffer [B, input_size] (inputs, then masks)."""
        if not isinstance(inputs, dict):
            if len(self.inputs) != 1:
                names = ", ".join(s.name for s in self.inputs) or "none"
                raise ValueError(f"inputs: this model has {len(self.inputs)} inputs ({names}); "
                                 "pass a dict name -> array")
            inputs = {self.inputs[0].name: inputs}
        unknown = sorted(set(inputs) - {s.name for s in self.inputs})
        if unknown:
            raise ValueError(f"inputs: unknown input '{unknown[0]}' (the model's inputs: "
                             f"{', '.join(s.name for s in self.inputs)})")
        arrays, batch = {}, None
        for s in self._input_slots:
            name, shape = s["name"], tuple(s["shape"])
            if name not in inputs:
                raise ValueError(f"inputs: missing input '{name}' of shape [B, "
                                 f"{', '.join(map(str, shape))}]")
            a = np.asarray(inputs[name], dtype=np.float64)
            if a.shape == shape or (shape == () and a.ndim == 0):
                a = a.reshape((1,) + shape)
            if a.ndim != len(shape) + 1 or a.shape[1:] != shape:
                raise ValueError(f"inputs['{name}']: expected shape [B, "
                                 f"{', '.join(map(str, shape))}], got {list(a.shape)}")
            if batch is None:
                batch = a.shape[0]
            elif a.shape[0] != batch:
                raise ValueError(f"inputs['{name}']: batch {a.shape[0]}, but another input "
                                 f"has batch {batch}")
            if not np.all(np.isfinite(a)):
                raise ValueError(f"inputs['{name}']: contains NaN or infinity")
            arrays[name] = a
        if batch is None:
            batch = 1
        if batch < 1:
            raise ValueError("inputs: the batch is empty")
        if len(self._input_slots) == 1 and not self._masks:
            a = arrays[self._input_slots[0]["name"]]
            return np.ascontiguousarray(a).reshape(batch, self._input_size), batch
        buf = np.zeros((batch, max(self._input_size, 1)), dtype=np.float64)
        for s in self._input_slots:
            buf[:, s["offset"]:s["offset"] + s["size"]] = arrays[s["name"]].reshape(batch, -1)
        if self._masks:
            self._native.draw_masks(buf, 0 if seed is None else int(seed))
        return buf, batch

    def _unpack_values(self, values):
        out = {}
        batch = values.shape[0]
        for name, (off, size, shape) in self._value_slots.items():
            out[name] = values[:, off:off + size].reshape((batch,) + shape)
        return out

    # -- evaluation -----------------------------------------------------
    def forward(self, theta, inputs, shots=None, seed=None, threads=None, shot_seed=None,
                trajectories=None):
        """Values of every output (and "loss") for a batch: {name: [B, *shape]}.

        shots: None for exact values; N > 0 estimates every observable from N
        measurements (one pass for the exact distribution, then binomial /
        multinomial draws; expval and fidelity as +-1 outcomes, a fidelity by
        a SWAP test), and the loss and derived outputs from the estimates.
        seed: the mask patterns of models with masks and the shots' outcomes
        (sample b of the batch draws from its own stream of (seed, b), the
        same for any thread count). Default 0. shot_seed, when given, seeds
        the shots instead (seed then draws only the masks).
        trajectories: a model with noise channels (depolarize(p) q; ...) is
        evaluated as the mean over T quantum trajectories per sample, seeded
        like the shots (docs/noise.md)."""
        theta = self._theta(theta)
        shots = _shots(shots)
        buf, _ = self._pack(inputs, seed)
        if shot_seed is None:
            shot_seed = 0 if seed is None else seed
        values = self._native.forward(theta, buf, _threads(threads), shots, int(shot_seed),
                                      _trajectories(trajectories))
        return self._unpack_values(values)

    @property
    def has_param_shift(self):
        """Whether the parameter-shift forms were compiled (param_shift=True)."""
        return self._native.has_param_shift

    @property
    def param_shift_input_refusal(self):
        """None when the parameter-shift vector-Jacobian product (vjp with
        shots, noise or method="parameter-shift") differentiates the inputs
        too (angle encoders' angles are shifted like gate angles); else the
        located reason it differentiates the parameters only (an amplitude
        encoder of the inputs, say)."""
        return self._native.ps_no_inputs

    def gradient(self, theta, inputs, method="adjoint", shots=None, seed=None, threads=None,
                 shot_seed=None, trajectories=None):
        """d loss / d theta of the batch's summed loss: (losses [B], dtheta).

        method: "adjoint" (exact, one compiled adjoint sweep per sample; no
        shots), "parameter-shift" (each shifted circuit run, and with shots
        sampled, as a device would: compile with param_shift=True) or
        "finite-diff" (central differences of the forward pass, step 1e-6,
        0.05 with shots).
        shots: None (exact) or N > 0 measurements per circuit.
        trajectories: T quantum trajectories per circuit for a model with
        noise channels (whose gradient is parameter shift only).
        seed / shot_seed: as in forward."""
        if method not in ("adjoint", "parameter-shift", "finite-diff"):
            raise ValueError(f"method: expected 'adjoint', 'parameter-shift' or 'finite-diff', "
                             f"got {method!r}")
        if not self.has_loss:
            raise ValueError(f"model '{self.name}' has no loss to differentiate")
        theta = self._theta(theta)
        shots = _shots(shots)
        if shots and method == "adjoint":
            raise ValueError("shots: the adjoint method reads the simulated state's amplitudes, "
                             "which a device does not give; use method='parameter-shift'")
        if method == "parameter-shift" and not self.has_param_shift:
            raise ValueError(f"model '{self.name}' was compiled without its parameter-shift "
                             "gradient: masq.compile(..., param_shift=True)")
        buf, _ = self._pack(inputs, seed)
        if shot_seed is None:
            shot_seed = 0 if seed is None else seed
        if method == "adjoint" and not self._native.has_adjoint:
            raise ValueError(f"model '{self.name}' has noise channels: the adjoint method cannot "
                             "un-compute a drawn Kraus branch; use method='parameter-shift'")
        values, dtheta = self._native.gradient(theta, buf, _threads(threads), method, shots,
                                               int(shot_seed), _trajectories(trajectories))
        return values[:, 0].copy(), dtheta

    def vjp(self, theta, inputs, grad_outputs, seed=None, threads=None, return_values=False,
            shots=None, shot_seed=None, trajectories=None, method=None):
        """The vector-Jacobian product: for L = sum over outputs o (and "loss")
        of <grad_outputs[o], value_o>, returns (dL/dtheta summed over the
        batch, {input: dL/dinput [B, *shape]}), by one compiled adjoint sweep
        per sample. Outputs missing from grad_outputs get zero gradient.
        With return_values, (values, dtheta, dinputs).
        method: "adjoint" or "parameter-shift" (compile with
        param_shift=True); None: the adjoint, or parameter shift for shots
        and noisy models.
        shots: N > 0 estimates the values and the gradients from N
        measurements per circuit by the parameter-shift rule. Its input
        gradients shift the angle encoders' angles; a model whose inputs it
        cannot reach (param_shift_input_refusal says why) gets dinputs {}."""
        if method not in (None, "adjoint", "parameter-shift"):
            raise ValueError(f"method: expected 'adjoint' or 'parameter-shift', got {method!r}")
        theta = self._theta(theta)
        shots = _shots(shots)
        if shots and method == "adjoint":
            raise ValueError("shots: the adjoint method reads the simulated state's amplitudes, "
                             "which a device does not give; use method='parameter-shift'")
        buf, batch = self._pack(inputs, seed)
        if shot_seed is None:
            shot_seed = 0 if seed is None else seed
        values, dtheta, dinputs = self._vjp_packed(theta, buf, batch, grad_outputs,
                                                   _threads(threads), shots, int(shot_seed),
                                                   _trajectories(trajectories),
                                                   ps=method == "parameter-shift" or None)
        if return_values:
            return self._unpack_values(values), dtheta, dinputs
        return dtheta, dinputs

    def _vjp_packed(self, theta, buf, batch, grad_outputs, threads, shots=0, shot_seed=0,
                    trajectories=0, ps=None):
        """vjp on a checked theta and a packed inputs buffer (with shots, or
        ps: by parameter shift)."""
        # A noisy model has only the parameter-shift form.
        ps = bool(ps) or bool(shots) or not self._native.has_adjoint
        if ps and not self.has_param_shift:
            raise ValueError(f"model '{self.name}' was compiled without its parameter-shift "
                             "gradient: masq.compile(..., param_shift=True)")
        if not isinstance(grad_outputs, dict):
            raise ValueError("grad_outputs: expected a dict output name -> array")
        g = np.zeros((batch, self._num_values), dtype=np.float64)
        for name, grad in grad_outputs.items():
            if name not in self._value_slots:
                raise ValueError(f"grad_outputs: unknown output '{name}' (the model's: "
                                 f"{', '.join(self._value_slots)})")
            off, size, shape = self._value_slots[name]
            a = np.asarray(grad, dtype=np.float64)
            if a.shape != (batch,) + shape:
                raise ValueError(f"grad_outputs['{name}']: expected shape "
                                 f"{[batch] + list(shape)}, got {list(a.shape)}")
            if not np.all(np.isfinite(a)):
                raise ValueError(f"grad_outputs['{name}']: contains NaN or infinity")
            g[:, off:off + size] = a.reshape(batch, size)
        values, dtheta, ginputs = self._native.vjp(theta, buf, g, threads, shots, shot_seed, ps,
                                                   trajectories)
        if ps and self.param_shift_input_refusal is not None:
            return values, dtheta, {}
        dinputs = {s["name"]: ginputs[:, s["offset"]:s["offset"] + s["size"]]
                   .reshape((batch,) + tuple(s["shape"])) for s in self._input_slots}
        return values, dtheta, dinputs
