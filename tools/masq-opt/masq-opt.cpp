//===- masq-opt.cpp - mlir-opt for the masq dialect -----------------------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Passes/Passes.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  masq::registerMasqPasses();
  masq::registerMasqPipelines();
  mlir::DialectRegistry registry;
  registry.insert<masq::MasqDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect, mlir::math::MathDialect,
                  mlir::tensor::TensorDialect, mlir::scf::SCFDialect,
                  mlir::cf::ControlFlowDialect, mlir::LLVM::LLVMDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "masq optimizer driver\n", registry));
}
