//===- PairSamples.cpp - two real samples per complex state ---------------===//
//
// When every gate of a lowered model is real (gates::isReal: h x z cx cz swap
// ry cry) with
// an angle that does not depend on the sample, and every encoder keeps a
// sample real (amplitude, or angle about Y), the states of two samples a and
// b can share ONE complex state psi = a + i b: each gate then advances both
// in one sweep, and its backward step returns the sum of both samples'
// derivatives (the adjoint vector holds lam_a + i lam_b). This pass adds
//   masq_sample_pair(psi, theta, inputs, values, scratch)
// where inputs, values and scratch hold sample a then sample b. Its body is
// masq_sample with
//   - work that depends on the sample (loads and stores of inputs, values
//     and scratch, masks, the arithmetic on them) emitted once per sample,
//     the second copy on pointers shifted by one sample;
//   - encoders, observables and probabilities emitted once per sample with a
//     `lane` (0 = real parts, 1 = imaginary parts);
//   - gates, the state set-up and the parameter loads emitted once.
// It then rebuilds masq_model_forward to run pairs (and a last single
// sample); masq-generate-gradient differentiates masq_sample_pair too.
// Models that do not qualify are left as they are, with the reason in the
// module attribute masq.unpaired. (The driver's -O0 and --disable-pass
// masq-pair-samples leave the pass out: LoweringOptions::pairing.)
//
//===----------------------------------------------------------------------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"
#include "PassDetail.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_PAIRSAMPLES
#include "masq/Passes/Passes.h.inc"
namespace {

bool isRealGate(StringRef g) {
  gates::Kind kind;
  return gates::lookup(g, kind) && gates::isReal(kind);
}

/// Ops that act on one sample's part of the state: emitted once per lane.
bool perLane(Operation *op) {
  return isa<SvEncodeAmplitudeOp, SvEncodeAngleOp, SvObserveOp, SvProbabilitiesOp>(op);
}

void setLane(Operation *op, int lane) {
  op->setAttr("lane", IntegerAttr::get(IntegerType::get(op->getContext(), 32), lane));
}

class Pairer {
public:
  Pairer(ModuleOp module, func::FuncOp sample) : module(module), sample(sample) {}

  /// Why the model cannot be paired, or empty when it can. Fills `dependent`
  /// with the values that depend on the sample.
  std::string check() {
    Block &body = sample.getBody().front();
    for (unsigned i : {detail::kArgInputs, detail::kArgValues, detail::kArgScratch})
      dependent.insert(body.getArgument(i));
    for (Operation &op : body) {
      if (perLane(&op) || op.getNumRegions() > 0 ||
          (usesDependent(&op) && !op.hasAttr(detail::kStateBufferAttr)))
        for (Value r : op.getResults())
          dependent.insert(r);
      if (auto gate = dyn_cast<SvGateOp>(op)) {
        if (!isRealGate(gate.getGate()))
          return ("gate '" + gate.getGate() + "' is not real").str();
        for (Value a : gate.getAngles())
          if (dependent.contains(a))
            return "a gate angle depends on the sample";
      } else if (auto blk = dyn_cast<SvBlockOp>(op)) {
        for (Attribute g : blk.getGates())
          if (!isRealGate(cast<StringAttr>(g).getValue()))
            return ("gate '" + cast<StringAttr>(g).getValue() + "' is not real").str();
        for (Value a : blk.getAngles())
          if (dependent.contains(a))
            return "a gate angle depends on the sample";
      } else if (auto enc = dyn_cast<SvEncodeAngleOp>(op)) {
        if (enc.getAxis() != int32_t(9))
          return "angle encoding about an axis other than Y";
      } else if (isa<MasqDialect>(op.getDialect()) && !perLane(&op) &&
                 !isa<SvInitOp, SvZeroOp, SvMaskOp>(op)) {
        return ("'" + op.getName().getStringRef() + "' has no paired form").str();
      }
    }
    return "";
  }

  /// The paired function `name`; with forwardEntry, masq_model_forward runs it.
  void build(StringRef name, bool forwardEntry) {
    OpBuilder b(module.getContext());
    Location loc = sample.getLoc();
    b.setInsertionPointAfter(sample);
    pair = func::FuncOp::create(b, loc, name, sample.getFunctionType());
    pair.setPrivate();
    Block *entry = pair.addEntryBlock();
    b.setInsertionPointToStart(entry);
    Block &body = sample.getBody().front();
    IRMapping lane[2];
    for (unsigned i = 0; i < body.getNumArguments(); ++i)
      lane[0].map(body.getArgument(i), entry->getArgument(i));
    // Sample b: the same buffers, one sample further on.
    ModelInfoAttr info = detail::modelInfo(module);
    auto shifted = [&](unsigned arg, int64_t size) {
      return detail::offsetPtr(b, loc, entry->getArgument(arg), size);
    };
    lane[1].map(body.getArgument(detail::kArgPsi), entry->getArgument(detail::kArgPsi));
    lane[1].map(body.getArgument(detail::kArgTheta), entry->getArgument(detail::kArgTheta));
    lane[1].map(body.getArgument(detail::kArgInputs),
                shifted(detail::kArgInputs, info.getInputSize()));
    lane[1].map(body.getArgument(detail::kArgValues),
                shifted(detail::kArgValues, info.getNumValues()));
    lane[1].map(body.getArgument(detail::kArgScratch),
                shifted(detail::kArgScratch, info.getScratch()));
    for (Operation &op : body) {
      if (perLane(&op)) {
        for (int l = 0; l < 2; ++l)
          setLane(b.clone(op, lane[l]), l);
        continue;
      }
      bool twice = op.getNumRegions() > 0 ||
                   (usesDependent(&op) && !op.hasAttr(detail::kStateBufferAttr));
      Operation *a = b.clone(op, lane[0]);
      if (auto init = dyn_cast<SvInitOp>(a))
        init.setPaired(true);
      if (twice) {
        b.clone(op, lane[1]);
      } else {
        for (auto [r, c] : llvm::zip(op.getResults(), a->getResults()))
          lane[1].map(r, c);
      }
    }
    if (forwardEntry)
      detail::buildForwardEntry(b, module, loc, sample, pair);
  }

private:
  bool usesDependent(Operation *op) {
    return llvm::any_of(op->getOperands(), [&](Value v) { return dependent.contains(v); });
  }

  ModuleOp module;
  func::FuncOp sample, pair;
  DenseSet<Value> dependent;
};

struct PairSamplesPass : impl::PairSamplesBase<PairSamplesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto sample = module.lookupSymbol<func::FuncOp>(detail::kSampleFn);
    if (!sample) {
      module.emitError("masq-pair-samples needs masq-lower-to-state first");
      return signalPassFailure();
    }
    if (module.lookupSymbol(detail::kPairFn) || module.lookupSymbol(detail::kSampleGradFn)) {
      module.emitError("masq-pair-samples runs once, before masq-generate-gradient");
      return signalPassFailure();
    }
    Pairer pairer(module, sample);
    std::string why = pairer.check();
    OpBuilder b(module.getContext());
    if (!why.empty()) {
      module->setAttr("masq.unpaired", b.getStringAttr(why));
      return;
    }
    pairer.build(detail::kPairFn, true);
    module->setAttr("masq.paired", b.getUnitAttr());
    // masq-eliminate-decoder's copy for the gradient, when it has one.
    if (auto loss = module.lookupSymbol<func::FuncOp>(detail::kLossFn)) {
      Pairer lossPairer(module, loss);
      std::string whyLoss = lossPairer.check();
      if (whyLoss.empty())
        lossPairer.build(detail::kLossPairFn, false);
      else
        module->setAttr("masq.unpaired_loss", b.getStringAttr(whyLoss));
    }
  }
};

} // namespace

} // namespace masq
