//===- FuseGates.cpp - gates into blocks of one sweep each ----------------===//
//
// masq-fuse-gates, on the per-sample function (after masq-lower-to-state):
// runs of consecutive masq.sv.gate ops whose qubits together number at most
// `max-qubits` become one masq.sv.block, applied in one sweep over the state
// (runtime/lib/CompiledBlock.cpp). Blocks keep every angle as an operand and
// their backward step returns each angle's derivative, so gates with trained
// parameters fuse too and the compiled gradient stays exact.
//
// Cost model: a block saves memory traffic (one sweep of the state instead
// of one per gate) and costs a gather/scatter of each chunk. It pays once
// the state no longer fits the last-level cache, so only gates on states of
// at least `min-qubits` qubits are fused. Defaults measured on this machine
// (AVX2, double precision, 32 MiB L3; `masq run/grad bench/layered.masq
// --set n=N --fuse-min-qubits M --repeat R`, docs/performance.md): at n = 22
// (64 MiB) blocks of <= 8 qubits gave 1.4x on the forward pass and 2.1x on
// the gradient, <= 6 and <= 4 qubits less; at n = 20 (16 MiB, in L3) and
// n = 18 they were 0.76-0.9x on the forward pass, so min-qubits is 21.
//
//===----------------------------------------------------------------------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"
#include "PassDetail.h"

#include "mlir/IR/Builders.h"

using namespace mlir;

namespace masq {
namespace {

class Fuser {
public:
  Fuser(int minQubits, int maxQubits) : minQubits(minQubits), maxQubits(maxQubits) {}

  void run(func::FuncOp fn) {
    SmallVector<Operation *> ops;
    for (Operation &op : fn.getBody().front())
      ops.push_back(&op);
    for (Operation *op : ops) {
      auto gate = dyn_cast<SvGateOp>(op);
      if (!gate) {
        if (isa<MasqDialect>(op->getDialect()))
          flush(); // encoders, observables, ... touch the state
        continue;
      }
      if (gate.getNq() < minQubits) {
        flush();
        continue;
      }
      SmallVector<int32_t> qs(qubits); // empty when no block is open
      for (int32_t q : gate.getQubits())
        if (!llvm::is_contained(qs, q))
          qs.push_back(q);
      if (!block.empty() &&
          (gate.getNq() != block.front().getNq() || gate.getPsi() != block.front().getPsi() ||
           int(qs.size()) > maxQubits)) {
        flush();
        qs.assign(gate.getQubits().begin(), gate.getQubits().end());
      }
      block.push_back(gate);
      qubits = qs;
    }
    flush();
  }

  unsigned numBlocks = 0, numFused = 0;

private:
  void flush() {
    if (block.size() >= 2) {
      // At the last gate: every angle is defined by then, and nothing in
      // between touches the state.
      SvGateOp last = block.back();
      OpBuilder b(last);
      SmallVector<Value> angles;
      SmallVector<Attribute> names;
      SmallVector<int32_t> gateQubits;
      for (SvGateOp g : block) {
        llvm::append_range(angles, g.getAngles());
        names.push_back(g.getGateAttr());
        ArrayRef<int32_t> q = g.getQubits();
        gateQubits.push_back(q[0]);
        gateQubits.push_back(q.size() > 1 ? q[1] : -1);
      }
      SmallVector<int32_t> sorted(qubits);
      llvm::sort(sorted);
      SvBlockOp::create(b, last.getLoc(), last.getPsi(), angles, b.getArrayAttr(names),
                        b.getDenseI32ArrayAttr(gateQubits), b.getDenseI32ArrayAttr(sorted),
                        last.getNqAttr());
      ++numBlocks;
      numFused += block.size();
      for (SvGateOp g : block)
        g.erase();
    }
    block.clear();
    qubits.clear();
  }

  int minQubits, maxQubits;
  SmallVector<SvGateOp> block;
  SmallVector<int32_t> qubits;
};

struct FuseGatesPass : public PassWrapper<FuseGatesPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(FuseGatesPass)
  FuseGatesPass() = default;
  FuseGatesPass(const FuseGatesPass &other) : PassWrapper(other) {}
  FuseGatesPass(int minQ, int maxQ) {
    minQubits = minQ;
    maxQubits = maxQ;
  }
  StringRef getArgument() const override { return "masq-fuse-gates"; }
  StringRef getDescription() const override {
    return "Fuse runs of gates on a few qubits into blocks of one sweep each";
  }
  Option<int> minQubits{*this, "min-qubits",
                        llvm::cl::desc("fuse only gates on states of at least this "
                                       "many qubits"),
                        llvm::cl::init(kFuseMinQubits)};
  Option<int> maxQubits{*this, "max-qubits",
                        llvm::cl::desc("qubits per block at most"),
                        llvm::cl::init(kFuseMaxQubits)};
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (module->hasAttr(sym::kNoFusionAttr))
      return;
    if (maxQubits < 1 || maxQubits > 10) {
      module.emitError("masq-fuse-gates: max-qubits must be in [1, 10]");
      return signalPassFailure();
    }
    auto sample = module.lookupSymbol<func::FuncOp>(detail::kSampleFn);
    if (!sample)
      return;
    if (module.lookupSymbol(detail::kPairFn) || module.lookupSymbol(detail::kSampleGradFn)) {
      module.emitError("masq-fuse-gates runs before masq-pair-samples and "
                       "masq-generate-gradient");
      return signalPassFailure();
    }
    int minQ = minQubits;
    if (auto a = module->getAttrOfType<IntegerAttr>(sym::kFuseMinQubitsAttr))
      minQ = int(a.getInt());
    Fuser fuser(minQ, maxQubits);
    fuser.run(sample);
    if (auto loss = module.lookupSymbol<func::FuncOp>(detail::kLossFn))
      fuser.run(loss);
    // The forward batch entry calls masq_sample: nothing else to update.
  }
};

} // namespace

std::unique_ptr<Pass> createFuseGatesPass() { return std::make_unique<FuseGatesPass>(); }

} // namespace masq
