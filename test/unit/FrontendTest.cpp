//===- FrontendTest.cpp - parser and MLIRGen through the library API ------===//
#include "masq/Dialect/MasqDialect.h"
#include "masq/Frontend/AST.h"
#include "masq/Frontend/MLIRGen.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

using namespace masq;

namespace {

/// Compiles source text; returns the number of masq ops, or -1 on error.
/// Errors are collected, never printed.
struct Compiled {
  int gates = -1;
  std::vector<std::string> errors;
};

Compiled compile(const std::string &src,
                 std::map<std::string, std::string> sets = {}) {
  Compiled out;
  mlir::MLIRContext ctx;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &d) {
    if (d.getSeverity() == mlir::DiagnosticSeverity::Error)
      out.errors.push_back(d.str());
    return mlir::success();
  });
  ast::ParseResult parsed = ast::parse(src);
  for (auto &e : parsed.errors)
    out.errors.push_back(e.message);
  if (!parsed.errors.empty())
    return out;
  GenOptions opts;
  opts.filename = "test.masq";
  opts.overrides = std::move(sets);
  auto module = mlirGen(ctx, parsed.program, opts);
  if (!module)
    return out;
  out.gates = 0;
  module->walk([&](GateOp) { ++out.gates; });
  return out;
}

std::string readExample(const std::string &name) {
  std::ifstream in(std::string(MASQ_EXAMPLES) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Frontend, ExamplesCompileWithExpectedGateCounts) {
  // 7 RY layers x 6 + 6 ring layers x 6 CX, twice (encoder and its inverse).
  EXPECT_EQ(compile(readExample("qmae.masq")).gates, 2 * (42 + 36));
  EXPECT_EQ(compile(readExample("qae.masq")).gates, 2 * (42 + 36));
  EXPECT_EQ(compile(readExample("qssl_head.masq")).gates, 2 * (8 + 8));
}

TEST(Frontend, LoopArithmeticAndEntanglers) {
  EXPECT_EQ(compile("model m { qubits q[5]; for i in 0..5 { h q[(i * 3 + 1) % 5]; }"
                    " ladder cx q; output p = probabilities(q); }")
                .gates,
            5 + 4);
  EXPECT_EQ(compile("model m { qubits q[4]; all cz q; output p = probabilities(q); }").gates, 6);
  EXPECT_EQ(compile("model m { qubits q[3]; ring cx q; output p = probabilities(q); }").gates, 3);
  // A register operand broadcasts a one-qubit gate.
  EXPECT_EQ(compile("model m { qubits q[3]; h q; output p = probabilities(q); }").gates, 3);
}

TEST(Frontend, HyperOverridesAreChecked) {
  const char *src = "hyper n = 2; model m { qubits q[3]; for i in 0..n { h q[i]; }"
                    " output p = probabilities(q); }";
  EXPECT_EQ(compile(src).gates, 2);
  EXPECT_EQ(compile(src, {{"n", "3"}}).gates, 3);
  auto wrongKind = compile(src, {{"n", "0.5"}});
  ASSERT_EQ(wrongKind.gates, -1);
  EXPECT_NE(wrongKind.errors[0].find("is an integer"), std::string::npos);
  auto unknown = compile(src, {{"m", "1"}});
  ASSERT_EQ(unknown.gates, -1);
  EXPECT_NE(unknown.errors[0].find("no hyper named 'm'"), std::string::npos);
}

TEST(Frontend, AdjointReversesAndInverts) {
  // s then t on one qubit; the adjoint is tdg then sdg, and together with
  // the forward call canonicalisation could cancel them all.
  auto c = compile("ansatz a() on r[1] { s r[0]; t r[0]; }"
                   "model m { qubits q[1]; a() on q; adjoint a() on q;"
                   " output p = probabilities(q); }");
  EXPECT_EQ(c.gates, 4);
}

TEST(Frontend, RandomTokenSoupNeverCrashes) {
  const char *pieces[] = {"model", "m", "{", "}", "(", ")", "[", "]", ";", ",",
                          "qubits", "q", "1", "2.5", "..", "for", "i", "in",
                          "h", "cx", "ry", "=", "+", "-", "*", "/", "%", "==",
                          "let", "loss", "output", "encode", "amplitude",
                          "->", "reset", "ansatz", "on", "adjoint", "param",
                          "input", "real", "x", "mask", "fidelity", "pi"};
  std::mt19937 rng(7);
  int n = sizeof(pieces) / sizeof(*pieces);
  for (int trial = 0; trial < 400; ++trial) {
    std::string src;
    int len = rng() % 60;
    for (int k = 0; k < len; ++k)
      src += std::string(pieces[rng() % n]) + " ";
    Compiled c = compile(src); // must return, with or without errors
    if (c.gates < 0) {
      EXPECT_FALSE(c.errors.empty()) << src;
    }
  }
}

} // namespace

namespace {

/// The gate interface answers from the one gate table: for every gate with
/// constant angles, U * U_adjoint = I and the derivative matches a finite
/// difference of the interface's own matrix.
TEST(GateInterface, MatrixAdjointAndDerivativeAgreeWithTheTable) {
  mlir::MLIRContext ctx;
  ctx.loadDialect<MasqDialect>();
  mlir::OpBuilder b(&ctx);
  auto loc = b.getUnknownLoc();
  auto module = mlir::ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  const double base[3] = {0.3, -1.1, 0.7};
  for (int k = 0; k < gates::kNumKinds; ++k) {
    auto kind = static_cast<gates::Kind>(k);
    const gates::Info &info = gates::info(kind);
    auto build = [&](gates::Kind kd, const double *a) {
      std::vector<mlir::Value> angles, qs;
      for (int p = 0; p < gates::info(kd).numParams; ++p)
        angles.push_back(mlir::arith::ConstantOp::create(b, loc, b.getF64FloatAttr(a[p])));
      for (int q = 0; q < gates::info(kd).numQubits; ++q)
        qs.push_back(AllocOp::create(b, loc, q));
      return createGate(b, loc, kd, angles, qs);
    };
    GateOp op = build(kind, base);
    ASSERT_TRUE(op) << info.name;
    EXPECT_EQ(op.getGateKind(), kind);
    EXPECT_EQ(op.getQasmName(), info.qasm);
    llvm::SmallVector<std::complex<double>> u, v, d, up, um;
    ASSERT_TRUE(op.getConstantMatrix(u));
    double inv[3];
    gates::adjointAngles(kind, base, inv);
    ASSERT_TRUE(build(op.getAdjointKind(), inv).getConstantMatrix(v));
    int dim = 1 << info.numQubits;
    for (int i = 0; i < dim; ++i)
      for (int j = 0; j < dim; ++j) {
        std::complex<double> s = 0;
        for (int l = 0; l < dim; ++l)
          s += u[i * dim + l] * v[l * dim + j];
        EXPECT_NEAR(std::abs(s - (i == j ? 1.0 : 0.0)), 0, 1e-12) << info.name;
      }
    for (int p = 0; p < info.numParams; ++p) {
      ASSERT_TRUE(op.getConstantDerivative(p, d));
      double hp[3] = {base[0], base[1], base[2]}, hm[3] = {base[0], base[1], base[2]};
      hp[p] += 1e-6;
      hm[p] -= 1e-6;
      build(kind, hp).getConstantMatrix(up);
      build(kind, hm).getConstantMatrix(um);
      for (int i = 0; i < dim * dim; ++i)
        EXPECT_NEAR(std::abs((up[i] - um[i]) / 2e-6 - d[i]), 0, 1e-8) << info.name;
    }
    EXPECT_FALSE(op.getConstantDerivative(info.numParams, d));
  }
  module->erase();
}

} // namespace
