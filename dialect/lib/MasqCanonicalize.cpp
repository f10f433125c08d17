//===- MasqCanonicalize.cpp - local gate algebra --------------------------===//
//
// Three rewrites that hold for every gate of the table, read off the table
// rather than restated per op:
//  - a gate directly followed, on the same qubits in the same order, by its
//    inverse (self-inverse pairs such as h;h or cx;cx, and s;sdg, t;tdg,
//    sx;sxdg) cancels;
//  - two adjacent rotations of the same kind on the same qubits merge into
//    one whose angle is the sum (symbolic: an arith.addf of run-time values,
//    so gradients through the merged angle stay exact); r(a) followed by
//    r(-a) cancels outright;
//  - two adjacent one-qubit gates whose angles are all compile-time
//    constants (h, s, t, x, ..., rotations by constant angles) fold into
//    the one gate their product is, up to a global phase, which no
//    observable sees: rz for a diagonal product, ry for a real one of
//    determinant 1 (x, z or h for the real reflections among those of
//    determinant -1), u3 otherwise, nothing for the identity. A product of
//    real gates stays a real gate, so masq-pair-samples still applies; a
//    real reflection with no one-gate form is left as two gates.
// Zero-angle rotations are removed by the ops' folders.
//
//===----------------------------------------------------------------------===//
#include "masq/Dialect/MasqDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <cmath>
#include <complex>
#include <vector>

using namespace mlir;
using namespace masq;

namespace {

/// The gate feeding every qubit of `gate` in operand order, or null. Its
/// results must have no other reader: an observable between the two gates
/// (`ry q; expval(Z, q); ry q;`) sees the state after the first, so the pair
/// cannot be merged or cancelled.
GateOp directPredecessor(GateOp gate) {
  auto ins = gate.getInQubits();
  auto prev = ins[0].getDefiningOp<GateOp>();
  if (!prev || prev.getOutQubits().size() != ins.size())
    return nullptr;
  for (unsigned i = 0, e = ins.size(); i < e; ++i)
    if (ins[i] != prev.getOutQubits()[i] || !ins[i].hasOneUse())
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


/// Every angle of `gate` as a compile-time constant, or false.
bool constantAngles(GateOp gate, double *out) {
  auto angles = gate.getAngles();
  for (unsigned i = 0, e = angles.size(); i < e; ++i) {
    FloatAttr f;
    if (!matchPattern(angles[i], m_Constant(&f)))
      return false;
    out[i] = f.getValueAsDouble();
  }
  return true;
}

using cplx = std::complex<double>;

/// One gate equal to the 2x2 unitary m (row-major) up to a global phase:
/// false when there is none worth having (see the file comment). An empty
/// kind list means the identity.
bool oneGate(const cplx *m, std::vector<gates::Kind> &kind, std::vector<double> &angles) {
  constexpr double eps = 1e-12;
  using gates::Kind;
  kind.clear(), angles.clear();
  if (std::abs(m[1]) < eps && std::abs(m[2]) < eps) { // diagonal: rz(phi)
    const double phi = std::arg(m[3] / m[0]);
    if (std::abs(phi) < eps)
      return true; // the identity
    if (std::abs(std::abs(phi) - M_PI) < eps)
      kind = {Kind::Z}; // real, unlike rz(pi)
    else
      kind = {Kind::RZ}, angles = {phi};
    return true;
  }
  // Real up to a phase: rotate the largest entry onto the real axis.
  int big = 0;
  for (int i = 1; i < 4; ++i)
    if (std::abs(m[i]) > std::abs(m[big]))
      big = i;
  const cplx ph = std::conj(m[big]) / std::abs(m[big]);
  double r[4];
  bool real = true;
  for (int i = 0; i < 4; ++i) {
    const cplx x = m[i] * ph;
    real = real && std::abs(x.imag()) < eps;
    r[i] = x.real();
  }
  if (real) {
    if (r[0] * r[3] - r[1] * r[2] > 0) { // a rotation: ry(theta)
      kind = {Kind::RY}, angles = {2 * std::atan2(r[2], r[0])};
      return true;
    }
    // A reflection: one gate only if it is x or h (z is diagonal, above).
    const double h = 1 / std::sqrt(2.0);
    auto is = [&](double a, double b, double c, double d) {
      for (double sign : {1.0, -1.0})
        if (std::abs(r[0] - sign * a) < eps && std::abs(r[1] - sign * b) < eps &&
            std::abs(r[2] - sign * c) < eps && std::abs(r[3] - sign * d) < eps)
          return true;
      return false;
    };
    if (is(0, 1, 1, 0))
      kind = {Kind::X};
    else if (is(h, h, h, -h))
      kind = {Kind::H};
    return !kind.empty();
  }
  // u3(theta, phi, lambda) times the phase of m[0] (of m[2] when m[0] = 0).
  const double theta = 2 * std::atan2(std::abs(m[2]), std::abs(m[0]));
  const double gamma = std::abs(m[0]) > eps ? std::arg(m[0]) : std::arg(m[2]);
  const double phi = std::abs(m[0]) > eps ? std::arg(m[2]) - gamma : 0.0;
  const double lambda = std::arg(-m[1]) - gamma;
  kind = {Kind::U3}, angles = {theta, phi, lambda};
  // Guard: the gate must reproduce m up to the phase.
  cplx u[4];
  gates::matrix(Kind::U3, angles.data(), u);
  const cplx g = std::polar(1.0, gamma);
  for (int i = 0; i < 4; ++i)
    if (std::abs(u[i] * g - m[i]) > 1e-9)
      return false;
  return true;
}

template <typename OpTy>
struct FoldConstantGates : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    auto gate = cast<GateOp>(op.getOperation());
    const gates::Kind kind = gate.getGateKind();
    if (gates::info(kind).numQubits != 1)
      return failure();
    GateOp prev = directPredecessor(gate);
    if (!prev || gates::info(prev.getGateKind()).numQubits != 1)
      return failure();
    // Same-kind rotations are MergeRotations' (symbolic, exact).
    if (prev.getGateKind() == kind && gates::info(kind).numParams == 1)
      return failure();
    double a0[3] = {0, 0, 0}, a1[3] = {0, 0, 0};
    if (!constantAngles(prev, a0) || !constantAngles(gate, a1))
      return failure();
    cplx u0[4], u1[4], m[4];
    gates::matrix(prev.getGateKind(), a0, u0);
    gates::matrix(kind, a1, u1);
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 2; ++c)
        m[2 * r + c] = u1[2 * r] * u0[c] + u1[2 * r + 1] * u0[2 + c];
    std::vector<gates::Kind> folded;
    std::vector<double> angles;
    if (!oneGate(m, folded, angles))
      return failure();
    if (folded.empty()) {
      rewriter.replaceOp(op, prev.getInQubits());
      return success();
    }
    const Location loc = rewriter.getFusedLoc({prev->getLoc(), op.getLoc()});
    SmallVector<Value> values;
    for (double a : angles)
      values.push_back(arith::ConstantOp::create(rewriter, loc, rewriter.getF64FloatAttr(a)));
    GateOp merged = createGate(rewriter, loc, folded[0], values, prev.getInQubits());
    rewriter.replaceOp(op, merged->getResults());
    return success();
  }
};

} // namespace

// Every gate op of the table (MASQ_GATES) gets the three rewrites.
#define MASQ_CANON(K, name, Op, ...)                                           \
  void Op::getCanonicalizationPatterns(RewritePatternSet &results,             \
                                       MLIRContext *context) {                 \
    results.add<CancelInversePair<Op>, MergeRotations<Op>,                     \
                FoldConstantGates<Op>>(context);                               \
  }
MASQ_GATES(MASQ_CANON)
#undef MASQ_CANON
