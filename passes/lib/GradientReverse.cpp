//===- GradientReverse.cpp - the reverse step of each op ------------------===//
//
// GradientBuilder::reverse (GradientBuilder.h): walking the forward ops last
// first, each adds its reverse-mode step to the reverse function.
//
//===----------------------------------------------------------------------===//
#include "GradientBuilder.h"

namespace masq {
namespace grad {


/// Every value stored: its upstream gradient (vjp); the loss: 1; a scalar
/// stored to scratch: what its readers (loads, encoders) added to gscratch
/// at the same offset.
void GradientBuilder::reverseStore(LLVM::StoreOp st) {
  Location loc = st.getLoc();
  Addr a = addrOf(st.getAddr());
  if (vjp && isValue(a)) {
    if (active.contains(st.getValue()))
      addAdj(loc, st.getValue(),
             LLVM::LoadOp::create(b, loc, f64(), at(loc, gvalues, a.offset)));
    return;
  }
  if (st->hasAttr("masq.loss")) {
    addAdj(loc, st.getValue(), cst(loc, 1.0));
    return;
  }
  if (isScratch(a) && active.contains(st.getValue()) && regionTouched(a.offset, 1))
    addAdj(loc, st.getValue(),
           LLVM::LoadOp::create(b, loc, f64(), at(loc, gscratch, a.offset)));
}

/// A scalar read: its adjoint into gtheta, ginputs or gscratch.
void GradientBuilder::reverseLoad(LLVM::LoadOp load) {
  Location loc = load.getLoc();
  auto it = adj.find(load.getResult());
  if (it == adj.end() || !active.contains(load.getResult()))
    return;
  Addr a = addrOf(load.getAddr());
  if (isTheta(a))
    accumulate(loc, at(loc, gtheta, a.offset), it->second);
  else if (isInput(a))
    accumulate(loc, at(loc, ginputs, a.offset), it->second);
  else if (isScratch(a) && !load->hasAttr("masq.nograd")) {
    accumulate(loc, at(loc, gscratch, a.offset), it->second);
    touched.insert(a.offset);
  }
}

/// An observable whose value has an adjoint g seeds lam with g dO/dpsi^*
/// (and a fidelity's reference data, when differentiated, gets its share).
LogicalResult GradientBuilder::reverseObserve(SvObserveOp obs) {
  Location loc = obs.getLoc();
  auto it = adj.find(obs.getResult());
  if (it == adj.end())
    return success();
  if (obs.getObs() == "fidelity_state") {
    Value lamPhi = lamOf(loc, obs.getRef());
    if (!lamPhi)
      return obs->emitError("the reference state of this fidelity has no adjoint buffer"),
             failure();
    SvSeedFidelityStateOp::create(b, loc, obs.getPsi(), lamOf(loc, obs.getPsi()),
                                  obs.getRef(), lamPhi, it->second, obs.getQubitsAttr(),
                                  obs.getNqAttr(), obs.getLaneAttr());
    return success();
  }
  // The reference's gradient first: it reads psi as it was measured, which
  // the seed does not change.
  if (obs.getRef() && obs.getObs() == "fidelity")
    if (Value gref = gradOf(loc, addrOf(obs.getRef()), obs.getLength()))
      SvFidelityRefBackOp::create(b, loc, psi, obs.getRef(), gref, it->second,
                                  obs.getQubitsAttr(), obs.getNqAttr(),
                                  obs.getLengthAttr(), obs.getLaneAttr());
  SvSeedOp::create(b, loc, psi, lam, obs.getRef(), it->second, obs.getObsAttr(),
                   obs.getQubitsAttr(), obs.getNqAttr(), obs.getLengthAttr(),
                   obs.getLaneAttr());
  return success();
}

void GradientBuilder::reverseProbabilities(SvProbabilitiesOp probs) {
  Location loc = probs.getLoc();
  Addr out = addrOf(probs.getOut());
  int64_t len = int64_t(1) << probs.getQubits().size();
  if (out.known && regionTouched(out.offset, len))
    SvSeedProbabilitiesOp::create(b, loc, psi, lam, at(loc, gscratch, out.offset),
                                  probs.getQubitsAttr(), probs.getNqAttr(),
                                  probs.getLaneAttr());
}

/// A gate or a fused block: one backward step that un-computes psi and lam;
/// its angles' derivatives, where they depend on something differentiated,
/// flow back into the angle arithmetic. `makeBack(types, state, adjoint,
/// derivs)` creates the step.
template <class Op, class MakeBack>
LogicalResult GradientBuilder::reverseUnitary(Op op, const char *what, MakeBack makeBack) {
  Location loc = op.getLoc();
  bool derivs = llvm::any_of(op.getAngles(), [&](Value a) { return active.contains(a); });
  SmallVector<Type> types(derivs ? op.getAngles().size() : 0, f64());
  Value state = op.getPsi(), adjoint = lamOf(loc, state);
  if (!adjoint)
    return op->emitError("this ") << what << "'s state has no adjoint buffer", failure();
  auto back = makeBack(types, state, adjoint, derivs ? b.getUnitAttr() : UnitAttr());
  if (derivs)
    for (auto [a, d] : llvm::zip(op.getAngles(), back.getGrads()))
      if (active.contains(a))
        addAdj(loc, a, d);
  return success();
}

/// Encoders and masks of data from parameters, inputs or active scratch:
/// dL/dx into that data's adjoint buffer.
void GradientBuilder::reverseData(Operation *op) {
  Location loc = op->getLoc();
  if (auto enc = dyn_cast<SvEncodeAmplitudeOp>(op)) {
    if (Value gx = gradOf(loc, addrOf(enc.getX()), enc.getLength()))
      SvEncodeAmplitudeBackOp::create(b, loc, enc.getPsi(), lamOf(loc, enc.getPsi()), enc.getX(),
                                      gx, enc.getQubitsAttr(), enc.getNqAttr(),
                                      enc.getLengthAttr(), enc.getLaneAttr());
  } else if (auto enc = dyn_cast<SvEncodeAngleOp>(op)) {
    if (Value gx = gradOf(loc, addrOf(enc.getX()), enc.getQubits().size()))
      SvEncodeAngleBackOp::create(b, loc, enc.getPsi(), lamOf(loc, enc.getPsi()), enc.getX(),
                                  gx, enc.getQubitsAttr(), enc.getNqAttr(), enc.getAxisAttr(),
                                  enc.getScaleAttr(), enc.getLaneAttr());
  } else if (auto mask = dyn_cast<SvMaskOp>(op)) {
    // The masked copy's readers have added its adjoint to gscratch; it goes
    // to the token (hidden positions) and to the data (visible ones).
    Addr out = addrOf(mask.getOut());
    Value gfill = mask.getFill() && isTheta(addrOf(mask.getFill()))
                      ? at(loc, gtheta, addrOf(mask.getFill()).offset)
                      : Value();
    Value gx = gradOf(loc, addrOf(mask.getX()), mask.getLength());
    if (gfill || gx)
      SvMaskBackOp::create(b, loc, mask.getX(), mask.getPattern(),
                           at(loc, gscratch, out.offset), gfill, gx, mask.getKindAttr(),
                           mask.getLengthAttr(), mask.getRowsAttr(), mask.getColsAttr(),
                           mask.getSizeAttr(), mask.getIndicesAttr(), mask.getFillLenAttr());
  }
}

/// A vector output copied into values (vjp): gsrc[i] += gvalues[i].
void GradientBuilder::reverseCopy(scf::ForOp loop) {
  Location loc = loop.getLoc();
  auto copy = copyLoop(loop);
  if (!vjp || !copy || !isValue(copy->dst))
    return;
  Value gsrc = gradOf(loc, copy->src, copy->len);
  if (!gsrc)
    return;
  Value gdst = at(loc, gvalues, copy->dst.offset);
  auto back = scf::ForOp::create(b, loc, arith::ConstantIndexOp::create(b, loc, 0),
                                 arith::ConstantIndexOp::create(b, loc, copy->len),
                                 arith::ConstantIndexOp::create(b, loc, 1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(back.getBody());
  Value i = arith::IndexCastOp::create(b, loc, b.getI64Type(), back.getInductionVar());
  auto elem = [&](Value base) {
    return LLVM::GEPOp::create(b, loc, ptrTy(), f64(), base, ValueRange{i}).getResult();
  };
  accumulate(loc, elem(gsrc), LLVM::LoadOp::create(b, loc, f64(), elem(gdst)));
}

/// Scalar arithmetic, in reverse (reverse-mode AD of straight-line code).
LogicalResult GradientBuilder::reverseArith(Operation *op) {
  Location loc = op->getLoc();
  if (op->getNumResults() != 1)
    return success();
  auto it = adj.find(op->getResult(0));
  if (it == adj.end() || !active.contains(op->getResult(0)))
    return success();
  Value g = it->second;
  auto operand = [&](unsigned i) { return op->getOperand(i); };
  auto act = [&](unsigned i) { return active.contains(op->getOperand(i)); };
  // g * d: 0 where g is 0, also where d is infinite (a value nothing
  // downstream depends on, sqrt of a probability that is 0, say).
  auto times = [&](Value d) -> Value {
    Value gd = arith::MulFOp::create(b, loc, g, d);
    Value none = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, g, cst(loc, 0.0));
    return arith::SelectOp::create(b, loc, none, cst(loc, 0.0), gd);
  };
  if (isa<arith::AddFOp>(op)) {
    if (act(0)) addAdj(loc, operand(0), g);
    if (act(1)) addAdj(loc, operand(1), g);
  } else if (isa<arith::SubFOp>(op)) {
    if (act(0)) addAdj(loc, operand(0), g);
    if (act(1)) addAdj(loc, operand(1), arith::NegFOp::create(b, loc, g));
  } else if (isa<arith::NegFOp>(op)) {
    addAdj(loc, operand(0), arith::NegFOp::create(b, loc, g));
  } else if (isa<arith::MulFOp>(op)) {
    if (act(0)) addAdj(loc, operand(0), arith::MulFOp::create(b, loc, g, operand(1)));
    if (act(1)) addAdj(loc, operand(1), arith::MulFOp::create(b, loc, g, operand(0)));
  } else if (isa<arith::DivFOp>(op)) {
    Value q = times(arith::DivFOp::create(b, loc, cst(loc, 1.0), operand(1)));
    if (act(0)) addAdj(loc, operand(0), q);
    if (act(1))
      addAdj(loc, operand(1),
             arith::NegFOp::create(b, loc, arith::MulFOp::create(b, loc, q, op->getResult(0))));
  } else if (isa<arith::RemFOp>(op)) {
    // a % c = a - trunc(a / c) * c, piecewise: d/da = 1, d/dc = -trunc(a / c).
    if (act(0)) addAdj(loc, operand(0), g);
    if (act(1)) {
      Value q = math::TruncOp::create(b, loc, arith::DivFOp::create(b, loc, operand(0), operand(1)));
      addAdj(loc, operand(1), arith::NegFOp::create(b, loc, arith::MulFOp::create(b, loc, g, q)));
    }
  } else if (isa<math::SqrtOp>(op)) {
    Value two = arith::MulFOp::create(b, loc, cst(loc, 2.0), op->getResult(0));
    addAdj(loc, operand(0), times(arith::DivFOp::create(b, loc, cst(loc, 1.0), two)));
  } else if (isa<math::SinOp>(op)) {
    addAdj(loc, operand(0),
           arith::MulFOp::create(b, loc, g, math::CosOp::create(b, loc, operand(0))));
  } else if (isa<math::CosOp>(op)) {
    Value s = math::SinOp::create(b, loc, operand(0));
    addAdj(loc, operand(0),
           arith::NegFOp::create(b, loc, arith::MulFOp::create(b, loc, g, s)));
  } else if (isa<math::ExpOp>(op)) {
    addAdj(loc, operand(0), arith::MulFOp::create(b, loc, g, op->getResult(0)));
  } else if (isa<math::LogOp>(op)) {
    addAdj(loc, operand(0), times(arith::DivFOp::create(b, loc, cst(loc, 1.0), operand(0))));
  } else if (isa<math::AbsFOp>(op)) {
    Value sgn = math::CopySignOp::create(b, loc, cst(loc, 1.0), operand(0));
    addAdj(loc, operand(0), arith::MulFOp::create(b, loc, g, sgn));
  } else {
    return op->emitError("the gradient cannot be compiled through '")
               << op->getName() << "'",
           failure();
  }
  return success();
}


LogicalResult GradientBuilder::reverse(Operation *op) {
  if (ps && isa<SvGateOp, SvBlockOp, SvObserveOp, SvProbabilitiesOp, SvEncodeAmplitudeOp,
                SvEncodeAngleOp, SvChannelOp>(op))
    return reverseShifted(op);
  if (auto ch = dyn_cast<SvChannelOp>(op))
    return ch->emitError("the adjoint method cannot differentiate through noise channel '")
               << ch.getKind()
               << "': it un-computes the state, which a drawn Kraus branch does not "
                  "allow; use parameter shift (masq-generate-gradient{param-shift=true}, "
                  "masq grad --method parameter-shift)",
           failure();
  if (auto st = dyn_cast<LLVM::StoreOp>(op))
    return reverseStore(st), success();
  if (auto load = dyn_cast<LLVM::LoadOp>(op))
    return reverseLoad(load), success();
  if (auto obs = dyn_cast<SvObserveOp>(op))
    return reverseObserve(obs);
  if (auto probs = dyn_cast<SvProbabilitiesOp>(op))
    return reverseProbabilities(probs), success();
  if (auto gate = dyn_cast<SvGateOp>(op))
    return reverseUnitary(gate, "gate", [&](ArrayRef<Type> types, Value state, Value adjoint,
                                            UnitAttr derivs) {
      return SvGateBackOp::create(b, gate.getLoc(), types, state, adjoint, gate.getAngles(),
                                  gate.getGateAttr(), gate.getQubitsAttr(), gate.getNqAttr(),
                                  derivs);
    });
  if (auto blk = dyn_cast<SvBlockOp>(op))
    return reverseUnitary(blk, "block", [&](ArrayRef<Type> types, Value state, Value adjoint,
                                            UnitAttr derivs) {
      return SvBlockBackOp::create(b, blk.getLoc(), types, state, adjoint, blk.getAngles(),
                                   blk.getGatesAttr(), blk.getGateQubitsAttr(),
                                   blk.getQubitsAttr(), blk.getNqAttr(), derivs);
    });
  if (isa<SvEncodeAmplitudeOp, SvEncodeAngleOp, SvMaskOp>(op))
    return reverseData(op), success();
  if (auto loop = dyn_cast<scf::ForOp>(op))
    return reverseCopy(loop), success();
  if (isa<SvInitOp, SvZeroOp, LLVM::GEPOp, func::ReturnOp, arith::ConstantOp>(op))
    return success();
  return reverseArith(op);
}

} // namespace grad
} // namespace masq
