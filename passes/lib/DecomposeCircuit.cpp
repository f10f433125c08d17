//===- DecomposeCircuit.cpp - gates on two or more qubits into cx ---------===//
//
// masq-decompose-circuit: each gate of a circuit function (Circuit.h) on
// two or more qubits (cswap, swap, crx, rzz, ...) becomes cx and one-qubit
// gates in place (targets::decompose's exact identities), keeping its
// location.
//
//===----------------------------------------------------------------------===//
#include "Circuit.h"
#include "masq/Passes/Passes.h"
#include "masq/Targets/Translate.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_DECOMPOSECIRCUIT
#include "masq/Passes/Passes.h.inc"
namespace {

using targets::Op;
using namespace circuit;

struct DecomposeCircuitPass : impl::DecomposeCircuitBase<DecomposeCircuitPass> {
  void runOnOperation() override {
    for (func::FuncOp f : circuit::circuitsOf(getOperation())) {
      auto decompose = [](const Op &op, std::vector<Op> &out, bool &replace,
                          std::string &error) {
        replace = op.qubits.size() > 2 || (op.qubits.size() == 2 && op.gate != "cx");
        return !replace || targets::decompose({local(op)}, out, error);
      };
      if (failed(rewriteGates(f, decompose)))
        return signalPassFailure();
    }
  }
};

} // namespace
} // namespace masq
