//===- GenerateGradient.cpp - the reverse function, as IR -----------------===//
//
// Adjoint differentiation (Jones & Gacon 2020) generated at compile time.
// From the per-sample forward function masq_sample (or the copy
// masq_sample_loss that masq-eliminate-decoder made for it) this pass builds
//   masq_sample_grad(psi, theta, inputs, values, scratch, lam, gtheta, gscratch)
// whose body is the forward body followed by its reverse:
//   - the loss store seeds d loss = 1; scalar arithmetic is differentiated
//     in reverse (reverse-mode AD of straight-line code);
//   - an observable whose value has an adjoint g adds g * dO/dpsi^* to lam
//     (masq.sv.seed) at the point where psi is the state it measured;
//   - every gate, last first, becomes masq.sv.gate_back: one sweep that
//     un-computes psi and lam and returns dL/dangle for angles that depend on
//     parameters; those derivatives flow back through the angle arithmetic
//     into gtheta (shared parameters accumulate over all their uses);
//   - encoders and fidelity references of parameter-dependent data pass
//     dL/dx into gscratch (masq.sv.*_back, masq.sv.fidelity_ref_back), and a
//     mask's backward step sends it on to the token (hidden positions) and
//     to the masked data (visible ones);
//   - a scalar stored to scratch (element-wise arithmetic, unrolled by
//     masq-lower-to-state) takes its adjoint back from gscratch.
// What it cannot differentiate it refuses with an error at the construct
// (element-wise arithmetic on more than 4096 parameter-dependent values,
// which is a loop, an encoder after gates, a fill computed from parameters):
// a gradient is exact or absent, never silently zero.
// No tape, no run-time dispatch on gate names: the reverse order is fixed in
// the code. It also adds the batch entry point masq_model_gradient.
//
// With the option `vjp` it also builds the vector-Jacobian product of the
// whole masq_sample (every value, not only the loss):
//   masq_sample_vjp(<the gradient's arguments>, gvalues, ginputs)
// seeds every store to the values buffer with the upstream gradient at the
// same offset of gvalues, so ONE reverse sweep carries the weighted
// observable sum_o g_o O_o; the model's data inputs are differentiated like
// parameters (loads, encoders, masks and fidelity references read from the
// inputs buffer pass their adjoints into ginputs; mask patterns are not
// differentiated). Its batch entry point masq_model_vjp adds the batch's
// summed dL/dtheta to gtheta and writes dL/dinputs per sample. A model that
// asks for it and has a construct the sweep cannot go through fails to
// compile, with the error at that construct.
//
//===----------------------------------------------------------------------===//
#include "GradientBuilder.h"
#include "masq/Passes/Passes.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_GENERATEGRADIENT
#include "masq/Passes/Passes.h.inc"
namespace grad {

/// Base argument and constant offset of a pointer built by constant GEPs.
Addr addrOf(Value p) {
  int64_t off = 0;
  while (auto gep = p.getDefiningOp<LLVM::GEPOp>()) {
    auto idx = gep.getIndices();
    if (idx.size() != 1)
      return {};
    auto c = llvm::dyn_cast_if_present<IntegerAttr>(idx[0]);
    if (!c)
      return {};
    off += c.getInt();
    p = gep.getBase();
  }
  if (!isa<BlockArgument>(p))
    return {};
  return {p, off, true};
}


/// The base argument of a pointer, through GEPs of any index.
Value baseOf(Value p) {
  while (auto gep = p.getDefiningOp<LLVM::GEPOp>())
    p = gep.getBase();
  return p;
}

std::optional<CopyLoop> copyLoop(scf::ForOp loop) {
  auto lo = loop.getLowerBound().getDefiningOp<arith::ConstantIndexOp>();
  auto hi = loop.getUpperBound().getDefiningOp<arith::ConstantIndexOp>();
  auto step = loop.getStep().getDefiningOp<arith::ConstantIndexOp>();
  if (!lo || !hi || !step || lo.value() != 0 || step.value() != 1)
    return std::nullopt;
  Value iv = loop.getInductionVar();
  // base[i] for a GEP whose one index is the induction variable (cast).
  auto element = [&](Value p, Addr &base) {
    auto gep = p.getDefiningOp<LLVM::GEPOp>();
    if (!gep || gep.getIndices().size() != 1 || gep.getDynamicIndices().size() != 1)
      return false;
    auto cast = gep.getDynamicIndices()[0].getDefiningOp<arith::IndexCastOp>();
    if (!cast || cast.getIn() != iv)
      return false;
    base = addrOf(gep.getBase());
    return base.known;
  };
  CopyLoop c;
  c.len = hi.value();
  unsigned stores = 0;
  for (Operation &op : *loop.getBody()) {
    if (isa<LLVM::StoreOp>(op))
      ++stores;
    else if (!isa<arith::IndexCastOp, LLVM::GEPOp, LLVM::LoadOp, scf::YieldOp>(op))
      return std::nullopt;
  }
  auto st = dyn_cast<LLVM::StoreOp>(loop.getBody()->getTerminator()->getPrevNode());
  auto load = st ? st.getValue().getDefiningOp<LLVM::LoadOp>() : LLVM::LoadOp();
  if (stores != 1 || !load || !element(st.getAddr(), c.dst) || !element(load.getAddr(), c.src))
    return std::nullopt;
  return c;
}

/// Keeps only what the loss needs: the gradient function computes the loss
/// (outputs come from the forward function), so the state work done after the
/// last observable the loss reads (QMAE's decoder for `recon`, after
/// masq-eliminate-decoder) is neither run nor un-computed. One backward walk:
/// a state op is needed while a later needed op reads that state; a write to
/// scratch is needed when a needed read covers it (a loop's reads: all of
/// scratch; its writes: from their base to the end of scratch); stores to the
/// values buffer other than the loss are outputs.
void GradientBuilder::pruneToLoss(SmallVectorImpl<Operation *> &ops) {
  Value values = grad.getArgument(detail::kArgValues);
  DenseSet<Value> neededVals, neededStates;
  SmallVector<std::pair<int64_t, int64_t>> neededRegions;
  bool allScratch = false;
  auto regionNeeded = [&](Value ptr, int64_t len) {
    Addr a = addrOf(ptr);
    if (!isScratch(a) || allScratch)
      return true;
    for (auto [lo, n] : neededRegions)
      if (a.offset < lo + n && lo < a.offset + len)
        return true;
    return false;
  };
  auto readRegion = [&](Value ptr, int64_t len) {
    Addr a = addrOf(ptr);
    if (isScratch(a))
      neededRegions.push_back({a.offset, len});
    else if (baseOf(ptr) == scratch)
      allScratch = true;
  };
  auto isState = [&](Value p) {
    Operation *d = p.getDefiningOp();
    return p == psi || (d && d->hasAttr(detail::kStateBufferAttr));
  };
  DenseSet<Operation *> keep;
  for (Operation *op : llvm::reverse(ops)) {
    bool need = llvm::any_of(op->getResults(), [&](Value r) { return neededVals.contains(r); });
    if (auto st = dyn_cast<LLVM::StoreOp>(op)) {
      need = st->hasAttr("masq.loss") ||
             (baseOf(st.getAddr()) != values && regionNeeded(st.getAddr(), 1));
    } else if (auto load = dyn_cast<LLVM::LoadOp>(op)) {
      if (need)
        readRegion(load.getAddr(), 1);
    } else if (auto probs = dyn_cast<SvProbabilitiesOp>(op)) {
      need = regionNeeded(probs.getOut(), int64_t(1) << probs.getQubits().size());
    } else if (auto mask = dyn_cast<SvMaskOp>(op)) {
      need = regionNeeded(mask.getOut(), mask.getLength());
      if (need)
        readRegion(mask.getX(), mask.getLength());
    } else if (isa<scf::ForOp>(op)) {
      // A store at p[i] for p = scratch + off writes somewhere in
      // [off, end of scratch); elsewhere (not values): always needed.
      op->walk([&](LLVM::StoreOp st) {
        Value p = st.getAddr();
        if (auto gep = p.getDefiningOp<LLVM::GEPOp>())
          p = gep.getBase();
        Addr a = addrOf(p);
        if (isScratch(a))
          need |= regionNeeded(p, std::max<int64_t>(scratchLen - a.offset, 1));
        else
          need |= baseOf(st.getAddr()) != values;
      });
      allScratch |= need;
    } else if (isa<MasqDialect>(op->getDialect()) && !isa<SvObserveOp>(op)) {
      // Gates, blocks, encoders, init: needed while a later reader needs
      // the state they write. An op on no state is kept (unknown effects).
      need = need || llvm::none_of(op->getOperands(), isState) ||
             llvm::any_of(op->getOperands(), [&](Value v) {
               return isState(v) && neededStates.contains(v);
             });
      if (auto enc = dyn_cast<SvEncodeAmplitudeOp>(op); enc && need)
        readRegion(enc.getX(), enc.getLength());
      if (auto enc = dyn_cast<SvEncodeAngleOp>(op); enc && need)
        readRegion(enc.getX(), enc.getQubits().size());
    }
    if (!need)
      continue;
    keep.insert(op);
    op->walk([&](Operation *inner) { // a loop's body reads values from outside
      for (Value v : inner->getOperands()) {
        neededVals.insert(v);
        if (isState(v))
          neededStates.insert(v);
      }
    });
    if (auto obs = dyn_cast<SvObserveOp>(op); obs && obs.getRef() && !isState(obs.getRef()))
      readRegion(obs.getRef(), obs.getLength());
  }
  for (Operation *op : llvm::reverse(ops))
    if (!keep.contains(op)) {
      op->dropAllUses();
      op->erase();
    }
  llvm::erase_if(ops, [&](Operation *op) { return !keep.contains(op); });
}

/// A loop (a large element-wise tensor op, a copy) that reads parameter-
/// dependent values makes what it writes opaque: readers of it fail.
LogicalResult GradientBuilder::loopActivity(scf::ForOp loop) {
  bool reads = false;
  loop.walk([&](Operation *inner) {
    for (Value v : inner->getOperands())
      reads |= active.contains(v);
    if (auto load = dyn_cast<LLVM::LoadOp>(inner)) {
      Value p = load.getAddr();
      if (auto gep = p.getDefiningOp<LLVM::GEPOp>(); gep && gep->getBlock() == loop.getBody())
        p = gep.getBase();
      Addr a = addrOf(p);
      reads |= isTheta(a) || (isInput(a) && a.offset < dataLen) ||
               (isScratch(a) && regionActive(a.offset, scratchLen - a.offset));
    }
  });
  if (!reads)
    return success();
  if (auto copy = copyLoop(loop); vjp && copy && isValue(copy->dst))
    return success(); // an output's copy: reverse() sends its gradient back
  if (vjp) {
    bool writesValues = false;
    loop.walk([&](LLVM::StoreOp st) { writesValues |= baseOf(st.getAddr()) == values; });
    if (writesValues)
      return loop->emitError("the vector-Jacobian product cannot be compiled through "
                             "element-wise arithmetic on more than 4096 values that "
                             "depend on parameters or inputs"),
             failure();
  }
  auto hi = loop.getUpperBound().getDefiningOp<arith::ConstantIndexOp>();
  loop.walk([&](LLVM::StoreOp st) {
    Value p = st.getAddr();
    if (auto gep = p.getDefiningOp<LLVM::GEPOp>(); gep && gep->getBlock() == loop.getBody())
      p = gep.getBase();
    Addr a = addrOf(p);
    if (isScratch(a))
      opaqueRegions.push_back({a.offset, hi ? hi.value() : scratchLen - a.offset, loop});
  });
  return success();
}

LogicalResult GradientBuilder::forwardActivity(ArrayRef<Operation *> ops) {
  DenseSet<Value> gated; // states that gates have acted on
  for (Operation *op : ops) {
    if (auto g = dyn_cast<SvGateOp>(op))
      gated.insert(g.getPsi());
    if (auto g = dyn_cast<SvBlockOp>(op))
      gated.insert(g.getPsi());
    if (isa<SvEncodeAmplitudeOp, SvEncodeAngleOp>(op) && gated.contains(op->getOperand(0)))
      return op->emitError("the gradient cannot be compiled for an encoder that "
                           "follows gates"),
             failure();
    if (auto load = dyn_cast<LLVM::LoadOp>(op)) {
      Addr a = addrOf(load.getAddr());
      if (isScratch(a) && failed(checkNotOpaque(op, a.offset, 1)))
        return failure();
      if (isTheta(a) || isInput(a) || (isScratch(a) && regionActive(a.offset, 1)))
        active.insert(load.getResult());
      continue;
    }
    if (auto st = dyn_cast<LLVM::StoreOp>(op)) {
      Addr a = addrOf(st.getAddr());
      if (isScratch(a) && active.contains(st.getValue()))
        activeRegions.push_back({a.offset, 1});
      continue;
    }
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      if (failed(loopActivity(loop)))
        return failure();
      continue;
    }
    if (auto obs = dyn_cast<SvObserveOp>(op)) {
      active.insert(obs.getResult());
      if (obs.getRef() && obs.getObs() != "fidelity_state") {
        Addr ref = addrOf(obs.getRef());
        if (isScratch(ref) && failed(checkNotOpaque(op, ref.offset, obs.getLength())))
          return failure();
      }
      continue;
    }
    if (isa<SvEncodeAmplitudeOp, SvEncodeAngleOp>(op)) {
      Addr x = addrOf(op->getOperand(1));
      int64_t len = 0;
      if (auto enc = dyn_cast<SvEncodeAmplitudeOp>(op))
        len = enc.getLength();
      else
        len = cast<SvEncodeAngleOp>(op).getQubits().size();
      if (isScratch(x) && failed(checkNotOpaque(op, x.offset, len)))
        return failure();
    }
    if (auto probs = dyn_cast<SvProbabilitiesOp>(op)) {
      Addr out = addrOf(probs.getOut());
      activeRegions.push_back({out.offset, int64_t(1) << probs.getQubits().size()});
      continue;
    }
    if (auto mask = dyn_cast<SvMaskOp>(op)) {
      Addr x = addrOf(mask.getX());
      if (isScratch(x) && failed(checkNotOpaque(op, x.offset, mask.getLength())))
        return failure();
      if (dataActive(x, mask.getLength()) ||
          (mask.getFill() && isTheta(addrOf(mask.getFill())))) {
        Addr out = addrOf(mask.getOut());
        activeRegions.push_back({out.offset, mask.getLength()});
      }
      if (mask.getFill() && !isTheta(addrOf(mask.getFill()))) {
        Addr fill = addrOf(mask.getFill());
        if (isScratch(fill) && (regionActive(fill.offset, mask.getFillLen()) ||
                                failed(checkNotOpaque(op, fill.offset, mask.getFillLen()))))
          return op->emitError("the gradient cannot be compiled for a mask fill computed "
                               "from parameters; give a parameter vector"),
                 failure();
      }
      continue;
    }
    if (op->getNumResults() == 1 && op->getResult(0).getType().isF64() &&
        isa<arith::ArithDialect, math::MathDialect>(op->getDialect()))
      for (Value v : op->getOperands())
        if (active.contains(v))
          active.insert(op->getResult(0));
  }
  return success();
}

/// The arguments of a per-sample reverse function up to gscratch: the
/// sample's psi, lam, scratch and gscratch carved out of `work` (the layout
/// of ModelInfo::workSize), theta, its inputs and values, and gtheta.
SmallVector<Value> sweepArgs(OpBuilder &b, Location loc, ModuleOp module, Value theta,
                             Value in, Value vals, Value gtheta, Value work) {
  int64_t state = detail::modelInfo(module).getStateSize();
  int64_t scratchSize = detail::modelInfo(module).getScratch();
  return {work,
          theta,
          in,
          vals,
          detail::offsetPtr(b, loc, work, 2 * state),
          detail::offsetPtr(b, loc, work, state),
          gtheta,
          detail::offsetPtr(b, loc, work, 2 * state + 2 * scratchSize)};
}

/// masq_model_gradient(theta, inputs, batch, values, gtheta, work).
void buildGradientEntry(ModuleOp module, func::FuncOp grad, func::FuncOp pairGrad,
                        StringRef name = sym::kGradient) {
  OpBuilder b(module.getContext());
  Location loc = grad.getLoc();
  detail::buildBatchEntry(b, module, loc, name, 1, grad, pairGrad,
                          [&](Block *entry, Value in, Value vals, detail::SliceFn) {
                            return sweepArgs(b, loc, module, entry->getArgument(0), in, vals,
                                             entry->getArgument(4), entry->getArgument(5));
                          });
}

/// masq_model_vjp(theta, inputs, batch, values, gvalues, gtheta, ginputs,
/// work): per sample, values, gvalues and ginputs advance by their strides.
void buildVjpEntry(ModuleOp module, func::FuncOp vjp, StringRef name = sym::kVjp) {
  OpBuilder b(module.getContext());
  Location loc = vjp.getLoc();
  ModelInfoAttr info = detail::modelInfo(module);
  detail::buildBatchEntry(
      b, module, loc, name, 3, vjp, func::FuncOp(),
      [&](Block *entry, Value in, Value vals, detail::SliceFn slice) {
        SmallVector<Value> args =
            sweepArgs(b, loc, module, entry->getArgument(0), in, vals, entry->getArgument(5),
                      entry->getArgument(7));
        args.push_back(slice(entry->getArgument(4), info.getNumValues()));
        args.push_back(slice(entry->getArgument(6), info.getInputSize()));
        return args;
      });
}

LogicalResult GradientBuilder::run() {
  Location loc = sample.getLoc();
  Type p = ptrTy();
  b.setInsertionPointToEnd(module.getBody());
  SmallVector<Type> args(vjp ? 10 : 8, p);
  grad = func::FuncOp::create(b, loc, name, b.getFunctionType(args, {}));
  grad.setPrivate();
  Block *entry = grad.addEntryBlock();
  psi = entry->getArgument(detail::kArgPsi);
  theta = entry->getArgument(detail::kArgTheta);
  inputs = entry->getArgument(detail::kArgInputs);
  values = entry->getArgument(detail::kArgValues);
  if (vjp) {
    gvalues = entry->getArgument(detail::kArgGValues);
    ginputs = entry->getArgument(detail::kArgGInputs);
  }
  // Inputs are differentiated in the vector-Jacobian product (isInput).
  for (SlotAttr in : detail::modelInfo(module).getInputs())
    if (!ps || !psParamsOnly)
      dataLen = std::max(dataLen, in.getOffset() + in.getSize());
  scratch = entry->getArgument(detail::kArgScratch);
  lam = entry->getArgument(detail::kArgLam);
  gtheta = entry->getArgument(detail::kArgGTheta);
  gscratch = entry->getArgument(detail::kArgGScratch);
  IRMapping map;
  for (unsigned i = 0; i < sample.getNumArguments(); ++i)
    map.map(sample.getArgument(i), entry->getArgument(i));
  b.setInsertionPointToStart(entry);
  SmallVector<Operation *> ops;
  for (Operation &op : sample.getBody().front()) {
    if (isa<func::ReturnOp>(op))
      continue;
    ops.push_back(b.clone(op, map));
  }
  if (!vjp) // the vector-Jacobian product needs every value
    pruneToLoss(ops);
  if (failed(forwardActivity(ops)))
    return failure();
  scf::IfOp reverseOnly;
  if (ps) {
    // The shifted runs stop after the forward body (GradientShift.cpp).
    if (failed(insertShifts(ops)))
      return failure();
    b.setInsertionPointToEnd(entry);
    Value on = callRuntime(loc, "masq_rtc_ps_reverse", {b.getI32Type()}, {});
    Value zero = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
    reverseOnly = scf::IfOp::create(
        b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, on, zero),
        /*withElseRegion=*/false);
    b.setInsertionPoint(reverseOnly.thenBlock()->getTerminator());
  } else {
    SvZeroOp::create(b, loc, lam,
                     b.getI64IntegerAttr(detail::modelInfo(module).getStateSize()));
  }
  if (scratchLen > 0)
    SvZeroOp::create(b, loc, gscratch, b.getI64IntegerAttr(scratchLen));
  for (Operation *op : llvm::reverse(ops))
    if (failed(reverse(op)))
      return failure();
  if (reverseOnly)
    b.setInsertionPointToEnd(entry);
  func::ReturnOp::create(b, loc);
  return success();
}

/// "file:line:col: " of a diagnostic's location, or "".
static std::string where(Location loc) {
  if (auto fl = loc->findInstanceOf<FileLineColLoc>())
    return (fl.getFilename().str() + ":" + std::to_string(fl.getLine()) + ":" +
            std::to_string(fl.getColumn()) + ": ");
  return "";
}

/// The parameter-shift vector-Jacobian product: of the parameters and the
/// inputs when the shift rule reaches every input (angle encoders, gate
/// angles, classical arithmetic); otherwise of the parameters only, with the
/// first construct it cannot go through, located, in the constant string
/// sym::kPsVjpNoInputs that the runtime reports when input gradients are
/// asked for.
static LogicalResult buildPsVjp(ModuleOp module, func::FuncOp sample, int64_t scratchSize) {
  std::string reason;
  {
    ScopedDiagnosticHandler capture(module.getContext(), [&](Diagnostic &d) {
      if (d.getSeverity() == DiagnosticSeverity::Error && reason.empty())
        reason = where(d.getLocation()) + d.str();
      return success();
    });
    GradientBuilder withInputs(module, sample, detail::kSamplePsVjpFn, scratchSize,
                               /*vjp=*/true, /*ps=*/true);
    if (succeeded(withInputs.run())) {
      buildVjpEntry(module, withInputs.result(), sym::kPsVjp);
      return success();
    }
    if (func::FuncOp partial = withInputs.result())
      partial.erase();
  }
  GradientBuilder paramsOnly(module, sample, detail::kSamplePsVjpFn, scratchSize,
                             /*vjp=*/true, /*ps=*/true, /*psParamsOnly=*/true);
  if (failed(paramsOnly.run()))
    return failure();
  buildVjpEntry(module, paramsOnly.result(), sym::kPsVjp);
  OpBuilder b(module.getContext());
  b.setInsertionPointToStart(module.getBody());
  reason.push_back('\0');
  LLVM::GlobalOp::create(b, module.getLoc(),
                         LLVM::LLVMArrayType::get(b.getI8Type(), reason.size()),
                         /*isConstant=*/true, LLVM::Linkage::External, sym::kPsVjpNoInputs,
                         b.getStringAttr(reason));
  return success();
}

struct GenerateGradientPass : impl::GenerateGradientBase<GenerateGradientPass> {
  using GenerateGradientBase::GenerateGradientBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto sample = module.lookupSymbol<func::FuncOp>(detail::kSampleFn);
    // masq-eliminate-decoder's copy, cheaper to differentiate, if there is one.
    auto loss = module.lookupSymbol<func::FuncOp>(detail::kLossFn);
    if (!sample) {
      module.emitError("masq-generate-gradient needs masq-lower-to-state first");
      return signalPassFailure();
    }
    int64_t scratchSize = detail::modelInfo(module).getScratch();
    // A noisy model's gradients are parameter-shift ones only; asked for
    // the adjoint, the builder stops at the first channel with the reason.
    const bool noisy = paramShift && hasNoiseChannels(module);
    if (vjp && !noisy) {
      GradientBuilder vjpBuilder(module, sample, detail::kSampleVjpFn, scratchSize,
                                 /*vjp=*/true);
      if (failed(vjpBuilder.run()))
        return signalPassFailure();
      buildVjpEntry(module, vjpBuilder.result());
    }
    if (vjp && paramShift && failed(buildPsVjp(module, sample, scratchSize)))
      return signalPassFailure();
    bool hasLoss = false;
    sample.walk([&](LLVM::StoreOp st) { hasLoss |= st->hasAttr("masq.loss"); });
    if (!hasLoss)
      return; // nothing to differentiate
    if (!noisy) {
      GradientBuilder single(module, loss ? loss : sample, detail::kSampleGradFn,
                             scratchSize);
      if (failed(single.run()))
        return signalPassFailure();
      func::FuncOp pairGrad;
      if (auto pair = module.lookupSymbol<func::FuncOp>(loss ? detail::kLossPairFn
                                                             : detail::kPairFn)) {
        GradientBuilder paired(module, pair, detail::kPairGradFn, 2 * scratchSize);
        if (failed(paired.run()))
          return signalPassFailure();
        pairGrad = paired.result();
      }
      buildGradientEntry(module, single.result(), pairGrad);
    }
    if (paramShift) {
      GradientBuilder shifted(module, loss ? loss : sample, detail::kSamplePsGradFn,
                              scratchSize, /*vjp=*/false, /*ps=*/true);
      if (failed(shifted.run()))
        return signalPassFailure();
      buildGradientEntry(module, shifted.result(), func::FuncOp(), sym::kPsGradient);
    }
  }
};

} // namespace grad
} // namespace masq
