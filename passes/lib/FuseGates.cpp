//===- FuseGates.cpp - gates into blocks of one sweep each ----------------===//
//
// masq-fuse-gates, on the per-sample function (after masq-lower-to-state):
// gates on one state become masq.sv.block ops, each applied in one sweep
// over the state (runtime/sim/CompiledBlock.cpp). Blocks keep every angle as
// an operand and their backward step returns each angle's derivative, so
// gates with trained parameters fuse too and the compiled gradient stays
// exact.
//
// Blocks are formed over a window, not only from adjacent gates: from the
// first gate not yet fused, every later gate of the segment (up to the next
// op that touches the state otherwise) joins if it commutes with the gates
// it is moved past (none of its qubits was touched by a gate left out) and
// the block's qubits still fit; see fuseSegment.
//
// Cost model, measured: with the `costs` option (the table `masq calibrate`
// measured on this machine, masq/Core/FusionCosts.h; the driver passes it
// whenever the cache directory holds one) a block is formed on a state of
// any size where fixed + g * perGate, the block's measured price, is below
// g times the price of one gate swept on its own; the qubit thresholds
// below are not used. Without a table, the fixed thresholds that follow.
//
// Fixed: a block saves memory traffic (one sweep of the state instead
// of one per gate) and does its gates on cache-resident chunks of 2^14
// amplitudes (2^13 when the figures here were taken). Blocks whose qubits
// all lie below 14 use contiguous chunks in place, so they may hold all 14
// chunk qubits; they pay from 17 qubits
// (`masq run/grad bench/layered.masq --set n=N --fuse-min-qubits 1` against
// `--disable-pass masq-fuse-gates`, bench/ab.py: 0.98x at n = 14, 1.06x at
// 16, 1.17x at 18, docs/performance.md). Other blocks gather their chunks
// (in whole 64-byte lines: the runtime adds qubits 0 and 1 to their
// chunks) and hold up to 13 qubits (kGatheredQubits); they pay once the state leaves
// the L3 (32 MiB here), so they are formed from 21 qubits. From each gate
// the fuser grows an in-place block and a gathered one and keeps the one
// with more gates (with a table: that saves more).
//
//===----------------------------------------------------------------------===//
#include "masq/Core/FusionCosts.h"
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"
#include "PassDetail.h"

#include "mlir/IR/Builders.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_FUSEGATES
#include "masq/Passes/Passes.h.inc"
namespace {

// Whether an op between gates may stay where it is while gates move past it:
// pure ops and reads (angle arithmetic, parameter loads). Anything else -
// masq ops other than gates (encoders, resets, observables touch the
// state), writes, ops with regions - ends a segment.
bool transparent(Operation *op) {
  if (isa<MasqDialect>(op->getDialect()) || op->getNumRegions() != 0)
    return false;
  if (isMemoryEffectFree(op))
    return true;
  auto mem = dyn_cast<MemoryEffectOpInterface>(op);
  return mem && mem.onlyHasEffect<MemoryEffects::Read>();
}

class Fuser {
public:
  Fuser(int minGathered, int minInPlace, int maxQubits, int inPlaceQubits,
        const FusionCosts &costs)
      : minGathered(minGathered), minInPlace(minInPlace), maxQubits(maxQubits),
        inPlaceQubits(inPlaceQubits), costs(costs) {}

  // Segments: maximal runs of gates on one state (same value, same width)
  // with only transparent ops in between.
  void run(func::FuncOp fn) {
    SmallVector<Operation *> ops;
    for (Operation &op : fn.getBody().front())
      ops.push_back(&op);
    SmallVector<SvGateOp> seg;
    for (Operation *op : ops) {
      auto gate = dyn_cast<SvGateOp>(op);
      if (!gate) {
        if (!transparent(op))
          fuseSegment(seg);
        continue;
      }
      if (!seg.empty() &&
          (gate.getNq() != seg.front().getNq() || gate.getPsi() != seg.front().getPsi()))
        fuseSegment(seg);
      seg.push_back(gate);
    }
    fuseSegment(seg);
  }

private:
  using QubitSet = uint64_t; // qubits < 64 (states have at most 30)

  static QubitSet qubitsOf(SvGateOp g) {
    QubitSet s = 0;
    for (int32_t q : g.getQubits())
      s |= QubitSet(1) << q;
    return s;
  }

  bool inPlace(QubitSet s) const {
    return inPlaceQubits > 0 && (s >> inPlaceQubits) == 0; // contiguous chunks
  }
  // Whether a block of `gates` gates on qubit set s pays on nq qubits: by
  // the measured costs, or (without) always once it fits.
  bool pays(QubitSet s, int nq, size_t gates) const {
    return costs.empty() || costs.pays(nq, int(gates), inPlace(s));
  }

  // The block from rest's first gate under `fits` (see fuseSegment): its
  // members (positions in rest) and qubit set; no members if the first
  // gate does not fit.
  template <class Fits>
  void collect(ArrayRef<SvGateOp> rest, int nq, Fits &&fits, SmallVector<size_t> &members,
               QubitSet &set) const {
    const QubitSet full = (QubitSet(1) << nq) - 1;
    QubitSet blocked = 0;
    set = qubitsOf(rest.front());
    members.clear();
    if (!fits(set))
      return;
    members.push_back(0);
    for (size_t j = 1; j < rest.size(); ++j) {
      const QubitSet q = qubitsOf(rest[j]);
      if (!(q & blocked) && fits(set | q)) {
        set |= q;
        members.push_back(j);
      } else {
        blocked |= q;
      }
      if (blocked == full)
        break; // every qubit is blocked: nobody joins any more
    }
  }

  double saving(QubitSet s, int nq, size_t gates) const {
    return gates < 2 ? 0.0 : costs.saving(nq, int(gates), inPlace(s));
  }

  // Greedy blocks over one segment, each from its first remaining gate. A
  // later gate joins when its qubits keep the block's set fitting and none of
  // them is "blocked", that is touched by a gate left out before it (so it
  // commutes with every gate it is moved past); a gate left out blocks its
  // qubits. The block goes where its last gate was, and the gates left out
  // between its first and last gate move, in order, right after it: each
  // of them commutes with the block's gates that followed it.
  void fuseSegment(SmallVector<SvGateOp> &seg) {
    if (seg.size() < 2) {
      seg.clear();
      return;
    }
    const int nq = seg.front().getNq();
    SmallVector<SvGateOp> rest(seg);
    seg.clear();
    while (rest.size() >= 2) {
      // The block from this gate as an in-place one and as a gathered one,
      // and the one that saves more: by the measured costs, or (without)
      // the one with more gates. (A single collect under "in place or
      // gathered" let gathered sets cut short in-place blocks that could
      // grow to 13 qubits.)
      SmallVector<size_t> members, gathered;
      QubitSet set = 0, gatheredSet = 0;
      const bool table = !costs.empty();
      collect(rest, nq,
              [&](QubitSet s) { return inPlace(s) && (table || nq >= minInPlace); },
              members, set);
      collect(rest, nq,
              [&](QubitSet s) {
                return llvm::popcount(s) <= maxQubits && (table || nq >= minGathered);
              },
              gathered, gatheredSet);
      const bool better = table ? saving(gatheredSet, nq, gathered.size()) >
                                      saving(set, nq, members.size())
                                : gathered.size() > members.size();
      if (better) {
        members.swap(gathered);
        set = gatheredSet;
      }
      if (members.size() < 2 || !pays(set, nq, members.size())) {
        rest.erase(rest.begin());
        continue;
      }
      emit(rest, members, set);
      SmallVector<SvGateOp> next;
      size_t m = 0;
      for (size_t j = 0; j < rest.size(); ++j) {
        if (m < members.size() && members[m] == j) {
          ++m;
          continue;
        }
        next.push_back(rest[j]);
      }
      rest.swap(next);
    }
  }

  void emit(ArrayRef<SvGateOp> rest, ArrayRef<size_t> members, QubitSet set) {
    SvGateOp last = rest[members.back()];
    OpBuilder b(last);
    SmallVector<Value> angles;
    SmallVector<Attribute> names;
    SmallVector<int32_t> gateQubits, sorted;
    for (size_t j : members) {
      SvGateOp g = rest[j];
      llvm::append_range(angles, g.getAngles());
      names.push_back(g.getGateAttr());
      ArrayRef<int32_t> q = g.getQubits();
      gateQubits.push_back(q[0]);
      gateQubits.push_back(q.size() > 1 ? q[1] : -1);
    }
    for (int q = 0; q < 64; ++q)
      if (set >> q & 1)
        sorted.push_back(q);
    // At the last gate every angle is defined; nothing but transparent ops
    // and the segment's gates lies in between.
    auto block = SvBlockOp::create(b, last.getLoc(), last.getPsi(), angles,
                                   b.getArrayAttr(names), b.getDenseI32ArrayAttr(gateQubits),
                                   b.getDenseI32ArrayAttr(sorted), last.getNqAttr());
    Operation *after = block;
    size_t m = 0;
    for (size_t j = members.front(); j < members.back(); ++j) {
      if (members[m] == j) {
        ++m;
        continue;
      }
      rest[j]->moveAfter(after);
      after = rest[j];
    }
    for (size_t j : members)
      rest[j]->erase();
  }

  int minGathered, minInPlace, maxQubits, inPlaceQubits;
  const FusionCosts &costs;
};

struct FuseGatesPass : impl::FuseGatesBase<FuseGatesPass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (maxQubits < 1 || maxQubits > kFuseChunkQubits || inPlaceQubits < 0 ||
        inPlaceQubits > kFuseChunkQubits) {
      module.emitError("masq-fuse-gates: max-qubits must be in [1, ")
          << kFuseChunkQubits << "] and in-place-qubits in [0, " << kFuseChunkQubits << "]";
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
    FusionCosts table;
    std::string why;
    if (!FusionCosts::parse(costs, table, why)) {
      module.emitError("masq-fuse-gates: ") << why;
      return signalPassFailure();
    }
    Fuser fuser(minQubits, minQubitsInPlace, maxQubits, inPlaceQubits, table);
    fuser.run(sample);
    if (auto loss = module.lookupSymbol<func::FuncOp>(detail::kLossFn))
      fuser.run(loss);
    // The forward batch entry calls masq_sample: nothing else to update.
  }
};

} // namespace

} // namespace masq
