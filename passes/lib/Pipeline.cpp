//===- Pipeline.cpp - the lowering pipeline and pass registration ---------===//
#include "masq/Passes/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace masq {

void buildOptimisationPipeline(OpPassManager &pm, ArrayRef<std::string> skip) {
  auto on = [&](const char *name) { return !llvm::is_contained(skip, name); };
  if (on("masq-eliminate-masks"))
    pm.addPass(createMaskEliminationPass());
  // CSE between two canonicalisations lets `ry(t); ry(-t)` across an ansatz
  // and its adjoint cancel once both read the same parameter value.
  if (on("canonicalize")) {
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
    pm.addPass(createCanonicalizerPass());
  }
  if (on("masq-basis-states"))
    pm.addPass(createBasisStatesPass());
  if (on("masq-light-cone"))
    pm.addPass(createLightConePass());
  // What the two passes removed can expose new cancellations.
  if (on("canonicalize"))
    pm.addPass(createCanonicalizerPass());
}

void buildLoweringPipeline(OpPassManager &pm, bool gradient) {
  pm.addPass(createLowerToStatePass());
  pm.addPass(createEliminateDecoderPass());
  pm.addPass(createFuseGatesPass());
  pm.addPass(createPairSamplesPass());
  if (gradient)
    pm.addPass(createGenerateGradientPass());
  // Adjoint arithmetic leaves dead and duplicate values behind.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createStateToLLVMPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void registerMasqPasses() {
  registerPass([] { return createMaskEliminationPass(); });
  registerPass([] { return createBasisStatesPass(); });
  registerPass([] { return createLightConePass(); });
  registerPass([] { return createLowerToStatePass(); });
  registerPass([] { return createEliminateDecoderPass(); });
  registerPass([] { return createFuseGatesPass(); });
  registerPass([] { return createPairSamplesPass(); });
  registerPass([] { return createGenerateGradientPass(); });
  registerPass([] { return createStateToLLVMPass(); });
  PassPipelineRegistration<>("masq-optimise", "The -O pipeline on a masq model",
                             [](OpPassManager &pm) { buildOptimisationPipeline(pm); });
  PassPipelineRegistration<>("masq-to-llvm",
                             "Lower a masq model and its gradient to the LLVM dialect",
                             [](OpPassManager &pm) { buildLoweringPipeline(pm, true); });
}

} // namespace masq
