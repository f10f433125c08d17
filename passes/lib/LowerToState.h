//===- LowerToState.h - what the masq-lower-to-state patterns share -*- C++ -*-===//
//
// masq-lower-to-state builds masq_sample with the dialect conversion
// framework: the pass (LowerToState.cpp) lays out the buffers and starts
// masq_sample; then every op of the model is illegal, and its pattern
// (LowerToStatePatterns.cpp) appends its code to masq_sample, in program
// order. The model stays as it was until the conversion has succeeded.
//
// No value changes type, so there is no type converter: a scalar (f64,
// index) is lowered to a scalar of the same type, which replaces it (the
// patterns read their scalar operands from their adaptors), while tensors
// and qubits do not become values of the lowered code at all. A tensor
// becomes a View of a buffer and a qubit a static index, which the
// LoweringState records under the model's value.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_PASSES_LOWERTOSTATE_H
#define MASQ_PASSES_LOWERTOSTATE_H

#include "masq/Core/ModelInfo.h"

#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"

namespace masq {

/// A tensor value as memory: `size` doubles at `ptr`, or a splat `scalar`.
struct View {
  mlir::Value ptr;
  int64_t size = 0;
  mlir::Value scalar;
  bool noGrad = false; // produced by code the gradient does not go through
};

/// Element-wise tensor ops with at most this many values are unrolled into
/// scalar code (differentiable); larger ones become loops.
constexpr int64_t kUnrollLimit = 4096;

/// What the patterns share: the model's layout as it is built, the buffers of
/// masq_sample, and where each tensor and qubit of the model went.
struct LoweringState {
  ModelInfo info;
  mlir::Block *body = nullptr; // of masq_sample, where the patterns append
  mlir::Value psi, theta, inputs, values, scratch;
  int64_t scratchUsed = 0;
  int nq = 0, nextAncilla = 0;
  // Qubits in use so far: ancillas above them are still |0>, so ops before a
  // reset work on the low 2^live amplitudes only (exact for psi and for the
  // adjoint vector, whose other sectors never meet a non-zero amplitude).
  int live = 0;
  llvm::DenseMap<mlir::Value, int> qidx;
  llvm::DenseMap<mlir::Value, View> views;
  // Scalars already computed for (tensor, linear index): straight-line code,
  // so one computed at the top level dominates every later use.
  llvm::DenseMap<std::pair<mlir::Value, int64_t>, mlir::Value> elements;

  /// `size` fresh doubles of the scratch buffer.
  View scratchView(mlir::OpBuilder &b, mlir::Location loc, int64_t size);
  /// The View of a tensor; an error at `user` when it has none.
  mlir::FailureOr<View> viewOf(mlir::Operation *user, mlir::Value v);
  /// The static indices of qubit values; an error at `user` for an unknown one.
  mlir::FailureOr<llvm::SmallVector<int32_t>> qubitsOf(mlir::Operation *user, mlir::ValueRange qs);
  /// Records that the qubit values `outs` are the qubits `qs`.
  void setQubits(mlir::ValueRange outs, llvm::ArrayRef<int32_t> qs);
  /// Element `linear` (row-major) of a tensor as a scalar; null after an error.
  mlir::Value elementOf(mlir::ConversionPatternRewriter &rw, mlir::Location loc, mlir::Value tensor,
                        int64_t linear);
};

/// The patterns that lower each op of the model (masq ops, tensor ops and
/// element-wise arithmetic on tensors), recording into and reading `state`;
/// an op none of them lowers gets a located error.
void populateMasqToStatePatterns(LoweringState &state, mlir::RewritePatternSet &patterns);

} // namespace masq

#endif // MASQ_PASSES_LOWERTOSTATE_H
