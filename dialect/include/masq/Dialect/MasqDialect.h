//===- MasqDialect.h - the masq dialect -------------------------*- C++ -*-===//
#ifndef MASQ_DIALECT_MASQDIALECT_H
#define MASQ_DIALECT_MASQDIALECT_H

#include "masq/Core/Gates.h"
#include "masq/Core/Limits.h"
#include "masq/Core/Mask.h"
#include "masq/Core/ModelInfo.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <complex>

#include "masq/Dialect/MasqDialect.h.inc"
#include "masq/Dialect/MasqEnums.h.inc"

#define GET_TYPEDEF_CLASSES
#include "masq/Dialect/MasqTypes.h.inc"
#define GET_ATTRDEF_CLASSES
#include "masq/Dialect/MasqAttrs.h.inc"

namespace masq {
/// The model description as an attribute (masq-lower-to-state writes it) and
/// as the runtime's struct (embedded in object code as JSON); each is the
/// other's exact image.
ModelInfoAttr toAttr(mlir::MLIRContext *ctx, const ModelInfo &info);
ModelInfo toCore(ModelInfoAttr attr);
} // namespace masq

namespace masq {
class GateOp;
namespace detail {
bool constantMatrix(mlir::Operation *op,
                    llvm::SmallVectorImpl<std::complex<double>> &matrix);
bool constantDerivative(mlir::Operation *op, unsigned param,
                        llvm::SmallVectorImpl<std::complex<double>> &matrix);
mlir::LogicalResult verifyGate(mlir::Operation *op);
} // namespace detail
} // namespace masq

#include "masq/Dialect/MasqInterfaces.h.inc"

#define GET_OP_CLASSES
#include "masq/Dialect/MasqOps.h.inc"

namespace masq {
/// The mask attribute's kinds are masq/Core/Mask.h's, value for value.
static_assert(int(MaskKind::Patches) == int(mask::Kind::Patches) &&
                  int(MaskKind::Pixels) == int(mask::Kind::Pixels) &&
                  int(MaskKind::Fixed) == int(mask::Kind::Fixed),
              "MaskKind (MasqDialect.td) and mask::Kind (masq/Core/Mask.h) disagree");
inline mask::Kind toCore(MaskKind k) { return mask::Kind(int32_t(k)); }

/// Builds the gate of the table entry `kind` (angles, then qubits) and
/// returns it; its results are the new qubit values in operand order.
GateOp createGate(mlir::OpBuilder &b, mlir::Location loc, gates::Kind kind,
                  mlir::ValueRange angles, mlir::ValueRange qubits);

/// Attribute names on the model's func.func and its arguments.
namespace attr {
constexpr const char *kModel = "masq.model";   // unit, on the func
constexpr const char *kHypers = "masq.hypers"; // dictionary, on the func
constexpr const char *kInput = "masq.input";   // name, on an argument
constexpr const char *kParam = "masq.param";   // name, on an argument
constexpr const char *kMask = "masq.mask";     // name of the let, on an argument
constexpr const char *kInit = "masq.init";     // initialiser, on a param argument
constexpr const char *kModelInfo = "masq.info"; // #masq.model_info, on the module
} // namespace attr
} // namespace masq

#endif // MASQ_DIALECT_MASQDIALECT_H
