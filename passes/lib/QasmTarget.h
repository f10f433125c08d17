//===- QasmTarget.h - an emitted circuit on a device (private) --*- C++ -*-===//
//
// EmitQasm records the circuit it writes (every gate, the SWAP test's
// cswap, measure and reset, on named qubits): masq-materialize-circuit
// makes a circuit function of it (Circuit.h). With a target, the passes of
// addTargetPipeline (Qasm.h) decompose, route, translate and clean it up;
// describeCircuit then gives the emitter the routed circuit's OpenQASM
// lines and resources.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_PASSES_QASMTARGET_H
#define MASQ_PASSES_QASMTARGET_H

#include "masq/Passes/Qasm.h"
#include "masq/Targets/Route.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <map>
#include <string>
#include <vector>

namespace masq {

struct TargetedCircuit {
  std::vector<std::string> body;            // OpenQASM statements
  std::map<std::string, unsigned> counts;   // per gate, measure, reset
  unsigned depth = 0;
  int swaps = 0, twoQubit = 0;
  double successProbability = 1; // from the target's error rates (1 when none)
  std::vector<std::string> notes; // the layouts, the SWAPs, the basis
  std::string initialLayout, finalLayout; // "q[0]->q[5], ..." (model -> physical)
};

/// x in the shortest form that reads back to the same double (OpenQASM angles).
std::string shortestNumber(double x);

/// The circuit the emitter writes for `opts` (no target): operations on
/// logical qubits numbered in order of first use, their names (q[3], r[0],
/// anc[0]) and the classical bits measures write (c[0], m[1]). Fails with
/// located errors (an unbound value, an unmeasurable observable).
struct RecordedCircuit {
  std::vector<targets::Op> ops;
  std::vector<std::string> qubits, clbits;
};
mlir::LogicalResult recordCircuit(mlir::ModuleOp module, const QasmOptions &opts,
                                  RecordedCircuit &out);

/// The name of the model's circuit function.
std::string circuitName(mlir::func::FuncOp model);

/// The routed circuit function `f` (after addTargetPipeline) as OpenQASM
/// lines on the target's physical qubits, with its resources.
mlir::LogicalResult describeCircuit(mlir::func::FuncOp f, const targets::Target &target,
                                    int version, TargetedCircuit &out);

} // namespace masq

#endif // MASQ_PASSES_QASMTARGET_H
