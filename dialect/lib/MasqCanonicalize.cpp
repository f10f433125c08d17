//===- MasqCanonicalize.cpp - local gate algebra --------------------------===//
//
// Two rewrites that hold for every gate of the table, read off the table
// rather than restated per op:
//  - a gate directly followed, on the same qubits in the same order, by its
//    inverse (self-inverse pairs such as h;h or cx;cx, and s;sdg, t;tdg)
//    cancels;
//  - two adjacent rotations of the same kind on the same qubits merge into
//    one whose angle is the sum (symbolic: an arith.addf of run-time values,
//    so gradients through the merged angle stay exact); r(a) followed by
//    r(-a) cancels outright.
// Zero-angle rotations are removed by the ops' folders.
//
//===----------------------------------------------------------------------===//
#include "masq/Dialect/MasqDialect.h"

#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace masq;

namespace {

/// The gate feeding every qubit of `gate` in operand order, or null.
GateOp directPredecessor(GateOp gate) {
  auto ins = gate.getInQubits();
  auto prev = ins[0].getDefiningOp<GateOp>();
  if (!prev || prev.getOutQubits().size() != ins.size())
    return nullptr;
  for (unsigned i = 0, e = ins.size(); i < e; ++i)
    if (ins[i] != prev.getOutQubits()[i])
      return nullptr;
  return prev;
}

/// The same value, or two side-effect-free ops computing it from the same
/// operands (two reads of one parameter element, as an ansatz and its
/// adjoint produce before CSE).
bool sameValue(Value x, Value y) {
  if (x == y)
    return true;
  Operation *a = x.getDefiningOp(), *b = y.getDefiningOp();
  return a && b && isMemoryEffectFree(a) &&
         OperationEquivalence::isEquivalentTo(
             a, b, OperationEquivalence::exactValueMatch, nullptr,
             OperationEquivalence::IgnoreLocations);
}

template <typename OpTy>
struct CancelInversePair : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    auto gate = cast<GateOp>(op.getOperation());
    const gates::Info &info = gates::info(gate.getGateKind());
    if (info.numParams != 0)
      return failure();
    GateOp prev = directPredecessor(gate);
    if (!prev || prev.getGateKind() != info.adjoint)
      return failure();
    rewriter.replaceOp(op, prev.getInQubits());
    return success();
  }
};

template <typename OpTy>
struct MergeRotations : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    auto gate = cast<GateOp>(op.getOperation());
    gates::Kind kind = gate.getGateKind();
    if (gates::info(kind).numParams != 1)
      return failure();
    GateOp prev = directPredecessor(gate);
    if (!prev || prev.getGateKind() != kind)
      return failure();
    Value a = prev.getAngles()[0], c = gate.getAngles()[0];
    // r(a) then r(-a), as `adjoint` writes it: the pair is the identity.
    auto isNeg = [](Value x, Value y) {
      auto neg = x.getDefiningOp<arith::NegFOp>();
      return neg && sameValue(neg.getOperand(), y);
    };
    if (isNeg(a, c) || isNeg(c, a)) {
      rewriter.replaceOp(op, prev.getInQubits());
      return success();
    }
    Value sum = arith::AddFOp::create(rewriter, op.getLoc(), a, c);
    GateOp merged = createGate(rewriter, rewriter.getFusedLoc({prev->getLoc(), op.getLoc()}),
                               kind, sum, prev.getInQubits());
    rewriter.replaceOp(op, merged->getResults());
    return success();
  }
};

} // namespace

#define MASQ_CANON(Op)                                                         \
  void Op::getCanonicalizationPatterns(RewritePatternSet &results,             \
                                       MLIRContext *context) {                 \
    results.add<CancelInversePair<Op>, MergeRotations<Op>>(context);           \
  }
MASQ_CANON(HOp)
MASQ_CANON(XOp)
MASQ_CANON(YOp)
MASQ_CANON(ZOp)
MASQ_CANON(SOp)
MASQ_CANON(SdgOp)
MASQ_CANON(TOp)
MASQ_CANON(TdgOp)
MASQ_CANON(RXOp)
MASQ_CANON(RYOp)
MASQ_CANON(RZOp)
MASQ_CANON(U3Op)
MASQ_CANON(CXOp)
MASQ_CANON(CYOp)
MASQ_CANON(CZOp)
MASQ_CANON(SwapOp)
MASQ_CANON(CRXOp)
MASQ_CANON(CRYOp)
MASQ_CANON(CRZOp)
MASQ_CANON(RZZOp)
#undef MASQ_CANON
