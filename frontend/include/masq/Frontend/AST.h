//===- AST.h - the masq syntax tree -----------------------------*- C++ -*-===//
//
// Plain structs with 1-based line:column locations. This is the only thing
// that crosses from the ANTLR side (exceptions, RTTI) to the MLIR side.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_FRONTEND_AST_H
#define MASQ_FRONTEND_AST_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace masq {
namespace ast {

struct Loc {
  int line = 0, col = 0;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

/// A call argument: positional when `name` is empty.
struct Arg {
  std::string name;
  Loc loc;
  ExprPtr value;
};

/// One index or a half-open range `lo..hi` (hi null for a single index).
struct Slice {
  ExprPtr lo, hi;
};

struct Expr {
  enum Kind { Int, Float, Name, Index, Call, List, Neg, Binary, Eq } kind;
  Loc loc;
  int64_t ival = 0;
  double fval = 0;
  std::string name; // Name, Index (the base), Call (the callee)
  char op = 0;      // Binary: + - * / %
  std::vector<ExprPtr> operands; // Neg: 1, Binary/Eq: 2, List: n
  std::vector<Slice> slices;     // Index
  std::vector<Arg> args;         // Call
};

/// `real` or `real[d0, d1, ...]`.
struct Type {
  Loc loc;
  std::vector<ExprPtr> dims;
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

struct Stmt {
  enum Kind {
    Qubits,   // qubits name[size];            value = size
    Input,    // input name : type;
    Param,    // param name : type (= | ~) value;  init = "=", "~" or ""
    Hyper,    // hyper name = value;
    For,      // for name in lo..hi body
    Call,     // [adjoint] name(args) on value;
    Entangle, // init(ring|ladder|all) name value;
    Encode,   // encode name(args) -> value;
    Reset,    // reset targets;
    Measure,  // measure value -> name;
    Let,      // let name = value;
    Output,   // output name = value;
    Loss,     // loss = value;
    Gate,     // name(angles) targets;
  } kind;
  Loc loc;     // the statement
  Loc nameLoc; // its name
  std::string name;
  std::string init;
  bool adjoint = false;
  Type type;
  ExprPtr value, lo, hi;
  std::vector<ExprPtr> angles, targets;
  std::vector<Arg> args;
  Block body;
};

struct Formal {
  std::string name;
  Loc loc;
  Type type;
};

struct Ansatz {
  std::string name;
  Loc loc;
  std::vector<Formal> formals;
  std::string reg;
  Loc regLoc;
  ExprPtr regSize;
  Block body;
};

struct Model {
  std::string name;
  Loc loc;
  Block body;
};

struct Hyper {
  std::string name;
  Loc loc;
  ExprPtr value;
};

struct Program {
  std::vector<Hyper> hypers;
  std::vector<Ansatz> ansatze;
  std::vector<Model> models;
};

struct Diagnostic {
  Loc loc;
  std::string message;
};

/// Limits that keep malformed input from exhausting stack or memory.
struct ParseLimits {
  size_t maxBytes = 4u << 20;        // source size
  int maxNesting = 64;               // ( [ { depth
  size_t maxStatementTokens = 4096;  // tokens between ; { }
  size_t maxErrors = 5;              // syntax errors reported
};

struct ParseResult {
  Program program;
  std::vector<Diagnostic> errors; // empty on success
};

/// Parses masq source text. Never throws; every problem is a located error.
ParseResult parse(const std::string &source, const ParseLimits &limits = {});

} // namespace ast
} // namespace masq

#endif // MASQ_FRONTEND_AST_H
