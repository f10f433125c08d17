//===- MLIRGen.cpp - declarations and statements -> masq dialect ----------===//
//
// Loops are unrolled and ansatz calls inlined here, so every pass sees
// individual gates; constants, loop bounds and qubit indices are evaluated as
// they are met, which is where their errors are reported.
//
//===----------------------------------------------------------------------===//
#include "Gen.h"


#include "mlir/IR/Verifier.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <cerrno>
#include <cstdlib>
#include <functional>

using namespace mlir;
using namespace masq;
using namespace masq::gen;

Gen::Gen(MLIRContext &ctx, const ast::Program &program,
         const GenOptions &options)
    : ctx(ctx), program(program), opts(options), b(&ctx) {}

Location Gen::loc(ast::Loc l) {
  Location base = FileLineColLoc::get(&ctx, opts.filename, l.line, l.col);
  for (auto it = callStack.rbegin(); it != callStack.rend(); ++it)
    base = CallSiteLoc::get(base, *it);
  return base;
}

InFlightDiagnostic Gen::error(ast::Loc l) {
  return mlir::emitError(FileLineColLoc::get(&ctx, opts.filename, l.line, l.col));
}

//===----------------------------------------------------------------------===//
// Hypers and --set
//===----------------------------------------------------------------------===//

bool Gen::hyper(const std::string &name, ast::Loc l, const ast::Expr &value) {
  Result v = number(value, "a hyper");
  if (!v)
    return false;
  auto over = opts.overrides.find(name);
  if (over != opts.overrides.end()) {
    const std::string &text = over->second;
    errno = 0;
    char *end = nullptr;
    if (v->kind == Val::Int) {
      long long x = std::strtoll(text.c_str(), &end, 10);
      if (text.empty() || *end || errno) {
        mlir::emitError(UnknownLoc::get(&ctx))
            << "--set " << name << "=" << text << ": hyper '" << name
            << "' is an integer";
        return false;
      }
      v = Val::ofInt(x);
    } else {
      double x = std::strtod(text.c_str(), &end);
      if (text.empty() || *end || errno || !std::isfinite(x)) {
        mlir::emitError(UnknownLoc::get(&ctx))
            << "--set " << name << "=" << text << ": hyper '" << name
            << "' is a real number";
        return false;
      }
      v = Val::ofReal(x);
    }
  }
  return declare(name, {Symbol::Hyper, *v, l});
}

/// Every --set must name a hyper of the file (top level or in a model).
bool Gen::checkOverrides() {
  for (auto &[name, value] : opts.overrides) {
    bool found = llvm::any_of(program.hypers,
                              [&](const ast::Hyper &h) { return h.name == name; });
    std::function<bool(const ast::Block &)> inBlock = [&](const ast::Block &blk) {
      for (auto &s : blk)
        if ((s->kind == ast::Stmt::Hyper && s->name == name) ||
            (s->kind == ast::Stmt::For && inBlock(s->body)))
          return true;
      return false;
    };
    for (auto &m : program.models)
      found = found || inBlock(m.body);
    if (!found) {
      mlir::emitError(UnknownLoc::get(&ctx))
          << "--set " << name << "=" << value << ": no hyper named '" << name
          << "' in " << opts.filename;
      return false;
    }
  }
  return true;
}

/// Ansatz blocks may call each other but not recursively: inlining would
/// not terminate.
bool Gen::checkRecursion() {
  enum { White, Grey, Black };
  llvm::StringMap<int> colour;
  std::vector<std::string> path;
  std::function<bool(const ast::Ansatz &)> visit;
  std::function<bool(const ast::Block &)> walk = [&](const ast::Block &blk) {
    for (auto &s : blk) {
      if (s->kind == ast::Stmt::For && !walk(s->body))
        return false;
      if (s->kind != ast::Stmt::Call)
        continue;
      auto it = ansatze.find(s->name);
      if (it == ansatze.end())
        continue; // reported when generated
      int c = colour.lookup(s->name);
      if (c == Grey) {
        std::string cycle;
        for (auto &p : path)
          cycle += p + " -> ";
        error(s->loc) << "recursive call of ansatz '" << s->name << "' ("
                      << cycle << s->name << ")";
        return false;
      }
      if (c == White && !visit(*it->second))
        return false;
    }
    return true;
  };
  visit = [&](const ast::Ansatz &a) {
    colour[a.name] = Grey;
    path.push_back(a.name);
    bool ok = walk(a.body);
    path.pop_back();
    colour[a.name] = Black;
    return ok;
  };
  for (auto &a : program.ansatze)
    if (colour.lookup(a.name) == White && !visit(a))
      return false;
  return true;
}

//===----------------------------------------------------------------------===//
// The module
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Gen::run() {
  module = ModuleOp::create(FileLineColLoc::get(&ctx, opts.filename, 1, 1));
  OwningOpRef<ModuleOp> owned(module);
  scopes.emplace_back();
  bool ok = checkOverrides();
  for (auto &a : program.ansatze) {
    if (!ok)
      break;
    if (ansatze.count(a.name)) {
      error(a.loc) << "duplicate declaration of '" << a.name << "'";
      ok = false;
    }
    ansatze[a.name] = &a;
  }
  ok = ok && checkRecursion();
  for (auto &h : program.hypers)
    ok = ok && hyper(h.name, h.loc, *h.value);
  if (ok && program.models.empty()) {
    mlir::emitError(FileLineColLoc::get(&ctx, opts.filename, 1, 1))
        << "no model in " << opts.filename;
    ok = false;
  }
  // One model per file: the compiled code, the trainer and the cache key
  // all stand for one model (put shared ansatze in the file, one model each).
  if (ok && program.models.size() > 1) {
    auto diag = error(program.models[1].loc)
                << "a file holds one model; '" << program.models[1].name
                << "' is a second one";
    diag.attachNote(loc(program.models[0].loc))
        << "the first model '" << program.models[0].name << "' is here";
    ok = false;
  }
  llvm::StringMap<ast::Loc> models;
  for (auto &m : program.models) {
    if (!ok)
      break;
    if (models.count(m.name) || ansatze.count(m.name)) {
      error(m.loc) << "duplicate declaration of '" << m.name << "'";
      ok = false;
      break;
    }
    models[m.name] = m.loc;
    ok = model(m);
  }
  if (ok && failed(mlir::verify(module)))
    ok = false;
  if (!ok)
    return nullptr;
  return owned;
}

BlockArgument Gen::addArgument(Type type, ast::Loc l, NamedAttrList attrs) {
  Block &entry = func.getBody().front();
  argAttrs.push_back(attrs);
  return entry.addArgument(type, loc(l));
}

bool Gen::model(const ast::Model &m) {
  b.setInsertionPointToEnd(module.getBody());
  func = func::FuncOp::create(b, loc(m.loc), m.name, b.getFunctionType({}, {}));
  func->setAttr(attr::kModel, b.getUnitAttr());
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  argAttrs.clear();
  current.clear();
  fresh.clear();
  labels.clear();
  numQubits = 0;
  gateCount = 0;
  iterationBudget = opts.limits.maxIterations;
  maskCount = 0;
  indexCache.clear();
  sawLoss = sawOutput = false;
  scopes.emplace_back();
  bool ok = block(m.body);
  // The hypers this model was compiled with, for the trainer and the reader.
  NamedAttrList hypers;
  for (auto &scope : scopes)
    for (auto &entry : scope)
      if (entry.second.kind == Symbol::Hyper)
        hypers.set(entry.first(), entry.second.val.kind == Val::Int
                                      ? Attribute(b.getI64IntegerAttr(entry.second.val.i))
                                      : Attribute(b.getF64FloatAttr(entry.second.val.r)));
  scopes.pop_back();
  if (!ok)
    return false;
  if (!sawLoss && !sawOutput) {
    error(m.loc) << "model '" << m.name
                 << "' has no 'loss' (and no 'output' to report)";
    return false;
  }
  func::ReturnOp::create(b, loc(m.loc));
  func.setFunctionType(b.getFunctionType(entry->getArgumentTypes(), {}));
  for (unsigned i = 0; i < argAttrs.size(); ++i)
    func.setArgAttrs(i, argAttrs[i]);
  func->setAttr(attr::kHypers, hypers.getDictionary(&ctx));
  return true;
}

bool Gen::block(const ast::Block &blk) {
  for (auto &s : blk)
    if (!stmt(*s))
      return false;
  return true;
}

bool Gen::stmt(const ast::Stmt &s) {
  using K = ast::Stmt;
  bool unitary = s.kind == K::For || s.kind == K::Call || s.kind == K::Gate ||
                 s.kind == K::Entangle;
  if (inAnsatz && !unitary) {
    error(s.loc) << "only gates, loops and ansatz calls may appear in an "
                    "ansatz block";
    return false;
  }
  switch (s.kind) {
  case K::Qubits:
    return qubitsDecl(s);
  case K::Input:
    return dataDecl(s, false);
  case K::Param:
    return dataDecl(s, true);
  case K::Hyper:
    return hyper(s.name, s.nameLoc, *s.value);
  case K::For:
    return forStmt(s);
  case K::Call:
    return callStmt(s);
  case K::Entangle:
    return entangle(s);
  case K::Encode:
    return encode(s);
  case K::Reset:
    return reset(s);
  case K::Measure:
    return measure(s);
  case K::Let: {
    Result v = expr(*s.value);
    return v && declare(s.name, {Symbol::Let, *v, s.nameLoc});
  }
  case K::Output:
    return output(s);
  case K::Loss:
    return loss(s);
  case K::Gate:
    return gateStmt(s);
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

bool Gen::qubitsDecl(const ast::Stmt &s) {
  Result n = constInt(*s.value, "a register size");
  if (!n)
    return false;
  if (n->i < 1) {
    error(s.value->loc) << "a register needs at least one qubit";
    return false;
  }
  if (numQubits + n->i > opts.limits.maxQubits) {
    error(s.value->loc) << "the model would have " << numQubits + n->i
                        << " qubits; masq simulates at most "
                        << opts.limits.maxQubits;
    return false;
  }
  Val reg;
  reg.kind = Val::Qubits;
  for (int64_t k = 0; k < n->i; ++k) {
    reg.qubits.push_back(numQubits);
    current.push_back(AllocOp::create(b, loc(s.loc), numQubits));
    fresh.push_back(true);
    labels.push_back(s.name + "[" + std::to_string(k) + "]");
    ++numQubits;
  }
  return declare(s.name, {Symbol::Reg, reg, s.nameLoc});
}

std::optional<std::vector<int64_t>> Gen::shapeOf(const ast::Type &t) {
  std::vector<int64_t> shape;
  int64_t total = 1;
  for (auto &d : t.dims) {
    Result n = constInt(*d, "a dimension");
    if (!n)
      return std::nullopt;
    if (n->i < 1 || n->i > (int64_t(1) << 30) / total) {
      error(d->loc) << "dimension " << n->i
                    << " must be positive and the array at most 2^30 values";
      return std::nullopt;
    }
    total *= n->i;
    shape.push_back(n->i);
  }
  return shape;
}

bool Gen::dataDecl(const ast::Stmt &s, bool isParam) {
  auto shape = shapeOf(s.type);
  if (!shape)
    return false;
  NamedAttrList attrs;
  attrs.set(isParam ? attr::kParam : attr::kInput, b.getStringAttr(s.name));
  if (isParam) {
    NamedAttrList init;
    if (s.init == "~") {
      const ast::Expr &e = *s.value;
      if (e.kind != ast::Expr::Call ||
          (e.name != "uniform" && e.name != "normal") || e.args.size() != 2 ||
          !e.args[0].name.empty() || !e.args[1].name.empty()) {
        error(e.loc) << "a random initialiser is uniform(low, high) or "
                        "normal(mean, stddev)";
        return false;
      }
      Result lo = number(*e.args[0].value, "an initialiser bound");
      Result hi = number(*e.args[1].value, "an initialiser bound");
      if (!lo || !hi)
        return false;
      init.set("kind", b.getStringAttr(e.name));
      init.set("a", b.getF64FloatAttr(lo->num()));
      init.set("b", b.getF64FloatAttr(hi->num()));
    } else {
      double value = 0;
      if (s.value) {
        Result v = number(*s.value, "a constant initialiser");
        if (!v)
          return false;
        value = v->num();
      }
      init.set("kind", b.getStringAttr("constant"));
      init.set("a", b.getF64FloatAttr(value));
    }
    attrs.set(attr::kInit, init.getDictionary(&ctx));
  }
  Val v;
  Type type;
  if (shape->empty()) {
    v.kind = Val::Scalar;
    type = b.getF64Type();
  } else {
    v.kind = Val::Tensor;
    v.shape = *shape;
    type = RankedTensorType::get(*shape, b.getF64Type());
  }
  v.v = addArgument(type, s.nameLoc, attrs);
  return declare(s.name, {isParam ? Symbol::Param : Symbol::Input, v, s.nameLoc});
}

//===----------------------------------------------------------------------===//
// Control: loops and ansatz calls
//===----------------------------------------------------------------------===//

bool Gen::forStmt(const ast::Stmt &s) {
  Result lo = constInt(*s.lo, "a loop bound");
  Result hi = constInt(*s.hi, "a loop bound");
  if (!lo || !hi)
    return false;
  int64_t trips = hi->i > lo->i ? hi->i - lo->i : 0;
  if (trips > iterationBudget) {
    error(s.loc) << "loops unroll to more than " << opts.limits.maxIterations
                 << " iterations";
    return false;
  }
  iterationBudget -= trips;
  for (int64_t i = lo->i; i < hi->i; ++i) {
    scopes.emplace_back();
    bool ok = declare(s.name, {Symbol::Loop, Val::ofInt(i), s.nameLoc}) &&
              block(s.body);
    scopes.pop_back();
    if (!ok)
      return false;
  }
  return true;
}

bool Gen::callStmt(const ast::Stmt &s) {
  auto it = ansatze.find(s.name);
  if (it == ansatze.end()) {
    error(s.nameLoc) << "unknown ansatz '" << s.name << "'";
    return false;
  }
  const ast::Ansatz &a = *it->second;
  if (s.args.size() != a.formals.size()) {
    error(s.loc) << "ansatz '" << a.name << "' takes " << a.formals.size()
                 << " argument(s), got " << s.args.size();
    return false;
  }
  if ((int)callStack.size() >= opts.limits.maxCallDepth) {
    error(s.loc) << "ansatz calls nest deeper than " << opts.limits.maxCallDepth;
    return false;
  }
  // Arguments are evaluated in the caller's scope.
  llvm::StringMap<Symbol> frame;
  for (size_t k = 0; k < s.args.size(); ++k) {
    const ast::Formal &f = a.formals[k];
    if (!s.args[k].name.empty() && s.args[k].name != f.name) {
      error(s.args[k].loc) << "ansatz '" << a.name << "' has no argument '"
                           << s.args[k].name << "' at position " << k + 1;
      return false;
    }
    Result v = expr(*s.args[k].value);
    auto shape = shapeOf(f.type);
    if (!v || !shape)
      return false;
    bool fits = shape->empty() ? (v->kind == Val::Scalar || v->isConst())
                               : (v->kind == Val::Tensor && v->shape == *shape);
    if (!fits) {
      auto diag = error(s.args[k].loc) << "argument '" << f.name << "' of '"
                                       << a.name << "' must be ";
      if (shape->empty())
        diag << "a real number";
      else {
        diag << "real[";
        llvm::interleave(*shape, diag, ", ");
        diag << "]";
      }
      diag << ", got " << v->describe();
      return false;
    }
    frame[f.name] = {Symbol::Formal, *v, f.loc};
  }
  auto target = qubits(*s.value);
  if (!target)
    return false;
  Result size = constInt(*a.regSize, "a register size");
  if (!size)
    return false;
  if ((int64_t)target->size() != size->i) {
    error(s.value->loc) << "ansatz '" << a.name << "' acts on " << size->i
                        << " qubits, given " << target->size();
    return false;
  }
  Val reg;
  reg.kind = Val::Qubits;
  reg.qubits = *target;
  frame[a.reg] = {Symbol::Reg, reg, a.regLoc};

  // The body sees the file's hypers, its formals and its register only.
  std::vector<llvm::StringMap<Symbol>> saved(scopes.begin() + 1, scopes.end());
  scopes.resize(1);
  scopes.push_back(std::move(frame));
  callStack.push_back(FileLineColLoc::get(&ctx, opts.filename, s.loc.line, s.loc.col));
  ++inAnsatz;
  if (s.adjoint)
    adjointBuffers.emplace_back();
  bool ok = block(a.body);
  --inAnsatz;
  callStack.pop_back();
  scopes.resize(1);
  scopes.insert(scopes.end(), saved.begin(), saved.end());
  if (!s.adjoint || !ok)
    return ok;
  // The inverse: gates reversed, each replaced by its adjoint.
  std::vector<Recorded> recorded = std::move(adjointBuffers.back());
  adjointBuffers.pop_back();
  for (auto r = recorded.rbegin(); r != recorded.rend(); ++r) {
    const gates::Info &info = gates::info(r->kind);
    std::vector<Value> angles(info.numParams);
    b.setInsertionPointToEnd(b.getInsertionBlock());
    for (int k = 0; k < info.numParams; ++k) {
      Value src = r->angles[gates::adjointAngleSource(r->kind, k)];
      angles[k] = arith::NegFOp::create(b, r->loc, src);
    }
    // Counted against the gate limit when it was recorded.
    placeGate(info.adjoint, std::move(angles), r->qubits, r->loc);
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Gates
//===----------------------------------------------------------------------===//

bool Gen::emitGate(gates::Kind kind, std::vector<Value> angles,
                   const std::vector<int> &qs, Location l, ast::Loc where) {
  // Every gate counts when it is first met, also inside an adjoint call
  // (where it is only recorded), so inlining stops at the first gate past
  // the limit. Inside an ansatz the error points at the model's call that
  // unrolls too far, with a note at the gate.
  if (++gateCount > opts.limits.maxGates) {
    Location gate = FileLineColLoc::get(&ctx, opts.filename, where.line, where.col);
    InFlightDiagnostic diag = mlir::emitError(callStack.empty() ? gate : callStack.front())
                              << "the model unrolls to more than " << opts.limits.maxGates
                              << " gates";
    if (!callStack.empty())
      diag.attachNote(gate) << "gate " << gateCount << " is here, " << callStack.size()
                            << (callStack.size() == 1 ? " call" : " calls") << " deep";
    return false;
  }
  placeGate(kind, std::move(angles), qs, l);
  return true;
}

void Gen::placeGate(gates::Kind kind, std::vector<Value> angles, const std::vector<int> &qs,
                    Location l) {
  if (!adjointBuffers.empty()) {
    adjointBuffers.back().push_back({kind, std::move(angles), qs, l});
    return;
  }
  std::vector<Value> ins;
  for (int q : qs)
    ins.push_back(current[q]);
  GateOp op = createGate(b, l, kind, angles, ins);
  for (size_t k = 0; k < qs.size(); ++k) {
    current[qs[k]] = op->getResult(k);
    fresh[qs[k]] = false;
  }
}


bool Gen::gateStmt(const ast::Stmt &s) {
  if (channels::Kind ck; channels::lookup(s.name, ck))
    return channelStmt(s, ck);
  gates::Kind kind;
  if (!gates::lookup(s.name, kind)) {
    if (ansatze.count(s.name))
      error(s.nameLoc) << "'" << s.name
                       << "' is an ansatz: call it with 'on', as in '"
                       << s.name << "(...) on q;'";
    else {
      std::vector<std::string> known;
      for (int k = 0; k < gates::kNumKinds; ++k)
        known.push_back(gates::info(gates::Kind(k)).name);
      for (const channels::Info &c : channels::kInfo)
        known.push_back(c.name);
      for (const auto &a : ansatze)
        known.push_back(a.getKey().str());
      error(s.nameLoc) << "unknown gate '" << s.name << "'" << didYouMean(s.name, known);
    }
    return false;
  }
  const gates::Info &info = gates::info(kind);
  if (s.angles.size() != info.numParams) {
    error(s.nameLoc) << "gate '" << s.name << "' takes " << int(info.numParams)
                     << " angle(s), got " << s.angles.size();
    return false;
  }
  std::vector<std::vector<int>> operands;
  size_t width = 1;
  if (!targetQubits(s, operands, width))
    return false;
  if (operands.size() != info.numQubits) {
    error(s.nameLoc) << "gate '" << s.name << "' takes " << int(info.numQubits)
                     << " qubit(s), got " << operands.size();
    return false;
  }
  // A register operand applies the gate to each of its qubits (as in
  // OpenQASM); registers of one gate must then have one size.
  for (size_t k = 0; k < operands.size(); ++k)
    if (operands[k].size() != 1 && operands[k].size() != width) {
      error(s.targets[k]->loc) << "register operands of one gate must have "
                                  "the same size";
      return false;
    }
  std::vector<Value> angles;
  for (auto &a : s.angles) {
    auto v = scalar(*a, "an angle");
    if (!v)
      return false;
    angles.push_back(*v);
  }
  for (size_t w = 0; w < width; ++w) {
    std::vector<int> qs;
    for (size_t k = 0; k < operands.size(); ++k) {
      int q = operands[k].size() == 1 ? operands[k][0] : operands[k][w];
      if (llvm::is_contained(qs, q)) {
        error(s.targets[k]->loc) << "qubit " << labels[q]
                                 << " is used twice in one gate";
        return false;
      }
      qs.push_back(q);
    }
    if (!emitGate(kind, angles, qs, loc(s.loc), s.loc))
      return false;
  }
  return true;
}

bool Gen::entangle(const ast::Stmt &s) {
  gates::Kind kind;
  if (!gates::lookup(s.name, kind) || gates::info(kind).numQubits != 2 ||
      gates::info(kind).numParams != 0) {
    error(s.nameLoc) << "'" << s.init
                     << "' takes a two-qubit gate without angles (cx, cy, cz, "
                        "swap), got '"
                     << s.name << "'";
    return false;
  }
  auto reg = qubits(*s.value);
  if (!reg)
    return false;
  int n = reg->size();
  if (n < 2) {
    error(s.value->loc) << "'" << s.init << "' needs at least two qubits";
    return false;
  }
  std::vector<std::pair<int, int>> pairs;
  if (s.init == "ring" || s.init == "ladder")
    for (int i = 0; i + 1 < n || (s.init == "ring" && i < n && n > 2); ++i)
      pairs.push_back({(*reg)[i], (*reg)[(i + 1) % n]});
  else
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j)
        pairs.push_back({(*reg)[i], (*reg)[j]});
  for (auto [c, t] : pairs)
    if (!emitGate(kind, {}, {c, t}, loc(s.loc), s.loc))
      return false;
  return true;
}

OwningOpRef<ModuleOp> masq::mlirGen(MLIRContext &context,
                                    const ast::Program &program,
                                    const GenOptions &options) {
  context.loadDialect<MasqDialect, func::FuncDialect, arith::ArithDialect,
                      math::MathDialect, tensor::TensorDialect>();
  Gen gen(context, program, options);
  return gen.run();
}
