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
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"
#include "PassDetail.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_GENERATEGRADIENT
#include "masq/Passes/Passes.h.inc"
namespace {

struct Addr {
  Value base;
  int64_t offset = 0;
  bool known = false;
};

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

class GradientBuilder {
public:
  /// The reverse function `name` of `sample`, whose scratch (and gscratch)
  /// holds scratchLen doubles.
  /// With `vjp`, the vector-Jacobian product of every value instead.
  GradientBuilder(ModuleOp module, func::FuncOp sample, StringRef name, int64_t scratchLen,
                  bool vjp = false)
      : module(module), sample(sample), name(name), scratchLen(scratchLen), vjp(vjp),
        b(module.getContext()) {}
  LogicalResult run();
  func::FuncOp result() { return grad; }

private:
  Type f64() { return b.getF64Type(); }
  Type ptrTy() { return LLVM::LLVMPointerType::get(b.getContext()); }
  Value at(Location loc, Value base, int64_t off) {
    return detail::offsetPtr(b, loc, base, off);
  }
  Value cst(Location loc, double x) {
    return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(x));
  }
  void addAdj(Location loc, Value v, Value g) {
    auto it = adj.find(v);
    if (it == adj.end())
      adj[v] = g;
    else
      it->second = arith::AddFOp::create(b, loc, it->second, g);
  }
  /// mem[addr] += g
  void accumulate(Location loc, Value ptr, Value g) {
    Value old = LLVM::LoadOp::create(b, loc, f64(), ptr);
    LLVM::StoreOp::create(b, loc, arith::AddFOp::create(b, loc, old, g), ptr);
  }
  bool isTheta(const Addr &a) { return a.known && a.base == theta; }
  /// A model input (not a mask pattern) of the sample, in vjp mode.
  bool isInput(const Addr &a) { return vjp && a.known && a.base == inputs && a.offset < dataLen; }
  bool isValue(const Addr &a) { return a.known && a.base == values; }
  /// The adjoint buffer of data at `a` read `len` doubles long, or null when
  /// nothing is differentiated there: gtheta, ginputs, or gscratch for an
  /// active scratch region (marked as touched).
  Value gradOf(Location loc, const Addr &a, int64_t len) {
    if (isTheta(a))
      return at(loc, gtheta, a.offset);
    if (isInput(a))
      return at(loc, ginputs, a.offset);
    if (isScratch(a) && regionActive(a.offset, len)) {
      touch(a.offset, len);
      return at(loc, gscratch, a.offset);
    }
    return {};
  }
  /// Whether data at `a`, `len` doubles long, is differentiated.
  bool dataActive(const Addr &a, int64_t len) {
    return isTheta(a) || isInput(a) || (isScratch(a) && regionActive(a.offset, len));
  }
  bool isScratch(const Addr &a) { return a.known && a.base == scratch; }
  bool regionActive(int64_t off, int64_t len) {
    for (auto [lo, n] : activeRegions)
      if (off < lo + n && lo < off + len)
        return true;
    return false;
  }
  /// Fails (with the error at `reader`) when [off, off + len) of scratch
  /// was written by a loop the gradient cannot go through.
  LogicalResult checkNotOpaque(Operation *reader, int64_t off, int64_t len) {
    for (auto [lo, n, loop] : opaqueRegions)
      if (off < lo + n && lo < off + len) {
        InFlightDiagnostic d = loop->emitError()
                               << (vjp ? "the vector-Jacobian product" : "the gradient")
                               << " cannot be compiled through element-wise arithmetic on "
                                  "more than 4096 values that depend on parameters"
                               << (vjp ? " or inputs" : "");
        d.attachNote(reader->getLoc()) << "read here";
        return failure();
      }
    return success();
  }
  void touch(int64_t off, int64_t len) {
    for (int64_t i = 0; i < len; ++i)
      touched.insert(off + i);
  }
  bool regionTouched(int64_t off, int64_t len) {
    for (int64_t t : touched)
      if (t >= off && t < off + len)
        return true;
    return false;
  }
  /// The adjoint buffer of a state: lam for psi; gscratch at the same offset
  /// for a state kept in scratch (masq-eliminate-decoder's reference).
  Value lamOf(Location loc, Value state) {
    if (state == psi)
      return lam;
    Value &l = stateAdjoint[state]; // made at its first use (the seed)
    Addr a = addrOf(state);
    if (!l && isScratch(a))
      l = at(loc, gscratch, a.offset);
    return l;
  }
  void pruneToLoss(SmallVectorImpl<Operation *> &ops);
  LogicalResult forwardActivity(ArrayRef<Operation *> ops);
  LogicalResult loopActivity(scf::ForOp loop);
  LogicalResult reverse(Operation *op);
  void reverseStore(LLVM::StoreOp st);
  void reverseLoad(LLVM::LoadOp load);
  LogicalResult reverseObserve(SvObserveOp obs);
  void reverseProbabilities(SvProbabilitiesOp probs);
  template <class Op, class MakeBack>
  LogicalResult reverseUnitary(Op op, const char *what, MakeBack makeBack);
  void reverseData(Operation *op);
  void reverseCopy(scf::ForOp loop);
  LogicalResult reverseArith(Operation *op);

  ModuleOp module;
  func::FuncOp sample, grad;
  StringRef name;
  int64_t scratchLen;
  bool vjp;
  int64_t dataLen = 0; // doubles of model inputs per sample (before masks)
  OpBuilder b;
  Value psi, theta, inputs, values, scratch, lam, gtheta, gscratch, gvalues, ginputs;
  DenseSet<Value> active;
  DenseMap<Value, Value> adj;
  DenseMap<Value, Value> stateAdjoint; // state in scratch -> its adjoint
  SmallVector<std::pair<int64_t, int64_t>> activeRegions; // scratch
  // Scratch written by loops over parameter-dependent values: no adjoint.
  SmallVector<std::tuple<int64_t, int64_t, Operation *>> opaqueRegions;
  DenseSet<int64_t> touched;                              // gscratch offsets
};

/// The base argument of a pointer, through GEPs of any index.
Value baseOf(Value p) {
  while (auto gep = p.getDefiningOp<LLVM::GEPOp>())
    p = gep.getBase();
  return p;
}

/// A loop `for i in 0..len: dst[i] = src[i]` (how masq-lower-to-state
/// writes a vector output into the values buffer).
struct CopyLoop {
  Addr dst, src;
  int64_t len = 0;
};
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
    Value q = arith::DivFOp::create(b, loc, g, operand(1));
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
    addAdj(loc, operand(0), arith::DivFOp::create(b, loc, g, two));
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
    addAdj(loc, operand(0), arith::DivFOp::create(b, loc, g, operand(0)));
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

/// The arguments of a per-sample reverse function up to gscratch: the
/// sample's psi, lam, scratch and gscratch carved out of `work` (the layout
/// of ModelInfo::workSize), theta, its inputs and values, and gtheta.
SmallVector<Value> sweepArgs(OpBuilder &b, Location loc, ModuleOp module, Value theta,
                             Value in, Value vals, Value gtheta, Value work) {
  int64_t amps = int64_t(1) << detail::modelInfo(module).getTotalQubits();
  int64_t scratchSize = detail::modelInfo(module).getScratch();
  return {work,
          theta,
          in,
          vals,
          detail::offsetPtr(b, loc, work, 4 * amps),
          detail::offsetPtr(b, loc, work, 2 * amps),
          gtheta,
          detail::offsetPtr(b, loc, work, 4 * amps + 2 * scratchSize)};
}

/// masq_model_gradient(theta, inputs, batch, values, gtheta, work).
void buildGradientEntry(ModuleOp module, func::FuncOp grad, func::FuncOp pairGrad) {
  OpBuilder b(module.getContext());
  Location loc = grad.getLoc();
  detail::buildBatchEntry(b, module, loc, sym::kGradient, 1, grad, pairGrad,
                          [&](Block *entry, Value in, Value vals, detail::SliceFn) {
                            return sweepArgs(b, loc, module, entry->getArgument(0), in, vals,
                                             entry->getArgument(4), entry->getArgument(5));
                          });
}

/// masq_model_vjp(theta, inputs, batch, values, gvalues, gtheta, ginputs,
/// work): per sample, values, gvalues and ginputs advance by their strides.
void buildVjpEntry(ModuleOp module, func::FuncOp vjp) {
  OpBuilder b(module.getContext());
  Location loc = vjp.getLoc();
  ModelInfoAttr info = detail::modelInfo(module);
  detail::buildBatchEntry(
      b, module, loc, sym::kVjp, 3, vjp, func::FuncOp(),
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
  int nq = int(detail::modelInfo(module).getTotalQubits());
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
  for (SlotAttr in : detail::modelInfo(module).getInputs())
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
  SvZeroOp::create(b, loc, lam, b.getI64IntegerAttr(2 * (int64_t(1) << nq)));
  if (scratchLen > 0)
    SvZeroOp::create(b, loc, gscratch, b.getI64IntegerAttr(scratchLen));
  if (!vjp) // the vector-Jacobian product needs every value
    pruneToLoss(ops);
  if (failed(forwardActivity(ops)))
    return failure();
  for (Operation *op : llvm::reverse(ops))
    if (failed(reverse(op)))
      return failure();
  func::ReturnOp::create(b, loc);
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
    if (vjp) {
      GradientBuilder vjpBuilder(module, sample, detail::kSampleVjpFn, scratchSize,
                                 /*vjp=*/true);
      if (failed(vjpBuilder.run()))
        return signalPassFailure();
      buildVjpEntry(module, vjpBuilder.result());
    }
    bool hasLoss = false;
    sample.walk([&](LLVM::StoreOp st) { hasLoss |= st->hasAttr("masq.loss"); });
    if (!hasLoss)
      return; // nothing to differentiate
    GradientBuilder single(module, loss ? loss : sample, detail::kSampleGradFn, scratchSize);
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
};

} // namespace

} // namespace masq
