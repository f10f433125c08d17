//===- MasqStateOps.td - state-level ops (after lowering) ---*- tablegen -*-===//
//
// The second level of the masq dialect. `masq-lower-to-state` turns a model
// (qubit values) into a per-sample function over raw buffers: the state
// vector `psi` (2^nq interleaved complex doubles, register qubits 0..n-1 and
// one fresh ancilla per reset qubit above them), the adjoint vector `lam`,
// and slices of the parameter, input, value and scratch buffers, all
// `!llvm.ptr`. Qubits are static indices. `masq-generate-gradient` derives
// the reverse function from these ops, and `masq-state-to-llvm` turns each
// into a call of the runtime's compiled-code ABI (runtime/.../Compiled.h).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_STATE_OPS_TD
#define MASQ_STATE_OPS_TD

def Masq_Ptr : Type<CPred<"::llvm::isa<::mlir::LLVM::LLVMPointerType>($_self)">,
                    "LLVM pointer", "::mlir::LLVM::LLVMPointerType"> {
  let builderCall = "::mlir::LLVM::LLVMPointerType::get($_builder.getContext())";
}

// Two real samples in one state (masq-pair-samples): lane 0 = the real
// parts, lane 1 = the imaginary parts. Absent: one complex sample.
def Masq_LaneAttr : ConfinedAttr<I32Attr, [IntMinValue<0>, IntMaxValue<1>]>;

class Masq_SvOp<string mnemonic, list<Trait> traits = []>
    : Masq_Op<"sv." # mnemonic, traits>;

def Masq_SvInitOp : Masq_SvOp<"init"> {
  let summary = "psi <- |0...0> on nq qubits (in both lanes when paired)";
  let arguments = (ins Masq_Ptr:$psi, I32Attr:$nq, UnitAttr:$paired);
  let assemblyFormat = "$psi attr-dict";
}

def Masq_SvZeroOp : Masq_SvOp<"zero"> {
  let summary = "count doubles at buf <- 0";
  let arguments = (ins Masq_Ptr:$buf, I64Attr:$count);
  let assemblyFormat = "$buf attr-dict";
}

def Masq_SvGateOp : Masq_SvOp<"gate"> {
  let summary = "apply a gate of the table to psi";
  let description = [{
    ```mlir
    masq.sv.gate %psi (%a) {gate = "ry", qubits = array<i32: 3>, nq = 8 : i32}
    ```
  }];
  let arguments = (ins Masq_Ptr:$psi, Variadic<F64>:$angles, StrAttr:$gate,
                   DenseI32ArrayAttr:$qubits, I32Attr:$nq);
  let assemblyFormat = "$psi (`(` $angles^ `)`)? attr-dict";
  let hasVerifier = 1;
}

def Masq_SvGateBackOp : Masq_SvOp<"gate_back"> {
  let summary = "adjoint step of a gate: un-compute psi and lam, derivatives";
  let description = [{
    psi is the state after the gate. Un-computes psi <- U^dag psi and
    lam <- U^dag lam in one sweep; with `derivs`, returns dL/d(angle) for
    each angle (lam being dL/dpsi^*).
  }];
  let arguments = (ins Masq_Ptr:$psi, Masq_Ptr:$lam, Variadic<F64>:$angles,
                   StrAttr:$gate, DenseI32ArrayAttr:$qubits, I32Attr:$nq,
                   UnitAttr:$derivs);
  let results = (outs Variadic<F64>:$grads);
  let assemblyFormat = "$psi `,` $lam (`(` $angles^ `)`)? attr-dict (`->` type($grads)^)?";
  let hasVerifier = 1;
}

def Masq_SvChannelOp : Masq_SvOp<"channel"> {
  let summary = "one quantum-trajectory step of a noise channel on psi";
  let description = [{
    Draws one Kraus branch of the channel `kind` (masq/Core/Channels.h) with
    its probability in the state and applies it, renormalised: the runtime's
    trajectory streams (masq/Runtime/Noise.h) make the draw.

    ```mlir
    masq.sv.channel %psi {kind = "depolarize", p = 1.0e-02 : f64, qubits = array<i32: 3>, nq = 8 : i32}
    ```
  }];
  let arguments = (ins Masq_Ptr:$psi, StrAttr:$kind, F64Attr:$p,
                   DenseI32ArrayAttr:$qubits, I32Attr:$nq);
  let assemblyFormat = "$psi attr-dict";
}

def Masq_SvBlockOp : Masq_SvOp<"block"> {
  let summary = "apply a sequence of gates on a few qubits in one sweep";
  let description = [{
    A fused block (masq-fuse-gates): the gates `gates`, gate i acting on the
    qubits gate_qubits[2i], gate_qubits[2i+1] (-1 for one-qubit gates), all
    within `qubits`; `angles` are the gates' angles in order. One pass over
    the state instead of one per gate, exactly differentiable in each angle
    (masq.sv.block_back).

    ```mlir
    masq.sv.block %psi (%a, %b) {gates = ["ry", "cx", "ry"],
        gate_qubits = array<i32: 0, -1, 0, 1, 1, -1>, qubits = array<i32: 0, 1>,
        nq = 8 : i32}
    ```
  }];
  let arguments = (ins Masq_Ptr:$psi, Variadic<F64>:$angles, StrArrayAttr:$gates,
                   DenseI32ArrayAttr:$gate_qubits, DenseI32ArrayAttr:$qubits,
                   I32Attr:$nq);
  let assemblyFormat = "$psi (`(` $angles^ `)`)? attr-dict";
  let hasVerifier = 1;
}

def Masq_SvBlockBackOp : Masq_SvOp<"block_back"> {
  let summary = "adjoint step of a fused block, in one sweep";
  let description = [{
    psi is the state after the block. Un-computes psi and lam through the
    block's gates; with `derivs`, returns dL/d(angle) for every angle.
  }];
  let arguments = (ins Masq_Ptr:$psi, Masq_Ptr:$lam, Variadic<F64>:$angles,
                   StrArrayAttr:$gates, DenseI32ArrayAttr:$gate_qubits,
                   DenseI32ArrayAttr:$qubits, I32Attr:$nq, UnitAttr:$derivs);
  let results = (outs Variadic<F64>:$grads);
  let assemblyFormat = "$psi `,` $lam (`(` $angles^ `)`)? attr-dict (`->` type($grads)^)?";
  let hasVerifier = 1;
}

def Masq_SvEncodeAmplitudeOp : Masq_SvOp<"encode_amplitude"> {
  let summary = "amplitude-encode length doubles at x on qubits";
  let arguments = (ins Masq_Ptr:$psi, Masq_Ptr:$x, DenseI32ArrayAttr:$qubits,
                   I32Attr:$nq, I32Attr:$length,
                   OptionalAttr<Masq_LaneAttr>:$lane);
  let assemblyFormat = "$psi `,` $x attr-dict";
}

def Masq_SvEncodeAmplitudeBackOp : Masq_SvOp<"encode_amplitude_back"> {
  let summary = "gx += dL/dx through the amplitude encoding";
  let arguments = (ins Masq_Ptr:$psi, Masq_Ptr:$lam, Masq_Ptr:$x, Masq_Ptr:$gx,
                   DenseI32ArrayAttr:$qubits, I32Attr:$nq, I32Attr:$length,
                   OptionalAttr<Masq_LaneAttr>:$lane);
  let assemblyFormat = "$psi `,` $lam `,` $x `,` $gx attr-dict";
}

def Masq_SvEncodeAngleOp : Masq_SvOp<"encode_angle"> {
  let summary = "qubits[i] <- R_axis(scale * x[i])|0>";
  let description = [{
    With `ps_base` (the parameter-shift form of a gradient that
    differentiates its data), angle i reads scale * x[i] +
    masq_rtc_ps_shift(ps_base + i): the encoder's angles are occurrences
    ps_base .. ps_base + len(qubits) - 1 of the shift sweep.
  }];
  let arguments = (ins Masq_Ptr:$psi, Masq_Ptr:$x, DenseI32ArrayAttr:$qubits,
                   I32Attr:$nq, I32Attr:$axis, F64Attr:$scale,
                   OptionalAttr<Masq_LaneAttr>:$lane, OptionalAttr<I64Attr>:$ps_base);
  let assemblyFormat = "$psi `,` $x attr-dict";
}

def Masq_SvEncodeAngleBackOp : Masq_SvOp<"encode_angle_back"> {
  let summary = "gx += dL/dx through the angle encoding";
  let arguments = (ins Masq_Ptr:$psi, Masq_Ptr:$lam, Masq_Ptr:$x, Masq_Ptr:$gx,
                   DenseI32ArrayAttr:$qubits, I32Attr:$nq, I32Attr:$axis,
                   F64Attr:$scale,
                   OptionalAttr<Masq_LaneAttr>:$lane);
  let assemblyFormat = "$psi `,` $lam `,` $x `,` $gx attr-dict";
}

def Masq_SvMaskOp : Masq_SvOp<"mask", [AttrSizedOperandSegments]> {
  let summary = "out <- x with the hidden positions filled";
  let description = [{
    kind: 1 patches, 2 pixels, 3 fixed index list. `pattern` (per-sample,
    doubles, nonzero = hidden) for kinds 1 and 2; `fill` points at
    fill_len parameters, or is absent for the constant fill_value.
  }];
  let arguments = (ins Masq_Ptr:$x, Optional<Masq_Ptr>:$pattern,
                   Optional<Masq_Ptr>:$fill, Masq_Ptr:$out, I32Attr:$kind,
                   I32Attr:$length, I32Attr:$rows, I32Attr:$cols, I32Attr:$size,
                   DenseI32ArrayAttr:$indices, I32Attr:$fill_len,
                   F64Attr:$fill_value);
  let assemblyFormat = [{
    $x (`pattern` $pattern^)? (`fill` $fill^)? `->` $out attr-dict
  }];
}

def Masq_SvMaskBackOp : Masq_SvOp<"mask_back", [AttrSizedOperandSegments]> {
  let summary = "gfill += the output gradient at the positions it fills; "
                "gx += it at the visible positions";
  let arguments = (ins Masq_Ptr:$x, Optional<Masq_Ptr>:$pattern, Masq_Ptr:$gout,
                   Optional<Masq_Ptr>:$gfill, Optional<Masq_Ptr>:$gx, I32Attr:$kind,
                   I32Attr:$length, I32Attr:$rows, I32Attr:$cols, I32Attr:$size,
                   DenseI32ArrayAttr:$indices, I32Attr:$fill_len);
  let assemblyFormat = [{
    $x (`pattern` $pattern^)? `,` $gout (`fill` $gfill^)? (`data` $gx^)? attr-dict
  }];
}

def Masq_SvObserveOp : Masq_SvOp<"observe"> {
  let summary = "a scalar observable of psi on qubits";
  let description = [{
    obs: "fidelity" (with the amplitude encoding of `length` doubles at
    `ref`), "fidelity_state" (with the state of the fidelity's qubits at
    `ref`, `length` = 2^k amplitudes; masq-eliminate-decoder), "expval"
    (<prod Z>), "prob_zero".
  }];
  let arguments = (ins Masq_Ptr:$psi, Optional<Masq_Ptr>:$ref, StrAttr:$obs,
                   DenseI32ArrayAttr:$qubits, I32Attr:$nq, I32Attr:$length,
                   OptionalAttr<Masq_LaneAttr>:$lane);
  let results = (outs F64:$result);
  let assemblyFormat = "$psi (`ref` $ref^)? attr-dict";
  let hasVerifier = 1;
}

def Masq_SvSeedOp : Masq_SvOp<"seed"> {
  let summary = "lam += g * d(observable)/dpsi^*";
  let arguments = (ins Masq_Ptr:$psi, Masq_Ptr:$lam, Optional<Masq_Ptr>:$ref,
                   F64:$g, StrAttr:$obs, DenseI32ArrayAttr:$qubits, I32Attr:$nq,
                   I32Attr:$length,
                   OptionalAttr<Masq_LaneAttr>:$lane);
  let assemblyFormat = "$psi `,` $lam (`ref` $ref^)? `,` $g attr-dict";
  let hasVerifier = 1;
}

def Masq_SvSeedFidelityStateOp : Masq_SvOp<"seed_fidelity_state"> {
  let summary = "lam += g dF/dpsi^*, lam_phi += g dF/dphi^*, F = <phi|rho_qs|phi>";
  let description = [{
    The backward step of `masq.sv.observe ... {obs = "fidelity_state"}`:
    seeds the adjoints of both states, psi's and the reference state phi's.
  }];
  let arguments = (ins Masq_Ptr:$psi, Masq_Ptr:$lam, Masq_Ptr:$phi, Masq_Ptr:$lam_phi,
                   F64:$g, DenseI32ArrayAttr:$qubits, I32Attr:$nq,
                   OptionalAttr<Masq_LaneAttr>:$lane);
  let assemblyFormat = "$psi `,` $lam `,` $phi `,` $lam_phi `,` $g attr-dict";
  let hasVerifier = 1;
}

def Masq_SvFidelityRefBackOp : Masq_SvOp<"fidelity_ref_back"> {
  let summary = "gref += g dF/dref for a fidelity against amplitude(ref)";
  let description = [{
    F = <r| rho_qubits |r> with r = ref / |ref| (the `fidelity` observable);
    adds g times its gradient with respect to the raw reference data,
    through the normalisation.
  }];
  let arguments = (ins Masq_Ptr:$psi, Masq_Ptr:$ref, Masq_Ptr:$gref, F64:$g,
                   DenseI32ArrayAttr:$qubits, I32Attr:$nq, I32Attr:$length,
                   OptionalAttr<Masq_LaneAttr>:$lane);
  let assemblyFormat = "$psi `,` $ref `,` $gref `,` $g attr-dict";
}

def Masq_SvProbabilitiesOp : Masq_SvOp<"probabilities"> {
  let summary = "out[0 .. 2^k) <- marginal probabilities of the qubits";
  let arguments = (ins Masq_Ptr:$psi, Masq_Ptr:$out, DenseI32ArrayAttr:$qubits,
                   I32Attr:$nq,
                   OptionalAttr<Masq_LaneAttr>:$lane);
  let assemblyFormat = "$psi `->` $out attr-dict";
}

def Masq_SvSeedProbabilitiesOp : Masq_SvOp<"seed_probabilities"> {
  let summary = "lam += sum_j g[j] dP_j/dpsi^*";
  let arguments = (ins Masq_Ptr:$psi, Masq_Ptr:$lam, Masq_Ptr:$g,
                   DenseI32ArrayAttr:$qubits, I32Attr:$nq,
                   OptionalAttr<Masq_LaneAttr>:$lane);
  let assemblyFormat = "$psi `,` $lam `,` $g attr-dict";
}

#endif // MASQ_STATE_OPS_TD
