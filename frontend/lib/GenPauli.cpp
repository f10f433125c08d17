//===- GenPauli.cpp - expval of Pauli strings and Hamiltonians ------------===//
//
// expval(H) for H a Pauli string over X, Y, Z (and I) or a weighted sum of
// them, the coefficients any real expressions:
//   expval(Z(q[0]))                       one qubit
//   expval(X(q[0]) * Y(q[2]))             a product on distinct qubits
//   expval(0.5 * Z(q[0]) * Z(q[1]) + g * X(q[2]) - 1)
//   expval(X, q)                          <X> of each qubit of q, a vector
// H is expanded into terms c_k P_k (equal strings merged), and
// <H> = sum_k c_k <P_k> with one masq.expval per string: a linear function
// of the observables, so gradients, shots and noise follow from theirs.
// Products of two Paulis on one qubit are refused (X Z = -iY is not an
// observable term with a real coefficient).
//
//===----------------------------------------------------------------------===//
#include "Gen.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <map>

using namespace mlir;

namespace masq {
namespace gen {
namespace {

constexpr size_t kMaxTerms = 4096;

bool isPauliName(const std::string &n) { return n == "X" || n == "Y" || n == "Z" || n == "I"; }

/// Whether the expression has a Pauli factor anywhere.
bool hasPauli(const ast::Expr &e) {
  if (e.kind == ast::Expr::Call && isPauliName(e.name))
    return true;
  if (e.kind == ast::Expr::Binary || e.kind == ast::Expr::Neg)
    for (const auto &o : e.operands)
      if (hasPauli(*o))
        return true;
  return false;
}

} // namespace

Val Gen::scale(const Val &a, const Val &c, Location l) {
  if (a.isConst() && c.isConst())
    return Val::ofReal(a.num() * c.num());
  if (a.isConst() && a.num() == 1.0)
    return c;
  if (c.isConst() && c.num() == 1.0)
    return a;
  Val out;
  out.kind = Val::Scalar;
  out.v = arith::MulFOp::create(b, l, materialise(a), materialise(c));
  return out;
}

std::optional<std::vector<PauliTerm>> Gen::pauliSum(const ast::Expr &e) {
  Location l = loc(e.loc);
  using Terms = std::vector<PauliTerm>;
  if (!hasPauli(e)) { // a coefficient, or a multiple of the identity
    Result v = expr(e);
    if (!v)
      return std::nullopt;
    if (v->kind != Val::Scalar && !v->isConst()) {
      error(e.loc) << "a Hamiltonian's coefficient must be a real number, got "
                   << v->describe();
      return std::nullopt;
    }
    PauliTerm t;
    t.coef = *v;
    return Terms{t};
  }
  if (e.kind == ast::Expr::Call) {
    if (e.args.size() != 1 || !e.args[0].name.empty()) {
      error(e.loc) << e.name << " takes one qubit or register, as " << e.name << "(q[0])";
      return std::nullopt;
    }
    auto qs = qubits(*e.args[0].value);
    if (!qs)
      return std::nullopt;
    PauliTerm t;
    for (int q : *qs) {
      if (llvm::is_contained(t.qubits, q)) {
        error(e.loc) << labels[q] << " appears twice in " << e.name << "(...)";
        return std::nullopt;
      }
      t.qubits.push_back(q);
    }
    if (e.name == "I")
      t.qubits.clear();
    t.paulis.assign(t.qubits.size(), e.name[0]);
    return Terms{t};
  }
  if (e.kind == ast::Expr::Neg) {
    auto in = pauliSum(*e.operands[0]);
    if (!in)
      return std::nullopt;
    for (PauliTerm &t : *in)
      t.coef = scale(t.coef, Val::ofReal(-1.0), l);
    return in;
  }
  if (e.kind == ast::Expr::Binary && (e.op == '+' || e.op == '-')) {
    auto lhs = pauliSum(*e.operands[0]);
    auto rhs = lhs ? pauliSum(*e.operands[1]) : std::nullopt;
    if (!rhs)
      return std::nullopt;
    for (PauliTerm &t : *rhs) {
      if (e.op == '-')
        t.coef = scale(t.coef, Val::ofReal(-1.0), l);
      lhs->push_back(std::move(t));
    }
    return lhs;
  }
  if (e.kind == ast::Expr::Binary && e.op == '/' && !hasPauli(*e.operands[1])) {
    auto lhs = pauliSum(*e.operands[0]);
    auto d = lhs ? scalar(*e.operands[1], "a Hamiltonian's divisor") : std::nullopt;
    if (!d)
      return std::nullopt;
    Val inv;
    inv.kind = Val::Scalar;
    inv.v = arith::DivFOp::create(b, l, f64(1.0), *d);
    for (PauliTerm &t : *lhs)
      t.coef = scale(t.coef, inv, l);
    return lhs;
  }
  if (e.kind == ast::Expr::Binary && e.op == '*') {
    auto lhs = pauliSum(*e.operands[0]);
    auto rhs = lhs ? pauliSum(*e.operands[1]) : std::nullopt;
    if (!rhs)
      return std::nullopt;
    if (lhs->size() * rhs->size() > kMaxTerms) {
      error(e.loc) << "this product expands to more than " << kMaxTerms << " Pauli terms";
      return std::nullopt;
    }
    Terms out;
    for (const PauliTerm &a : *lhs)
      for (const PauliTerm &c : *rhs) {
        PauliTerm t = a;
        for (auto [q, p] : llvm::zip(c.qubits, c.paulis)) {
          if (llvm::is_contained(t.qubits, q)) {
            error(e.loc) << labels[q]
                         << " appears twice in one Pauli product (a product of two "
                            "Paulis on one qubit is not a Hermitian term; write the "
                            "single Pauli it equals)";
            return std::nullopt;
          }
          t.qubits.push_back(q);
          t.paulis.push_back(p);
        }
        t.coef = scale(a.coef, c.coef, l);
        out.push_back(std::move(t));
      }
    return out;
  }
  error(e.loc) << "expval takes a Pauli string (X(q[0]) * Z(q[1]), Z(q) for a "
                  "register) or a weighted sum of them (0.5 * Z(q[0]) + 0.2 * X(q[1])); "
                  "'"
               << (e.kind == ast::Expr::Call ? e.name : std::string(1, e.op))
               << "' is not part of one";
  return std::nullopt;
}

Result Gen::expval(const ast::Expr &e) {
  Location l = loc(e.loc);
  Val out;
  out.kind = Val::Scalar;
  // expval(Z, q): <Z> (or <X>, <Y>) of each qubit, a vector for a register.
  if (e.args.size() == 2 && e.args[0].value->kind == ast::Expr::Name &&
      (e.args[0].value->name == "Z" || e.args[0].value->name == "X" ||
       e.args[0].value->name == "Y")) {
    auto q = qubits(*e.args[1].value);
    if (!q)
      return std::nullopt;
    std::string p = e.args[0].value->name;
    SmallVector<Value> each;
    for (int x : *q)
      each.push_back(ExpvalOp::create(b, l, ValueRange{current[x]},
                                      p == "Z" ? StringAttr() : b.getStringAttr(p)));
    if (q->size() == 1) {
      out.v = each[0];
      return out;
    }
    out.kind = Val::Tensor;
    out.shape = {(int64_t)q->size()};
    out.v = tensor::FromElementsOp::create(
        b, l, RankedTensorType::get({(int64_t)q->size()}, b.getF64Type()), each);
    return out;
  }
  if (e.args.size() != 1 || !e.args[0].name.empty()) {
    error(e.loc) << "expval takes (Z, register) for a vector of <Z>, or one Pauli "
                    "string or weighted sum of them, as expval(0.5 * Z(q[0]) * Z(q[1]) + "
                    "0.2 * X(q[2]))";
    return std::nullopt;
  }
  if (!hasPauli(*e.args[0].value)) {
    error(e.args[0].loc) << "expval needs a Pauli operator: X(q), Y(q), Z(q) or a "
                            "product or weighted sum of them";
    return std::nullopt;
  }
  auto terms = pauliSum(*e.args[0].value);
  if (!terms)
    return std::nullopt;
  // Merge equal strings (qubits sorted), keeping the first one's position.
  std::vector<PauliTerm> merged;
  std::map<std::pair<std::vector<int>, std::string>, size_t> at;
  for (PauliTerm &t : *terms) {
    std::vector<size_t> order(t.qubits.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    llvm::sort(order, [&](size_t a, size_t c) { return t.qubits[a] < t.qubits[c]; });
    PauliTerm s;
    s.coef = t.coef;
    for (size_t i : order) {
      s.qubits.push_back(t.qubits[i]);
      s.paulis.push_back(t.paulis[i]);
    }
    auto [it, fresh] = at.try_emplace({s.qubits, s.paulis}, merged.size());
    if (fresh) {
      merged.push_back(std::move(s));
      continue;
    }
    Val &c = merged[it->second].coef;
    if (c.isConst() && s.coef.isConst()) {
      c = Val::ofReal(c.num() + s.coef.num());
    } else {
      Val sum;
      sum.kind = Val::Scalar;
      sum.v = arith::AddFOp::create(b, l, materialise(c), materialise(s.coef));
      c = sum;
    }
  }
  Value acc;
  for (const PauliTerm &t : merged) {
    if (t.coef.isConst() && t.coef.num() == 0.0)
      continue;
    Value term;
    if (t.qubits.empty()) {
      term = materialise(t.coef);
    } else {
      bool allZ = t.paulis.find_first_not_of('Z') == std::string::npos;
      Value ev = ExpvalOp::create(b, l, currentQubits(t.qubits),
                                  allZ ? StringAttr() : b.getStringAttr(t.paulis));
      term = t.coef.isConst() && t.coef.num() == 1.0
                 ? ev
                 : Value(arith::MulFOp::create(b, l, materialise(t.coef), ev));
    }
    acc = acc ? Value(arith::AddFOp::create(b, l, acc, term)) : term;
  }
  out.v = acc ? acc : f64(0.0);
  return out;
}

} // namespace gen
} // namespace masq
