//===- LightCone.cpp - drop what no output or loss can see ----------------===//
//
// masq-light-cone: a gate is kept only if it is in the backward light cone
// of an observable (fidelity, expval, prob, probabilities, measure) or of an
// encoder. Walking the model backwards, a qubit value is live when a kept op
// reads it; a gate is kept when one of its result qubits is live, and then
// all its input qubits become live. A reset does not pass liveness to its
// input: what happened to a qubit before it is reset reaches an output only
// through gates that also touched a live qubit (and those are kept). A reset
// whose results are not live goes too, and with it the ancilla the lowering
// would give it. Dropped gates contribute nothing to any output, so their
// parameters' gradients are exactly zero either way.
//
//===----------------------------------------------------------------------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"
#include "PassDetail.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_LIGHTCONE
#include "masq/Passes/Passes.h.inc"
namespace {

unsigned pruneModel(func::FuncOp model) {
  DenseSet<Value> live;
  SmallVector<Operation *> dead;
  Block &body = model.getBody().front();
  auto isLive = [&](ValueRange vs) {
    return llvm::any_of(vs, [&](Value v) { return live.contains(v); });
  };
  for (Operation &op : llvm::reverse(body)) {
    if (auto gate = dyn_cast<GateOp>(&op)) {
      if (isLive(gate.getOutQubits()))
        live.insert(gate.getInQubits().begin(), gate.getInQubits().end());
      else
        dead.push_back(&op);
    } else if (auto reset = dyn_cast<ResetOp>(&op)) {
      if (!isLive(reset.getOut()))
        dead.push_back(&op);
    } else if (auto ch = dyn_cast<ChannelOp>(&op)) {
      // Trace preserving: outside the light cone it changes nothing measured.
      if (isLive(ch.getOut()))
        live.insert(ch.getIn().begin(), ch.getIn().end());
      else
        dead.push_back(&op);
    } else {
      // Observables, measurements and encoders read their qubits.
      for (Value v : op.getOperands())
        if (isa<QubitType>(v.getType()))
          live.insert(v);
    }
  }
  // `dead` is in reverse program order: later ops first, so each bypass sees
  // the uses of its results already rewired.
  for (Operation *op : dead) {
    if (auto gate = dyn_cast<GateOp>(op))
      detail::bypassQubits(op, gate.getInQubits(), gate.getOutQubits());
    else if (auto ch = dyn_cast<ChannelOp>(op))
      detail::bypassQubits(op, ch.getIn(), ch.getOut());
    else
      detail::bypassQubits(op, cast<ResetOp>(op).getIn(), cast<ResetOp>(op).getOut());
  }
  return dead.size();
}

struct LightConePass : impl::LightConeBase<LightConePass> {
  void runOnOperation() override {
    for (auto f : getOperation().getOps<func::FuncOp>())
      if (f->hasAttr(attr::kModel))
        pruneModel(f);
  }
};

} // namespace

} // namespace masq
