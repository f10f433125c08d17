//===- BasisStates.cpp - gates on qubits known to be |0> ------------------===//
//
// masq-basis-states: qubits fresh from masq.alloc or masq.reset are |0>
// until a gate that is not the identity on them acts. Walking the model
// forwards, a gate goes when it is the identity (up to a global phase) on
// the state it meets:
//   - a controlled gate (cx cy cz crx cry crz) whose control is |0>;
//   - cz when either qubit is |0> (it is symmetric);
//   - a diagonal gate (z s sdg t tdg rz rzz) whose qubits are all |0>: a
//     global phase, invisible to every observable.
// The qubits it acted on stay |0>. Everything else ends what is known about
// its qubits. A dropped gate changes no output, so its parameters' gradients
// are zero either way.
//
//===----------------------------------------------------------------------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"
#include "PassDetail.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

namespace masq {
namespace {

using gates::Kind;

bool isControlled(Kind k) {
  return k == Kind::CX || k == Kind::CY || k == Kind::CZ || k == Kind::CRX ||
         k == Kind::CRY || k == Kind::CRZ;
}

/// Whether the gate is the identity up to a global phase on a state where
/// the qubits marked in `zero` are |0>.
bool actsTrivially(Kind k, ArrayRef<bool> zero) {
  if (isControlled(k) && zero[0])
    return true;
  if (k == Kind::CZ && zero[1])
    return true;
  return gates::info(k).diagonal && llvm::all_of(zero, [](bool z) { return z; });
}

void simplifyModel(func::FuncOp model) {
  DenseSet<Value> zero;
  SmallVector<GateOp> trivial;
  for (Operation &op : model.getBody().front()) {
    if (isa<AllocOp, ResetOp>(op)) {
      zero.insert(op.getResults().begin(), op.getResults().end());
      continue;
    }
    auto gate = dyn_cast<GateOp>(&op);
    if (!gate)
      continue;
    SmallVector<bool> z;
    for (Value q : gate.getInQubits())
      z.push_back(zero.contains(q));
    if (actsTrivially(gate.getGateKind(), z)) {
      trivial.push_back(gate);
      // Results stand for the inputs: the same states.
      for (auto [in, out] : llvm::zip(gate.getInQubits(), gate.getOutQubits()))
        if (zero.contains(in))
          zero.insert(out);
    }
  }
  for (GateOp gate : trivial)
    detail::bypassQubits(gate, gate.getInQubits(), gate.getOutQubits());
}

struct BasisStatesPass : public PassWrapper<BasisStatesPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(BasisStatesPass)
  StringRef getArgument() const override { return "masq-basis-states"; }
  StringRef getDescription() const override {
    return "Drop gates that act trivially on qubits known to be |0>";
  }
  void runOnOperation() override {
    for (auto f : getOperation().getOps<func::FuncOp>())
      if (f->hasAttr(attr::kModel))
        simplifyModel(f);
  }
};

} // namespace

std::unique_ptr<Pass> createBasisStatesPass() { return std::make_unique<BasisStatesPass>(); }

} // namespace masq
