//===- Qasm.h - OpenQASM 2 / 3 from a masq model ----------------*- C++ -*-===//
//
// The model (masq dialect, optimised) as a circuit for hardware. Values must
// be bound first (bindModel): parameters always; inputs for OpenQASM 2, and
// for OpenQASM 3 all but angle-encoded inputs, which stay `input` variables
// so one file serves every sample.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_PASSES_QASM_H
#define MASQ_PASSES_QASM_H

#include "masq/Core/ModelInfo.h"
#include "masq/Targets/Target.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace masq {

struct QasmOptions {
  int version = 2;        // 2 or 3
  bool resources = false; // print qubits, depth, gate counts instead
  std::string source;     // the .masq file, for the header
  std::string observable; // what to measure: "loss" or an output name
                          // (empty: the loss, else the first output)
  // A device to compile for (masq/Targets): the circuit is decomposed,
  // routed onto its coupling map (router "sabre" or "trivial"), written in
  // its native gates on its physical qubits, and cleaned up.
  const targets::Target *target = nullptr;
  std::string targetSpec; // what loads it again (--target's value), for the passes
  std::string router = "sabre";
};

/// Replaces the model's parameter arguments, and with a sample (non-empty,
/// laid out as `info` says) its input and mask arguments, by constants, then
/// folds. With keepAngleInputs, inputs read only by angle encoders stay
/// arguments.
mlir::LogicalResult bindModel(mlir::ModuleOp module, const ModelInfo &info,
                              const std::vector<double> &theta,
                              const std::vector<double> &sample, bool keepAngleInputs);

/// Drops `measure` and the outputs of its outcomes (a qubit measured passes
/// through unchanged). The layout of parameters and inputs stays, so a model
/// that only OpenQASM can express still gets its ModelInfo for bindModel.
void dropMeasurements(mlir::ModuleOp module);

/// The circuit passes (Passes.td): masq-materialize-circuit with
/// `observable`, and with a target (a --target spec) masq-decompose-circuit,
/// masq-route-circuit with `router`, masq-decompose-circuit (the SWAPs),
/// masq-native-gates and masq-peephole-circuit.
void addTargetPipeline(mlir::OpPassManager &pm, const std::string &observable,
                       const std::string &target, const std::string &router);

/// Writes the circuit (or its resources). With a target, runs
/// addTargetPipeline first and writes the routed circuit function. Errors are located diagnostics.
mlir::LogicalResult emitQasm(mlir::ModuleOp module, const QasmOptions &opts,
                             llvm::raw_ostream &os);

} // namespace masq

#endif // MASQ_PASSES_QASM_H
