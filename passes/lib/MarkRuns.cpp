//===- MarkRuns.cpp - runs of fused blocks, for masq-state-to-llvm --------===//
//
// Runs of fused blocks: consecutive blocks (forward, or backward steps)
// on the same state, with nothing between them but loads and
// side-effect-free ops (nothing that can touch the state), every gate of
// them one that the runtime runs on packed real chunks (ry, h, x, cx:
// runtime/sim/PackedChunk.h). The runtime keeps a real state packed
// between the blocks of a run.
//
//===----------------------------------------------------------------------===//
#include "MarkRuns.h"

#include "masq/Dialect/MasqDialect.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

using namespace mlir;

namespace masq {
namespace {

/// The value a pointer is built from by GEPs.
Value rootOf(Value v) {
  while (auto gep = v.getDefiningOp<LLVM::GEPOp>())
    v = gep.getBase();
  return v;
}

/// Whether nothing reads psi or lam after `op`, the last step of a
/// backward run: it is in the body of a sample function (not in a loop)
/// that only the batch entry points masq_model_* call (GenerateGradient.cpp:
/// they never read the work memory after a sample), and no later op of the
/// body is a state op or a call, or uses a value computed from the
/// arguments that psi and lam point into. The runtime then leaves the state
/// in its packed buffer instead of writing it back.
bool statesDeadAfter(Operation *op, Value psi, Value lam) {
  auto fn = dyn_cast<FunctionOpInterface>(op->getParentOp());
  auto module = op->getParentOfType<ModuleOp>();
  if (!fn || !module)
    return false;
  std::optional<SymbolTable::UseRange> uses = SymbolTable::getSymbolUses(fn, module);
  if (!uses)
    return false;
  for (const SymbolTable::SymbolUse &u : *uses) {
    auto caller = u.getUser()->getParentOfType<FunctionOpInterface>();
    if (!isa<CallOpInterface>(u.getUser()) || !caller ||
        !caller.getName().starts_with("masq_model_"))
      return false;
  }
  // The arguments psi and lam point into, and every pointer computed from
  // them anywhere in the body (the values that state ops return, such as
  // derivatives, are numbers).
  llvm::DenseSet<Value> derived{rootOf(psi), rootOf(lam)};
  fn->walk([&](Operation *o) {
    if (llvm::any_of(o->getOperands(), [&](Value v) { return derived.contains(v); }))
      for (Value r : o->getResults())
        if (isa<LLVM::LLVMPointerType>(r.getType()))
          derived.insert(r);
  });
  for (Operation *o = op->getNextNode(); o; o = o->getNextNode()) {
    WalkResult w = o->walk([&](Operation *in) {
      if (isa_and_nonnull<MasqDialect>(in->getDialect()) || isa<CallOpInterface>(in) ||
          llvm::any_of(in->getOperands(), [&](Value v) { return derived.contains(v); }))
        return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (w.wasInterrupted())
      return false;
  }
  return true;
}

} // namespace

void markRuns(ModuleOp module, bool single, llvm::DenseMap<Operation *, int32_t> &runs,
              llvm::DenseSet<Operation *> &foldedZeros) {
  auto realBlock = [](ArrayAttr names) {
    return llvm::all_of(names, [](Attribute g) {
      StringRef name = cast<StringAttr>(g).getValue();
      return name == "ry" || name == "h" || name == "x" || name == "cx";
    });
  };
  // States that carry two samples (masq-pair-samples) are complex: no runs.
  llvm::DenseSet<Value> paired;
  module.walk([&](SvInitOp i) {
    if (i.getPaired())
      paired.insert(i.getPsi());
  });
  // The state(s) a block of a run acts on, or none. A forward run may
  // start with the state's initialisation (masq_rtc_init_run: |0> straight
  // into the packed buffer), a backward one with the seed of an
  // expectation value into a lam just zeroed (masq_rtc_seed_expval_z_run).
  // The zeros since the last op with other effects (lam's, and others such
  // as a scratch buffer's), if nothing touched a state since; `zeroed`: the
  // one of the seed's lam.
  SmallVector<SvZeroOp, 2> zeros;
  SvZeroOp zeroed;
  llvm::DenseMap<Operation *, Operation *> zeroOf; // seeds' zeros of the whole lam
  auto seedAfterZero = [&](SvSeedOp seed) {
    const uint64_t full = uint64_t(single ? 1 : 2) << seed.getNq();
    zeroed = nullptr;
    for (SvZeroOp z : zeros)
      if (z.getBuf() == seed.getLam())
        zeroed = z;
    return seed.getObs() == "expval" && !seed.getRef() && !seed.getLane() && zeroed &&
           zeroed.getCount() >= full;
  };
  // A forward run may end with an expectation value (masq_rtc_expval_z_run:
  // read from the packed buffer). If the seed of a backward run follows it
  // with nothing between them that reads psi (stores elsewhere, lam's
  // zeroing), the seed reads the state from that buffer too.
  SvObserveOp lastObs;
  llvm::DenseMap<Operation *, Operation *> obsOf; // seeds' expectation values
  auto stateOf = [&](Operation *op) -> std::optional<std::pair<Value, Value>> {
    std::optional<std::pair<Value, Value>> s;
    if (auto i = dyn_cast<SvInitOp>(op))
      s = std::make_pair(i.getPsi(), Value());
    if (auto o = dyn_cast<SvObserveOp>(op);
        o && o.getObs() == "expval" && !o.getRef() && !o.getLane())
      s = std::make_pair(o.getPsi(), Value());
    if (auto seed = dyn_cast<SvSeedOp>(op); seed && seedAfterZero(seed)) {
      s = std::make_pair(seed.getPsi(), seed.getLam());
      if (zeroed.getCount() == uint64_t(single ? 1 : 2) << seed.getNq())
        zeroOf[op] = zeroed;
      if (lastObs && lastObs.getPsi() == seed.getPsi())
        obsOf[op] = lastObs;
    }
    if (auto b = dyn_cast<SvBlockOp>(op); b && realBlock(b.getGates()))
      s = std::make_pair(b.getPsi(), Value());
    if (auto b = dyn_cast<SvBlockBackOp>(op); b && realBlock(b.getGates()))
      s = std::make_pair(b.getPsi(), b.getLam());
    if (s && paired.contains(s->first))
      return std::nullopt;
    return s;
  };
  module.walk([&](Block *block) {
    SmallVector<Operation *> run;
    std::pair<Value, Value> state;
    auto flush = [&] {
      for (size_t i = 0; run.size() > 1 && i < run.size(); ++i)
        runs[run[i]] = i == 0 ? 1 : i + 1 == run.size() ? 3 : 2;
      run.clear();
    };
    for (Operation &op : *block) {
      if (auto s = stateOf(&op)) {
        const bool start = isa<SvInitOp, SvSeedOp>(op);
        const bool after =
            !run.empty() && *s == state &&
            ((run.back()->getName() == op.getName() && !isa<SvObserveOp>(op)) ||
             (isa<SvBlockOp, SvObserveOp>(op) && isa<SvInitOp>(run.back())) ||
             (isa<SvObserveOp>(op) && isa<SvBlockOp>(run.back())) ||
             (isa<SvBlockBackOp>(op) && isa<SvSeedOp>(run.back())));
        if (start || !after)
          flush();
        state = *s;
        run.push_back(&op);
        zeros.clear();
        lastObs = dyn_cast<SvObserveOp>(op);
        if (lastObs)
          flush(); // it ends the run
      } else if (op.getNumRegions() != 0 ||
                 !(isMemoryEffectFree(&op) || isa<LLVM::LoadOp, LLVM::GEPOp>(op))) {
        flush();
        auto zero = dyn_cast<SvZeroOp>(op);
        if (!zero)
          zeros.clear();
        else
          zeros.push_back(zero);
        // Only writes elsewhere than psi's memory keep the state for a seed.
        Value to = zero                                  ? zero.getBuf()
                   : isa<LLVM::StoreOp>(op)              ? cast<LLVM::StoreOp>(op).getAddr()
                                                         : Value();
        if (lastObs && !(to && rootOf(to) != rootOf(lastObs.getPsi())))
          lastObs = nullptr;
      }
    }
    zeros.clear();
    lastObs = nullptr;
    flush();
  });
  // A seed that starts a run zeroes lam itself where it needs to (the
  // runtime's seed_expval_z_run: only when the state does not go packed).
  for (auto [seed, zero] : zeroOf)
    if (runs.lookup(seed))
      foldedZeros.insert(zero);
  for (auto [seed, obs] : obsOf)
    if (runs.lookup(seed) && runs.lookup(obs))
      runs[obs] = 2; // the state stays in the buffer for the seed
  for (auto &[op, place] : runs) {
    if (auto b = dyn_cast<SvBlockBackOp>(op);
        b && place == 3 && statesDeadAfter(op, b.getPsi(), b.getLam()))
      place = 4;
    if (auto o = dyn_cast<SvObserveOp>(op);
        o && place == 3 && statesDeadAfter(op, o.getPsi(), o.getPsi()))
      place = 4;
  }
}

} // namespace masq
