//===- RouteCircuit.cpp - a circuit onto a coupling map -------------------===//
//
// masq-route-circuit: layout and SWAP insertion (SABRE, or the trivial
// router) by the targets library, verified against the logical circuit;
// the wires become the target's physical qubits.
//
//===----------------------------------------------------------------------===//
#include "Circuit.h"
#include "masq/Passes/Passes.h"
#include "masq/Targets/Translate.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_ROUTECIRCUIT
#include "masq/Passes/Passes.h.inc"
namespace {

using targets::Op;
using namespace circuit;

struct RouteCircuitPass : impl::RouteCircuitBase<RouteCircuitPass> {
  using RouteCircuitBase::RouteCircuitBase;

  void runOnOperation() override {
    targets::Target t;
    if (failed(circuit::loadTargetOption(getOperation(), target, t)))
      return signalPassFailure();
    if (router != "sabre" && router != "trivial") {
      getOperation().emitError("masq-route-circuit: router '")
          << router << "' (sabre or trivial)";
      return signalPassFailure();
    }
    for (func::FuncOp f : circuit::circuitsOf(getOperation()))
      if (failed(route(f, t)))
        return signalPassFailure();
  }

  LogicalResult route(func::FuncOp f, const targets::Target &t) {
    if (f->hasAttr(circuit::kTarget))
      return f.emitError("the circuit is already routed (onto ")
             << f->getAttr(circuit::kTarget) << ")";
    std::vector<Op> ops;
    std::vector<Operation *> where;
    if (failed(circuit::readCircuit(f, ops, &where)))
      return failure();
    int n = 0;
    if (auto names = f->getAttrOfType<ArrayAttr>(circuit::kQubits))
      n = int(names.size());
    for (size_t i = 0; i < ops.size(); ++i) {
      if (ops[i].qubits.size() > 2)
        return where[i]->emitError("routing takes one- and two-qubit gates: run "
                                   "masq-decompose-circuit first");
      for (int q : ops[i].qubits)
        n = std::max(n, q + 1);
    }
    std::string error;
    if (!targets::checkFits(t, n, error))
      return f.emitError("target ") << t.name << ": " << error;
    targets::Routed r;
    const bool ok = router == "trivial" ? targets::routeTrivial(ops, n, t, r, error)
                                        : targets::routeSabre(ops, n, t, r, error);
    if (!ok)
      return f.emitError("target ") << t.name << ": " << error;
    if (!targets::verifyRouted(ops, n, t, r, error))
      return f.emitError("routing produced a wrong circuit (")
             << error << "): please report this";
    circuit::writeCircuit(f, r.ops);
    Builder b(f.getContext());
    f->setAttr(circuit::kTarget, b.getStringAttr(t.name));
    f->setAttr(circuit::kRouter, b.getStringAttr(router));
    f->setAttr(circuit::kSwaps, b.getI64IntegerAttr(r.swaps));
    auto layout = [&](const std::vector<int> &l2p) {
      return b.getDenseI64ArrayAttr(SmallVector<int64_t>(l2p.begin(), l2p.end()));
    };
    f->setAttr(circuit::kLayoutInitial, layout(r.initial));
    f->setAttr(circuit::kLayoutFinal, layout(r.final));
    return success();
  }
};

} // namespace
} // namespace masq
