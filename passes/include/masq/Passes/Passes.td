//===- Passes.td - the masq passes --------------------------*- tablegen -*-===//
//
// Every masq pass, its flag, summary and options, in one place. mlir-tblgen
// -gen-pass-decls makes from each `def X` the base class impl::XBase (its
// .cpp defines `struct XPass : impl::XBase<XPass>` under GEN_PASS_DEF_X),
// the options struct XOptions, createX() / createX(const XOptions &) and
// registerMasqPasses(). A new pass: an entry here, its .cpp, its lit test
// (test/Compile/<flag>.test); add it to buildLoweringPipeline or
// buildOptimisationPipeline (Pipeline.cpp) if the pipelines should run it.
//
// Options are pass options only: the driver's flags reach them through
// LoweringOptions (Passes.h), which buildLoweringPipeline turns into these
// options in one place; nothing travels as a module attribute.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_PASSES_PASSES_TD
#define MASQ_PASSES_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Optimisations on the model (masq dialect, qubit values), run at -O
//===----------------------------------------------------------------------===//

def MaskElimination : Pass<"masq-eliminate-masks", "mlir::ModuleOp"> {
  let summary = "Remove masks that hide nothing (ratio 0, no fixed index); fold "
                "fixed masks into the angle encoders that read them";
}

def BasisStates : Pass<"masq-basis-states", "mlir::ModuleOp"> {
  let summary = "Drop gates that act trivially on qubits known to be |0>";
}

def LightCone : Pass<"masq-light-cone", "mlir::ModuleOp"> {
  let summary = "Drop gates and resets outside the backward light cone of the "
                "outputs";
}

def ApplyNoise : Pass<"masq-apply-noise", "mlir::ModuleOp"> {
  let summary = "Attach a device's noise channels to a model (a noise model)";
  let description = [{
    What a calibrated device does to a circuit, added to a noise-free
    model: after every gate, the channels its entry names (a gate's own
    entry replaces its class's: one_qubit or two_qubit; one-qubit channels
    after a two-qubit gate act on each of its qubits), and before the
    observables a bit flip per readout error (expval, prob, probabilities;
    refused on qubits a fidelity also reads). `spec` holds the entries,
    separated by ';':
      gate=NAME|1q|2q,CHANNEL,P      after every such gate
      readout=QUBIT|*,P              before every observable reading it
    masq --noise FILE.toml writes it from the file (docs/noise.md).
  }];
  let options = [
    Option<"spec", "spec", "std::string", /*default=*/"\"\"",
           "the noise model's entries (gate=..., readout=...; separated by ';')">,
  ];
}

//===----------------------------------------------------------------------===//
// The road from a model (qubit values, tensors) to native code
//===----------------------------------------------------------------------===//

def LowerToState : Pass<"masq-lower-to-state", "mlir::ModuleOp"> {
  let summary = "Lower a masq model to a per-sample function over raw buffers";
  let description = [{
    The model function becomes masq_sample(psi, theta, inputs, values,
    scratch) over buffers (masq.sv.* ops, static qubit indices, resets as
    swaps with fresh ancillas), plus the batch entry masq_model_forward.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect", "mlir::scf::SCFDialect",
                           "masq::MasqDialect"];
}

def EliminateDecoder : Pass<"masq-eliminate-decoder", "mlir::ModuleOp"> {
  let summary = "Compare a fidelity's state before its decoder with U|ref> (one "
                "small state per side instead of the decoder on the state with "
                "its ancillas)";
}

def FuseGates : Pass<"masq-fuse-gates", "mlir::ModuleOp"> {
  let summary = "Fuse gates on a few qubits into blocks of one sweep each";
  let description = [{
    Runs of gates on one state become masq.sv.block ops, each applied in one
    sweep over the state. The defaults are the cost model of FuseGates.cpp
    (kFuse* in Passes.h); `masq --fuse-min-qubits N` sets both min-qubits
    options to N, `--fuse-max-qubits K` both max-qubits and in-place-qubits
    to K.
  }];
  let options = [
    Option<"minQubits", "min-qubits", "int", /*default=*/"kFuseMinQubits",
           "gathered blocks (any qubits, at most max-qubits of them) only on "
           "states of at least this many qubits">,
    Option<"minQubitsInPlace", "min-qubits-in-place", "int",
           /*default=*/"kFuseMinQubitsInPlace",
           "in-place blocks (qubits below in-place-qubits) only on states of at "
           "least this many qubits">,
    Option<"maxQubits", "max-qubits", "int", /*default=*/"kFuseMaxQubits",
           "qubits per gathered block at most">,
    Option<"inPlaceQubits", "in-place-qubits", "int",
           /*default=*/"kFuseChunkQubits",
           "blocks whose qubits all lie below this run in place on contiguous "
           "chunks and may use all of them (0: none)">,
  ];
}

def PairSamples : Pass<"masq-pair-samples", "mlir::ModuleOp"> {
  let summary = "Run two samples of a real circuit as one complex state";
}

def GenerateGradient : Pass<"masq-generate-gradient", "mlir::ModuleOp"> {
  let summary = "Generate the reverse (adjoint-differentiation) function of a "
                "lowered masq model";
  let options = [
    Option<"vjp", "vjp", "bool", /*default=*/"false",
           "Also generate masq_model_vjp: the vector-Jacobian product of every "
           "value with respect to the parameters and the inputs, one reverse "
           "sweep per sample">,
    Option<"paramShift", "param-shift", "bool", /*default=*/"false",
           "Also generate masq_model_ps_gradient (and, with vjp, "
           "masq_model_ps_vjp): gradients with respect to the parameters by "
           "the parameter-shift rule, each shifted circuit run (and, under "
           "shots, sampled) by the runtime">,
  ];
}

def StateToLLVM : Pass<"masq-state-to-llvm", "mlir::ModuleOp"> {
  let summary = "Lower masq.sv ops to calls of the runtime's compiled-code ABI";
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // MASQ_PASSES_PASSES_TD
