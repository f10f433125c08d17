//===- PeepholeCircuit.cpp - clean-up in a target's basis ----------------===//
//
// masq-peephole-circuit: targets::simplify on the circuit (neighbouring rz
// merge, rz(0 mod 2 pi) goes, cx cx / cz cz / x x cancel, sx sx -> x).
//
//===----------------------------------------------------------------------===//
#include "Circuit.h"
#include "masq/Passes/Passes.h"
#include "masq/Targets/Translate.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_PEEPHOLECIRCUIT
#include "masq/Passes/Passes.h.inc"
namespace {

using targets::Op;
using namespace circuit;

struct PeepholeCircuitPass : impl::PeepholeCircuitBase<PeepholeCircuitPass> {
  using PeepholeCircuitBase::PeepholeCircuitBase;

  void runOnOperation() override {
    targets::Target t;
    if (failed(circuit::loadTargetOption(getOperation(), target, t)))
      return signalPassFailure();
    for (func::FuncOp f : circuit::circuitsOf(getOperation())) {
      std::vector<Op> ops;
      if (failed(circuit::readCircuit(f, ops)))
        return signalPassFailure();
      std::vector<Op> clean = targets::simplify(ops, t);
      if (clean.size() != ops.size() || llvm::any_of(llvm::zip(clean, ops), [](auto p) {
            return std::get<0>(p).gate != std::get<1>(p).gate ||
                   std::get<0>(p).params != std::get<1>(p).params;
          }))
        circuit::writeCircuit(f, clean);
    }
  }
};

} // namespace
} // namespace masq
