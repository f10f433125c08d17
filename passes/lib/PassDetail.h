//===- PassDetail.h - conventions shared by the masq passes -----*- C++ -*-===//
#ifndef MASQ_PASSES_PASSDETAIL_H
#define MASQ_PASSES_PASSDETAIL_H

#include "masq/Dialect/MasqDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace masq {
namespace detail {
/// The module's model function (the one with the masq.model attribute), or
/// null.
inline mlir::func::FuncOp modelOf(mlir::ModuleOp module) {
  for (auto f : module.getOps<mlir::func::FuncOp>())
    if (f->hasAttr(attr::kModel))
      return f;
  return nullptr;
}
/// The per-sample forward function and its arguments (all !llvm.ptr).
constexpr const char *kSampleFn = "masq_sample";
constexpr unsigned kArgPsi = 0, kArgTheta = 1, kArgInputs = 2, kArgValues = 3,
                   kArgScratch = 4;
/// The per-sample gradient function: the same arguments, then lam, gtheta
/// and gscratch.
constexpr const char *kSampleGradFn = "masq_sample_grad";
constexpr unsigned kArgLam = 5, kArgGTheta = 6, kArgGScratch = 7;
/// The per-sample vector-Jacobian product (masq-generate-gradient with vjp):
/// the gradient's arguments, then the sample's upstream gradient of every
/// value (gvalues, laid out like values) and its dL/dinputs (ginputs, laid
/// out like inputs; the function adds to it).
constexpr const char *kSampleVjpFn = "masq_sample_vjp";
constexpr unsigned kArgGValues = 8, kArgGInputs = 9;
/// Their parameter-shift forms (masq-generate-gradient with param-shift;
/// GradientShift.cpp): the same arguments.
constexpr const char *kSamplePsGradFn = "masq_sample_ps_grad";
constexpr const char *kSamplePsVjpFn = "masq_sample_ps_vjp";

/// The per-sample functions on two real samples per state (masq-pair-samples):
/// the same arguments; inputs, values and scratch hold both samples, one after
/// the other (scratch and gscratch are twice as long).
constexpr const char *kPairFn = "masq_sample_pair";
constexpr const char *kPairGradFn = "masq_sample_pair_grad";

/// The per-sample function masq-generate-gradient differentiates when it is
/// not masq_sample: the same values, computed in a way that is cheaper to
/// differentiate but not to run (masq-eliminate-decoder, when outputs still
/// need the decoded state); and its paired form.
constexpr const char *kLossFn = "masq_sample_loss";
constexpr const char *kLossPairFn = "masq_sample_loss_pair";

/// Work buffer of a batch entry (per thread; ModelInfo::workSize):
/// psi (2^nq amplitudes of state_doubles doubles: ModelInfoAttr::
/// getStateSize), lam (same), scratch (2 * masq.scratch), gscratch (same).

/// Adds the batch entry point `name(theta, inputs, batch, values, <extra>...,
/// work)`: a loop over the batch that calls `sample` with the pointers
/// `args(entry, inputs_s, values_s)` returns (all arguments !llvm.ptr except
/// batch, an i64), or, with `pair`, calls `pair` on samples 2i and 2i+1 and
/// `sample` on the last one of an odd batch. Strides are the module's
/// masq.input_size and masq.num_values.
/// `slice(base, stride)` is base + stride * (the first sample of the call):
/// for extra per-sample buffers laid out like inputs or values.
using SliceFn = llvm::function_ref<mlir::Value(mlir::Value base, int64_t stride)>;
void buildBatchEntry(mlir::OpBuilder &b, mlir::ModuleOp module, mlir::Location loc,
                     llvm::StringRef name, unsigned numExtra, mlir::func::FuncOp sample,
                     mlir::func::FuncOp pair,
                     llvm::function_ref<llvm::SmallVector<mlir::Value>(
                         mlir::Block *entry, mlir::Value inputs, mlir::Value values,
                         SliceFn slice)>
                         args);
/// (Re)builds masq_model_forward(theta, inputs, batch, values, work).
void buildForwardEntry(mlir::OpBuilder &b, mlir::ModuleOp module, mlir::Location loc,
                       mlir::func::FuncOp sample, mlir::func::FuncOp pair);
/// Replaces each result qubit of `op` (a gate or a reset: results in operand
/// order) by the matching input qubit, then erases `op`.
inline void bypassQubits(mlir::Operation *op, mlir::ValueRange ins, mlir::ValueRange outs) {
  for (auto [in, out] : llvm::zip(ins, outs))
    out.replaceAllUsesWith(in);
  op->erase();
}
/// The lowered model's layout (#masq.model_info, written by
/// masq-lower-to-state, which every later pass runs after).
ModelInfoAttr modelInfo(mlir::ModuleOp module);

/// Unit attribute on the GEP of a state kept in scratch (the reference state
/// of masq-eliminate-decoder): a pair of samples shares it as it shares psi,
/// and its adjoint is gscratch at the same offset.
constexpr const char *kStateBufferAttr = "masq.state_buffer";
/// base + offset doubles (offset 0: base itself).
mlir::Value offsetPtr(mlir::OpBuilder &b, mlir::Location loc, mlir::Value base,
                      int64_t offset);
} // namespace detail
} // namespace masq

#endif // MASQ_PASSES_PASSDETAIL_H
