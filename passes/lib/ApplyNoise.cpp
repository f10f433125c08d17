//===- ApplyNoise.cpp - a device's noise channels on a model --------------===//
//
// masq-apply-noise: the noise model of a device attached to a noise-free
// model, so models stay noise-free in source (Passes.td has the spec).
// Gates get their channels right after them; readout errors become bit
// flips on the qubits an observable reads, placed right before its first
// reader (exact for Z-basis readout: a flip before measuring is a
// confusion of the outcome).
//
//===----------------------------------------------------------------------===//
#include "masq/Core/Channels.h"
#include "masq/Core/Gates.h"
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"
#include "PassDetail.h"

#include "llvm/ADT/StringExtras.h"

#include <map>

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_APPLYNOISE
#include "masq/Passes/Passes.h.inc"
namespace {

struct Attach {
  std::string kind;
  double p = 0;
};

struct NoiseSpec {
  std::map<std::string, std::vector<Attach>> gates; // gate name, "1q" or "2q"
  std::map<int64_t, double> readout;                // qubit (-1: all)
};

/// Parses `spec`; false with `error` set on a bad entry.
bool parseSpec(StringRef spec, NoiseSpec &out, std::string &error) {
  SmallVector<StringRef> entries;
  spec.split(entries, ';', -1, /*KeepEmpty=*/false);
  for (StringRef e : entries) {
    e = e.trim();
    auto [key, value] = e.split('=');
    SmallVector<StringRef> f;
    value.split(f, ',');
    double p = 0;
    auto prob = [&](StringRef text) {
      if (text.trim().getAsDouble(p) || !(p >= 0 && p <= 1)) {
        error = ("'" + e + "': the probability must be a number in [0, 1]").str();
        return false;
      }
      return true;
    };
    if (key == "gate" && f.size() == 3) {
      std::string gate = f[0].trim().str(), kind = f[1].trim().str();
      gates::Kind g = gates::Kind(0);
      channels::Kind c;
      if (gate != "1q" && gate != "2q" && !gates::lookup(gate, g)) {
        error = "'" + e.str() + "': unknown gate '" + gate + "'";
        return false;
      }
      if (!channels::lookup(kind, c)) {
        error = "'" + e.str() + "': unknown channel '" + kind + "'";
        return false;
      }
      const int arity = gate == "1q" ? 1 : gate == "2q" ? 2 : gates::info(g).numQubits;
      if (channels::info(c).arity > arity) {
        error = "'" + e.str() + "': a two-qubit channel after a one-qubit gate";
        return false;
      }
      if (!prob(f[2]))
        return false;
      out.gates[gate].push_back({kind, p});
    } else if (key == "readout" && f.size() == 2) {
      int64_t q = -1;
      if (f[0].trim() != "*" && (f[0].trim().getAsInteger(10, q) || q < 0)) {
        error = "'" + e.str() + "': a readout entry names a qubit index or *";
        return false;
      }
      if (!prob(f[1]))
        return false;
      out.readout[q] = p;
    } else {
      error = "'" + e.str() + "': expected gate=NAME,CHANNEL,P or readout=QUBIT,P";
      return false;
    }
  }
  return true;
}

/// The model qubit index of each qubit value, from masq.alloc through
/// every op that passes qubits on (results in operand order).
DenseMap<Value, int64_t> qubitIndices(func::FuncOp model) {
  DenseMap<Value, int64_t> index;
  model.walk([&](Operation *op) {
    if (auto alloc = dyn_cast<AllocOp>(op)) {
      index[alloc.getResult()] = alloc.getIndex();
      return;
    }
    SmallVector<Value> ins;
    for (Value v : op->getOperands())
      if (isa<QubitType>(v.getType()))
        ins.push_back(v);
    unsigned k = 0;
    for (Value r : op->getResults())
      if (isa<QubitType>(r.getType()) && k < ins.size())
        index[r] = index.lookup(ins[k++]);
  });
  return index;
}

LogicalResult applyNoise(func::FuncOp model, const NoiseSpec &spec) {
  OpBuilder b(model.getContext());
  // Gates: their channels right after them.
  SmallVector<GateOp> gatesToNoise;
  model.walk([&](GateOp g) { gatesToNoise.push_back(g); });
  for (GateOp g : gatesToNoise) {
    const gates::Info &info = gates::info(g.getGateKind());
    auto it = spec.gates.find(info.name);
    if (it == spec.gates.end())
      it = spec.gates.find(info.numQubits == 1 ? "1q" : "2q");
    if (it == spec.gates.end())
      continue;
    Operation *op = g.getOperation();
    b.setInsertionPointAfter(op);
    SmallVector<Value> outs(g.getOutQubits().begin(), g.getOutQubits().end());
    // Each output's users, before any channel is attached.
    SmallVector<SmallVector<OpOperand *>> uses(outs.size());
    for (auto [i, v] : llvm::enumerate(outs))
      for (OpOperand &u : v.getUses())
        uses[i].push_back(&u);
    SmallVector<Value> cur = outs;
    for (const Attach &a : it->second) {
      channels::Kind kind = channels::Kind(0);
      if (!channels::lookup(a.kind, kind))
        continue; // checked when the noise model was read
      auto attach = [&](SmallVector<unsigned> which) {
        SmallVector<Value> ins;
        for (unsigned i : which)
          ins.push_back(cur[i]);
        auto ch = ChannelOp::create(b, g.getLoc(), ins, b.getStringAttr(a.kind),
                                    b.getF64FloatAttr(a.p));
        for (auto [k, i] : llvm::enumerate(which))
          cur[i] = ch->getResult(k);
      };
      if (channels::info(kind).arity == 2)
        attach({0, 1});
      else
        for (unsigned i = 0; i < cur.size(); ++i)
          attach({i});
    }
    for (auto [i, v] : llvm::enumerate(cur))
      for (OpOperand *u : uses[i])
        u->set(v);
  }
  // Readout: one bit flip per qubit value that observables read, before the
  // first of them.
  if (spec.readout.empty())
    return success();
  DenseMap<Value, int64_t> index = qubitIndices(model);
  auto readoutOf = [&](int64_t q) -> double {
    auto it = spec.readout.find(q);
    if (it != spec.readout.end())
      return it->second;
    it = spec.readout.find(-1);
    return it == spec.readout.end() ? 0.0 : it->second;
  };
  SmallVector<Operation *> observables;
  model.walk([&](Operation *op) {
    if (isa<ExpvalOp, ProbZeroOp, ProbabilitiesOp>(op))
      observables.push_back(op);
  });
  DenseMap<Value, Value> flipped;
  for (Operation *obs : observables)
    for (OpOperand &operand : obs->getOpOperands()) {
      Value v = operand.get();
      if (!isa<QubitType>(v.getType()))
        continue;
      const double p = readoutOf(index.lookup(v));
      if (p == 0)
        continue;
      if (Value f = flipped.lookup(v)) {
        operand.set(f);
        continue;
      }
      SmallVector<OpOperand *> resets; // a reset after the read: it may as well take the flip
      // A flip of the outcome read in the X or Y basis is a Z error before
      // the basis change (H X H = Z, S H X H Sdg = Z): a phase flip.
      auto basisOf = [](OpOperand &use) {
        auto e = dyn_cast<ExpvalOp>(use.getOwner());
        return e ? e.pauliAt(use.getOperandNumber()) : 'Z';
      };
      const char basis = basisOf(operand);
      for (OpOperand &use : v.getUses()) {
        Operation *user = use.getOwner();
        if (isa<ExpvalOp, ProbZeroOp, ProbabilitiesOp>(user) && basisOf(use) != basis)
          return obs->emitError("a readout error on qubit ")
                     << index.lookup(v) << " is not modeled where it is read in two bases ("
                     << basis << " and " << basisOf(use) << ")",
                 failure();
        if (isa<FidelityOp>(user))
          return obs->emitError("a readout error on qubit ")
                     << index.lookup(v)
                     << " is not modeled where a fidelity (a SWAP test) also reads it",
                 failure();
        if (isa<ResetOp>(user))
          resets.push_back(&use);
        else if (llvm::any_of(user->getResultTypes(), [](Type t) { return isa<QubitType>(t); }))
          return obs->emitError("a readout error on qubit ")
                     << index.lookup(v) << " is not modeled when the qubit is used after "
                     << "it is read (other than by a reset)",
                 failure();
      }
      b.setInsertionPoint(obs);
      auto ch = ChannelOp::create(b, obs->getLoc(), ValueRange{v},
                                  b.getStringAttr(basis == 'Z' ? "bit_flip" : "phase_flip"),
                                  b.getF64FloatAttr(p));
      flipped[v] = ch->getResult(0);
      operand.set(ch->getResult(0));
      for (OpOperand *use : resets)
        use->set(ch->getResult(0));
    }
  return success();
}

struct ApplyNoisePass : impl::ApplyNoiseBase<ApplyNoisePass> {
  using ApplyNoiseBase::ApplyNoiseBase;
  void runOnOperation() override {
    NoiseSpec parsed;
    std::string error;
    if (!parseSpec(spec, parsed, error)) {
      getOperation().emitError("masq-apply-noise: ") << error;
      return signalPassFailure();
    }
    for (auto f : getOperation().getOps<func::FuncOp>())
      if (f->hasAttr(attr::kModel) && failed(applyNoise(f, parsed)))
        return signalPassFailure();
  }
};

} // namespace
} // namespace masq
