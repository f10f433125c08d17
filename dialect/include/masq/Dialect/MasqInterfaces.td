//===- MasqInterfaces.td - the gate interface ---------------*- tablegen -*-===//
#ifndef MASQ_INTERFACES_TD
#define MASQ_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Masq_GateOpInterface : OpInterface<"GateOp"> {
  let cppNamespace = "::masq";
  let description = [{
    A unitary gate of the gate table (masq/Core/Gates.h). Operands are the
    gate's angles (f64) followed by its qubits; results are the qubits, in
    operand order. Passes, the lowering and the OpenQASM emitter query this
    interface instead of switching on op names; the numbers behind it
    (matrix, derivative, inverse) come from the one gate header.
  }];
  let methods = [
    InterfaceMethod<"The gate's entry in the gate table.",
      "::masq::gates::Kind", "getGateKind">,
    InterfaceMethod<"The angle operands.", "::mlir::OperandRange", "getAngles",
      (ins), "", [{
        return $_op->getOperands().take_front(
            ::masq::gates::info($_op.getGateKind()).numParams);
      }]>,
    InterfaceMethod<"The qubit operands.", "::mlir::OperandRange",
      "getInQubits", (ins), "", [{
        return $_op->getOperands().drop_front(
            ::masq::gates::info($_op.getGateKind()).numParams);
      }]>,
    InterfaceMethod<"The qubit results, in operand order.",
      "::mlir::ResultRange", "getOutQubits", (ins), "",
      [{ return $_op->getResults(); }]>,
    InterfaceMethod<"The OpenQASM 2/3 gate name.", "::llvm::StringRef",
      "getQasmName", (ins), "",
      [{ return ::masq::gates::info($_op.getGateKind()).qasm; }]>,
    InterfaceMethod<[{
        The gate's unitary if every angle is a constant (row-major,
        operand 0 = least significant local bit); false otherwise.
      }], "bool", "getConstantMatrix",
      (ins "::llvm::SmallVectorImpl<std::complex<double>> &":$matrix), "",
      [{ return ::masq::detail::constantMatrix($_op.getOperation(), matrix); }]>,
    InterfaceMethod<"The table entry of the inverse gate (angles negated; "
      "for u3 see gates::adjointAngles).", "::masq::gates::Kind",
      "getAdjointKind", (ins), "",
      [{ return ::masq::gates::info($_op.getGateKind()).adjoint; }]>,
    InterfaceMethod<[{
        d(matrix)/d(angle `param`) if every angle is a constant, the
        generator information adjoint differentiation needs; false otherwise.
      }], "bool", "getConstantDerivative",
      (ins "unsigned":$param,
           "::llvm::SmallVectorImpl<std::complex<double>> &":$matrix), "",
      [{ return ::masq::detail::constantDerivative($_op.getOperation(), param, matrix); }]>,
  ];
  let verify = [{ return ::masq::detail::verifyGate($_op); }];
}

#endif // MASQ_INTERFACES_TD
