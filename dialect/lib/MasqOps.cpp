//===- MasqOps.cpp - verifiers, type inference, folders -------------------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Core/Channels.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;
using namespace masq;

#include "masq/Dialect/MasqInterfaces.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared invariants
//===----------------------------------------------------------------------===//

/// No qubit value appears twice among an op's operands.
static LogicalResult verifyDistinct(Operation *op, ValueRange qubits) {
  llvm::SmallPtrSet<void *, 8> seen;
  for (Value q : qubits)
    if (!seen.insert(q.getAsOpaquePointer()).second)
      return op->emitOpError("uses one qubit value twice");
  return success();
}

/// Every qubit result is consumed at most once: an op that returns qubits
/// consumes its qubit operands (observables only read them).
static LogicalResult verifyLinear(Operation *op) {
  for (Value r : op->getResults()) {
    if (!isa<QubitType>(r.getType()))
      continue;
    llvm::SmallPtrSet<Operation *, 2> consumers;
    for (Operation *user : r.getUsers())
      if (llvm::any_of(user->getResultTypes(),
                       [](Type t) { return isa<QubitType>(t); }))
        consumers.insert(user);
    if (consumers.size() > 1)
      return op->emitOpError("qubit result is consumed more than once");
  }
  return success();
}

static LogicalResult verifyRegister(Operation *op, ValueRange qubits) {
  if (qubits.empty())
    return op->emitOpError("needs at least one qubit");
  if (qubits.size() > size_t(kMaxQubits))
    return op->emitOpError("acts on more than ") << kMaxQubits << " qubits";
  return verifyDistinct(op, qubits);
}

LogicalResult masq::detail::verifyGate(Operation *op) {
  auto gate = cast<GateOp>(op);
  if (failed(verifyDistinct(op, gate.getInQubits())))
    return failure();
  return verifyLinear(op);
}

/// The gate's constant angles, or false if any angle is not a constant.
static bool constantAngles(GateOp gate, double (&angles)[3]) {
  unsigned i = 0;
  for (Value a : gate.getAngles()) {
    FloatAttr f;
    if (!matchPattern(a, m_Constant(&f)))
      return false;
    angles[i++] = f.getValueAsDouble();
  }
  return true;
}

bool masq::detail::constantMatrix(Operation *op,
                                  SmallVectorImpl<std::complex<double>> &m) {
  auto gate = cast<GateOp>(op);
  double angles[3] = {0, 0, 0};
  if (!constantAngles(gate, angles))
    return false;
  gates::Kind kind = gate.getGateKind();
  unsigned dim = 1u << gates::info(kind).numQubits;
  m.assign(dim * dim, 0);
  gates::matrix(kind, angles, m.data());
  return true;
}

bool masq::detail::constantDerivative(Operation *op, unsigned param,
                                      SmallVectorImpl<std::complex<double>> &m) {
  auto gate = cast<GateOp>(op);
  double angles[3] = {0, 0, 0};
  gates::Kind kind = gate.getGateKind();
  if (param >= gates::info(kind).numParams || !constantAngles(gate, angles))
    return false;
  unsigned dim = 1u << gates::info(kind).numQubits;
  m.assign(dim * dim, 0);
  gates::derivative(kind, angles, param, m.data());
  return true;
}

LogicalResult AllocOp::verify() { return verifyLinear(*this); }

//===----------------------------------------------------------------------===//
// Gate construction by table entry
//===----------------------------------------------------------------------===//

GateOp masq::createGate(OpBuilder &b, Location loc, gates::Kind kind,
                        ValueRange angles, ValueRange q) {
  const gates::Info &g = gates::info(kind);
  SmallVector<Value, 5> operands;
  llvm::append_range(operands, angles.take_front(g.numParams));
  llvm::append_range(operands, q.take_front(g.numQubits));
  SmallVector<Type, 2> results(g.numQubits, q[0].getType());
  switch (kind) {
#define MASQ_CREATE_GATE(K, name, Op, ...)                                     \
  case gates::Kind::K:                                                         \
    return Op::create(b, loc, results, operands);
    MASQ_GATES(MASQ_CREATE_GATE)
#undef MASQ_CREATE_GATE
  }
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Folders: a rotation by a constant zero angle is the identity
//===----------------------------------------------------------------------===//

static bool isZeroAngle(Attribute a) {
  auto f = dyn_cast_or_null<FloatAttr>(a);
  return f && f.getValueAsDouble() == 0.0;
}

// The one-angle gates (Masq_Rot1 / Masq_Rot2 in MasqOps.td, which declare
// the folder), by (qubits, params) from the gate table.
#define MASQ_FOLD_1_1(Op)                                                      \
  OpFoldResult Op::fold(FoldAdaptor adaptor) {                                 \
    return isZeroAngle(adaptor.getTheta()) ? OpFoldResult(getIn())             \
                                           : OpFoldResult();                   \
  }
#define MASQ_FOLD_2_1(Op)                                                      \
  LogicalResult Op::fold(FoldAdaptor adaptor,                                  \
                         SmallVectorImpl<OpFoldResult> &results) {             \
    if (!isZeroAngle(adaptor.getTheta()))                                      \
      return failure();                                                        \
    results.push_back(getQ0());                                                \
    results.push_back(getQ1());                                                \
    return success();                                                          \
  }
#define MASQ_FOLD_1_0(Op)
#define MASQ_FOLD_1_3(Op)
#define MASQ_FOLD_2_0(Op)
#define MASQ_FOLD(K, name, Op, qasm, qubits, params, ...)                      \
  MASQ_FOLD_##qubits##_##params(Op)
MASQ_GATES(MASQ_FOLD)
#undef MASQ_FOLD
#undef MASQ_FOLD_1_0
#undef MASQ_FOLD_1_1
#undef MASQ_FOLD_1_3
#undef MASQ_FOLD_2_0
#undef MASQ_FOLD_2_1

//===----------------------------------------------------------------------===//
// Masks and encoders
//===----------------------------------------------------------------------===//

int64_t MaskOp::getPatchPixels() {
  return getKind() == MaskKind::Patches ? getPatchSide() * getPatchSide() : 1;
}

int64_t MaskOp::getNumPatternEntries() {
  switch (getKind()) {
  case MaskKind::Patches:
    return (getRows() / getPatchSide()) * (getCols() / getPatchSide());
  case MaskKind::Pixels:
    return getRows() * getCols();
  case MaskKind::Fixed:
    return 0;
  }
  return 0;
}

LogicalResult MaskOp::verify() {
  auto type = getData().getType();
  if (type.getRank() != 1)
    return emitOpError("data must be a vector");
  if (getRows() <= 0 || getCols() <= 0 ||
      type.getDimSize(0) != getRows() * getCols())
    return emitOpError("data of ") << type.getDimSize(0)
                                   << " entries is not a " << getRows() << "x"
                                   << getCols() << " image";
  int64_t side = getPatchSide();
  if (getKind() == MaskKind::Patches &&
      (side <= 0 || getRows() % side || getCols() % side))
    return emitOpError("patches of side ")
           << side << " do not tile a " << getRows() << "x" << getCols()
           << " image";
  if (!(getHiddenRatio() >= 0 && getHiddenRatio() <= 1))
    return emitOpError("ratio must lie in [0, 1]");
  if (getKind() == MaskKind::Fixed) {
    if (getPattern())
      return emitOpError("a fixed mask takes no pattern operand");
    if (!getIndices())
      return emitOpError("a fixed mask needs 'indices'");
    ArrayRef<int64_t> indices = *getIndices();
    for (int64_t i : indices)
      if (i < 0 || i >= type.getDimSize(0))
        return emitOpError("fixed index ") << i << " is out of range";
  } else {
    if (!getPattern())
      return emitOpError("needs a per-sample pattern operand");
    auto pt = getPattern().getType();
    if (pt.getRank() != 1 || pt.getDimSize(0) != getNumPatternEntries())
      return emitOpError("pattern must have ")
             << getNumPatternEntries() << " entries";
  }
  if (Value fill = getFill())
    if (auto ft = dyn_cast<RankedTensorType>(fill.getType()))
      if (ft.getRank() != 1 || ft.getDimSize(0) != getPatchPixels())
        return emitOpError("fill vector must have ")
               << getPatchPixels() << " entries (one patch)";
  return success();
}

static LogicalResult inferQubits(size_t n, SmallVectorImpl<Type> &types,
                                 MLIRContext *ctx) {
  types.assign(n, QubitType::get(ctx));
  return success();
}

LogicalResult EncodeAmplitudeOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location>, ValueRange operands,
    DictionaryAttr, OpaqueProperties, RegionRange,
    SmallVectorImpl<Type> &types) {
  return inferQubits(operands.empty() ? 0 : operands.size() - 1, types, ctx);
}

LogicalResult EncodeAngleOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location>, ValueRange operands,
    DictionaryAttr, OpaqueProperties, RegionRange,
    SmallVectorImpl<Type> &types) {
  return inferQubits(operands.empty() ? 0 : operands.size() - 1, types, ctx);
}

LogicalResult ResetOp::inferReturnTypes(MLIRContext *ctx,
                                        std::optional<Location>,
                                        ValueRange operands, DictionaryAttr,
                                        OpaqueProperties, RegionRange,
                                        SmallVectorImpl<Type> &types) {
  return inferQubits(operands.size(), types, ctx);
}

LogicalResult ChannelOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location>,
                                          ValueRange operands, DictionaryAttr,
                                          OpaqueProperties, RegionRange,
                                          SmallVectorImpl<Type> &types) {
  return inferQubits(operands.size(), types, ctx);
}

LogicalResult ChannelOp::verify() {
  channels::Kind kind;
  if (!channels::lookup(std::string_view(getKind().data(), getKind().size()), kind))
    return emitOpError("unknown channel '") << getKind() << "'";
  if (int(getIn().size()) != channels::info(kind).arity)
    return emitOpError("'") << getKind() << "' acts on " << channels::info(kind).arity
                            << " qubit(s), not " << getIn().size();
  const double p = getP().convertToDouble();
  if (!(p >= 0.0 && p <= 1.0))
    return emitOpError("probability ") << p << " is outside [0, 1]";
  if (failed(verifyRegister(*this, getIn())))
    return failure();
  return verifyLinear(*this);
}

/// Encoders prepare a state, so their qubits must be known to be |0>: fresh
/// from masq.alloc or just reset.
static LogicalResult verifyFresh(Operation *op, ValueRange qubits) {
  for (Value q : qubits) {
    Operation *def = q.getDefiningOp();
    if (!def || !isa<AllocOp, ResetOp>(def))
      return op->emitOpError("needs qubits in |0> (from masq.alloc or "
                             "masq.reset)");
  }
  return success();
}

LogicalResult EncodeAmplitudeOp::verify() {
  if (failed(verifyRegister(*this, getIn())) ||
      failed(verifyFresh(*this, getIn())))
    return failure();
  auto t = getData().getType();
  if (t.getRank() != 1 || t.getDimSize(0) < 1)
    return emitOpError("data must be a non-empty vector");
  if (t.getDimSize(0) > (int64_t(1) << getIn().size()))
    return emitOpError("a vector of ")
           << t.getDimSize(0) << " entries does not fit " << getIn().size()
           << " qubits";
  return verifyLinear(*this);
}

LogicalResult EncodeAngleOp::verify() {
  if (failed(verifyRegister(*this, getIn())) ||
      failed(verifyFresh(*this, getIn())))
    return failure();
  auto t = getData().getType();
  if (t.getRank() != 1 || t.getDimSize(0) != (int64_t)getIn().size())
    return emitOpError("needs one feature per qubit");
  return verifyLinear(*this);
}

LogicalResult ResetOp::verify() {
  if (failed(verifyRegister(*this, getIn())))
    return failure();
  return verifyLinear(*this);
}

LogicalResult CSwapOp::verify() {
  if (failed(verifyDistinct(*this, getOperands())))
    return failure();
  return verifyLinear(*this);
}

LogicalResult MeasureOp::verify() {
  if (getBit() < 0)
    return emitOpError("bit index must be non-negative");
  return verifyLinear(*this);
}

//===----------------------------------------------------------------------===//
// Observables
//===----------------------------------------------------------------------===//

LogicalResult FidelityOp::verify() {
  if (failed(verifyRegister(*this, getQubits())))
    return failure();
  auto t = getReference().getType();
  if (t.getRank() != 1 || t.getDimSize(0) < 1 ||
      t.getDimSize(0) > (int64_t(1) << getQubits().size()))
    return emitOpError("reference vector does not fit ")
           << getQubits().size() << " qubits";
  return success();
}

LogicalResult ExpvalOp::verify() {
  if (failed(verifyRegister(*this, getQubits())))
    return failure();
  if (auto p = getPaulis()) {
    if (p->size() != getQubits().size())
      return emitOpError("has ") << p->size() << " paulis for " << getQubits().size()
                                 << " qubits";
    for (char c : *p)
      if (c != 'X' && c != 'Y' && c != 'Z')
        return emitOpError("paulis must be X, Y or Z, not '") << c << "'";
  }
  return success();
}

LogicalResult ProbZeroOp::verify() {
  return verifyRegister(*this, getQubits());
}

LogicalResult ProbabilitiesOp::verify() {
  if (failed(verifyRegister(*this, getQubits())))
    return failure();
  auto t = getResult().getType();
  if (t.getRank() != 1 || t.getDimSize(0) != (int64_t(1) << getQubits().size()))
    return emitOpError("result must be a vector of 2^")
           << getQubits().size() << " entries";
  return success();
}

#define GET_OP_CLASSES
#include "masq/Dialect/MasqOps.cpp.inc"
