//===- Gen.h - state of one AST -> MLIR generation (private) ----*- C++ -*-===//
#ifndef MASQ_FRONTEND_GEN_H
#define MASQ_FRONTEND_GEN_H

#include "masq/Core/Channels.h"
#include "masq/Dialect/MasqDialect.h"
#include "masq/Frontend/MLIRGen.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <vector>

namespace masq {
namespace gen {

/// A value during generation: compile-time (integers, reals, lists of
/// numbers, qubit lists) or run-time (an f64 or a tensor of f64).
struct Val {
  enum Kind { Int, Real, List, Qubits, Scalar, Tensor } kind = Int;
  int64_t i = 0;
  double r = 0;
  std::vector<double> list;
  std::vector<int> qubits; // global qubit indices
  mlir::Value v;
  std::vector<int64_t> shape; // Tensor

  bool isConst() const { return kind == Int || kind == Real; }
  double num() const { return kind == Int ? double(i) : r; }
  static Val ofInt(int64_t x) { Val v; v.kind = Int; v.i = x; return v; }
  static Val ofReal(double x) { Val v; v.kind = Real; v.r = x; return v; }
  std::string describe() const;
};

/// What a name stands for.
struct Symbol {
  enum Kind { Hyper, Loop, Input, Param, Let, Reg, Formal, Output } kind;
  Val val;
  ast::Loc loc;
};

using Result = std::optional<Val>;

/// A term c * P of a Hamiltonian, P = paulis[k] on qubits[k]; no qubits:
/// c times the identity (GenPauli.cpp).
struct PauliTerm {
  Val coef = Val::ofReal(1.0);
  std::vector<int> qubits;
  std::string paulis;
};

class Gen {
public:
  Gen(mlir::MLIRContext &ctx, const ast::Program &program,
      const GenOptions &options);
  mlir::OwningOpRef<mlir::ModuleOp> run();

  // --- diagnostics -------------------------------------------------------
  mlir::Location loc(ast::Loc l);
  mlir::InFlightDiagnostic error(ast::Loc l);

  // --- expressions (GenExpr.cpp) -------------------------------------------
  Result expr(const ast::Expr &e);
  Result constInt(const ast::Expr &e, const char *what);
  Result number(const ast::Expr &e, const char *what); // Int or Real constant
  std::optional<mlir::Value> scalar(const ast::Expr &e, const char *what);
  std::optional<std::vector<int>> qubits(const ast::Expr &e);
  mlir::Value f64(double x);
  mlir::Value materialise(const Val &v);

private:
  Result name(const ast::Expr &e);
  Result index(const ast::Expr &e);
  Result call(const ast::Expr &e);
  Result arith(const ast::Expr &e);
  Result mathFn(const ast::Expr &e, llvm::StringRef fn);
  Result reduction(const ast::Expr &e, llvm::StringRef fn);
  Result mask(const ast::Expr &e);
  Result observable(const ast::Expr &e, llvm::StringRef fn);
  Result expval(const ast::Expr &e);
  std::optional<std::vector<PauliTerm>> pauliSum(const ast::Expr &e);
  /// a * c, folded when both are constants.
  Val scale(const Val &a, const Val &c, mlir::Location l);
  std::vector<mlir::Value> currentQubits(const std::vector<int> &qs);
  mlir::Value indexConst(int64_t i);

public:
  // --- statements (MLIRGen.cpp) --------------------------------------------
  bool block(const ast::Block &b);
  bool stmt(const ast::Stmt &s);
  bool model(const ast::Model &m);

private:
  bool declare(const std::string &name, Symbol sym);
  const Symbol *lookup(const std::string &name);
  /// "; did you mean 'x'?" for the closest of `candidates` to `name` (or
  /// another framework's name for one of them, like 'cnot'), or "".
  static std::string didYouMean(llvm::StringRef name,
                                llvm::ArrayRef<std::string> candidates);
  /// The names in scope, for didYouMean.
  std::vector<std::string> namesInScope() const;
  bool hyper(const std::string &name, ast::Loc loc, const ast::Expr &value);
  bool checkOverrides();
  bool checkRecursion();
  bool qubitsDecl(const ast::Stmt &s);
  bool dataDecl(const ast::Stmt &s, bool isParam);
  std::optional<std::vector<int64_t>> shapeOf(const ast::Type &t);
  bool forStmt(const ast::Stmt &s);
  bool gateStmt(const ast::Stmt &s);
  bool channelStmt(const ast::Stmt &s, channels::Kind kind);
  bool targetQubits(const ast::Stmt &s, std::vector<std::vector<int>> &operands,
                    size_t &width);
  bool entangle(const ast::Stmt &s);
  bool callStmt(const ast::Stmt &s);
  bool encode(const ast::Stmt &s);
  bool reset(const ast::Stmt &s);
  bool measure(const ast::Stmt &s);
  bool output(const ast::Stmt &s);
  bool loss(const ast::Stmt &s);

public:
  /// Applies a gate (or, inside an adjoint call, records it for reversal).
  bool emitGate(gates::Kind kind, std::vector<mlir::Value> angles,
                const std::vector<int> &qs, mlir::Location l, ast::Loc where);
  /// emitGate without the gate limit (for gates already counted).
  void placeGate(gates::Kind kind, std::vector<mlir::Value> angles,
                 const std::vector<int> &qs, mlir::Location l);
  mlir::BlockArgument addArgument(mlir::Type type, ast::Loc l,
                                  mlir::NamedAttrList attrs);

  mlir::MLIRContext &ctx;
  const ast::Program &program;
  const GenOptions &opts;
  mlir::OpBuilder b;
  mlir::ModuleOp module;

  // Scopes: innermost last. Index 0 holds the file's hypers.
  std::vector<llvm::StringMap<Symbol>> scopes;
  llvm::StringMap<const ast::Ansatz *> ansatze;

  // The model being generated.
  mlir::func::FuncOp func;
  std::vector<mlir::NamedAttrList> argAttrs;
  std::vector<mlir::Value> current; // latest SSA value of each qubit
  std::vector<bool> fresh;          // still known to be |0>
  std::vector<std::string> labels;  // source name of each qubit, as q[3]
  int numQubits = 0;
  int64_t gateCount = 0;
  int64_t iterationBudget = 0;
  int maskCount = 0;
  llvm::DenseMap<int64_t, mlir::Value> indexCache; // at the entry block's top
  bool sawLoss = false, sawOutput = false;
  int inAnsatz = 0;
  std::vector<mlir::Location> callStack;

  struct Recorded {
    gates::Kind kind;
    std::vector<mlir::Value> angles;
    std::vector<int> qubits;
    mlir::Location loc;
  };
  // One buffer per enclosing adjoint call; gates go to the innermost.
  std::vector<std::vector<Recorded>> adjointBuffers;
};

} // namespace gen
} // namespace masq

#endif // MASQ_FRONTEND_GEN_H
