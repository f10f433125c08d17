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
    precision=single makes the states complex64: the model description's
    state_doubles is 1, the work buffer's states take half the room, and
    masq-state-to-llvm calls the runtime's complex64 functions.
  }];
  let options = [
    Option<"precision", "precision", "std::string", "\"double\"",
           "Amplitude type of the states: double (complex128) or single "
           "(complex64)">,
  ];
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
    sweep over the state. With `costs` (a table `masq calibrate` measured)
    a block is formed where the table says it is cheaper; without, the
    fixed thresholds of FuseGates.cpp (kFuse* in Passes.h) apply. `masq
    --fuse-min-qubits N` sets both min-qubits options to N (and drops the
    table), `--fuse-max-qubits K` both max-qubits and in-place-qubits to K.
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
    Option<"costs", "costs", "std::string", /*default=*/"\"\"",
           "costs measured on the machine (masq calibrate; "
           "masq/Core/FusionCosts.h): a block is formed, at any state size, "
           "where it is cheaper than its gates one by one; the min-qubits "
           "options are then not used">,
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
  let description = [{
    When the model description says the states are complex64
    (state_doubles = 1: masq-lower-to-state precision=single), every call
    that takes a state goes to its masq_rtc_f32_ twin (Compiled.h), and
    noise channels are refused (trajectories run in double).
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def StdToLLVM : Pass<"masq-std-to-llvm", "mlir::ModuleOp"> {
  let summary = "Lower arith, math, func and cf to the LLVM dialect in one conversion";
  let description = [{
    The patterns of upstream's four conversion passes (arith, math, func,
    control flow) applied in one walk of the module: the model's code is one
    long function per entry point, and four walks were a fifth of a cold
    compile's lowering.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

//===----------------------------------------------------------------------===//
// A model as a circuit for hardware (issue 22; Circuit.h, docs/hardware.md)
//
// A circuit is a func.func with the masq.circuit attribute: masq.alloc (the
// index is the wire: a logical qubit before routing, a physical one after),
// gates with constant angles, masq.cswap, masq.measure and masq.reset, and
// nothing else. Its masq.qubits attribute names the model's qubits (q[0],
// r[0], anc[0]) and masq.clbits the classical bits measures write. The
// driver's --target runs the passes below in this order; masq compile
// --emit=circuit prints the result.
//===----------------------------------------------------------------------===//

def MaterializeCircuit : Pass<"masq-materialize-circuit", "mlir::ModuleOp"> {
  let summary = "Write a bound model as a circuit function: encoders as gates, "
                "the measured observable as measurements (a fidelity as a "
                "SWAP test with its reference register and ancilla)";
  let description = [{
    The model's values must be bound (masq compile binds --params, --input
    and --data). Adds (or replaces) func `<model>_circuit` with the same
    circuit `masq compile --emit=qasm2` writes: angle encoding as one
    rotation per qubit, amplitude encoding as uniformly controlled RY and
    CX (Mottonen et al.), a fidelity as a SWAP test (reference register
    prepared from its data, an ancilla, h, cswap, h, measure), expval in its
    Pauli bases, prob/probabilities as measurements. The model stays.
  }];
  let options = [
    Option<"observable", "observable", "std::string", /*default=*/"\"\"",
           "what the circuit measures: 'loss' or an output name (empty: the "
           "loss, else the first output)">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::func::FuncDialect"];
}

def DecomposeCircuit : Pass<"masq-decompose-circuit", "mlir::ModuleOp"> {
  let summary = "Rewrite every gate of a circuit on two or more qubits into "
                "cx and one-qubit gates (exact identities; Translate.h)";
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def RouteCircuit : Pass<"masq-route-circuit", "mlir::ModuleOp"> {
  let summary = "Place a decomposed circuit on a target's qubits and insert "
                "SWAPs so every two-qubit gate is on a coupled pair";
  let description = [{
    Layout and routing by SABRE (or, router=trivial, shortest-path SWAPs
    before each gate, the baseline), checked by replaying the routed
    circuit against the logical one (Route.h verifyRouted). The wires
    become the target's physical qubits; the function gets masq.target,
    masq.router, masq.swaps and the layouts masq.layout_initial /
    masq.layout_final (physical qubit of each logical one).
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "a built-in target (heavy-hex-27, line:N, grid:RxC, ion:N) or a "
           "TOML file">,
    Option<"router", "router", "std::string", /*default=*/"\"sabre\"",
           "sabre or trivial">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def NativeGates : Pass<"masq-native-gates", "mlir::ModuleOp"> {
  let summary = "Rewrite a routed circuit in its target's native gates (the "
                "entangler, turned on directed edges; one-qubit gates as "
                "Euler rotations)";
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "the target the circuit was routed on">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def PeepholeCircuit : Pass<"masq-peephole-circuit", "mlir::ModuleOp"> {
  let summary = "Clean up a circuit in its target's basis: merge neighbouring "
                "rz, drop rz(0 mod 2 pi), cancel cx cx, cz cz, x x, and sx sx "
                "-> x";
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "the circuit's target (sx sx becomes x only when x is native)">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

#endif // MASQ_PASSES_PASSES_TD
