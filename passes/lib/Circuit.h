//===- Circuit.h - circuit functions for hardware (private) -----*- C++ -*-===//
//
// The form the hardware passes (masq-materialize-circuit, -decompose-,
// -route-, masq-native-gates, masq-peephole-circuit) work on: a func.func
// with the masq.circuit attribute whose body is masq.alloc (index = wire),
// gates with constant angles, masq.cswap, masq.measure and masq.reset.
// readCircuit and writeCircuit move between it and the targets library's
// operation lists (masq/Targets/Route.h), which do the decomposition,
// routing and clean-up; the passes keep every operation's location where
// they rewrite one operation at a time.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_PASSES_CIRCUIT_H
#define MASQ_PASSES_CIRCUIT_H

#include "masq/Targets/Route.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <map>
#include <string>
#include <vector>

namespace masq {
namespace circuit {

// Attributes of a circuit function.
constexpr const char *kCircuit = "masq.circuit"; // unit
constexpr const char *kQubits = "masq.qubits";   // [string]: the model's name of each wire
constexpr const char *kClbits = "masq.clbits";   // [string]: classical bit k's name, "c[0]"
constexpr const char *kTarget = "masq.target";   // string: routed onto this target
constexpr const char *kRouter = "masq.router";   // string: by this router
constexpr const char *kSwaps = "masq.swaps";     // i64: SWAPs the router added
constexpr const char *kLayoutInitial = "masq.layout_initial"; // array<i64>: physical of logical
constexpr const char *kLayoutFinal = "masq.layout_final";

/// The module's circuit functions.
llvm::SmallVector<mlir::func::FuncOp> circuitsOf(mlir::ModuleOp module);

/// The circuit as operations on wires (an alloc's index). Fails with a
/// located error for an operation that is not part of a circuit or an angle
/// that is not a constant. With `where`, the operation each entry came from
/// (one per qubit for a reset).
mlir::LogicalResult readCircuit(mlir::func::FuncOp f, std::vector<targets::Op> &ops,
                                std::vector<mlir::Operation *> *where = nullptr);

/// Builds `ops` at the builder's position: `wires` maps a wire to its
/// current qubit value and is updated; measures write the bit f's kClbits
/// names; angles are new arith.constant ops.
void buildOps(mlir::OpBuilder &b, mlir::Location loc, mlir::func::FuncOp f,
              const std::vector<targets::Op> &ops, std::map<int, mlir::Value> &wires);

/// Replaces f's body: an alloc for every wire `ops` uses, in order, then
/// the operations.
void writeCircuit(mlir::func::FuncOp f, const std::vector<targets::Op> &ops);

/// Replaces `op` (one operation of the circuit) by `ops`, written on the
/// wires 0.. of its qubit operands in order; keeps its location.
void replaceOp(mlir::Operation *op, const std::vector<targets::Op> &ops);

/// Rewrites every gate (not measure or reset) of f for which `rewrite(op,
/// out, replace, error)` sets `replace`, by `out` written on the gate's own
/// qubits numbered 0.. (replaceOp); a false return is an error on the gate.
/// Drops the constants no gate uses any more.
mlir::LogicalResult
rewriteGates(mlir::func::FuncOp f,
             llvm::function_ref<bool(const targets::Op &, std::vector<targets::Op> &, bool &,
                                     std::string &)>
                 rewrite);

/// `op` with its qubits renumbered 0.. in order (replaceOp's wires).
targets::Op local(targets::Op op);

/// The target of a pass's `target` option, and that every circuit of the
/// module was routed onto it (masq.target); errors name `pass`.
mlir::LogicalResult routedTarget(mlir::ModuleOp module, const std::string &spec,
                                 targets::Target &t, llvm::StringRef pass);

/// Reads a pass's `target` option; an error on `where` when it is empty or
/// does not load.
mlir::LogicalResult loadTargetOption(mlir::Operation *where, const std::string &spec,
                                     targets::Target &target);

} // namespace circuit
} // namespace masq

#endif // MASQ_PASSES_CIRCUIT_H
