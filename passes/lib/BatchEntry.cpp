//===- BatchEntry.cpp - batch entry points of a lowered model -------------===//
#include "masq/Passes/Passes.h"
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
  Type ptr = LLVM::LLVMPointerType::get(b.getContext());
  // An i32 index whose byte offset passes 2^31 wraps once LLVM rewrites the
  // GEP in bytes (the work buffer's scratch of a 26-qubit state sits 2 GiB
  // in): large offsets are i64.
  if (offset < (int64_t(1) << 24))
    return LLVM::GEPOp::create(b, loc, ptr, b.getF64Type(), base,
                               ArrayRef<LLVM::GEPArg>{LLVM::GEPArg(int32_t(offset))});
  Value i64 = LLVM::ConstantOp::create(b, loc, b.getI64Type(), b.getI64IntegerAttr(offset));
  return LLVM::GEPOp::create(b, loc, ptr, b.getF64Type(), base, ValueRange{i64});
}

ModelInfoAttr modelInfo(ModuleOp module) {
  ModelInfoAttr info = ModelInfoAttr::of(module);
  assert(info && "the module has not been through masq-lower-to-state");
  return info;
}

void buildBatchEntry(OpBuilder &b, ModuleOp module, Location loc, StringRef name,
                     unsigned numExtra, func::FuncOp sample, func::FuncOp pair,
                     function_ref<SmallVector<Value>(Block *, Value, Value, SliceFn)> args) {
  int64_t inputStride = modelInfo(module).getInputSize();
  int64_t valueStride = modelInfo(module).getNumValues();
  Type p = LLVM::LLVMPointerType::get(b.getContext());
  SmallVector<Type> types{p, p, b.getI64Type(), p};
  types.append(numExtra, p);
  types.push_back(p); // work
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(b, loc, name, b.getFunctionType(types, {}));
  Block *entry = fn.addEntryBlock();
  b.setInsertionPointToStart(entry);
  auto index = [&](int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); };
  Value batch = arith::IndexCastOp::create(b, loc, b.getIndexType(), entry->getArgument(2));
  // Call fn on the sample(s) starting at index s.
  auto callAt = [&](func::FuncOp f, Value s) {
    auto slice = [&](Value base, int64_t stride) {
      Value i = arith::MulIOp::create(b, loc, s, index(stride));
      Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), i);
      return LLVM::GEPOp::create(b, loc, p, b.getF64Type(), base, ValueRange{i64})
          .getResult();
    };
    func::CallOp::create(b, loc, f,
                         args(entry, slice(entry->getArgument(1), inputStride),
                              slice(entry->getArgument(3), valueStride), slice));
  };
  if (!pair) {
    auto loop = scf::ForOp::create(b, loc, index(0), batch, index(1));
    b.setInsertionPointToStart(loop.getBody());
    callAt(sample, loop.getInductionVar());
  } else {
    // Pairs of samples, then the odd one out.
    Value two = index(2);
    Value even = arith::MulIOp::create(b, loc, arith::DivUIOp::create(b, loc, batch, two), two);
    auto loop = scf::ForOp::create(b, loc, index(0), even, two);
    b.setInsertionPointToStart(loop.getBody());
    callAt(pair, loop.getInductionVar());
    b.setInsertionPointAfter(loop);
    Value odd = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, even, batch);
    auto ifOp = scf::IfOp::create(b, loc, odd, /*withElseRegion=*/false);
    b.setInsertionPointToStart(&ifOp.getThenRegion().front());
    callAt(sample, even);
  }
  b.setInsertionPointToEnd(entry);
  func::ReturnOp::create(b, loc);
}

void buildForwardEntry(OpBuilder &b, ModuleOp module, Location loc, func::FuncOp sample,
                       func::FuncOp pair) {
  if (auto old = module.lookupSymbol<func::FuncOp>(sym::kForward))
    old.erase();
  int64_t state = modelInfo(module).getStateSize();
  buildBatchEntry(b, module, loc, sym::kForward, 0, sample, pair,
                  [&](Block *entry, Value in, Value vals, SliceFn) {
                    Value work = entry->getArgument(4);
                    return SmallVector<Value>{work, entry->getArgument(0), in, vals,
                                              offsetPtr(b, loc, work, 2 * state)};
                  });
}

} // namespace detail
} // namespace masq
