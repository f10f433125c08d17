//===- Passes.h - masq lowering and gradient passes -------------*- C++ -*-===//
//
// The passes are declared in Passes.td (flags, summaries, options); this
// header brings in what mlir-tblgen makes of it: createX() and, for passes
// with options, XOptions and createX(const XOptions &), and
// registerMasqPasses(). The pipelines that run them:
//   -O on the model          masq-eliminate-masks, masq-basis-states,
//                            masq-light-cone (buildOptimisationPipeline)
//   model -> LLVM dialect    masq-lower-to-state, masq-eliminate-decoder,
//                            masq-fuse-gates, masq-pair-samples,
//                            masq-generate-gradient, masq-state-to-llvm
//                            (buildLoweringPipeline, from LoweringOptions)
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_PASSES_PASSES_H
#define MASQ_PASSES_PASSES_H

#include "masq/Core/Limits.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>
#include <string>
#include <vector>

namespace masq {

/// masq-fuse-gates defaults. Blocks on qubits below kFuseChunkQubits run in
/// place on contiguous chunks of 2^kFuseChunkQubits amplitudes (the chunk
/// size of runtime/sim/CompiledBlock.cpp, which accepts blocks of up to that
/// many qubits) from states of kFuseMinQubitsInPlace qubits; other blocks
/// gather their chunks, hold at most kFuseMaxQubits qubits (the runtime
/// widens their chunks by the qubits of a 64-byte line) and are formed from
/// kFuseMinQubits.
constexpr int kFuseChunkQubits = kChunkQubits, kFuseMinQubitsInPlace = 17;
constexpr int kFuseMinQubits = 21, kFuseMaxQubits = kGatheredQubits;

#define GEN_PASS_DECL
#include "masq/Passes/Passes.h.inc"

/// The -O pipeline on the model: the passes above with canonicalisation and
/// CSE around them, less the ones named in `skip` (pass arguments, e.g.
/// "masq-light-cone"; "canonicalize" skips canonicalisation and CSE).
void buildOptimisationPipeline(mlir::OpPassManager &pm,
                               llvm::ArrayRef<std::string> skip = {});

/// The passes of -O that `masq --disable-pass` can leave out, by pass
/// argument: buildOptimisationPipeline's and the optional ones of
/// LoweringOptions.
std::vector<std::string> optionalPasses();

/// What the lowering does beyond the passes it always runs; the driver's
/// flags (-O0, --disable-pass, --fuse-min/max-qubits) map onto it, and
/// buildLoweringPipeline turns it into pass options. The defaults are `-O`.
struct LoweringOptions {
  bool pairing = true;            // masq-pair-samples
  bool decoderElimination = true; // masq-eliminate-decoder
  bool fusion = true;             // masq-fuse-gates
  int fuseMinQubits = 0; // > 0: both min-qubits options of masq-fuse-gates
  int fuseMaxQubits = 0; // > 0: its max-qubits and in-place-qubits
  std::string fuseCosts;  // its costs option (masq calibrate's table)
  bool gradient = true;  // masq-generate-gradient
  bool vjp = false;      // its vjp option (masq_model_vjp; the Python API)
  bool paramShift = false; // its param-shift option (gradients with shots)
  bool singlePrecision = false; // masq-lower-to-state precision=single (complex64)
};

/// Whether the model has noise channels (masq.channel): its gradients are
/// then parameter-shift ones only.
bool hasNoiseChannels(mlir::ModuleOp module);

/// Model (after optimisation) -> LLVM dialect: lower-to-state, then as
/// `opts` asks eliminate-decoder, fuse-gates, pair-samples and
/// generate-gradient, state-to-llvm, then scf-to-cf and masq-std-to-llvm
/// (arith/math/func/cf to the LLVM dialect in one conversion).
void buildLoweringPipeline(mlir::OpPassManager &pm, const LoweringOptions &opts = {});

/// The pipeline buildLoweringPipeline builds for `opts`, as text (every pass
/// with every option): what the compiled-model cache keys on.
std::string loweringPipelineText(const LoweringOptions &opts);

#define GEN_PASS_REGISTRATION
#include "masq/Passes/Passes.h.inc"

/// Registers the pipelines `masq-optimise` (buildOptimisationPipeline) and
/// `masq-to-llvm` (buildLoweringPipeline with the default options) for
/// masq-opt; registerMasqPasses() registers the passes.
void registerMasqPipelines();

/// Symbols of a compiled model (stable: masq build links against them).
namespace sym {
constexpr const char *kForward = "masq_model_forward";
constexpr const char *kGradient = "masq_model_gradient";
constexpr const char *kVjp = "masq_model_vjp";
/// Parameter-shift forms of the two (LoweringOptions::paramShift), with the
/// same arguments; they need the runtime's masq/Runtime/ParamShift.h.
constexpr const char *kPsGradient = "masq_model_ps_gradient";
constexpr const char *kPsVjp = "masq_model_ps_vjp";
/// Present when kPsVjp differentiates the parameters only: why (a located
/// message, NUL-terminated); then it leaves the input gradients zero.
constexpr const char *kPsVjpNoInputs = "masq_model_ps_vjp_no_inputs";
constexpr const char *kInfo = "masq_model_info";
} // namespace sym

} // namespace masq

#endif // MASQ_PASSES_PASSES_H
