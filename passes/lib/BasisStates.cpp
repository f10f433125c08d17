//===- BasisStates.cpp - gates on qubits known to be |0> ------------------===//
//
// masq-basis-states: qubits fresh from masq.alloc or masq.reset are |0>
// until a gate that is not the identity on them acts; so is a |0> qubit
// after angle encoding about Z (R_z(a)|0> = e^{-ia/2}|0>), or about X or Y
// with a feature known to be 0 (the hidden entries of a `fixed` mask with a
// zero fill, or a constant: the masked features of a fixed mask vanish, and
// so do the gates they control). Walking the model
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
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_BASISSTATES
#include "masq/Passes/Passes.h.inc"
namespace {

using gates::Kind;

/// Whether the gate is the identity up to a global phase on a state where
/// the qubits marked in `zero` are |0>.
bool actsTrivially(Kind k, ArrayRef<bool> zero) {
  if (gates::isControlled(k) && zero[0])
    return true;
  if (k == Kind::CZ && zero[1])
    return true;
  return gates::info(k).diagonal && llvm::all_of(zero, [](bool z) { return z; });
}

/// The entries of a data vector known when compiling: a constant, or the
/// hidden entries of a fixed mask with a constant fill.
std::vector<std::optional<double>> knownEntries(Value data, size_t size) {
  std::vector<std::optional<double>> known(size);
  DenseFPElementsAttr dense;
  if (matchPattern(data, m_Constant(&dense))) {
    size_t i = 0;
    for (APFloat v : dense.getValues<APFloat>())
      if (i < size)
        known[i++] = v.convertToDouble();
  } else if (auto mask = data.getDefiningOp<MaskOp>()) {
    if (mask.getKind() == MaskKind::Fixed && !mask.getFill() && mask.getIndicesAttr())
      for (int64_t i : mask.getIndicesAttr().asArrayRef())
        if (i >= 0 && size_t(i) < size)
          known[size_t(i)] = mask.getFillConstant();
  }
  return known;
}

void simplifyModel(func::FuncOp model) {
  DenseSet<Value> zero;
  SmallVector<GateOp> trivial;
  for (Operation &op : model.getBody().front()) {
    if (isa<AllocOp, ResetOp>(op)) {
      zero.insert(op.getResults().begin(), op.getResults().end());
      continue;
    }
    if (auto enc = dyn_cast<EncodeAngleOp>(op)) {
      const double scale = enc.getScale().convertToDouble();
      auto known = knownEntries(enc.getData(), enc.getIn().size());
      for (auto [i, in, out] : llvm::enumerate(enc.getIn(), enc.getOut()))
        if (zero.contains(in) &&
            (enc.getAxis() == Axis::Z || (known[i] && scale * *known[i] == 0.0)))
          zero.insert(out);
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

struct BasisStatesPass : impl::BasisStatesBase<BasisStatesPass> {
  void runOnOperation() override {
    for (auto f : getOperation().getOps<func::FuncOp>())
      if (f->hasAttr(attr::kModel))
        simplifyModel(f);
  }
};

} // namespace

} // namespace masq
