//===- MasqOps.td - masq operations -------------------------*- tablegen -*-===//
#ifndef MASQ_OPS_TD
#define MASQ_OPS_TD

include "masq/Dialect/MasqDialect.td"
include "masq/Dialect/MasqInterfaces.td"
include "masq/Dialect/MasqAttrs.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

class Masq_Op<string mnemonic, list<Trait> traits = []>
    : Op<Masq_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Allocation
//===----------------------------------------------------------------------===//

def Masq_AllocOp : Masq_Op<"alloc", [MemoryEffects<[MemAlloc]>]> {
  let summary = "a fresh qubit in |0>";
  let description = [{
    Produces qubit number `index` of the model's state (q[0] is the least
    significant bit of a basis index), in |0>.

    ```mlir
    %q0 = masq.alloc 0
    ```
  }];
  let arguments = (ins ConfinedAttr<I64Attr, [IntNonNegative]>:$index);
  let results = (outs Masq_Qubit:$out);
  let assemblyFormat = "$index attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Gates: one typed op per entry of the gate table
//===----------------------------------------------------------------------===//

class Masq_GateBase<string mnemonic, string kind, list<Trait> traits = []>
    : Masq_Op<mnemonic, traits # [Pure, Masq_GateOpInterface]> {
  let extraClassDeclaration = [{
    static constexpr ::masq::gates::Kind kKind = ::masq::gates::Kind::}] # kind # [{;
    ::masq::gates::Kind getGateKind() { return kKind; }
  }];
  let hasCanonicalizer = 1;
}

class Masq_Gate1<string mnemonic, string kind, string name>
    : Masq_GateBase<mnemonic, kind> {
  let summary = name # " gate";
  let description = "The " # name # [{ gate on one qubit; its matrix is the
    gate table's entry `}] # kind # [{`.

    ```mlir
    %q1 = masq.}] # mnemonic # [{ %q0
    ```
  }];
  let arguments = (ins Masq_Qubit:$in);
  let results = (outs Masq_Qubit:$out);
  let assemblyFormat = "$in attr-dict";
}

class Masq_Rot1<string mnemonic, string kind, string name>
    : Masq_GateBase<mnemonic, kind> {
  let summary = name # " rotation";
  let description = "Rotation exp(-i theta/2 G) about " # name # [{ on one
    qubit. The angle is any f64 value: a constant, a parameter element or
    arithmetic over them.

    ```mlir
    %q1 = masq.}] # mnemonic # [{(%theta) %q0
    ```
  }];
  let arguments = (ins F64:$theta, Masq_Qubit:$in);
  let results = (outs Masq_Qubit:$out);
  let assemblyFormat = "`(` $theta `)` $in attr-dict";
  let hasFolder = 1;
}

class Masq_Gate2<string mnemonic, string kind, string name>
    : Masq_GateBase<mnemonic, kind> {
  let summary = name # " gate";
  let description = "The " # name # [{ gate on two qubits (for controlled
    gates the first operand is the control).

    ```mlir
    %c1, %t1 = masq.}] # mnemonic # [{ %c0, %t0
    ```
  }];
  let arguments = (ins Masq_Qubit:$q0, Masq_Qubit:$q1);
  let results = (outs Masq_Qubit:$r0, Masq_Qubit:$r1);
  let assemblyFormat = "$q0 `,` $q1 attr-dict";
}

class Masq_Rot2<string mnemonic, string kind, string name>
    : Masq_GateBase<mnemonic, kind> {
  let summary = name # " two-qubit rotation";
  let description = "The " # name # [{ rotation on two qubits (for
    controlled rotations the first operand is the control).

    ```mlir
    %c1, %t1 = masq.}] # mnemonic # [{(%theta) %c0, %t0
    ```
  }];
  let arguments = (ins F64:$theta, Masq_Qubit:$q0, Masq_Qubit:$q1);
  let results = (outs Masq_Qubit:$r0, Masq_Qubit:$r1);
  let assemblyFormat = "`(` $theta `)` $q0 `,` $q1 attr-dict";
  let hasFolder = 1;
}

def Masq_HOp : Masq_Gate1<"h", "H", "Hadamard">;
def Masq_XOp : Masq_Gate1<"x", "X", "Pauli-X">;
def Masq_YOp : Masq_Gate1<"y", "Y", "Pauli-Y">;
def Masq_ZOp : Masq_Gate1<"z", "Z", "Pauli-Z">;
def Masq_SOp : Masq_Gate1<"s", "S", "S (sqrt Z)">;
def Masq_SdgOp : Masq_Gate1<"sdg", "Sdg", "S-dagger">;
def Masq_TOp : Masq_Gate1<"t", "T", "T (fourth root of Z)">;
def Masq_TdgOp : Masq_Gate1<"tdg", "Tdg", "T-dagger">;
def Masq_SXOp : Masq_Gate1<"sx", "SX", "sqrt X">;
def Masq_SXdgOp : Masq_Gate1<"sxdg", "SXdg", "sqrt X dagger">;
def Masq_RXOp : Masq_Rot1<"rx", "RX", "X">;
def Masq_RYOp : Masq_Rot1<"ry", "RY", "Y">;
def Masq_RZOp : Masq_Rot1<"rz", "RZ", "Z">;

def Masq_U3Op : Masq_GateBase<"u3", "U3"> {
  let summary = "general one-qubit gate u3(theta, phi, lambda)";
  let description = [{
    The OpenQASM `u3` gate: [[cos(t/2), -e^{il} sin(t/2)],
    [e^{ip} sin(t/2), e^{i(p+l)} cos(t/2)]].

    ```mlir
    %q1 = masq.u3(%t, %p, %l) %q0
    ```
  }];
  let arguments = (ins F64:$theta, F64:$phi, F64:$lambda, Masq_Qubit:$in);
  let results = (outs Masq_Qubit:$out);
  let assemblyFormat = "`(` $theta `,` $phi `,` $lambda `)` $in attr-dict";
}

def Masq_CXOp : Masq_Gate2<"cx", "CX", "controlled-X">;
def Masq_CYOp : Masq_Gate2<"cy", "CY", "controlled-Y">;
def Masq_CZOp : Masq_Gate2<"cz", "CZ", "controlled-Z">;
def Masq_SwapOp : Masq_Gate2<"swap", "SWAP", "SWAP">;
def Masq_CRXOp : Masq_Rot2<"crx", "CRX", "controlled-RX">;
def Masq_CRYOp : Masq_Rot2<"cry", "CRY", "controlled-RY">;
def Masq_CRZOp : Masq_Rot2<"crz", "CRZ", "controlled-RZ">;
def Masq_RZZOp : Masq_Rot2<"rzz", "RZZ", "ZZ">;
def Masq_RXXOp : Masq_Rot2<"rxx", "RXX", "XX">;

//===----------------------------------------------------------------------===//
// Data: masks and encoders
//===----------------------------------------------------------------------===//

def Masq_MaskOp : Masq_Op<"mask", [Pure, AttrSizedOperandSegments, AllTypesMatch<["data", "result"]>]> {
  let summary = "hide part of an input vector";
  let description = [{
    Replaces the hidden entries of `data` (a `rows` x `cols` image, row-major)
    by the fill. `patches` hides square patches of side `size`; `pixels` hides
    single pixels; both take the per-sample pattern as an operand (one i1 per
    patch or pixel, true = hidden), drawn by the trainer from the run's seed
    with the given `ratio`. `fixed` hides the pixels listed in `indices`,
    known when compiling. The fill is the constant `fill_value` or the
    operand `fill`: an f64, or a vector of one patch's size (a learnable mask
    token; entry k goes to the k-th pixel of a patch, row-major).

    ```mlir
    %seen = masq.mask %image pattern %m : tensor<16xi1> fill %token
        : tensor<4xf64> {kind = #masq.mask_kind<patches>, rows = 8, cols = 8,
          size = 2, ratio = 2.5e-01} : tensor<64xf64>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F64]>:$data,
                   Optional<RankedTensorOf<[I1]>>:$pattern,
                   Optional<AnyTypeOf<[F64, RankedTensorOf<[F64]>]>>:$fill,
                   Masq_MaskKindAttr:$kind, I64Attr:$rows, I64Attr:$cols,
                   OptionalAttr<I64Attr>:$size,
                   OptionalAttr<F64Attr>:$ratio,
                   OptionalAttr<DenseI64ArrayAttr>:$indices,
                   OptionalAttr<F64Attr>:$fill_value);
  let results = (outs RankedTensorOf<[F64]>:$result);
  let assemblyFormat = [{
    $data (`pattern` $pattern^ `:` type($pattern))? (`fill` $fill^ `:` type($fill))?
    attr-dict `:` type($data)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Side of a square patch (1 unless `size` is given).
    int64_t getPatchSide() { return getSizeAttr() ? getSizeAttr().getInt() : 1; }
    /// Fraction of patches hidden (0 unless `ratio` is given).
    double getHiddenRatio() {
      return getRatioAttr() ? getRatioAttr().getValueAsDouble() : 0.0;
    }
    /// The constant fill (0 unless `fill_value` is given).
    double getFillConstant() {
      return getFillValueAttr() ? getFillValueAttr().getValueAsDouble() : 0.0;
    }
    /// Pixels a patch covers (size*size for patches, 1 otherwise).
    int64_t getPatchPixels();
    /// Number of entries of the per-sample pattern.
    int64_t getNumPatternEntries();
  }];
}

def Masq_EncodeAmplitudeOp : Masq_Op<"encode_amplitude",
    [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "amplitude encoding of a data vector";
  let description = [{
    Prepares sum_i x_i / |x| |i> on the given fresh qubits (operand k is bit
    k of i). A vector shorter than 2^n is zero-padded; a zero vector is a
    run-time error.

    ```mlir
    %a:6 = masq.encode_amplitude %x -> %q0, %q1, %q2, %q3, %q4, %q5 : tensor<64xf64>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F64]>:$data, Variadic<Masq_Qubit>:$in);
  let results = (outs Variadic<Masq_Qubit>:$out);
  let assemblyFormat = "$data `->` $in attr-dict `:` type($data)";
  let hasVerifier = 1;
}

def Masq_EncodeAngleOp : Masq_Op<"encode_angle",
    [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "angle encoding of a data vector";
  let description = [{
    Qubit i gets R_axis(scale * x_i)|0>: a product state written directly.

    ```mlir
    %a:2 = masq.encode_angle %x -> %q0, %q1 {axis = #masq.axis<Y>, scale = 3.14} : tensor<2xf64>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F64]>:$data, Variadic<Masq_Qubit>:$in,
                   Masq_AxisAttr:$axis, F64Attr:$scale);
  let results = (outs Variadic<Masq_Qubit>:$out);
  let assemblyFormat = "$data `->` $in attr-dict `:` type($data)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Circuits for hardware (masq-materialize-circuit and after)
//===----------------------------------------------------------------------===//

def Masq_CSwapOp : Masq_Op<"cswap", [Pure]> {
  let summary = "controlled SWAP (Fredkin), in circuits for hardware only";
  let description = [{
    Swaps `q1` and `q2` when `control` is |1>. Not a gate of the model
    language or of the gate table: masq-materialize-circuit writes it for a
    fidelity's SWAP test, and masq-decompose-circuit turns it into cx and
    one-qubit gates. The simulator never sees it.

    ```mlir
    %a1, %b1, %c1 = masq.cswap %a0, %b0, %c0
    ```
  }];
  let arguments = (ins Masq_Qubit:$control, Masq_Qubit:$q1, Masq_Qubit:$q2);
  let results = (outs Masq_Qubit:$r0, Masq_Qubit:$r1, Masq_Qubit:$r2);
  let assemblyFormat = "$control `,` $q1 `,` $q2 attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Non-unitary steps
//===----------------------------------------------------------------------===//

def Masq_ResetOp : Masq_Op<"reset",
    [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "return qubits to |0> (a channel, not a unitary)";
  let description = [{
    The reset channel on each qubit: rho -> sum_b |0><b| rho |b><0|. Every
    observable after it sees the mixed state exactly.

    ```mlir
    %r:2 = masq.reset %q4, %q5
    ```
  }];
  let arguments = (ins Variadic<Masq_Qubit>:$in);
  let results = (outs Variadic<Masq_Qubit>:$out);
  let assemblyFormat = "$in attr-dict";
  let hasVerifier = 1;
}

def Masq_ChannelOp : Masq_Op<"channel",
    [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "a noise channel on one or two qubits (masq/Core/Channels.h)";
  let description = [{
    A completely positive trace-preserving map with PennyLane's Kraus
    operators: `kind` names it (depolarize, depolarize2, amplitude_damp,
    phase_damp, bit_flip, phase_flip), `p` is its probability in [0, 1].
    Simulated by quantum trajectories (one Kraus branch drawn per run);
    differentiable by parameter shift, not by the adjoint method.

    ```mlir
    %r = masq.channel %q {kind = "depolarize", p = 1.0e-02 : f64}
    ```
  }];
  let arguments = (ins Variadic<Masq_Qubit>:$in, StrAttr:$kind, F64Attr:$p);
  let results = (outs Variadic<Masq_Qubit>:$out);
  let assemblyFormat = "$in attr-dict";
  let hasVerifier = 1;
}

def Masq_MeasureOp : Masq_Op<"measure", [MemoryEffects<[MemWrite]>]> {
  let summary = "measure a qubit in the computational basis";
  let description = [{
    Records the outcome in bit `bit` of the classical register `creg`
    (sampled with `--shots`); the qubit collapses to the outcome.

    ```mlir
    %q1, %b = masq.measure %q0 {creg = "c", bit = 0 : i64}
    ```
  }];
  let arguments = (ins Masq_Qubit:$in, StrAttr:$creg, I64Attr:$bit);
  let results = (outs Masq_Qubit:$out, I1:$outcome);
  let assemblyFormat = "$in attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Observables: read qubit values, consume none
//===----------------------------------------------------------------------===//

class Masq_ObsOp<string mnemonic> : Masq_Op<mnemonic, [Pure]> {
  let hasVerifier = 1;
}

def Masq_FidelityOp : Masq_ObsOp<"fidelity"> {
  let summary = "fidelity with an amplitude-encoded reference state";
  let description = [{
    <ref| rho |ref> where ref is the amplitude encoding of `reference` on the
    given qubits, which must be the whole state. A SWAP test on hardware.

    ```mlir
    %f = masq.fidelity(%q0, %q1) , %x : tensor<4xf64>
    ```
  }];
  let arguments = (ins Variadic<Masq_Qubit>:$qubits, RankedTensorOf<[F64]>:$reference);
  let results = (outs F64:$result);
  let assemblyFormat = "`(` $qubits `)` `,` $reference attr-dict `:` type($reference)";
}

def Masq_ExpvalOp : Masq_ObsOp<"expval"> {
  let summary = "expectation of a Pauli string";
  let description = [{
    <P_a P_b ...> over the given qubits, P_k from `paulis` (one of X, Y, Z
    per operand; all Z without it: <Z_a Z_b ...>, one qubit: <Z>). A
    weighted sum of Pauli strings (a Hamiltonian) is a sum of these.

    ```mlir
    %e = masq.expval %q0, %q1
    %h = masq.expval %q0, %q2 {paulis = "XY"}
    ```
  }];
  let arguments = (ins Variadic<Masq_Qubit>:$qubits, OptionalAttr<StrAttr>:$paulis);
  let extraClassDeclaration = [{
    /// The Pauli on operand k: 'X', 'Y' or 'Z'.
    char pauliAt(unsigned k) {
      auto p = getPaulis();
      return p && k < p->size() ? (*p)[k] : 'Z';
    }
  }];
  let results = (outs F64:$result);
  let assemblyFormat = "$qubits attr-dict";
}

def Masq_ProbZeroOp : Masq_ObsOp<"prob_zero"> {
  let summary = "probability that the given qubits all read 0";
  let description = [{
    ```mlir
    %p = masq.prob_zero %q4, %q5
    ```
  }];
  let arguments = (ins Variadic<Masq_Qubit>:$qubits);
  let results = (outs F64:$result);
  let assemblyFormat = "$qubits attr-dict";
}

def Masq_ProbabilitiesOp : Masq_ObsOp<"probabilities"> {
  let summary = "the basis-state probabilities of the given qubits";
  let description = [{
    The 2^n marginal probabilities of the given qubits (operand k is bit k of
    the index).

    ```mlir
    %p = masq.probabilities %q0, %q1 : tensor<4xf64>
    ```
  }];
  let arguments = (ins Variadic<Masq_Qubit>:$qubits);
  let results = (outs RankedTensorOf<[F64]>:$result);
  let assemblyFormat = "$qubits attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// What a model reports and optimises
//===----------------------------------------------------------------------===//

def Masq_OutputOp : Masq_Op<"output", [MemoryEffects<[MemWrite]>]> {
  let summary = "a named result of the model";
  let description = [{
    ```mlir
    masq.output "recon", %r : tensor<64xf64>
    ```
  }];
  let arguments = (ins StrAttr:$name, AnyTypeOf<[F64, RankedTensorOf<[F64]>, I1]>:$value);
  let assemblyFormat = "$name `,` $value attr-dict `:` type($value)";
}

def Masq_LossOp : Masq_Op<"loss", [MemoryEffects<[MemWrite]>]> {
  let summary = "the scalar the trainer minimises, per sample";
  let description = [{
    ```mlir
    masq.loss %l
    ```
  }];
  let arguments = (ins F64:$value);
  let assemblyFormat = "$value attr-dict";
}

include "masq/Dialect/MasqStateOps.td"

#endif // MASQ_OPS_TD
