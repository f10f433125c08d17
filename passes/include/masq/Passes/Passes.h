//===- Passes.h - masq lowering and gradient passes -------------*- C++ -*-===//
//
// Optimisations on the model (masq dialect, qubit values), run at -O:
//   masq-eliminate-masks    masks that hide nothing disappear
//   masq-basis-states       gates that act trivially on |0> qubits go
//   masq-light-cone         gates and resets no output can see go
//
// The road from a model (qubit values, tensors) to native code:
//   masq-lower-to-state     model func -> per-sample function over buffers
//                           (masq.sv.* ops, static qubit indices, resets as
//                           swaps with fresh ancillas) + batch entry points
//   masq-eliminate-decoder  fidelity after a decoder -> the state before it
//                           against U|ref> on a small state of its own
//   masq-fuse-gates         runs of gates on <= 8 qubits -> one-sweep blocks
//                           (states of >= 21 qubits; cost model in the file)
//   masq-pair-samples       real circuits: two samples per complex state
//                           (masq_sample_pair, paired batch entry)
//   masq-generate-gradient  reverse function of the per-sample function
//                           (adjoint differentiation as IR) + batch entry
//   masq-state-to-llvm      masq.sv.* -> calls of the runtime's compiled-code
//                           ABI; arith/math/scf/func -> LLVM dialect
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_PASSES_PASSES_H
#define MASQ_PASSES_PASSES_H

#include "mlir/Pass/Pass.h"

#include <memory>
#include <string>

namespace masq {

std::unique_ptr<mlir::Pass> createMaskEliminationPass();
std::unique_ptr<mlir::Pass> createBasisStatesPass();
std::unique_ptr<mlir::Pass> createLightConePass();
/// The -O pipeline on the model: the passes above with canonicalisation and
/// CSE around them, less the ones named in `skip` (pass arguments, e.g.
/// "masq-light-cone"; "canonicalize" skips canonicalisation and CSE).
void buildOptimisationPipeline(mlir::OpPassManager &pm,
                               llvm::ArrayRef<std::string> skip = {});

std::unique_ptr<mlir::Pass> createLowerToStatePass();
std::unique_ptr<mlir::Pass> createEliminateDecoderPass();
std::unique_ptr<mlir::Pass> createFuseGatesPass();
std::unique_ptr<mlir::Pass> createPairSamplesPass();
std::unique_ptr<mlir::Pass> createGenerateGradientPass();
std::unique_ptr<mlir::Pass> createStateToLLVMPass();

/// Registers the passes with the global registry (for masq-opt), and the
/// pipeline `masq-to-llvm` (all of buildLoweringPipeline).
void registerMasqPasses();

/// Model (after optimisation) -> LLVM dialect: lower-to-state, optionally
/// pair-samples and generate-gradient, state-to-llvm, then the upstream
/// conversions of scf/cf/arith/math/func to the LLVM dialect.
void buildLoweringPipeline(mlir::OpPassManager &pm, bool gradient);

/// masq-fuse-gates defaults. Blocks on qubits below kFuseChunkQubits run in
/// place on contiguous chunks of 2^kFuseChunkQubits amplitudes (the chunk
/// size of runtime/lib/CompiledBlock.cpp, which accepts blocks of up to that
/// many qubits) from states of kFuseMinQubitsInPlace qubits; other blocks
/// gather their chunks, hold at most kFuseMaxQubits qubits and are formed
/// from kFuseMinQubits.
constexpr int kFuseMinQubits = 21, kFuseMaxQubits = 8;
constexpr int kFuseChunkQubits = 13, kFuseMinQubitsInPlace = 17;

/// Symbols of a compiled model (stable: masq build links against them).
namespace sym {
constexpr const char *kForward = "masq_model_forward";
constexpr const char *kGradient = "masq_model_gradient";
constexpr const char *kInfo = "masq_model_info";
constexpr const char *kInfoAttr = "masq.info"; // module attribute (JSON)
/// Unit module attribute: keep one sample per state (-O0).
constexpr const char *kNoPairingAttr = "masq.no_pairing";
/// Unit module attribute: no decoder elimination (-O0).
constexpr const char *kNoDecoderEliminationAttr = "masq.no_decoder_elimination";
/// Unit module attribute: no fused blocks (-O0).
constexpr const char *kNoFusionAttr = "masq.no_fusion";
/// Integer module attribute: fuse gates on states of at least this many
/// qubits (overrides the pass default; masq --fuse-min-qubits).
constexpr const char *kFuseMinQubitsAttr = "masq.fuse_min_qubits";
/// Integer module attribute: at most this many qubits per block, in place
/// (qubits below it) or gathered (masq --fuse-max-qubits).
constexpr const char *kFuseMaxQubitsAttr = "masq.fuse_max_qubits";
} // namespace sym

} // namespace masq

#endif // MASQ_PASSES_PASSES_H
