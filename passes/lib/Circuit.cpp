//===- Circuit.cpp - circuit functions and operation lists ----------------===//
#include "Circuit.h"
#include "masq/Dialect/MasqDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace masq {
namespace circuit {

SmallVector<func::FuncOp> circuitsOf(ModuleOp module) {
  SmallVector<func::FuncOp> out;
  for (auto f : module.getOps<func::FuncOp>())
    if (f->hasAttr(kCircuit))
      out.push_back(f);
  return out;
}

namespace {

/// Classical bit k of f (kClbits), appending `name` when it is new.
int clbitOf(func::FuncOp f, const std::string &name) {
  SmallVector<Attribute> names;
  if (auto a = f->getAttrOfType<ArrayAttr>(kClbits))
    names.assign(a.begin(), a.end());
  for (auto [k, n] : llvm::enumerate(names))
    if (cast<StringAttr>(n).getValue() == name)
      return int(k);
  names.push_back(StringAttr::get(f.getContext(), name));
  f->setAttr(kClbits, ArrayAttr::get(f.getContext(), names));
  return int(names.size()) - 1;
}

/// "c[3]" -> ("c", 3).
std::pair<std::string, int64_t> splitBit(StringRef name) {
  size_t open = name.rfind('[');
  int64_t bit = 0;
  if (open == StringRef::npos || name.substr(open + 1).drop_back().getAsInteger(10, bit))
    return {name.str(), 0};
  return {name.take_front(open).str(), bit};
}

} // namespace

LogicalResult readCircuit(func::FuncOp f, std::vector<targets::Op> &ops,
                          std::vector<Operation *> *where) {
  ops.clear();
  if (where)
    where->clear();
  DenseMap<Value, int> wire;
  auto wiresOf = [&](ValueRange in, ValueRange out) {
    std::vector<int> ws;
    for (auto [i, o] : llvm::zip(in, out))
      ws.push_back(wire[o] = wire.lookup(i));
    return ws;
  };
  auto push = [&](targets::Op op, Operation *from) {
    ops.push_back(std::move(op));
    if (where)
      where->push_back(from);
  };
  for (Operation &op : f.getBody().front()) {
    if (auto a = dyn_cast<AllocOp>(op)) {
      wire[a.getResult()] = int(a.getIndex());
    } else if (auto g = dyn_cast<GateOp>(&op)) {
      targets::Op t{gates::info(g.getGateKind()).name, {}, {}, -1};
      for (Value a : g.getAngles()) {
        FloatAttr c;
        if (!matchPattern(a, m_Constant(&c)))
          return g->emitError("a circuit's angles must be constants (bind the model's "
                              "values first)");
        t.params.push_back(c.getValueAsDouble());
      }
      t.qubits = wiresOf(g.getInQubits(), g.getOutQubits());
      push(std::move(t), &op);
    } else if (auto c = dyn_cast<CSwapOp>(op)) {
      push({"cswap", wiresOf(c->getOperands(), c->getResults()), {}, -1}, &op);
    } else if (auto r = dyn_cast<ResetOp>(op)) {
      for (int w : wiresOf(r.getIn(), r.getOut()))
        push({"reset", {w}, {}, -1}, &op);
    } else if (auto m = dyn_cast<MeasureOp>(op)) {
      std::string bit = m.getCreg().str() + "[" + std::to_string(m.getBit()) + "]";
      int k = clbitOf(f, bit);
      push({"measure", wiresOf(m.getIn(), m.getOut()), {}, k}, &op);
    } else if (!isa<arith::ConstantOp, func::ReturnOp>(op)) {
      return op.emitError("'") << op.getName()
                               << "' is not part of a circuit (gates with constant "
                                  "angles, cswap, measure and reset)";
    }
  }
  return success();
}

void buildOps(OpBuilder &b, Location loc, func::FuncOp f, const std::vector<targets::Op> &ops,
              std::map<int, Value> &wires) {
  auto names = f->getAttrOfType<ArrayAttr>(kClbits);
  for (const targets::Op &op : ops) {
    SmallVector<Value, 3> in;
    for (int q : op.qubits)
      in.push_back(wires.at(q));
    ValueRange out;
    Operation *made = nullptr;
    if (op.gate == "measure") {
      auto [creg, bit] = splitBit(cast<StringAttr>(names[size_t(op.clbit)]).getValue());
      made = MeasureOp::create(b, loc, in[0].getType(), b.getI1Type(), in[0],
                               b.getStringAttr(creg), b.getI64IntegerAttr(bit));
      out = made->getResults().take_front(1);
    } else if (op.gate == "reset") {
      made = ResetOp::create(b, loc, ValueRange(in));
      out = made->getResults();
    } else if (op.gate == "cswap") {
      made = CSwapOp::create(b, loc, TypeRange(ValueRange(in)), in);
      out = made->getResults();
    } else {
      gates::Kind k = gates::Kind::H;
      bool known = gates::lookup(op.gate, k);
      assert(known && "the targets library writes gates of the table");
      (void)known;
      SmallVector<Value, 3> angles;
      for (double a : op.params)
        angles.push_back(arith::ConstantOp::create(b, loc, b.getF64FloatAttr(a)));
      made = createGate(b, loc, k, angles, in);
      out = made->getResults();
    }
    for (auto [q, v] : llvm::zip(op.qubits, out))
      wires[q] = v;
  }
}

void writeCircuit(func::FuncOp f, const std::vector<targets::Op> &ops) {
  Block &body = f.getBody().front();
  Operation *ret = body.getTerminator();
  SmallVector<Operation *> old;
  for (Operation &op : body)
    if (&op != ret)
      old.push_back(&op);
  for (Operation *op : llvm::reverse(old)) // users before what they use
    op->erase();
  OpBuilder b(ret);
  std::map<int, Value> wires;
  for (const targets::Op &op : ops)
    for (int q : op.qubits)
      wires.emplace(q, Value());
  auto qubit = QubitType::get(f.getContext());
  for (auto &[w, v] : wires)
    v = AllocOp::create(b, f.getLoc(), qubit, b.getI64IntegerAttr(w));
  buildOps(b, f.getLoc(), f, ops, wires);
}

void replaceOp(Operation *op, const std::vector<targets::Op> &ops) {
  OpBuilder b(op);
  std::map<int, Value> wires;
  SmallVector<Value> qubits;
  for (Value v : op->getOperands())
    if (isa<QubitType>(v.getType()))
      qubits.push_back(v);
  for (auto [i, v] : llvm::enumerate(qubits))
    wires[int(i)] = v;
  buildOps(b, op->getLoc(), op->getParentOfType<func::FuncOp>(), ops, wires);
  unsigned i = 0;
  for (Value r : op->getResults())
    if (isa<QubitType>(r.getType()))
      r.replaceAllUsesWith(wires.at(int(i++)));
  op->erase();
}

targets::Op local(targets::Op op) {
  for (size_t i = 0; i < op.qubits.size(); ++i)
    op.qubits[i] = int(i);
  return op;
}

LogicalResult rewriteGates(
    func::FuncOp f,
    function_ref<bool(const targets::Op &, std::vector<targets::Op> &, bool &, std::string &)>
        rewrite) {
  std::vector<targets::Op> ops;
  std::vector<Operation *> where;
  if (failed(readCircuit(f, ops, &where)))
    return failure();
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].gate == "measure" || ops[i].gate == "reset")
      continue;
    std::vector<targets::Op> out;
    std::string error;
    bool replace = false;
    if (!rewrite(ops[i], out, replace, error))
      return where[i]->emitError(error);
    if (replace)
      replaceOp(where[i], out);
  }
  // The replaced gates' angles.
  for (auto c : llvm::make_early_inc_range(f.getOps<arith::ConstantOp>()))
    if (c->use_empty())
      c.erase();
  return success();
}

LogicalResult routedTarget(ModuleOp module, const std::string &spec, targets::Target &t,
                           StringRef pass) {
  if (failed(loadTargetOption(module, spec, t)))
    return failure();
  for (func::FuncOp f : circuitsOf(module)) {
    auto on = f->getAttrOfType<StringAttr>(kTarget);
    if (!on)
      return f.emitError(pass) << " works on physical qubits: run masq-route-circuit "
                                  "first";
    if (on.getValue() != t.name)
      return f.emitError(pass) << ": the circuit is routed onto " << on << ", not "
                               << t.name;
  }
  return success();
}

LogicalResult loadTargetOption(Operation *where, const std::string &spec,
                               targets::Target &target) {
  std::string error;
  if (!targets::loadTarget(spec, target, error))
    return where->emitError(error);
  return success();
}

} // namespace circuit
} // namespace masq
