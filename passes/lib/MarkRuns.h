//===- MarkRuns.h - runs of fused blocks, for masq-state-to-llvm -*- C++ -*-===//
//
// MarkRuns.cpp; StateToLLVM.cpp lowers what it marks.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_PASSES_LIB_MARKRUNS_H
#define MASQ_PASSES_LIB_MARKRUNS_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <cstdint>

namespace masq {

/// Runs of fused blocks: consecutive blocks (forward, or backward steps)
/// on the same state, with nothing between them but loads and
/// side-effect-free ops (nothing that can touch the state), every gate of
/// them one that the runtime runs on packed real chunks (ry, h, x, cx:
/// runtime/sim/PackedChunk.h). The runtime keeps a real state packed
/// between the blocks of a run.
///
/// Each op of a run gets its place in `runs`: 1 first, 2 middle, 3 last,
/// 4 last with nothing reading the state after it (a backward run's last
/// block, or an expectation value); an expectation value that the seed of
/// a backward run reads from the buffer gets 2. The zeroings of lam that
/// such a seed does itself go to `foldedZeros`. `single`: complex64 states.
void markRuns(mlir::ModuleOp module, bool single,
              llvm::DenseMap<mlir::Operation *, int32_t> &runs,
              llvm::DenseSet<mlir::Operation *> &foldedZeros);

} // namespace masq

#endif
