//===- GradientShift.cpp - the parameter-shift form of the gradient -------===//
//
// GradientBuilder with `ps` (masq-generate-gradient{param-shift=true}):
// the per-sample function that a device-like gradient needs. Observables
// are estimated (exactly, or from shots under a ShotScope), and the
// derivative of each observable with respect to each angle occurrence comes
// from the same circuit run again with that angle shifted (the shift rule
// of its gate, gates::shiftRule: two terms for Pauli rotations, four for
// controlled rotations). The runtime (masq/Runtime/ParamShift.h) runs the
// shifted circuits when the reverse asks for an occurrence's derivative;
// the reverse of the classical arithmetic is the adjoint sweep's, so shared
// parameters and parameters used through arithmetic get the chain rule.
// The vector-Jacobian product differentiates the inputs too: an angle
// encoder's angles are shifted like gate angles (R_axis(a)|0> is a Pauli
// rotation). What the shift rule cannot differentiate (an amplitude encoder
// or a fidelity reference of inputs or of data computed from parameters,
// e.g. a learnable mask token) is refused with the error at that construct;
// the pass then builds the product of the parameters only and says why.
//
//===----------------------------------------------------------------------===//
#include "GradientBuilder.h"

#include "masq/Core/Gates.h"

namespace masq {
namespace grad {

Value GradientBuilder::callRuntime(Location loc, StringRef fn, TypeRange results,
                                   ValueRange args) {
  auto decl = module.lookupSymbol<func::FuncOp>(fn);
  if (!decl) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    decl = func::FuncOp::create(b, loc, fn, b.getFunctionType(args.getTypes(), results));
    decl.setPrivate();
  }
  auto call = func::CallOp::create(b, loc, decl, args);
  return results.empty() ? Value() : call.getResult(0);
}

/// The gate kind of each angle of a gate or fused block.
static LogicalResult angleKinds(Operation *op, SmallVectorImpl<gates::Kind> &kinds) {
  auto add = [&](StringRef name) {
    gates::Kind k;
    if (!gates::lookup(std::string_view(name.data(), name.size()), k))
      return op->emitError("unknown gate '") << name << "'", failure();
    kinds.append(gates::info(k).numParams, k);
    return success();
  };
  if (auto g = dyn_cast<SvGateOp>(op))
    return add(g.getGate());
  for (Attribute a : cast<SvBlockOp>(op).getGates())
    if (failed(add(cast<StringAttr>(a).getValue())))
      return failure();
  return success();
}

LogicalResult GradientBuilder::insertShifts(ArrayRef<Operation *> ops) {
  int64_t k = 0, i = 0;
  for (Operation *op : ops) {
    if (isa<SvObserveOp, SvProbabilitiesOp>(op)) {
      observableIndex[op] = i++;
      continue;
    }
    if (auto enc = dyn_cast<SvEncodeAngleOp>(op)) {
      // Data that is differentiated: its angles are occurrences k, k+1, ...
      if (!dataActive(addrOf(enc.getX()), enc.getQubits().size()))
        continue;
      if (enc.getLane())
        return op->emitError("parameter shift has no paired-sample form"), failure();
      enc.setPsBaseAttr(b.getI64IntegerAttr(k));
      k += int64_t(enc.getQubits().size());
      continue;
    }
    if (!isa<SvGateOp, SvBlockOp>(op))
      continue;
    SmallVector<gates::Kind> kinds;
    if (failed(angleKinds(op, kinds)))
      return failure();
    unsigned numAngles = op->getNumOperands() - 1; // after psi
    if (kinds.size() != numAngles)
      return op->emitError("angle count does not match the gates"), failure();
    b.setInsertionPoint(op);
    for (unsigned j = 0; j < numAngles; ++j) {
      Value a = op->getOperand(1 + j);
      if (!active.contains(a))
        continue;
      double c[4], s[4];
      if (gates::shiftRule(kinds[j], c, s) == 0)
        return op->emitError("parameter shift has no rule for gate '")
                   << gates::info(kinds[j]).name << "'",
               failure();
      Location loc = op->getLoc();
      Value idx = arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(k));
      Value shift = callRuntime(loc, "masq_rtc_ps_shift", {f64()}, {idx});
      op->getOpOperand(1 + j).set(arith::AddFOp::create(b, loc, a, shift));
      occurrences[op].push_back({j, a, k, int32_t(kinds[j])});
      ++k;
    }
  }
  return success();
}

LogicalResult GradientBuilder::reverseShifted(Operation *op) {
  Location loc = op->getLoc();
  auto index = [&](int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v)).getResult();
  };
  auto refuse = [&](Operation *at, StringRef what) {
    return at->emitError("parameter shift cannot differentiate ")
               << what
               << (vjp && !psParamsOnly
                       ? " of input data or of data computed from parameters"
                       : " of data computed from parameters")
               << " (it is not a gate angle; a learnable mask token, say); use the "
                  "adjoint method (exact, without shots)",
           failure();
  };
  if (isa<SvGateOp, SvBlockOp>(op)) {
    auto it = occurrences.find(op);
    if (it == occurrences.end())
      return success();
    for (const Occurrence &o : it->second) {
      Value kind = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(o.kind));
      addAdj(loc, o.original,
             callRuntime(loc, "masq_rtc_ps_angle", {f64()}, {index(o.index), kind}));
    }
    return success();
  }
  if (auto obs = dyn_cast<SvObserveOp>(op)) {
    if (obs.getRef() && obs.getObs() == "fidelity" &&
        dataActive(addrOf(obs.getRef()), obs.getLength()))
      return refuse(op, "the reference of a fidelity");
    auto it = adj.find(obs.getResult());
    if (it != adj.end())
      callRuntime(loc, "masq_rtc_ps_seed", {}, {index(observableIndex[op]), it->second});
    return success();
  }
  if (auto probs = dyn_cast<SvProbabilitiesOp>(op)) {
    Addr out = addrOf(probs.getOut());
    int64_t len = int64_t(1) << probs.getQubits().size();
    if (out.known && regionTouched(out.offset, len))
      callRuntime(loc, "masq_rtc_ps_seed_vec", {},
                  {index(observableIndex[op]), at(loc, gscratch, out.offset), index(len)});
    return success();
  }
  if (auto enc = dyn_cast<SvEncodeAmplitudeOp>(op))
    return dataActive(addrOf(enc.getX()), enc.getLength())
               ? refuse(op, "the amplitude encoding")
               : success();
  if (auto enc = dyn_cast<SvEncodeAngleOp>(op)) {
    std::optional<int64_t> base = enc.getPsBase();
    if (!base)
      return success();
    // d loss / d x[i] = scale * d loss / d(angle ps_base + i).
    Value gx = gradOf(loc, addrOf(enc.getX()), enc.getQubits().size());
    Value kind = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(enc.getAxis()));
    Value scale = cst(loc, enc.getScale().convertToDouble());
    for (int64_t i = 0, e = enc.getQubits().size(); i < e; ++i) {
      Value d = callRuntime(loc, "masq_rtc_ps_angle", {f64()}, {index(*base + i), kind});
      accumulate(loc, at(loc, gx, i), arith::MulFOp::create(b, loc, d, scale));
    }
    return success();
  }
  return success();
}

} // namespace grad
} // namespace masq
