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
// Cost model: a block saves memory traffic (one sweep of the state instead
// of one per gate) and does its gates on cache-resident chunks of 2^13
// amplitudes. Blocks whose qubits all lie below 13 use contiguous chunks in
// place, so they may hold all 13 chunk qubits; they pay from 17 qubits
// (`masq run/grad bench/layered.masq --set n=N --fuse-min-qubits 1` against
// `--disable-pass masq-fuse-gates`, bench/ab.py: 0.98x at n = 14, 1.06x at
// 16, 1.17x at 18, docs/performance.md). Other blocks gather their chunks;
// measured on this machine (AVX2, double, 32 MiB L3) they pay only once the
// state leaves the L3 (n = 22: 1.4x forward with <= 8 qubits, better than 4,
// 6 or 10; n = 18, 20: 0.76-0.9x), so they hold at most 8 qubits from 21.
//
//===----------------------------------------------------------------------===//
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
  Fuser(int minGathered, int minInPlace, int maxQubits, int inPlaceQubits)
      : minGathered(minGathered), minInPlace(minInPlace), maxQubits(maxQubits),
        inPlaceQubits(inPlaceQubits) {}

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

  // Which qubit sets make a block on a state of nq qubits.
  bool fits(QubitSet s, int nq) const {
    const bool inPlace = nq >= minInPlace && inPlaceQubits > 0 &&
                         (s >> inPlaceQubits) == 0; // contiguous chunks
    return inPlace || (nq >= minGathered && llvm::popcount(s) <= maxQubits);
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
    const QubitSet full = (QubitSet(1) << nq) - 1;
    SmallVector<SvGateOp> rest(seg);
    seg.clear();
    while (rest.size() >= 2) {
      QubitSet set = qubitsOf(rest.front()), blocked = 0;
      if (!fits(set, nq)) {
        rest.erase(rest.begin());
        continue;
      }
      SmallVector<size_t> members = {0};
      for (size_t j = 1; j < rest.size(); ++j) {
        const QubitSet q = qubitsOf(rest[j]);
        if (!(q & blocked) && fits(set | q, nq)) {
          set |= q;
          members.push_back(j);
        } else {
          blocked |= q;
        }
        if (blocked == full)
          break; // every qubit is blocked: nobody joins any more
      }
      if (members.size() < 2) {
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
    Fuser fuser(minQubits, minQubitsInPlace, maxQubits, inPlaceQubits);
    fuser.run(sample);
    if (auto loss = module.lookupSymbol<func::FuncOp>(detail::kLossFn))
      fuser.run(loss);
    // The forward batch entry calls masq_sample: nothing else to update.
  }
};

} // namespace

} // namespace masq
