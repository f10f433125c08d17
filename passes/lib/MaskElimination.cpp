//===- MaskElimination.cpp - masks that hide nothing ----------------------===//
//
// masq-eliminate-masks: a patch or pixel mask whose ratio is 0 (evaluation
// with `--set ratio=0`) and a fixed mask with no index hide nothing, so the
// encoder reads the input itself: no masked copy is made at run time, and the
// per-sample pattern, still drawn by the trainer (all zeros), is read by
// nobody.
//
//===----------------------------------------------------------------------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

namespace masq {
namespace {

bool hidesNothing(MaskOp mask) {
  if (mask.getKind() == MaskKind::Fixed)
    return !mask.getIndicesAttr() || mask.getIndicesAttr().empty();
  return mask.getHiddenRatio() == 0.0;
}

struct MaskEliminationPass
    : public PassWrapper<MaskEliminationPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(MaskEliminationPass)
  StringRef getArgument() const override { return "masq-eliminate-masks"; }
  StringRef getDescription() const override {
    return "Remove masks that hide nothing (ratio 0, no fixed index)";
  }
  void runOnOperation() override {
    SmallVector<MaskOp> gone;
    getOperation().walk([&](MaskOp mask) {
      if (hidesNothing(mask))
        gone.push_back(mask);
    });
    for (MaskOp mask : gone) {
      mask.getResult().replaceAllUsesWith(mask.getData());
      mask.erase();
    }
  }
};

} // namespace

std::unique_ptr<Pass> createMaskEliminationPass() {
  return std::make_unique<MaskEliminationPass>();
}

} // namespace masq
