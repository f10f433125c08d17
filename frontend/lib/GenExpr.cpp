//===- GenExpr.cpp - expressions, masks and observables -> masq dialect ---===//
//
// Integer and real constants are evaluated here (loop variables, hypers,
// indices); anything that depends on inputs or parameters becomes arith/math
// ops on f64 or tensors of f64, and state expressions become observables.
//
//===----------------------------------------------------------------------===//
#include "Gen.h"

#include <cmath>

using namespace mlir;
using namespace masq;
using namespace masq::gen;

std::string Val::describe() const {
  switch (kind) {
  case Int:
    return "an integer";
  case Real:
    return "a real number";
  case List:
    return "a list";
  case Qubits:
    return qubits.size() == 1 ? "a qubit" : "a qubit register";
  case Scalar:
    return "a real number";
  case Tensor: {
    std::string s = "real[";
    for (size_t k = 0; k < shape.size(); ++k)
      s += (k ? ", " : "") + std::to_string(shape[k]);
    return s + "]";
  }
  }
  return "a value";
}

Value Gen::f64(double x) {
  return arith::ConstantOp::create(b, b.getUnknownLoc(), b.getF64FloatAttr(x));
}

Value Gen::indexConst(int64_t i) {
  Value &c = indexCache[i];
  if (!c) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&func.getBody().front());
    c = arith::ConstantIndexOp::create(b, b.getUnknownLoc(), i);
  }
  return c;
}

Value Gen::materialise(const Val &v) {
  if (v.isConst())
    return f64(v.num());
  return v.v;
}

std::vector<Value> Gen::currentQubits(const std::vector<int> &qs) {
  std::vector<Value> out;
  for (int q : qs)
    out.push_back(current[q]);
  return out;
}

Result Gen::constInt(const ast::Expr &e, const char *what) {
  Result v = expr(e);
  if (!v)
    return std::nullopt;
  if (v->kind != Val::Int) {
    error(e.loc) << what << " must be an integer constant, got "
                 << v->describe();
    return std::nullopt;
  }
  return v;
}

Result Gen::number(const ast::Expr &e, const char *what) {
  Result v = expr(e);
  if (!v)
    return std::nullopt;
  if (!v->isConst()) {
    error(e.loc) << what << " must be a constant number, got " << v->describe();
    return std::nullopt;
  }
  return v;
}

std::optional<Value> Gen::scalar(const ast::Expr &e, const char *what) {
  Result v = expr(e);
  if (!v)
    return std::nullopt;
  if (v->kind != Val::Scalar && !v->isConst()) {
    error(e.loc) << what << " must be a real number, got " << v->describe();
    return std::nullopt;
  }
  if (v->isConst() && !std::isfinite(v->num())) {
    error(e.loc) << what << " is not finite";
    return std::nullopt;
  }
  return materialise(*v);
}

std::optional<std::vector<int>> Gen::qubits(const ast::Expr &e) {
  Result v = expr(e);
  if (!v)
    return std::nullopt;
  if (v->kind != Val::Qubits) {
    error(e.loc) << "expected a qubit or register, got " << v->describe();
    return std::nullopt;
  }
  return v->qubits;
}

Result Gen::expr(const ast::Expr &e) {
  switch (e.kind) {
  case ast::Expr::Int:
    return Val::ofInt(e.ival);
  case ast::Expr::Float:
    return Val::ofReal(e.fval);
  case ast::Expr::Name:
    return name(e);
  case ast::Expr::Index:
    return index(e);
  case ast::Expr::Call:
    return call(e);
  case ast::Expr::List: {
    Val l;
    l.kind = Val::List;
    for (auto &x : e.operands) {
      Result v = number(*x, "a list element");
      if (!v)
        return std::nullopt;
      l.list.push_back(v->num());
    }
    return l;
  }
  case ast::Expr::Neg:
  case ast::Expr::Binary:
    return arith(e);
  case ast::Expr::Eq:
    error(e.loc) << "'==' may only appear in prob(qubits == 0)";
    return std::nullopt;
  }
  return std::nullopt;
}

Result Gen::name(const ast::Expr &e) {
  if (e.name == "pi")
    return Val::ofReal(M_PI);
  const Symbol *sym = lookup(e.name);
  if (!sym) {
    std::vector<std::string> names = namesInScope();
    names.push_back("pi");
    error(e.loc) << "unknown name '" << e.name << "'" << didYouMean(e.name, names);
    return std::nullopt;
  }
  if (sym->kind == Symbol::Output) {
    error(e.loc) << "'" << e.name << "' is an output; bind it with 'let' to "
                                     "use it";
    return std::nullopt;
  }
  return sym->val;
}

Result Gen::index(const ast::Expr &e) {
  const Symbol *sym = lookup(e.name);
  if (!sym) {
    error(e.loc) << "unknown name '" << e.name << "'" << didYouMean(e.name, namesInScope());
    return std::nullopt;
  }
  const Val &base = sym->val;
  if (base.kind == Val::Qubits) {
    if (e.slices.size() != 1) {
      error(e.loc) << "register '" << e.name << "' takes one index";
      return std::nullopt;
    }
    int64_t size = base.qubits.size();
    Result lo = constInt(*e.slices[0].lo, "a qubit index");
    if (!lo)
      return std::nullopt;
    int64_t hi = lo->i + 1;
    if (e.slices[0].hi) {
      Result h = constInt(*e.slices[0].hi, "a qubit index");
      if (!h)
        return std::nullopt;
      hi = h->i;
    }
    if (lo->i < 0 || lo->i >= size || hi > size || hi <= lo->i) {
      error(e.loc) << "qubit index " << (hi > size ? hi - 1 : lo->i)
                   << " is out of range for '" << e.name << "' ("
                   << size << " qubits)";
      return std::nullopt;
    }
    Val out;
    out.kind = Val::Qubits;
    out.qubits.assign(base.qubits.begin() + lo->i, base.qubits.begin() + hi);
    return out;
  }
  if (base.kind != Val::Tensor) {
    error(e.loc) << "'" << e.name << "' is " << base.describe()
                 << " and cannot be indexed";
    return std::nullopt;
  }
  if (e.slices.size() != base.shape.size()) {
    error(e.loc) << "'" << e.name << "' has " << base.shape.size()
                 << " dimension(s), indexed with " << e.slices.size();
    return std::nullopt;
  }
  SmallVector<Value> idx;
  for (size_t d = 0; d < e.slices.size(); ++d) {
    if (e.slices[d].hi) {
      error(e.slices[d].lo->loc) << "ranges index registers only";
      return std::nullopt;
    }
    Result i = constInt(*e.slices[d].lo, "an index");
    if (!i)
      return std::nullopt;
    if (i->i < 0 || i->i >= base.shape[d]) {
      error(e.slices[d].lo->loc)
          << "index " << i->i << " is out of bounds for dimension " << d
          << " of '" << e.name << "' (size " << base.shape[d] << ")";
      return std::nullopt;
    }
    idx.push_back(indexConst(i->i));
  }
  Val out;
  out.kind = Val::Scalar;
  out.v = tensor::ExtractOp::create(b, loc(e.loc), base.v, idx);
  return out;
}

//===----------------------------------------------------------------------===//
// Arithmetic
//===----------------------------------------------------------------------===//

static std::optional<int64_t> intOp(char op, int64_t x, int64_t y,
                                    std::string &err) {
  int64_t r = 0;
  switch (op) {
  case '+':
    if (__builtin_add_overflow(x, y, &r))
      err = "integer overflow";
    return r;
  case '-':
    if (__builtin_sub_overflow(x, y, &r))
      err = "integer overflow";
    return r;
  case '*':
    if (__builtin_mul_overflow(x, y, &r))
      err = "integer overflow";
    return r;
  case '/':
  case '%':
    if (y == 0) {
      err = "division by zero";
      return 0;
    }
    if (x == INT64_MIN && y == -1) {
      err = "integer overflow";
      return 0;
    }
    return op == '/' ? x / y : x % y;
  }
  return r;
}

Result Gen::arith(const ast::Expr &e) {
  Location l = loc(e.loc);
  if (e.kind == ast::Expr::Neg) {
    Result v = expr(*e.operands[0]);
    if (!v)
      return std::nullopt;
    if (v->kind == Val::Int) {
      if (v->i == INT64_MIN) {
        error(e.loc) << "integer overflow";
        return std::nullopt;
      }
      return Val::ofInt(-v->i);
    }
    if (v->kind == Val::Real)
      return Val::ofReal(-v->r);
    if (v->kind != Val::Scalar && v->kind != Val::Tensor) {
      error(e.loc) << "cannot negate " << v->describe();
      return std::nullopt;
    }
    Val out = *v;
    out.v = arith::NegFOp::create(b, l, v->v);
    return out;
  }
  Result x = expr(*e.operands[0]);
  Result y = expr(*e.operands[1]);
  if (!x || !y)
    return std::nullopt;
  for (const Val *v : {&*x, &*y})
    if (v->kind == Val::Qubits || v->kind == Val::List) {
      error(e.loc) << "arithmetic on " << v->describe();
      return std::nullopt;
    }
  if (x->kind == Val::Int && y->kind == Val::Int) {
    std::string err;
    auto r = intOp(e.op, x->i, y->i, err);
    if (!err.empty()) {
      error(e.loc) << err;
      return std::nullopt;
    }
    return Val::ofInt(*r);
  }
  if (x->isConst() && y->isConst()) {
    double a = x->num(), c = y->num();
    switch (e.op) {
    case '+':
      return Val::ofReal(a + c);
    case '-':
      return Val::ofReal(a - c);
    case '*':
      return Val::ofReal(a * c);
    case '/':
      return Val::ofReal(a / c);
    default:
      return Val::ofReal(std::fmod(a, c));
    }
  }
  // Run-time arithmetic; a scalar meeting a vector is broadcast.
  if (x->kind == Val::Tensor && y->kind == Val::Tensor && x->shape != y->shape) {
    error(e.loc) << "shapes differ: " << x->describe() << " and "
                 << y->describe();
    return std::nullopt;
  }
  Val out;
  out.kind = (x->kind == Val::Tensor || y->kind == Val::Tensor) ? Val::Tensor
                                                                : Val::Scalar;
  out.shape = x->kind == Val::Tensor ? x->shape : y->shape;
  auto operand = [&](const Val &v) -> Value {
    Value s = materialise(v);
    if (out.kind == Val::Tensor && v.kind != Val::Tensor)
      return tensor::SplatOp::create(
          b, l, RankedTensorType::get(out.shape, b.getF64Type()), s);
    return s;
  };
  Value a = operand(*x), c = operand(*y);
  switch (e.op) {
  case '+':
    out.v = arith::AddFOp::create(b, l, a, c);
    break;
  case '-':
    out.v = arith::SubFOp::create(b, l, a, c);
    break;
  case '*':
    out.v = arith::MulFOp::create(b, l, a, c);
    break;
  case '/':
    out.v = arith::DivFOp::create(b, l, a, c);
    break;
  default:
    out.v = arith::RemFOp::create(b, l, a, c);
    break;
  }
  return out;
}

Result Gen::mathFn(const ast::Expr &e, StringRef fn) {
  if (e.args.size() != 1 || !e.args[0].name.empty()) {
    error(e.loc) << "'" << fn << "' takes one argument";
    return std::nullopt;
  }
  Result v = expr(*e.args[0].value);
  if (!v)
    return std::nullopt;
  if (v->isConst()) {
    double x = v->num();
    double r = fn == "sqrt" ? std::sqrt(x) : fn == "sin" ? std::sin(x)
             : fn == "cos" ? std::cos(x) : fn == "exp" ? std::exp(x)
             : fn == "log" ? std::log(x) : std::fabs(x);
    return Val::ofReal(r);
  }
  if (v->kind != Val::Scalar && v->kind != Val::Tensor) {
    error(e.loc) << "'" << fn << "' of " << v->describe();
    return std::nullopt;
  }
  Location l = loc(e.loc);
  Val out = *v;
  if (fn == "sqrt")
    out.v = math::SqrtOp::create(b, l, v->v);
  else if (fn == "sin")
    out.v = math::SinOp::create(b, l, v->v);
  else if (fn == "cos")
    out.v = math::CosOp::create(b, l, v->v);
  else if (fn == "exp")
    out.v = math::ExpOp::create(b, l, v->v);
  else if (fn == "log")
    out.v = math::LogOp::create(b, l, v->v);
  else
    out.v = math::AbsFOp::create(b, l, v->v);
  return out;
}

/// Reductions are unrolled into scalar additions of the elements, so the
/// gradient sees plain scalar arithmetic.
constexpr int64_t kMaxReduction = 1 << 16;

Result Gen::reduction(const ast::Expr &e, StringRef fn) {
  size_t arity = fn == "dot" ? 2 : 1;
  if (e.args.size() != arity || llvm::any_of(e.args, [](const ast::Arg &a) {
        return !a.name.empty();
      })) {
    error(e.loc) << "'" << fn << "' takes " << (arity == 2 ? "two arguments" : "one argument");
    return std::nullopt;
  }
  std::vector<Val> vals;
  for (const ast::Arg &a : e.args) {
    Result v = expr(*a.value);
    if (!v)
      return std::nullopt;
    if (v->kind != Val::Tensor) {
      error(a.value->loc) << "'" << fn << "' takes a vector, got " << v->describe();
      return std::nullopt;
    }
    vals.push_back(*v);
  }
  Location l = loc(e.loc);
  Value t = vals[0].v;
  if (fn == "dot") {
    if (vals[0].shape != vals[1].shape) {
      error(e.loc) << "'dot' of vectors of different shapes: " << vals[0].describe()
                   << " and " << vals[1].describe();
      return std::nullopt;
    }
    t = arith::MulFOp::create(b, l, vals[0].v, vals[1].v);
  }
  const std::vector<int64_t> &shape = vals[0].shape;
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  if (n > kMaxReduction) {
    error(e.loc) << "'" << fn << "' of " << n << " values: at most " << kMaxReduction
                 << " can be reduced";
    return std::nullopt;
  }
  Value acc;
  std::vector<int64_t> idx(shape.size(), 0);
  for (int64_t k = 0; k < n; ++k) {
    SmallVector<Value> ix;
    for (int64_t i : idx)
      ix.push_back(indexConst(i));
    Value x = tensor::ExtractOp::create(b, l, t, ix);
    acc = acc ? Value(arith::AddFOp::create(b, l, acc, x)) : x;
    for (int d = int(shape.size()) - 1; d >= 0 && ++idx[d] == shape[d]; --d)
      idx[d] = 0;
  }
  if (fn == "mean")
    acc = arith::MulFOp::create(b, l, acc, f64(1.0 / double(n)));
  Val out;
  out.kind = Val::Scalar;
  out.v = acc;
  return out;
}

Result Gen::call(const ast::Expr &e) {
  StringRef fn = e.name;
  if (fn == "sqrt" || fn == "sin" || fn == "cos" || fn == "exp" ||
      fn == "log" || fn == "abs")
    return mathFn(e, fn);
  if (fn == "sum" || fn == "mean" || fn == "dot")
    return reduction(e, fn);
  if (fn == "mask")
    return mask(e);
  if (fn == "fidelity" || fn == "expval" || fn == "prob" ||
      fn == "probabilities")
    return observable(e, fn);
  if (fn == "amplitude" || fn == "patches" || fn == "pixels" ||
      fn == "fixed" || fn == "uniform" || fn == "normal" || fn == "X" || fn == "Y" ||
      fn == "Z" || fn == "I") {
    const bool pauli = fn.size() == 1;
    error(e.loc) << "'" << fn << "' may only appear inside "
                 << (fn == "amplitude" ? "fidelity(...)"
                     : pauli           ? "expval(...)"
                     : (fn == "uniform" || fn == "normal") ? "a param initialiser"
                                                           : "mask(...)");
    return std::nullopt;
  }
  static const std::vector<std::string> kFunctions = {
      "sqrt", "sin",      "cos",      "exp",  "log",           "abs", "sum", "mean", "dot",
      "mask", "fidelity", "expval",   "prob", "probabilities"};
  error(e.loc) << "unknown function '" << fn << "'" << didYouMean(fn, kFunctions);
  return std::nullopt;
}
