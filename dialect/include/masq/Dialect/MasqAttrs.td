//===- MasqAttrs.td - the model description as attributes ---*- tablegen -*-===//
//
// masq-lower-to-state lays the model out over flat buffers and records the
// layout on the module as one #masq.model_info attribute; later passes read
// it (scratch size, strides, qubit count) and masq-state-to-llvm embeds it in
// the object code as JSON (masq/Core/ModelInfo.h, the runtime's copy of the
// same description). Sizes and totals are derived, never stored twice.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_ATTRS_TD
#define MASQ_ATTRS_TD

include "masq/Dialect/MasqDialect.td"

class Masq_Attr<string name, string attrMnemonic> : AttrDef<Masq_Dialect, name> {
  let mnemonic = attrMnemonic;
  let assemblyFormat = "`<` struct(params) `>`";
}

// A double printed so that it parses back to the same bits.
class Masq_F64Parameter<string desc>
    : DefaultValuedParameter<"::llvm::APFloat", "::llvm::APFloat(0.0)", desc> {
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
  let printer = [{ $_printer.printFloat($_self); }];
  let parser = [{ ::masq::detail::parseF64($_parser) }];
}
def Masq_BoolParameter : DefaultValuedParameter<"bool", "false", "flag"> {
  let printer = [{ $_printer << ($_self ? "true" : "false"); }];
  let parser = [{ ::masq::detail::parseBool($_parser) }];
}
// A bracketed list (may be empty; a struct field cannot end at a comma).
class Masq_ListParameter<string elem, string desc>
    : OptionalArrayRefParameter<elem, desc> {
  let printer = [{
    $_printer << '[';
    ::llvm::interleaveComma($_self, $_printer);
    $_printer << ']';
  }];
  let parser = [{ ::masq::detail::parseList<}] # elem # [{>($_parser) }];
}

def Masq_SlotAttr : Masq_Attr<"Slot", "slot"> {
  let summary = "where one input, output or mask pattern sits in its buffer";
  let parameters = (ins
    StringRefParameter<"name">:$name,
    Masq_ListParameter<"int64_t", "shape; empty for a scalar">:$shape,
    "int64_t":$offset,
    StringRefParameter<"observable an output is, or empty", [{""}]>:$observable);
  let extraClassDeclaration = [{
    /// Number of doubles (the product of the shape).
    int64_t getSize() const;
  }];
}

def Masq_ParamAttr : Masq_Attr<"Param", "param"> {
  let summary = "a trainable parameter's slot in theta and its initialiser";
  let parameters = (ins
    "SlotAttr":$slot,
    StringRefParameter<"constant | uniform | normal", [{"constant"}]>:$init,
    Masq_F64Parameter<"first initialiser argument">:$a,
    Masq_F64Parameter<"second initialiser argument">:$b);
}

def Masq_MaskAttr : Masq_Attr<"Mask", "mask"> {
  let summary = "a per-sample mask pattern: its slot in the inputs and how it is drawn";
  let parameters = (ins
    "SlotAttr":$slot,
    StringRefParameter<"patches | pixels">:$kind,
    StringRefParameter<"the input it masks", [{""}]>:$input,
    Masq_F64Parameter<"fraction hidden per sample">:$ratio,
    "int64_t":$rows,
    "int64_t":$cols,
    DefaultValuedParameter<"int64_t", "1", "patch side">:$patch);
}

def Masq_ModelInfoAttr : Masq_Attr<"ModelInfo", "model_info"> {
  let summary = "the compiled model's buffers: what theta, inputs and values hold";
  let description = [{
    The layout of a lowered model (masq/Core/ModelInfo.h explains the four
    buffers). Offsets run contiguously in declaration order: parameters in
    theta; inputs and then mask patterns in a sample's inputs; the loss (when
    `has_loss`) and then the outputs in its values. The verifier checks it.
  }];
  let parameters = (ins
    StringRefParameter<"model name">:$name,
    "int64_t":$num_qubits,
    "int64_t":$total_qubits,
    DefaultValuedParameter<"int64_t", "0", "scratch doubles per sample">:$scratch,
    Masq_BoolParameter:$has_loss,
    Masq_ListParameter<"SlotAttr", "model inputs">:$inputs,
    Masq_ListParameter<"ParamAttr", "trainable parameters">:$params,
    Masq_ListParameter<"MaskAttr", "mask patterns">:$masks,
    Masq_ListParameter<"SlotAttr", "outputs">:$outputs,
    OptionalParameter<"::mlir::DictionaryAttr", "hyperparameters (f64)">:$hypers,
    DefaultValuedParameter<"int64_t", "2",
        "doubles per amplitude of a state: 2 (complex128), 1 (complex64)">:$state_doubles);
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    int64_t getNumParams() const;
    /// Doubles per sample in the inputs buffer (inputs, then masks).
    int64_t getInputSize() const;
    /// Doubles per sample in the values buffer (loss, then outputs).
    int64_t getNumValues() const;
    /// The attribute on `module`, or null when it has not been lowered.
    static ModelInfoAttr of(::mlir::ModuleOp module);
    /// The same description with another scratch size.
    ModelInfoAttr withScratch(int64_t scratch) const;
    /// Doubles per state of the work buffer (psi, lam: 2^total_qubits
    /// amplitudes of state_doubles each; ModelInfo::workSize).
    int64_t getStateSize() const { return getStateDoubles() << getTotalQubits(); }
  }];
}

#endif // MASQ_ATTRS_TD
