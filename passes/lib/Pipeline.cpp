//===- Pipeline.cpp - the pipelines and their registration ----------------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace masq {

bool hasNoiseChannels(ModuleOp module) {
  bool found = false;
  module.walk([&](Operation *op) {
    if (isa<ChannelOp, SvChannelOp>(op))
      found = true;
  });
  return found;
}

std::vector<std::string> optionalPasses() {
  return {"canonicalize",           "masq-eliminate-masks", "masq-basis-states",
          "masq-light-cone",        "masq-eliminate-decoder", "masq-fuse-gates",
          "masq-pair-samples"};
}

void buildOptimisationPipeline(OpPassManager &pm, ArrayRef<std::string> skip) {
  auto on = [&](const char *name) { return !llvm::is_contained(skip, name); };
  if (on("masq-eliminate-masks"))
    pm.addPass(createMaskElimination());
  // CSE between two canonicalisations lets `ry(t); ry(-t)` across an ansatz
  // and its adjoint cancel once both read the same parameter value.
  if (on("canonicalize")) {
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
    pm.addPass(createCanonicalizerPass());
  }
  if (on("masq-basis-states"))
    pm.addPass(createBasisStates());
  if (on("masq-light-cone"))
    pm.addPass(createLightCone());
  // What the two passes removed can expose new cancellations.
  if (on("canonicalize"))
    pm.addPass(createCanonicalizerPass());
}

/// The one place where LoweringOptions become pass options.
void buildLoweringPipeline(OpPassManager &pm, const LoweringOptions &opts) {
  LowerToStateOptions lower;
  if (opts.singlePrecision)
    lower.precision = "single";
  pm.addPass(createLowerToState(lower));
  if (opts.decoderElimination)
    pm.addPass(createEliminateDecoder());
  if (opts.fusion) {
    FuseGatesOptions fuse;
    if (opts.fuseMinQubits > 0) // masq --fuse-min-qubits: both kinds of block
      fuse.minQubits = fuse.minQubitsInPlace = opts.fuseMinQubits;
    if (opts.fuseMaxQubits > 0) // masq --fuse-max-qubits: both kinds of block
      fuse.maxQubits = fuse.inPlaceQubits = opts.fuseMaxQubits;
    if (opts.fuseMinQubits <= 0)
      fuse.costs = opts.fuseCosts;
    pm.addPass(createFuseGates(fuse));
  }
  if (opts.pairing)
    pm.addPass(createPairSamples());
  if (opts.gradient || opts.vjp) {
    GenerateGradientOptions grad;
    grad.vjp = opts.vjp;
    grad.paramShift = opts.paramShift;
    pm.addPass(createGenerateGradient(grad));
  }
  // Adjoint arithmetic leaves dead and duplicate values behind.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createStateToLLVM());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createStdToLLVM());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

std::string loweringPipelineText(const LoweringOptions &opts) {
  OpPassManager pm(ModuleOp::getOperationName());
  buildLoweringPipeline(pm, opts);
  std::string text;
  llvm::raw_string_ostream os(text);
  pm.printAsTextualPipeline(os);
  return text;
}

void registerMasqPipelines() {
  PassPipelineRegistration<>("masq-optimise", "The -O pipeline on a masq model",
                             [](OpPassManager &pm) { buildOptimisationPipeline(pm); });
  PassPipelineRegistration<>("masq-to-llvm",
                             "Lower a masq model and its gradient to the LLVM dialect",
                             [](OpPassManager &pm) { buildLoweringPipeline(pm); });
}

} // namespace masq
