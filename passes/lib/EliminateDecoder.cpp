//===- EliminateDecoder.cpp - fidelity against U|ref> instead of U^dag -----===//
//
// masq-eliminate-decoder, on the per-sample function (after
// masq-lower-to-state). For a fidelity with a data-prepared reference,
//   F = <ref| Tr_other(V rho V^dag) |ref> = <V^dag ref| rho |V^dag ref>,
// where V = D_m ... D_1 is the run of gates on the fidelity's qubits just
// before it. When that run acts on a bigger state than the reference needs
// (reset ancillas sit above the register: QMAE's decoder after `reset`), the
// pass prepares phi = V^dag |ref> = D_1^dag ... D_m^dag |ref> on its own
// k-qubit state in scratch and measures
//   masq.sv.observe %psi ref %phi {obs = "fidelity_state"}
// on the state before the run. For QMAE that is one pass of the encoder on
// each of the two small states instead of the decoder on the state with its
// ancillas; masq-generate-gradient differentiates both states
// (masq.sv.seed_fidelity_state seeds lam and phi's adjoint, which lives in
// gscratch at phi's offset), so values and gradients are the same.
//
// When something after the fidelity still reads the decoded psi (QMAE's
// `recon`), the forward function keeps its decoder (running it is then
// cheaper than preparing phi too), and the rewrite goes to a copy,
// masq_sample_loss, where the run moves after the observable: the gradient
// differentiates that copy and, computing the loss only, leaves the run out.
// Nothing changes when the run is empty or acts on a state no bigger than
// the reference. (-O0 and --disable-pass masq-eliminate-decoder leave the
// pass out: LoweringOptions::decoderElimination.)
//
//===----------------------------------------------------------------------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"
#include "PassDetail.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

#include <numeric>

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_ELIMINATEDECODER
#include "masq/Passes/Passes.h.inc"
namespace {

/// Does `op` read or write the state `psi`?
bool touches(Operation *op, Value psi) {
  return isa<MasqDialect>(op->getDialect()) && llvm::is_contained(op->getOperands(), psi);
}

struct Rewrite {
  SvObserveOp obs;
  SmallVector<std::pair<SvGateOp, gates::Kind>> run; // in program order
};

/// The run of gates on the fidelity's qubits right before `obs`, if it acts
/// on a state bigger than the reference's.
std::optional<Rewrite> match(SvObserveOp obs) {
  if (obs.getObs() != "fidelity" || obs.getLane())
    return std::nullopt;
  Value psi = obs.getPsi();
  ArrayRef<int32_t> qs = obs.getQubits();
  Rewrite rw{obs, {}};
  for (Operation *op = obs->getPrevNode(); op; op = op->getPrevNode()) {
    if (!touches(op, psi))
      continue; // angle arithmetic, loads, masks of other data
    auto gate = dyn_cast<SvGateOp>(op);
    gates::Kind kind;
    if (!gate || !gates::lookup(gate.getGate().str(), kind) ||
        !llvm::all_of(gate.getQubits(), [&](int32_t q) { return llvm::is_contained(qs, q); }))
      break;
    rw.run.push_back({gate, kind});
  }
  std::reverse(rw.run.begin(), rw.run.end());
  if (rw.run.empty() ||
      llvm::none_of(rw.run, [&](auto &g) { return size_t(g.first.getNq()) > qs.size(); }))
    return std::nullopt;
  return rw;
}

/// Does anything after `obs` read or change its state?
bool readLater(SvObserveOp obs) {
  for (Operation *op = obs->getNextNode(); op; op = op->getNextNode())
    if (touches(op, obs.getPsi()))
      return true;
  return false;
}

struct EliminateDecoderPass : impl::EliminateDecoderBase<EliminateDecoderPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto sample = module.lookupSymbol<func::FuncOp>(detail::kSampleFn);
    if (!sample) {
      module.emitError("masq-eliminate-decoder needs masq-lower-to-state first");
      return signalPassFailure();
    }
    if (module.lookupSymbol(detail::kPairFn) || module.lookupSymbol(detail::kSampleGradFn)) {
      module.emitError("masq-eliminate-decoder runs before masq-pair-samples and "
                       "masq-generate-gradient");
      return signalPassFailure();
    }
    bool any = false, laterReader = false;
    sample.walk([&](SvObserveOp obs) {
      if (match(obs)) {
        any = true;
        laterReader |= readLater(obs);
      }
    });
    if (!any)
      return;
    if (laterReader) {
      OpBuilder at(sample);
      at.setInsertionPointAfter(sample);
      auto copy = cast<func::FuncOp>(at.clone(*sample));
      copy.setSymName(detail::kLossFn);
      sample = copy;
    }
    SmallVector<Rewrite> rewrites;
    sample.walk([&](SvObserveOp obs) {
      if (auto rw = match(obs))
        rewrites.push_back(std::move(*rw));
    });
    ModelInfoAttr info = detail::modelInfo(module);
    int64_t scratch = info.getScratch();
    for (Rewrite &rw : rewrites)
      scratch = apply(rw, sample, scratch);
    // The work buffer grows by the reference states (and their adjoints).
    module->setAttr(attr::kModelInfo, info.withScratch(scratch));
  }

  /// Rewrites one fidelity; returns the scratch size after phi.
  int64_t apply(Rewrite &rw, func::FuncOp sample, int64_t scratch) {
    SvObserveOp obs = rw.obs;
    Location loc = obs.getLoc();
    OpBuilder b(obs);
    const int32_t k = int32_t(obs.getQubits().size());
    const int64_t offset = (scratch + 7) / 8 * 8; // 64-byte steps
    // A GEP even at offset 0: its attribute marks the state, one buffer shared
    // by both samples of a pair (masq-pair-samples).
    auto gep = LLVM::GEPOp::create(b, loc, LLVM::LLVMPointerType::get(b.getContext()),
                                   b.getF64Type(), sample.getArgument(detail::kArgScratch),
                                   ArrayRef<LLVM::GEPArg>{LLVM::GEPArg(int32_t(offset))});
    gep->setAttr(detail::kStateBufferAttr, b.getUnitAttr());
    Value phi = gep;
    SmallVector<int32_t> local(k);
    std::iota(local.begin(), local.end(), 0);
    auto nq = b.getI32IntegerAttr(k);
    SvInitOp::create(b, loc, phi, nq, UnitAttr());
    SvEncodeAmplitudeOp::create(b, loc, phi, obs.getRef(), b.getDenseI32ArrayAttr(local), nq,
                                obs.getLengthAttr(), IntegerAttr());
    // phi = D_1^dag ... D_m^dag |ref>: the run's gates last first, inverted,
    // on phi's qubits (position j = the fidelity's qubit j).
    ArrayRef<int32_t> qs = obs.getQubits();
    for (auto [g, kind] : llvm::reverse(rw.run)) {
      const gates::Info &info = gates::info(kind);
      SmallVector<Value> angles;
      for (unsigned a = 0; a < info.numParams; ++a) {
        Value src = g.getAngles()[gates::adjointAngleSource(kind, int(a))];
        auto neg = src.getDefiningOp<arith::NegFOp>(); // the decoder's -t: t
        angles.push_back(neg ? neg.getOperand() : arith::NegFOp::create(b, loc, src));
      }
      SmallVector<int32_t> pos;
      for (int32_t q : g.getQubits())
        pos.push_back(int32_t(llvm::find(qs, q) - qs.begin()));
      SvGateOp::create(b, loc, phi, angles, b.getStringAttr(gates::info(info.adjoint).name),
                       b.getDenseI32ArrayAttr(pos), nq);
    }
    auto fid = SvObserveOp::create(b, loc, obs.getPsi(), phi, b.getStringAttr("fidelity_state"),
                                   obs.getQubitsAttr(), obs.getNqAttr(),
                                   b.getI32IntegerAttr(int32_t(1) << k), IntegerAttr());
    obs.getResult().replaceAllUsesWith(fid.getResult());
    // The run: gone, or after the observable for later readers of psi.
    bool laterReader = readLater(obs);
    Operation *after = obs;
    for (auto [g, kind] : rw.run) {
      if (laterReader) {
        g->moveAfter(after);
        after = g;
      } else {
        g.erase();
      }
    }
    obs.erase();
    return offset + 2 * (int64_t(1) << k);
  }
};

} // namespace

} // namespace masq
