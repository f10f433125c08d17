//===- MasqStateOps.cpp - verifiers of the state-level ops ----------------===//
#include "masq/Dialect/MasqDialect.h"

using namespace mlir;

namespace masq {
namespace {

LogicalResult verifyQubits(Operation *op, ArrayRef<int32_t> qubits, int32_t nq) {
  if (nq < 1 || nq > 30)
    return op->emitOpError("nq must be in [1, 30], got ") << nq;
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
  if (obs != "fidelity" && obs != "expval" && obs != "prob_zero")
    return op->emitOpError("unknown observable '") << obs << "'";
  if ((obs == "fidelity") != hasRef)
    return op->emitOpError("a reference is required by, and only by, fidelity");
  return verifyQubits(op, qubits, nq);
}

} // namespace

LogicalResult SvGateOp::verify() {
  return verifyGateAttrs(*this, getGate(), getQubits(), getNq(), getAngles().size());
}

LogicalResult SvGateBackOp::verify() {
  if (failed(verifyGateAttrs(*this, getGate(), getQubits(), getNq(),
                             getAngles().size())))
    return failure();
  size_t want = getDerivs() ? getAngles().size() : 0;
  if (getGrads().size() != want)
    return emitOpError("expects ") << want << " derivative results";
  return success();
}

LogicalResult SvObserveOp::verify() {
  return verifyObs(*this, getObs(), bool(getRef()), getQubits(), getNq());
}

LogicalResult SvSeedOp::verify() {
  return verifyObs(*this, getObs(), bool(getRef()), getQubits(), getNq());
}

} // namespace masq
