//===- StdToLLVM.cpp - arith, math, func and cf to LLVM in one conversion -===//
//
// masq-std-to-llvm, the last conversion of the lowering pipeline (after
// masq-state-to-llvm and scf-to-cf): upstream's ArithToLLVM, MathToLLVM,
// FuncToLLVM and ControlFlowToLLVM patterns with one type converter in one
// full conversion. Measured on QMAE (masq compile --emit=native --timings,
// docs/performance.md): the four passes took 12-13 ms of a cold compile's
// 45 ms of lowering.
//
//===----------------------------------------------------------------------===//
#include "masq/Passes/Passes.h"
#include "PassDetail.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_STDTOLLVM
#include "masq/Passes/Passes.h.inc"
namespace {

struct StdToLLVMPass : impl::StdToLLVMBase<StdToLLVMPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    LLVMTypeConverter converter(ctx);
    RewritePatternSet patterns(ctx);
    arith::populateArithToLLVMConversionPatterns(converter, patterns);
    populateMathToLLVMConversionPatterns(converter, patterns);
    populateFuncToLLVMConversionPatterns(converter, patterns);
    cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
    LLVMConversionTarget target(*ctx);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace masq
