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
    if (c.gates < 0)
      EXPECT_FALSE(c.errors.empty()) << src;
  }
}

} // namespace
