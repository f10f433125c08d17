//===- GenStmts.cpp - encoders, reset, measure, outputs, loss -------------===//
#include "Gen.h"

using namespace mlir;
using namespace masq;
using namespace masq::gen;


//===----------------------------------------------------------------------===//
// Encoders, reset, measure
//===----------------------------------------------------------------------===//

bool Gen::encode(const ast::Stmt &s) {
  if (s.name != "amplitude" && s.name != "angle") {
    error(s.nameLoc) << "unknown encoding '" << s.name
                     << "' (amplitude or angle)";
    return false;
  }
  if (s.args.empty() || !s.args[0].name.empty()) {
    error(s.loc) << "encode " << s.name << " needs the data vector first";
    return false;
  }
  Result data = expr(*s.args[0].value);
  auto reg = qubits(*s.value);
  if (!data || !reg)
    return false;
  if (data->kind != Val::Tensor || data->shape.size() != 1) {
    error(s.args[0].loc) << "encode " << s.name << " needs a vector, got "
                         << data->describe();
    return false;
  }
  for (int q : *reg)
    if (!fresh[q]) {
      error(s.value->loc) << "encode needs qubits in |0>, but " << labels[q]
                          << " has been used; encode first or reset it";
      return false;
    }
  int64_t len = data->shape[0];
  int n = reg->size();
  std::vector<Value> ins = currentQubits(*reg);
  Operation *op;
  if (s.name == "amplitude") {
    if (s.args.size() != 1) {
      error(s.args[1].loc) << "encode amplitude takes only the data vector";
      return false;
    }
    if (len > (int64_t(1) << n)) {
      error(s.args[0].loc) << "amplitude encoding of a vector of " << len
                           << " values does not fit " << n << " qubits (at most "
                           << (int64_t(1) << n) << ")";
      return false;
    }
    op = EncodeAmplitudeOp::create(b, loc(s.loc), data->v, ins);
  } else {
    Axis axis = Axis::Y;
    double scale = 1.0;
    for (size_t k = 1; k < s.args.size(); ++k) {
      const ast::Arg &a = s.args[k];
      if (a.name == "axis") {
        const ast::Expr &e = *a.value;
        if (e.kind != ast::Expr::Name || (e.name != "X" && e.name != "Y" && e.name != "Z")) {
          error(a.loc) << "axis must be X, Y or Z";
          return false;
        }
        axis = e.name == "X" ? Axis::X : e.name == "Y" ? Axis::Y : Axis::Z;
      } else if (a.name == "scale") {
        Result v = number(*a.value, "a scale");
        if (!v)
          return false;
        scale = v->num();
      } else {
        error(a.loc) << "encode angle takes 'axis' and 'scale'";
        return false;
      }
    }
    if (len != n) {
      error(s.args[0].loc) << "angle encoding needs one value per qubit: "
                           << len << " values for " << n << " qubits";
      return false;
    }
    op = EncodeAngleOp::create(b, loc(s.loc), data->v, ins,
                               AxisAttr::get(&ctx, axis),
                               b.getF64FloatAttr(scale));
  }
  for (int k = 0; k < n; ++k) {
    current[(*reg)[k]] = op->getResult(k);
    fresh[(*reg)[k]] = false;
  }
  return true;
}

bool Gen::reset(const ast::Stmt &s) {
  std::vector<int> all;
  for (auto &t : s.targets) {
    auto q = qubits(*t);
    if (!q)
      return false;
    for (int x : *q) {
      if (llvm::is_contained(all, x)) {
        error(t->loc) << labels[x] << " is reset twice in one statement";
        return false;
      }
      all.push_back(x);
    }
  }
  auto op = ResetOp::create(b, loc(s.loc), currentQubits(all));
  for (size_t k = 0; k < all.size(); ++k) {
    current[all[k]] = op->getResult(k);
    fresh[all[k]] = true;
  }
  return true;
}

bool Gen::measure(const ast::Stmt &s) {
  auto q = qubits(*s.value);
  if (!q)
    return false;
  Val bits;
  bits.kind = Val::Qubits; // the register's width; bits are reported as outputs
  for (size_t k = 0; k < q->size(); ++k) {
    int x = (*q)[k];
    auto op = MeasureOp::create(b, loc(s.loc), current[x], s.name, (int64_t)k);
    current[x] = op.getOut();
    fresh[x] = false;
    std::string name = s.name + "[" + std::to_string(k) + "]";
    OutputOp::create(b, loc(s.loc), name, op.getOutcome());
  }
  sawOutput = true;
  return declare(s.name, {Symbol::Output, bits, s.nameLoc});
}

//===----------------------------------------------------------------------===//
// Outputs and the loss
//===----------------------------------------------------------------------===//

bool Gen::output(const ast::Stmt &s) {
  Result v = expr(*s.value);
  if (!v)
    return false;
  if (v->kind == Val::Qubits || v->kind == Val::List) {
    error(s.value->loc) << "an output must be a number or a vector, got "
                        << v->describe();
    return false;
  }
  if (!declare(s.name, {Symbol::Output, *v, s.nameLoc}))
    return false;
  OutputOp::create(b, loc(s.loc), s.name, materialise(*v));
  sawOutput = true;
  return true;
}

bool Gen::loss(const ast::Stmt &s) {
  if (sawLoss) {
    error(s.loc) << "duplicate declaration of 'loss'";
    return false;
  }
  Result v = expr(*s.value);
  if (!v)
    return false;
  if (v->kind != Val::Scalar && !v->isConst()) {
    error(s.value->loc) << "the loss must be a scalar, got " << v->describe();
    return false;
  }
  LossOp::create(b, loc(s.loc), materialise(*v));
  sawLoss = true;
  return true;
}

