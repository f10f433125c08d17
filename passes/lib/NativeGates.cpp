//===- NativeGates.cpp - a routed circuit in its target's gates ----------===//
//
// masq-native-gates: each gate becomes the target's native gates in place
// (cx, or cz between Hadamards, turned on a directed edge; one-qubit gates
// as Euler rotations), by targets::toNative on physical qubits.
//
//===----------------------------------------------------------------------===//
#include "Circuit.h"
#include "masq/Passes/Passes.h"
#include "masq/Targets/Translate.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_NATIVEGATES
#include "masq/Passes/Passes.h.inc"
namespace {

using targets::Op;
using namespace circuit;

struct NativeGatesPass : impl::NativeGatesBase<NativeGatesPass> {
  using NativeGatesBase::NativeGatesBase;

  void runOnOperation() override {
    targets::Target t;
    if (failed(routedTarget(getOperation(), target, t, "masq-native-gates")))
      return signalPassFailure();
    auto native = [&](const Op &op, std::vector<Op> &out, bool &replace,
                      std::string &error) {
      // toNative checks the coupling on physical qubits; replaceOp wants
      // the op's own qubits numbered 0...
      if (!targets::toNative({op}, t, out, error))
        return false;
      replace = !(out.size() == 1 && out[0].gate == op.gate && out[0].qubits == op.qubits &&
                  out[0].params == op.params);
      for (Op &o : out)
        for (int &q : o.qubits)
          q = int(std::find(op.qubits.begin(), op.qubits.end(), q) - op.qubits.begin());
      return true;
    };
    for (func::FuncOp f : circuit::circuitsOf(getOperation()))
      if (failed(rewriteGates(f, native)))
        return signalPassFailure();
  }
};

} // namespace
} // namespace masq
