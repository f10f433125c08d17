//===- Parser.cpp - ANTLR parse tree -> AST -------------------------------===//
//
// The only hand-written file built with exceptions and RTTI (ANTLR's runtime
// needs both). It includes no LLVM/MLIR header: only plain AST structs leave
// it, and the entry point catches everything.
//
//===----------------------------------------------------------------------===//
#include "masq/Frontend/AST.h"

#include "MasqLexer.h"
#include "MasqParser.h"
#include "antlr4-runtime.h"

#include <algorithm>
#include <exception>

using namespace masq::ast;
using masqgen::MasqLexer;
using masqgen::MasqParser;

namespace {

Loc locOf(antlr4::Token *t) {
  return t ? Loc{(int)t->getLine(), (int)t->getCharPositionInLine() + 1} : Loc{};
}
Loc locOf(antlr4::ParserRuleContext *ctx) { return locOf(ctx->getStart()); }
Loc locOf(antlr4::tree::TerminalNode *n) { return locOf(n->getSymbol()); }

/// The construct a parser context is part of, with how it is written.
std::string constructOf(antlr4::ParserRuleContext *ctx) {
  for (; ctx; ctx = dynamic_cast<antlr4::ParserRuleContext *>(ctx->parent)) {
    if (dynamic_cast<MasqParser::QubitsStmtContext *>(ctx))
      return "a register declaration (written `qubits q[4];`)";
    if (dynamic_cast<MasqParser::InputStmtContext *>(ctx))
      return "an input declaration (written `input x : real[16];`)";
    if (dynamic_cast<MasqParser::ParamStmtContext *>(ctx))
      return "a parameter declaration (written `param w : real[2, 4] ~ uniform(0, 6.28);` "
             "or `= 0.5`)";
    if (dynamic_cast<MasqParser::HyperStmtContext *>(ctx) ||
        dynamic_cast<MasqParser::HyperDeclContext *>(ctx))
      return "a hyper declaration (written `hyper layers = 2;`)";
    if (dynamic_cast<MasqParser::ForStmtContext *>(ctx))
      return "a loop (written `for i in 0..n { ... }`)";
    if (dynamic_cast<MasqParser::CallStmtContext *>(ctx))
      return "an ansatz call (written `layer(w[0]) on q;`)";
    if (dynamic_cast<MasqParser::EntangleStmtContext *>(ctx))
      return "an entangling pattern (written `ring cx q;`: ring, ladder or all, a "
             "two-qubit gate without angles, a register)";
    if (dynamic_cast<MasqParser::EncodeStmtContext *>(ctx))
      return "an encoding (written `encode angle(x, axis = Y) -> q;` or "
             "`encode amplitude(x) -> q;`)";
    if (dynamic_cast<MasqParser::ResetStmtContext *>(ctx))
      return "a reset (written `reset q[0], q[1];`)";
    if (dynamic_cast<MasqParser::MeasureStmtContext *>(ctx))
      return "a measurement (written `measure q -> c;`)";
    if (dynamic_cast<MasqParser::LetStmtContext *>(ctx))
      return "a let (written `let name = expression;`)";
    if (dynamic_cast<MasqParser::OutputStmtContext *>(ctx))
      return "an output (written `output name = expression;`)";
    if (dynamic_cast<MasqParser::LossStmtContext *>(ctx))
      return "the loss (written `loss = expression;`)";
    if (dynamic_cast<MasqParser::GateStmtContext *>(ctx))
      return "a gate (written `h q[0];`, `ry(w[1]) q[1];` or `cx q[0], q[1];`)";
    if (dynamic_cast<MasqParser::StmtContext *>(ctx))
      return "a statement (a declaration, a gate, a loop, an ansatz call, an encoding, "
             "reset, measure, let, output or loss)";
    if (dynamic_cast<MasqParser::TypeContext *>(ctx))
      return "a type (written `real` or `real[4, 2]`)";
    if (dynamic_cast<MasqParser::AnsatzDeclContext *>(ctx))
      return "an ansatz declaration (written `ansatz layer(w : real[4]) on q[4] { ... }`)";
    if (dynamic_cast<MasqParser::ModelDeclContext *>(ctx))
      return "a model (written `model name { ... }`)";
    if (dynamic_cast<MasqParser::ProgramContext *>(ctx) ||
        dynamic_cast<MasqParser::ItemContext *>(ctx))
      return "the file (which holds hyper, ansatz and model declarations)";
  }
  return "";
}

/// What the parser expected, in the language's words.
std::string expectedOf(antlr4::Parser *p) {
  antlr4::misc::IntervalSet set;
  try {
    set = p->getExpectedTokens();
  } catch (...) {
    return "";
  }
  const auto &vocab = p->getVocabulary();
  std::vector<std::string> names;
  bool stmt = false, expr = false;
  for (ssize_t t : set.toList()) {
    if (vocab.getDisplayName(t) == "'qubits'" || vocab.getDisplayName(t) == "'encode'")
      stmt = true;
    if (t == MasqParser::INT || t == MasqParser::FLOAT)
      expr = true;
    if (t == antlr4::Token::EOF)
      names.push_back("the end of the file");
    else if (t == MasqParser::ID)
      names.push_back("a name");
    else if (t == MasqParser::INT)
      names.push_back("an integer");
    else if (t == MasqParser::FLOAT)
      names.push_back("a number");
    else
      names.push_back(vocab.getDisplayName(t));
  }
  if (stmt)
    return "a statement or '}'";
  if (expr)
    return "an expression (a number, a name, a call, `(...)` or `[...]`)";
  // An operator could always continue the expression before: name what
  // ends it instead.
  static const std::vector<std::string> ops = {"'*'", "'/'", "'%'", "'+'", "'-'", "'=='"};
  std::vector<std::string> ends;
  for (const std::string &n : names)
    if (std::find(ops.begin(), ops.end(), n) == ops.end())
      ends.push_back(n);
  if (!ends.empty())
    names = ends;
  std::string out;
  for (size_t i = 0; i < names.size() && i < 5; ++i)
    out += (i ? (i + 1 == names.size() ? " or " : ", ") : "") + names[i];
  return out;
}

std::string tokenText(antlr4::Token *t) {
  if (!t || t->getType() == antlr4::Token::EOF)
    return "end of file";
  return "'" + t->getText() + "'";
}

/// ANTLR's message ("mismatched input 'q' expecting ';'", "missing ';' at
/// '}'", "no viable alternative at input ...") in the language's terms:
/// what was found, in which construct and how that is written, what was
/// expected.
std::string rewrite(antlr4::Recognizer *r, antlr4::Token *tok, const std::string &msg) {
  auto *p = dynamic_cast<antlr4::Parser *>(r);
  if (!p) // the lexer (ERRCHAR makes it rare)
    return "syntax error: " + msg;
  if (tok && tok->getType() == MasqParser::ERRCHAR)
    return "syntax error: unexpected character " + tokenText(tok) +
           " (not part of the language: names, numbers, operators + - * / % == .., "
           "brackets and ; , : = ~ ->)";
  std::string construct = constructOf(p->getContext());
  std::string where = construct.empty() ? "" : " in " + construct;
  std::string expected = expectedOf(p);
  // ring crx(w[0]) q;: an entangling pattern takes no angles.
  if (auto *e = dynamic_cast<MasqParser::EntangleStmtContext *>(p->getContext())) {
    if (e->ID()) {
      antlr4::Token *after = p->getTokenStream()->get(e->ID()->getSymbol()->getTokenIndex() + 1);
      if (after && after->getText() == "(")
        return "syntax error: " + e->getStart()->getText() + " takes a gate without angles, as `" +
               e->getStart()->getText() + " cx q;`; for a rotation on each pair write a loop: "
               "`for i in 0..n { crx(w[i]) q[i], q[(i + 1) % n]; }`";
    }
  }
  std::string out;
  if (msg.rfind("missing ", 0) == 0)
    out = "missing " + (expected.empty() ? msg.substr(8, msg.find(" at ") - 8) : expected) +
          " before " + tokenText(tok) + where;
  else
    out = "unexpected " + tokenText(tok) + where +
          (expected.empty() ? "" : "; expected " + expected);
  if (expected.find("';'") != std::string::npos && !construct.empty() &&
      construct.find("declaration (written `ansatz") == std::string::npos)
    out += " (every statement ends with ';')";
  return "syntax error: " + out;
}

/// Collects syntax errors instead of printing them to the console.
struct Collector : antlr4::BaseErrorListener {
  std::vector<Diagnostic> &errors;
  size_t max;
  Collector(std::vector<Diagnostic> &e, size_t m) : errors(e), max(m) {}
  void syntaxError(antlr4::Recognizer *r, antlr4::Token *tok, size_t line, size_t col,
                   const std::string &msg, std::exception_ptr) override {
    if (errors.size() < max)
      errors.push_back({{(int)line, (int)col + 1}, rewrite(r, tok, msg)});
  }
};

/// Returns false and records an error at the first byte that is not UTF-8.
bool checkUtf8(const std::string &s, std::vector<Diagnostic> &errors) {
  int line = 1, col = 1;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
             : (c >> 3) == 30 ? 4 : 0;
    bool ok = n != 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 2;
    if (ok && n == 2 && c < 0xC2)
      ok = false; // overlong
    if (!ok || c == 0) {
      char buf[64];
      snprintf(buf, sizeof buf, "invalid byte 0x%02X: source must be UTF-8 text", c);
      errors.push_back({{line, col}, buf});
      return false;
    }
    if (c == '\n')
      line++, col = 1;
    else
      col++;
    i += n;
  }
  return true;
}

class Builder {
public:
  std::vector<Diagnostic> &errors;
  explicit Builder(std::vector<Diagnostic> &e) : errors(e) {}

  Program program(MasqParser::ProgramContext *ctx) {
    Program p;
    for (auto *item : ctx->item()) {
      if (auto *h = item->hyperDecl())
        p.hypers.push_back({h->ID()->getText(), locOf(h->ID()), expr(h->expr())});
      else if (auto *a = item->ansatzDecl())
        p.ansatze.push_back(ansatz(a));
      else if (auto *m = item->modelDecl()) {
        Model model;
        model.name = m->ID()->getText();
        model.loc = locOf(m->ID());
        for (auto *s : m->stmt())
          model.body.push_back(stmt(s));
        p.models.push_back(std::move(model));
      }
    }
    return p;
  }

private:
  Ansatz ansatz(MasqParser::AnsatzDeclContext *a) {
    Ansatz out;
    auto ids = a->ID();
    out.name = ids.front()->getText();
    out.loc = locOf(ids.front());
    out.reg = ids.back()->getText();
    out.regLoc = locOf(ids.back());
    out.regSize = expr(a->expr());
    for (auto *f : a->formal())
      out.formals.push_back({f->ID()->getText(), locOf(f->ID()), type(f->type())});
    out.body = block(a->block());
    return out;
  }

  Type type(MasqParser::TypeContext *t) {
    Type out;
    out.loc = locOf(t);
    for (auto *e : t->expr())
      out.dims.push_back(expr(e));
    return out;
  }

  Block block(MasqParser::BlockContext *b) {
    Block out;
    for (auto *s : b->stmt())
      out.push_back(stmt(s));
    return out;
  }

  std::vector<Arg> args(MasqParser::ArgsContext *a) {
    std::vector<Arg> out;
    if (!a)
      return out;
    for (auto *arg : a->arg()) {
      Arg x;
      x.loc = locOf(arg);
      if (arg->ID())
        x.name = arg->ID()->getText();
      x.value = expr(arg->expr());
      out.push_back(std::move(x));
    }
    return out;
  }

  StmtPtr make(Stmt::Kind k, antlr4::ParserRuleContext *ctx) {
    auto s = std::make_unique<Stmt>();
    s->kind = k;
    s->loc = s->nameLoc = locOf(ctx);
    return s;
  }
  void named(Stmt &s, antlr4::tree::TerminalNode *id) {
    s.name = id->getText();
    s.nameLoc = locOf(id);
  }

  StmtPtr stmt(MasqParser::StmtContext *ctx) {
    using P = MasqParser;
    if (auto *c = dynamic_cast<P::QubitsStmtContext *>(ctx)) {
      auto s = make(Stmt::Qubits, c);
      named(*s, c->ID());
      s->value = expr(c->expr());
      return s;
    }
    if (auto *c = dynamic_cast<P::InputStmtContext *>(ctx)) {
      auto s = make(Stmt::Input, c);
      named(*s, c->ID());
      s->type = type(c->type());
      return s;
    }
    if (auto *c = dynamic_cast<P::ParamStmtContext *>(ctx)) {
      auto s = make(Stmt::Param, c);
      named(*s, c->ID());
      s->type = type(c->type());
      if (c->init) {
        s->init = c->init->getText();
        s->value = expr(c->expr());
      }
      return s;
    }
    if (auto *c = dynamic_cast<P::HyperStmtContext *>(ctx)) {
      auto s = make(Stmt::Hyper, c);
      named(*s, c->ID());
      s->value = expr(c->expr());
      return s;
    }
    if (auto *c = dynamic_cast<P::ForStmtContext *>(ctx)) {
      auto s = make(Stmt::For, c);
      named(*s, c->ID());
      s->lo = expr(c->expr(0));
      s->hi = expr(c->expr(1));
      s->body = block(c->block());
      return s;
    }
    if (auto *c = dynamic_cast<P::CallStmtContext *>(ctx)) {
      auto s = make(Stmt::Call, c);
      named(*s, c->ID());
      s->adjoint = c->ADJOINT() != nullptr;
      s->args = args(c->args());
      s->value = expr(c->expr());
      return s;
    }
    if (auto *c = dynamic_cast<P::EntangleStmtContext *>(ctx)) {
      auto s = make(Stmt::Entangle, c);
      named(*s, c->ID());
      s->init = c->pattern->getText();
      s->value = expr(c->expr());
      return s;
    }
    if (auto *c = dynamic_cast<P::EncodeStmtContext *>(ctx)) {
      auto s = make(Stmt::Encode, c);
      named(*s, c->ID());
      s->args = args(c->args());
      s->value = expr(c->expr());
      return s;
    }
    if (auto *c = dynamic_cast<P::ResetStmtContext *>(ctx)) {
      auto s = make(Stmt::Reset, c);
      for (auto *e : c->expr())
        s->targets.push_back(expr(e));
      return s;
    }
    if (auto *c = dynamic_cast<P::MeasureStmtContext *>(ctx)) {
      auto s = make(Stmt::Measure, c);
      s->value = expr(c->expr());
      named(*s, c->ID());
      return s;
    }
    if (auto *c = dynamic_cast<P::LetStmtContext *>(ctx)) {
      auto s = make(Stmt::Let, c);
      named(*s, c->ID());
      s->value = expr(c->expr());
      return s;
    }
    if (auto *c = dynamic_cast<P::OutputStmtContext *>(ctx)) {
      auto s = make(Stmt::Output, c);
      named(*s, c->ID());
      s->value = expr(c->expr());
      return s;
    }
    if (auto *c = dynamic_cast<P::LossStmtContext *>(ctx)) {
      auto s = make(Stmt::Loss, c);
      s->value = expr(c->expr());
      return s;
    }
    auto *c = static_cast<P::GateStmtContext *>(ctx);
    auto s = make(Stmt::Gate, c);
    named(*s, c->ID());
    for (auto *e : c->angles)
      s->angles.push_back(expr(e));
    for (auto *e : c->targets)
      s->targets.push_back(expr(e));
    return s;
  }

  ExprPtr make(Expr::Kind k, antlr4::ParserRuleContext *ctx) {
    auto e = std::make_unique<Expr>();
    e->kind = k;
    e->loc = locOf(ctx);
    return e;
  }

  ExprPtr binary(Expr::Kind k, antlr4::ParserRuleContext *ctx, char op,
                 MasqParser::ExprContext *l, MasqParser::ExprContext *r,
                 antlr4::Token *opTok) {
    auto e = make(k, ctx);
    e->loc = locOf(opTok);
    e->op = op;
    e->operands.push_back(expr(l));
    e->operands.push_back(expr(r));
    return e;
  }

  ExprPtr expr(MasqParser::ExprContext *ctx) {
    using P = MasqParser;
    if (auto *c = dynamic_cast<P::ParenExprContext *>(ctx))
      return expr(c->expr());
    if (auto *c = dynamic_cast<P::CallExprContext *>(ctx)) {
      auto e = make(Expr::Call, c);
      e->name = c->ID()->getText();
      e->args = args(c->args());
      return e;
    }
    if (auto *c = dynamic_cast<P::IndexExprContext *>(ctx)) {
      auto e = make(Expr::Index, c);
      e->name = c->ID()->getText();
      for (auto *sl : c->slice()) {
        Slice x;
        x.lo = expr(sl->expr(0));
        if (sl->expr().size() > 1)
          x.hi = expr(sl->expr(1));
        e->slices.push_back(std::move(x));
      }
      return e;
    }
    if (auto *c = dynamic_cast<P::ListExprContext *>(ctx)) {
      auto e = make(Expr::List, c);
      for (auto *x : c->expr())
        e->operands.push_back(expr(x));
      return e;
    }
    if (auto *c = dynamic_cast<P::NameExprContext *>(ctx)) {
      auto e = make(Expr::Name, c);
      e->name = c->ID()->getText();
      return e;
    }
    if (auto *c = dynamic_cast<P::IntExprContext *>(ctx)) {
      auto e = make(Expr::Int, c);
      try {
        e->ival = std::stoll(c->getText());
      } catch (const std::exception &) {
        errors.push_back({e->loc, "integer literal '" + c->getText() +
                                      "' is out of range"});
      }
      return e;
    }
    if (auto *c = dynamic_cast<P::FloatExprContext *>(ctx)) {
      auto e = make(Expr::Float, c);
      e->fval = std::strtod(c->getText().c_str(), nullptr);
      return e;
    }
    if (auto *c = dynamic_cast<P::NegExprContext *>(ctx)) {
      auto e = make(Expr::Neg, c);
      e->operands.push_back(expr(c->expr()));
      return e;
    }
    if (auto *c = dynamic_cast<P::MulExprContext *>(ctx))
      return binary(Expr::Binary, c, c->op->getText()[0], c->expr(0), c->expr(1), c->op);
    if (auto *c = dynamic_cast<P::AddExprContext *>(ctx))
      return binary(Expr::Binary, c, c->op->getText()[0], c->expr(0), c->expr(1), c->op);
    auto *c = static_cast<P::EqExprContext *>(ctx);
    return binary(Expr::Eq, c, '=', c->expr(0), c->expr(1),
                  c->expr(0)->getStop());
  }
};

/// Rejects token streams that would recurse too deeply or run too long in
/// the parser, before the parser sees them.
bool checkTokens(antlr4::CommonTokenStream &tokens, const ParseLimits &limits,
                 std::vector<Diagnostic> &errors) {
  int depth = 0;
  size_t run = 0;
  for (antlr4::Token *t : tokens.getTokens()) {
    std::string text = t->getType() == antlr4::Token::EOF ? "" : t->getText();
    if (t->getType() == MasqLexer::ERRCHAR) {
      errors.push_back({locOf(t), "unexpected character '" + text + "'"});
      return false;
    }
    if (text == "(" || text == "[" || text == "{") {
      if (++depth > limits.maxNesting) {
        errors.push_back({locOf(t), "nesting deeper than " +
                                        std::to_string(limits.maxNesting) +
                                        " levels"});
        return false;
      }
    } else if (text == ")" || text == "]" || text == "}") {
      --depth;
    }
    if (text == ";" || text == "{" || text == "}")
      run = 0;
    else if (++run > limits.maxStatementTokens) {
      errors.push_back({locOf(t), "statement longer than " +
                                      std::to_string(limits.maxStatementTokens) +
                                      " tokens"});
      return false;
    }
  }
  return true;
}

} // namespace

ParseResult masq::ast::parse(const std::string &source,
                             const ParseLimits &limits) {
  ParseResult result;
  auto &errors = result.errors;
  try {
    if (source.size() > limits.maxBytes) {
      errors.push_back({{1, 1}, "source is larger than " +
                                    std::to_string(limits.maxBytes) + " bytes"});
      return result;
    }
    if (!checkUtf8(source, errors))
      return result;
    antlr4::ANTLRInputStream input(source);
    MasqLexer lexer(&input);
    Collector collector(errors, limits.maxErrors);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&collector);
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    if (!errors.empty() || !checkTokens(tokens, limits, errors))
      return result;
    MasqParser parser(&tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(&collector);
    // SLL prediction first (fast); full LL only if SLL fails.
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    MasqParser::ProgramContext *tree = nullptr;
    try {
      tree = parser.program();
    } catch (const antlr4::ParseCancellationException &) {
      tokens.seek(0);
      parser.reset();
      parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()
          ->setPredictionMode(antlr4::atn::PredictionMode::LL);
      tree = parser.program();
    }
    if (!errors.empty())
      return result;
    Builder builder(errors);
    result.program = builder.program(tree);
  } catch (const std::exception &e) {
    errors.push_back({{1, 1}, std::string("internal parser error: ") + e.what()});
  } catch (...) {
    errors.push_back({{1, 1}, "internal parser error"});
  }
  return result;
}
