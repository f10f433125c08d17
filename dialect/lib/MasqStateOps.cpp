//===- MasqStateOps.cpp - verifiers of the state-level ops ----------------===//
#include "masq/Dialect/MasqDialect.h"

using namespace mlir;

namespace masq {
namespace {

LogicalResult verifyQubits(Operation *op, ArrayRef<int32_t> qubits, int32_t nq) {
  if (nq < 1 || nq > kMaxQubits)
    return op->emitOpError("nq must be in [1, ") << kMaxQubits << "], got " << nq;
  for (size_t i = 0; i < qubits.size(); ++i) {
    if (qubits[i] < 0 || qubits[i] >= nq)
      return op->emitOpError("qubit ") << qubits[i] << " out of range [0, " << nq
                                       << ")";
    for (size_t j = 0; j < i; ++j)
      if (qubits[i] == qubits[j])
        return op->emitOpError("qubit ") << qubits[i] << " used twice";
  }
  return success();
}

LogicalResult verifyGateAttrs(Operation *op, StringRef name, ArrayRef<int32_t> qubits,
                              int32_t nq, size_t numAngles) {
  gates::Kind kind;
  if (!gates::lookup(name.str(), kind))
    return op->emitOpError("unknown gate '") << name << "'";
  const gates::Info &info = gates::info(kind);
  if (qubits.size() != info.numQubits)
    return op->emitOpError("gate '") << name << "' takes " << int(info.numQubits)
                                     << " qubits";
  if (numAngles != info.numParams)
    return op->emitOpError("gate '") << name << "' takes " << int(info.numParams)
                                     << " angles";
  return verifyQubits(op, qubits, nq);
}

LogicalResult verifyObs(Operation *op, StringRef obs, bool hasRef,
                        ArrayRef<int32_t> qubits, int32_t nq) {
  const bool fid = obs == "fidelity" || obs == "fidelity_state";
  if (!fid && obs != "expval" && obs != "prob_zero")
    return op->emitOpError("unknown observable '") << obs << "'";
  if (fid != hasRef)
    return op->emitOpError("a reference is required by, and only by, a fidelity");
  return verifyQubits(op, qubits, nq);
}

LogicalResult verifyBlock(Operation *op, ArrayAttr gateNames, ArrayRef<int32_t> gateQubits,
                          ArrayRef<int32_t> qubits, int32_t nq, size_t numAngles) {
  if (failed(verifyQubits(op, qubits, nq)))
    return failure();
  if (qubits.empty() || gateNames.empty())
    return op->emitOpError("a block needs qubits and gates");
  if (gateQubits.size() != 2 * gateNames.size())
    return op->emitOpError("needs two gate_qubits entries per gate");
  size_t angles = 0;
  for (auto [i, a] : llvm::enumerate(gateNames)) {
    StringRef name = cast<StringAttr>(a).getValue();
    ArrayRef<int32_t> q = gateQubits.slice(2 * i, 2);
    gates::Kind kind;
    if (!gates::lookup(name.str(), kind))
      return op->emitOpError("unknown gate '") << name << "'";
    const gates::Info &info = gates::info(kind);
    ArrayRef<int32_t> used = q.take_front(info.numQubits);
    if (info.numQubits == 1 && q[1] != -1)
      return op->emitOpError("gate ") << i << " ('" << name << "') takes one qubit";
    if (failed(verifyQubits(op, used, nq)))
      return failure();
    for (int32_t x : used)
      if (!llvm::is_contained(qubits, x))
        return op->emitOpError("gate ") << i << " acts on qubit " << x
                                         << " outside the block";
    angles += info.numParams;
  }
  if (angles != numAngles)
    return op->emitOpError("the gates take ") << angles << " angles, got " << numAngles;
  return success();
}

/// A backward op returns one derivative per angle with `derivs`, else none.
LogicalResult verifyDerivs(Operation *op, bool derivs, size_t numAngles, size_t numGrads) {
  size_t want = derivs ? numAngles : 0;
  if (numGrads != want)
    return op->emitOpError("expects ") << want << " derivative results";
  return success();
}

} // namespace

LogicalResult SvBlockOp::verify() {
  return verifyBlock(*this, getGates(), getGateQubits(), getQubits(), getNq(),
                     getAngles().size());
}

LogicalResult SvBlockBackOp::verify() {
  if (failed(verifyBlock(*this, getGates(), getGateQubits(), getQubits(), getNq(),
                         getAngles().size())))
    return failure();
  return verifyDerivs(*this, getDerivs(), getAngles().size(), getGrads().size());
}

LogicalResult SvGateOp::verify() {
  return verifyGateAttrs(*this, getGate(), getQubits(), getNq(), getAngles().size());
}

LogicalResult SvGateBackOp::verify() {
  if (failed(verifyGateAttrs(*this, getGate(), getQubits(), getNq(),
                             getAngles().size())))
    return failure();
  return verifyDerivs(*this, getDerivs(), getAngles().size(), getGrads().size());
}

LogicalResult SvObserveOp::verify() {
  if (getObs() == "fidelity_state" && getLength() != (int64_t(1) << getQubits().size()))
    return emitOpError("fidelity_state needs length = 2^(number of qubits)");
  return verifyObs(*this, getObs(), bool(getRef()), getQubits(), getNq());
}

LogicalResult SvSeedOp::verify() {
  if (getObs() == "fidelity_state")
    return emitOpError("fidelity_state is seeded by masq.sv.seed_fidelity_state");
  return verifyObs(*this, getObs(), bool(getRef()), getQubits(), getNq());
}

LogicalResult SvSeedFidelityStateOp::verify() { return verifyQubits(*this, getQubits(), getNq()); }

} // namespace masq
