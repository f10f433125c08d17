//===- MasqDialect.td - the masq dialect and its types ------*- tablegen -*-===//
#ifndef MASQ_DIALECT_TD
#define MASQ_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Masq_Dialect : Dialect {
  let name = "masq";
  let cppNamespace = "::masq";
  let summary = "Quantum machine-learning models: encoders, masks, gates, "
                "reset and the observables a trainer optimises";
  let description = [{
    Qubits have value semantics: every gate consumes qubit values and returns
    new ones, so rewrites stay local and the data flow is the circuit. Model
    inputs, per-sample mask patterns and trainable parameters are arguments of
    the model's `func.func`, never constants, so one compiled model serves
    every sample and every parameter value.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::scf::SCFDialect"];
}

class Masq_Type<string name, string typeMnemonic> : TypeDef<Masq_Dialect, name> {
  let mnemonic = typeMnemonic;
}

def Masq_QubitType : Masq_Type<"Qubit", "qubit"> {
  let summary = "one qubit, as a value";
  let description = [{
    A qubit value is produced by `masq.alloc` or by an op that consumes a
    qubit value, and is consumed at most once (linearity is verified).
    Observables read qubit values without consuming them.
  }];
}

def Masq_Qubit : Type<CPred<"::llvm::isa<::masq::QubitType>($_self)">,
                      "masq qubit", "::masq::QubitType">,
                 BuildableType<"::masq::QubitType::get($_builder.getContext())">;

def Masq_Axis : I32EnumAttr<"Axis", "rotation axis of angle encoding", [
  I32EnumAttrCase<"X", 0>, I32EnumAttrCase<"Y", 1>, I32EnumAttrCase<"Z", 2>]> {
  let cppNamespace = "::masq";
  let genSpecializedAttr = 0;
}
def Masq_AxisAttr : EnumAttr<Masq_Dialect, Masq_Axis, "axis"> {
  let assemblyFormat = "`<` $value `>`";
}

// The values are masq::mask::Kind's (masq/Core/Mask.h), the kinds the runtime
// takes; MasqDialect.h checks that they agree.
def Masq_MaskKind : I32EnumAttr<"MaskKind", "how a mask picks hidden pixels", [
  I32EnumAttrCase<"Patches", 1, "patches">,
  I32EnumAttrCase<"Pixels", 2, "pixels">,
  I32EnumAttrCase<"Fixed", 3, "fixed">]> {
  let cppNamespace = "::masq";
  let genSpecializedAttr = 0;
}
def Masq_MaskKindAttr : EnumAttr<Masq_Dialect, Masq_MaskKind, "mask_kind"> {
  let assemblyFormat = "`<` $value `>`";
}

#endif // MASQ_DIALECT_TD
