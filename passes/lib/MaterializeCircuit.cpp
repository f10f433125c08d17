//===- MaterializeCircuit.cpp - a bound model as a circuit function --------===//
//
// masq-materialize-circuit: the circuit OpenQASM would carry, as masq ops in
// a circuit function (Circuit.h) beside the model. The OpenQASM emitter's
// own walk of the model (EmitQasm.cpp, recordCircuit) decides what each
// encoder and observable becomes, so the circuit and the OpenQASM file
// cannot disagree.
//
//===----------------------------------------------------------------------===//
#include "Circuit.h"
#include "PassDetail.h"
#include "QasmTarget.h"
#include "masq/Passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace masq {
#define GEN_PASS_DEF_MATERIALIZECIRCUIT
#include "masq/Passes/Passes.h.inc"
namespace {

struct MaterializeCircuitPass : impl::MaterializeCircuitBase<MaterializeCircuitPass> {
  using MaterializeCircuitBase::MaterializeCircuitBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp model = detail::modelOf(module);
    if (!model) {
      module.emitError("masq-materialize-circuit: no masq model in the module");
      return signalPassFailure();
    }
    QasmOptions qo;
    qo.observable = observable;
    RecordedCircuit rec;
    if (failed(recordCircuit(module, qo, rec)))
      return signalPassFailure();
    const std::string name = circuitName(model);
    if (auto old = module.lookupSymbol<func::FuncOp>(name))
      old.erase();
    OpBuilder b(module.getContext());
    b.setInsertionPointAfter(model);
    auto f = func::FuncOp::create(b, model.getLoc(), name, b.getFunctionType({}, {}));
    f->setAttr(circuit::kCircuit, b.getUnitAttr());
    SmallVector<Attribute> qubits, clbits;
    for (const std::string &q : rec.qubits)
      qubits.push_back(b.getStringAttr(q));
    for (const std::string &c : rec.clbits)
      clbits.push_back(b.getStringAttr(c));
    f->setAttr(circuit::kQubits, b.getArrayAttr(qubits));
    f->setAttr(circuit::kClbits, b.getArrayAttr(clbits));
    Block *body = f.addEntryBlock();
    b.setInsertionPointToEnd(body);
    func::ReturnOp::create(b, model.getLoc());
    circuit::writeCircuit(f, rec.ops);
  }
};

} // namespace
} // namespace masq
