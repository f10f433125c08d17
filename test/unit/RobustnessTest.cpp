//===- RobustnessTest.cpp - malformed input through the masq binary -------===//
//
// Every malformed input must give a located error and exit status 1: never a
// crash, a hang (each run is bounded by `timeout`) or a memory blow-up
// (bounded by `ulimit -v`).
//
//===----------------------------------------------------------------------===//
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct Run {
  int status = -1;
  std::string err;
};

Run checkSource(const std::string &src, const std::string &extra = "") {
  static int counter = 0;
  std::string dir = ::testing::TempDir();
  std::string base = dir + "/robust_" + std::to_string(getpid()) + "_" +
                     std::to_string(counter++);
  {
    std::ofstream out(base + ".masq", std::ios::binary);
    out << src;
  }
  std::string cmd = "ulimit -v 4000000; timeout 30 " MASQ_TOOL " check " +
                    base + ".masq " + extra + " 2>" + base + ".err >/dev/null";
  Run r;
  int raw = std::system(cmd.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(base + ".err");
  std::stringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  std::remove((base + ".masq").c_str());
  std::remove((base + ".err").c_str());
  return r;
}

void expectCleanError(const std::string &src, const char *needle) {
  Run r = checkSource(src);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("error:"), std::string::npos) << r.err;
  if (needle)
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
}

TEST(Robustness, EmptyFile) { expectCleanError("", "no model"); }

TEST(Robustness, RandomBytes) {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 40; ++trial) {
    std::string s(1 + rng() % 2000, '\0');
    for (char &c : s)
      c = char(rng() & 0xFF);
    expectCleanError(s, nullptr);
  }
}

TEST(Robustness, RandomPrintableText) {
  std::mt19937 rng(99);
  for (int trial = 0; trial < 40; ++trial) {
    std::string s(1 + rng() % 500, ' ');
    for (char &c : s)
      c = char(32 + rng() % 95);
    expectCleanError(s, nullptr);
  }
}

TEST(Robustness, TruncatedExample) {
  std::ifstream in(MASQ_EXAMPLES "/qmae.masq");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string full = ss.str();
  // Every cut inside the model body is incomplete; the comment header and
  // the ansatz alone are complete but have no model.
  for (size_t cut = 0; cut + 2 < full.size(); cut += 37)
    expectCleanError(full.substr(0, cut), nullptr);
}

TEST(Robustness, DeepNesting) {
  std::string s = "model m { qubits q[1]; rx(" + std::string(200000, '(') +
                  "1" + std::string(200000, ')') + ") q[0]; }";
  expectCleanError(s, "nesting deeper than");
}

TEST(Robustness, LongExpressionChain) {
  std::string s = "model m { qubits q[1]; rx(1";
  for (int i = 0; i < 100000; ++i)
    s += "+1";
  s += ") q[0]; }";
  expectCleanError(s, "statement longer than");
}

TEST(Robustness, HugeNestedLoops) {
  expectCleanError("model m { qubits q[1];\n"
                   "  for i in 0..1000000000 { for j in 0..1000000000 { h q[0]; } }\n"
                   "  output p = probabilities(q); }",
                   "more than");
  expectCleanError("model m { qubits q[1];\n"
                   "  for i in 0..1000000000 { for j in 0..1000000000 { } }\n"
                   "  output p = probabilities(q); }",
                   "iterations");
}

TEST(Robustness, TooManyQubits) {
  expectCleanError("model m { qubits q[64]; h q[0]; output p = probabilities(q); }",
                   "at most 30");
}

TEST(Robustness, NonUtf8Bytes) {
  expectCleanError("model m { qubits q[1]; // caf\xE9\n }", "UTF-8");
  expectCleanError(std::string("model m {\0}", 11), "UTF-8");
}

TEST(Robustness, HugeIntegerLiteral) {
  expectCleanError("model m { qubits q[99999999999999999999999]; }", "out of range");
}

TEST(Robustness, AdjointCallsStopAtTheGateLimit) {
  // 9 x 30,000,000 gates, recorded for reversal before they are placed:
  // stopped at gate 1,000,001, at the model's call.
  expectCleanError("ansatz inner(t : real) on r[30] { for i in 0..1000 { ry(t) r; } }\n"
                   "ansatz outer(t : real) on r[30] { for j in 0..1000 { inner(t) on r; } }\n"
                   "model m { param w : real; qubits q[30];\n"
                   "  for k in 0..9 { adjoint outer(w) on q; }\n"
                   "  output z = expval(Z, q[0]); }",
                   ":4:19: error: the model unrolls to more than 1000000 gates");
}

/// `masq check PATH`, bounded like checkSource.
Run checkPath(const std::string &path) {
  std::string err = ::testing::TempDir() + "/robust_path_" + std::to_string(getpid()) + ".err";
  std::string cmd = "ulimit -v 4000000; timeout 30 " MASQ_TOOL " check '" + path + "' 2>" +
                    err + " >/dev/null";
  Run r;
  int raw = std::system(cmd.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(err);
  std::stringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  std::remove(err.c_str());
  return r;
}

TEST(Robustness, SourceThatIsNotARegularFile) {
  std::string fifo = ::testing::TempDir() + "/robust_fifo_" + std::to_string(getpid()) + ".masq";
  std::remove(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string &path : {std::string("/dev/zero"), fifo, ::testing::TempDir()}) {
    auto r = checkPath(path);
    EXPECT_EQ(r.status, 1) << path << ": " << r.err;
    EXPECT_NE(r.err.find("masq: error: cannot read '" + path + "': not a regular file"),
              std::string::npos)
        << r.err;
  }
  std::remove(fifo.c_str());
}

TEST(Robustness, MissingFile) {
  std::string cmd = "timeout 30 " MASQ_TOOL " check /nonexistent/x.masq 2>/dev/null";
  int raw = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(raw), 1);
}

} // namespace
