//===- GenChannels.cpp - noise channel statements ---------------------------===//
//
// `depolarize(p) q;` and the other channels of masq/Core/Channels.h: the
// statement parses as a gate statement (Gen::gateStmt hands it here) and
// becomes masq.channel ops with a constant probability.
//
//===----------------------------------------------------------------------===//
#include "Gen.h"

#include <cstdio>

using namespace mlir;
using namespace masq;
using namespace masq::gen;
/// The value of an expression made of constants and + - * / (a let, a
/// hyper, a literal), if it is one.
static std::optional<double> constantOf(Value v) {
  if (auto c = v.getDefiningOp<arith::ConstantOp>())
    if (auto f = dyn_cast<FloatAttr>(c.getValue()))
      return f.getValueAsDouble();
  Operation *op = v.getDefiningOp();
  if (!op)
    return std::nullopt;
  if (auto neg = dyn_cast<arith::NegFOp>(op)) {
    auto a = constantOf(neg.getOperand());
    return a ? std::optional<double>(-*a) : std::nullopt;
  }
  if (op->getNumOperands() != 2)
    return std::nullopt;
  auto a = constantOf(op->getOperand(0)), c = constantOf(op->getOperand(1));
  if (!a || !c)
    return std::nullopt;
  if (isa<arith::AddFOp>(op))
    return *a + *c;
  if (isa<arith::SubFOp>(op))
    return *a - *c;
  if (isa<arith::MulFOp>(op))
    return *a * *c;
  if (isa<arith::DivFOp>(op))
    return *a / *c;
  return std::nullopt;
}

/// The qubits of each target of a gate or channel statement, and the
/// widest register among them.
bool Gen::targetQubits(const ast::Stmt &s, std::vector<std::vector<int>> &operands,
                       size_t &width) {
  for (auto &t : s.targets) {
    auto q = qubits(*t);
    if (!q)
      return false;
    width = std::max(width, q->size());
    operands.push_back(*q);
  }
  return true;
}

bool Gen::channelStmt(const ast::Stmt &s, channels::Kind kind) {
  const channels::Info &info = channels::info(kind);
  if (inAnsatz || !adjointBuffers.empty()) {
    error(s.nameLoc) << "noise channel '" << s.name
                     << "' cannot appear in an ansatz: a channel has no inverse";
    return false;
  }
  if (s.angles.size() != 1) {
    error(s.nameLoc) << "noise channel '" << s.name << "' takes one probability, got "
                     << s.angles.size();
    return false;
  }
  auto pv = scalar(*s.angles[0], "a probability");
  if (!pv)
    return false;
  std::optional<double> p = constantOf(*pv);
  if (!p) {
    error(s.angles[0]->loc) << "the probability of noise channel '" << s.name
                            << "' must be a constant";
    return false;
  }
  if (!(*p >= 0.0 && *p <= 1.0)) {
    char shown[32];
    std::snprintf(shown, sizeof shown, "%g", *p);
    error(s.angles[0]->loc) << "the probability of noise channel '" << s.name << "' is "
                            << shown << ", outside [0, 1]";
    return false;
  }
  std::vector<std::vector<int>> operands;
  size_t width = 1;
  if (!targetQubits(s, operands, width))
    return false;
  // One-qubit channels act on every qubit named; two-qubit ones pair their
  // two operands like a gate's.
  std::vector<std::vector<int>> groups;
  if (info.arity == 1) {
    std::vector<int> all;
    for (size_t k = 0; k < operands.size(); ++k)
      for (int q : operands[k]) {
        if (llvm::is_contained(all, q)) {
          error(s.targets[k]->loc) << "qubit " << labels[q] << " is named twice";
          return false;
        }
        all.push_back(q);
        groups.push_back({q});
      }
  } else {
    if (operands.size() != 2) {
      error(s.nameLoc) << "noise channel '" << s.name << "' takes 2 qubits, got "
                       << operands.size();
      return false;
    }
    for (size_t w = 0; w < width; ++w) {
      std::vector<int> qs;
      for (size_t k = 0; k < 2; ++k) {
        if (operands[k].size() != 1 && operands[k].size() != width) {
          error(s.targets[k]->loc) << "register operands of one channel must have the same size";
          return false;
        }
        int q = operands[k].size() == 1 ? operands[k][0] : operands[k][w];
        if (llvm::is_contained(qs, q)) {
          error(s.targets[k]->loc) << "qubit " << labels[q] << " is used twice in one channel";
          return false;
        }
        qs.push_back(q);
      }
      groups.push_back(qs);
    }
  }
  for (const std::vector<int> &qs : groups) {
    auto op = ChannelOp::create(b, loc(s.loc), currentQubits(qs), b.getStringAttr(info.name),
                                b.getF64FloatAttr(*p));
    for (size_t k = 0; k < qs.size(); ++k) {
      current[qs[k]] = op->getResult(k);
      fresh[qs[k]] = false;
    }
  }
  return true;
}
