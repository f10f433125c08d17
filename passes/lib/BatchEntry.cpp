//===- BatchEntry.cpp - batch entry points of a lowered model -------------===//
#include "PassDetail.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

namespace masq {
namespace detail {

Value offsetPtr(OpBuilder &b, Location loc, Value base, int64_t offset) {
  if (offset == 0)
    return base;
  return LLVM::GEPOp::create(b, loc, LLVM::LLVMPointerType::get(b.getContext()),
                             b.getF64Type(), base,
                             ArrayRef<LLVM::GEPArg>{LLVM::GEPArg(int32_t(offset))});
}

void buildBatchEntry(OpBuilder &b, ModuleOp module, Location loc, StringRef name,
                     unsigned numExtra, func::FuncOp sample, int64_t inputStride,
                     int64_t valueStride,
                     function_ref<SmallVector<Value>(Block *, Value, Value)> args) {
  Type p = LLVM::LLVMPointerType::get(b.getContext());
  SmallVector<Type> types{p, p, b.getI64Type(), p};
  types.append(numExtra, p);
  types.push_back(p); // work
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(b, loc, name, b.getFunctionType(types, {}));
  Block *entry = fn.addEntryBlock();
  b.setInsertionPointToStart(entry);
  Value lo = arith::ConstantIndexOp::create(b, loc, 0);
  Value hi = arith::IndexCastOp::create(b, loc, b.getIndexType(), entry->getArgument(2));
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto loop = scf::ForOp::create(b, loc, lo, hi, one);
  func::ReturnOp::create(b, loc);
  b.setInsertionPointToStart(loop.getBody());
  Value s = loop.getInductionVar();
  auto slice = [&](Value base, int64_t stride) {
    Value i = arith::MulIOp::create(b, loc, s, arith::ConstantIndexOp::create(b, loc, stride));
    Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), i);
    return LLVM::GEPOp::create(b, loc, p, b.getF64Type(), base, ValueRange{i64}).getResult();
  };
  Value inS = slice(entry->getArgument(1), inputStride);
  Value valS = slice(entry->getArgument(3), valueStride);
  func::CallOp::create(b, loc, sample, args(entry, inS, valS));
}

} // namespace detail
} // namespace masq
