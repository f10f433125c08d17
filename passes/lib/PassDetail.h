//===- PassDetail.h - conventions shared by the masq passes -----*- C++ -*-===//
#ifndef MASQ_PASSES_PASSDETAIL_H
#define MASQ_PASSES_PASSDETAIL_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace masq {
namespace detail {
/// The per-sample forward function and its arguments (all !llvm.ptr).
constexpr const char *kSampleFn = "masq_sample";
constexpr unsigned kArgPsi = 0, kArgTheta = 1, kArgInputs = 2, kArgValues = 3,
                   kArgScratch = 4;
/// The per-sample gradient function: the same arguments, then lam, gtheta
/// and gscratch.
constexpr const char *kSampleGradFn = "masq_sample_grad";
constexpr unsigned kArgLam = 5, kArgGTheta = 6, kArgGScratch = 7;

/// Adds the batch entry point `name(theta, inputs, batch, values, <extra>...,
/// work)`: a loop over the batch that calls `sample` with the pointers
/// `args(entry, inputs_s, values_s)` returns (all arguments !llvm.ptr except
/// batch, an i64). Strides are the per-sample input and value sizes.
void buildBatchEntry(mlir::OpBuilder &b, mlir::ModuleOp module, mlir::Location loc,
                     llvm::StringRef name, unsigned numExtra, mlir::func::FuncOp sample,
                     int64_t inputStride, int64_t valueStride,
                     llvm::function_ref<llvm::SmallVector<mlir::Value>(
                         mlir::Block *entry, mlir::Value inputs, mlir::Value values)>
                         args);
/// base + offset doubles (offset 0: base itself).
mlir::Value offsetPtr(mlir::OpBuilder &b, mlir::Location loc, mlir::Value base,
                      int64_t offset);
} // namespace detail
} // namespace masq

#endif // MASQ_PASSES_PASSDETAIL_H
