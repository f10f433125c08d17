"""A masq model as a PyTorch layer.

    import masq, masq.torch
    m = masq.compile("examples/qssl.masq")
    head = masq.torch.QuantumLayer(m, output="z", init_seed=0)
    y = head(x)          # x: [B, F] -> y: [B, O]; autograd to head's
                         # parameters and to x

The layer holds the model's parameters as one nn.Parameter (`theta`, the flat
vector of masq.Model). Forward is one native call per batch; backward is one
native call per batch that runs one compiled adjoint sweep per sample with
the weighted observable sum_o g_o O_o (Model.vjp). Computation is in float64
on the CPU; the result comes back on the input's device and dtype.
"""
import numpy as np
import torch
from torch import nn

import masq

__all__ = ["QuantumLayer"]


class _QuantumFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, theta, layer):
        model = layer.model
        x64 = x.detach().to("cpu", torch.float64).contiguous()
        t64 = model._theta(theta.detach().to("cpu", torch.float64).numpy())
        # Checked and packed once; backward reuses the buffer.
        buf, batch = model._pack(layer._inputs(x64.numpy()), layer.mask_seed)
        shots, seed = layer._draw()
        values = model._native.forward(t64, buf, masq._threads(layer.threads), shots, seed,
                                       layer.trajectories)
        ctx.layer, ctx.buf, ctx.theta = layer, buf, t64
        ctx.shots, ctx.shot_seed = shots, seed ^ 0x5eed
        ctx.x_meta = (x.device, x.dtype)
        ctx.t_meta = (theta.device, theta.dtype)
        y = model._unpack_values(values)[layer.output].reshape(batch, -1)
        return torch.from_numpy(np.ascontiguousarray(y)).to(x.device, x.dtype)

    @staticmethod
    def backward(ctx, grad_y):
        layer = ctx.layer
        g = grad_y.detach().to("cpu", torch.float64).contiguous().numpy()
        g = g.reshape((g.shape[0],) + layer._out_shape)
        _, dtheta, dinputs = layer.model._vjp_packed(ctx.theta, ctx.buf, g.shape[0],
                                                     {layer.output: g},
                                                     masq._threads(layer.threads),
                                                     ctx.shots, ctx.shot_seed,
                                                     layer.trajectories)
        dx = None
        if ctx.needs_input_grad[0]:
            dx = torch.from_numpy(layer._flat(dinputs)).to(*ctx.x_meta)
        dt = None
        if ctx.needs_input_grad[1]:
            dt = torch.from_numpy(dtheta).to(*ctx.t_meta)
        return dx, dt, None


class QuantumLayer(nn.Module):
    """A compiled masq model as an nn.Module: [B, F] -> [B, O].

    model: a masq.Model (masq.compile(...)).
    output: the output the layer returns (default: the model's first
        output), flattened to O values per sample.
    init_seed: the seed of the parameters' initial values (as
        `masq train --seed`).
    inputs: F is the model's inputs flattened and concatenated in
        declaration order (one input: its values).
    mask_seed: the seed of the mask patterns of a model with masks.
    threads: native threads (None: as the CLI).
    shots: None for exact values and gradients. N > 0 evaluates as a device
        would (Model.forward(shots=N)): each call draws new outcomes, seeded
        by shot_seed and the call's number, and backward estimates
        d/dtheta by the parameter-shift rule with N shots per shifted
        circuit (the model compiled with param_shift=True), and d/dx by
        shifting the angle encoders' angles the same way; a model whose
        inputs the rule cannot reach (an amplitude encoder, say:
        model.param_shift_input_refusal) refuses an input that requires grad.
    trajectories: T quantum trajectories per circuit for a model with noise
        channels (masq.compile(..., noise=FILE) or channels in its source);
        its gradients are parameter-shift ones, as with shots.
    dtype: of the parameters (None: float32 for a model compiled with
        precision="single", float64 otherwise).
    """

    def __init__(self, model, output=None, init_seed=0, mask_seed=0, threads=None, shots=None,
                 shot_seed=0, dtype=None, trajectories=None):
        super().__init__()
        self.shots = masq._shots(shots) or None
        self.trajectories = masq._trajectories(trajectories)
        self.shot_seed = int(shot_seed)
        self._calls = 0
        names = [s.name for s in model.outputs] + (["loss"] if model.has_loss else [])
        if output is None:
            if not model.outputs:
                raise ValueError(f"model '{model.name}' has no outputs")
            output = model.outputs[0].name
        if output not in names:
            raise ValueError(f"output: unknown output '{output}' (the model's: {', '.join(names)})")
        if not model.inputs:
            raise ValueError(f"model '{model.name}' has no inputs to feed the layer")
        self.model = model
        self.output = output
        self.mask_seed = mask_seed
        self.threads = threads
        self._out_shape = () if output == "loss" else next(
            s.shape for s in model.outputs if s.name == output)
        self._in_sizes = [(s.name, s.shape, int(np.prod(s.shape, dtype=np.int64)))
                          for s in model.inputs]
        self.in_features = sum(n for _, _, n in self._in_sizes)
        self.out_features = int(np.prod(self._out_shape, dtype=np.int64))
        if dtype is None:
            dtype = torch.float32 if model.precision == "single" else torch.float64
        self.theta = nn.Parameter(torch.from_numpy(model.init_params(init_seed)).to(dtype))

    def extra_repr(self):
        return (f"model={self.model.name}, in_features={self.in_features}, "
                f"out_features={self.out_features}, output={self.output!r}, "
                f"num_params={self.model.num_params}")

    def _inputs(self, x):
        """[B, F] -> the model's inputs dict."""
        out, col = {}, 0
        for name, shape, n in self._in_sizes:
            out[name] = x[:, col:col + n].reshape((x.shape[0],) + shape)
            col += n
        return out

    def _flat(self, dinputs):
        b = next(iter(dinputs.values())).shape[0]
        if len(self._in_sizes) == 1:
            return np.ascontiguousarray(dinputs[self._in_sizes[0][0]].reshape(b, -1))
        return np.concatenate([dinputs[name].reshape(b, -1) for name, _, _ in self._in_sizes],
                              axis=1)

    def forward(self, x):
        if not isinstance(x, torch.Tensor):
            raise ValueError("x: expected a torch.Tensor of shape [B, "
                             f"{self.in_features}]")
        if x.dim() != 2 or x.shape[1] != self.in_features:
            raise ValueError(f"x: expected shape [B, {self.in_features}], got {list(x.shape)}")
        if not x.is_floating_point():
            raise ValueError(f"x: expected a floating-point tensor, got {x.dtype}")
        if x.shape[0] == 0:
            raise ValueError("x: the batch is empty")
        noisy = not self.model._native.has_adjoint
        if (self.shots is not None or noisy) and torch.is_grad_enabled():
            if (self.theta.requires_grad or x.requires_grad) and not self.model.has_param_shift:
                raise RuntimeError(
                    f"QuantumLayer(shots={self.shots}): gradients from shots need the "
                    "parameter-shift form: masq.compile(..., param_shift=True)")
            why = self.model.param_shift_input_refusal
            if x.requires_grad and why is not None:
                raise RuntimeError(
                    f"QuantumLayer(shots={self.shots}): the parameter-shift rule cannot "
                    f"differentiate this model's inputs: {why}; detach the input or use "
                    "shots=None")
        return _QuantumFunction.apply(x, self.theta, self)

    def _draw(self):
        """(shots, seed) of this call: a new draw per call; within a call,
        sample b has its own stream."""
        if self.shots is None and not self.trajectories:
            return 0, 0
        seed = (self.shot_seed * 1000003 + self._calls) & (2**63 - 1)
        self._calls += 1
        return self.shots or 0, seed
