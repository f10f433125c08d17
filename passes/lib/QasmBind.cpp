//===- QasmBind.cpp - a model's values bound for OpenQASM -----------------===//
//
// Before a model is written as a circuit, its parameters (and a sample's
// inputs and mask patterns) become constants and are folded in; measure
// ops, which the circuit takes over, are dropped from what the layout is
// computed on (masq/Passes/Qasm.h).
//
//===----------------------------------------------------------------------===//
#include "PassDetail.h"
#include "masq/Passes/Qasm.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace masq {

void dropMeasurements(ModuleOp module) {
  SmallVector<MeasureOp> measures;
  module.walk([&](MeasureOp m) { measures.push_back(m); });
  for (MeasureOp m : measures) {
    for (Operation *user : llvm::make_early_inc_range(m.getOutcome().getUsers()))
      user->erase();
    m.getOut().replaceAllUsesWith(m.getIn());
    m.erase();
  }
}

LogicalResult bindModel(ModuleOp module, const ModelInfo &info, const std::vector<double> &theta,
                        const std::vector<double> &sample, bool keepAngleInputs) {
  func::FuncOp model = detail::modelOf(module);
  if (!model)
    return module.emitError("no masq model in the module"), failure();
  OpBuilder b(model.getBody());
  Location loc = model.getLoc();
  for (unsigned i = 0; i < model.getNumArguments(); ++i) {
    BlockArgument arg = model.getArgument(i);
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    const double *src = nullptr;
    if (auto n = model.getArgAttrOfType<StringAttr>(i, attr::kParam)) {
      if (const ParamSlot *s = info.param(n.str()))
        src = theta.data() + s->offset;
    } else if (sample.empty()) {
      continue;
    } else if (auto n = model.getArgAttrOfType<StringAttr>(i, attr::kInput)) {
      bool angleOnly = !arg.use_empty() && llvm::all_of(arg.getUsers(), [](Operation *u) {
        return isa<EncodeAngleOp>(u);
      });
      if (keepAngleInputs && angleOnly)
        continue;
      if (const Slot *s = info.input(n.str()))
        src = sample.data() + s->offset;
    } else if (auto n = model.getArgAttrOfType<StringAttr>(i, attr::kMask)) {
      for (const MaskSlot &m : info.masks)
        if (m.name == n.str())
          src = sample.data() + m.offset;
    }
    if (!src || !type)
      continue;
    DenseElementsAttr value;
    if (type.getElementType().isF64()) {
      value = DenseElementsAttr::get(
          type, ArrayRef<double>(src, size_t(type.getNumElements())));
    } else {
      SmallVector<bool> bits;
      for (int64_t j = 0; j < type.getNumElements(); ++j)
        bits.push_back(src[j] != 0);
      value = DenseElementsAttr::get(type, ArrayRef<bool>(bits));
    }
    arg.replaceAllUsesWith(arith::ConstantOp::create(b, loc, value));
  }
  PassManager pm(module->getContext());
  pm.addPass(createCanonicalizerPass());
  return pm.run(module);
}

} // namespace masq
