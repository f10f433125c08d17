//===- MLIRGen.h - AST -> masq dialect --------------------------*- C++ -*-===//
#ifndef MASQ_FRONTEND_MLIRGEN_H
#define MASQ_FRONTEND_MLIRGEN_H

#include "masq/Core/Limits.h"
#include "masq/Frontend/AST.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <string>

namespace masq {

/// Limits on what one model may unroll to; each is reported as a located
/// error rather than exhausting memory or time.
struct GenLimits {
  int maxQubits = kMaxQubits;      // the runtime's statevector limit
  int64_t maxGates = 1000000;      // gates after unrolling and inlining
  int64_t maxIterations = 10000000; // loop iterations, all loops together
  int maxCallDepth = 64;           // nested ansatz calls
};

struct GenOptions {
  std::string filename;
  /// --set NAME=VALUE overrides, checked against the hypers' kinds.
  std::map<std::string, std::string> overrides;
  GenLimits limits;
};

/// Builds one func.func per model. Semantic errors are emitted as MLIR
/// diagnostics at their source locations; returns null if there was any.
mlir::OwningOpRef<mlir::ModuleOp> mlirGen(mlir::MLIRContext &context,
                                          const ast::Program &program,
                                          const GenOptions &options);

} // namespace masq

#endif // MASQ_FRONTEND_MLIRGEN_H
