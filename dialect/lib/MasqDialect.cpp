//===- MasqDialect.cpp - dialect registration, types, attributes ----------===//
#include "masq/Dialect/MasqDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace masq;

#include "masq/Dialect/MasqDialect.cpp.inc"
#include "masq/Dialect/MasqEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "masq/Dialect/MasqTypes.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "masq/Dialect/MasqAttrs.cpp.inc"

void MasqDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "masq/Dialect/MasqTypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "masq/Dialect/MasqAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "masq/Dialect/MasqOps.cpp.inc"
      >();
}
