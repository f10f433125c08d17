//===- Names.cpp - scopes, symbol lookup and "did you mean" ---------------===//
//
// Declarations go into the innermost scope (index 0 holds the file's
// hypers); a name is looked up from the innermost outwards. An unknown gate,
// function or name gets the closest known one as a suggestion (at most two
// edits, not the whole name), and other frameworks' gate names (cnot,
// hadamard, u, ...) masq's spelling.
//
//===----------------------------------------------------------------------===//
#include "Gen.h"

using namespace mlir;
using namespace masq;
using namespace masq::gen;

bool Gen::declare(const std::string &name, Symbol sym) {
  if (name == "pi") {
    error(sym.loc) << "'pi' is a constant and cannot be redeclared";
    return false;
  }
  for (auto &scope : scopes) {
    auto it = scope.find(name);
    if (it != scope.end()) {
      auto diag = error(sym.loc);
      diag << "duplicate declaration of '" << name << "'";
      diag.attachNote(loc(it->second.loc))
          << "'" << name << "' was declared here";
      return false;
    }
  }
  scopes.back()[name] = std::move(sym);
  return true;
}

const Symbol *Gen::lookup(const std::string &name) {
  for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
    auto found = it->find(name);
    if (found != it->end())
      return &found->second;
  }
  return nullptr;
}

std::vector<std::string> Gen::namesInScope() const {
  std::vector<std::string> out;
  for (const auto &scope : scopes)
    for (const auto &e : scope)
      out.push_back(e.getKey().str());
  return out;
}

std::string Gen::didYouMean(StringRef name, ArrayRef<std::string> candidates) {
  // Names other frameworks use for a gate masq spells otherwise.
  static const std::pair<const char *, const char *> kAliases[] = {
      {"cnot", "cx"}, {"not", "x"}, {"hadamard", "h"}, {"u", "u3"}, {"sqrtx", "sx"}};
  std::string lower = name.lower();
  for (auto [from, to] : kAliases)
    if (lower == from && llvm::is_contained(candidates, to))
      return std::string("; did you mean '") + to + "'?";
  std::string best;
  unsigned bestDist = 0;
  for (const std::string &c : candidates) {
    if (c == name)
      continue;
    unsigned d = StringRef(lower).edit_distance(StringRef(c).lower());
    if (best.empty() || d < bestDist)
      best = c, bestDist = d;
  }
  // Close enough to be a slip: at most 2 edits, and not the whole name.
  if (best.empty() || bestDist > 2 || bestDist >= name.size())
    return "";
  return "; did you mean '" + best + "'?";
}
