// Tests of hardware targets (masq/Targets/Target.h) and routing
// (masq/Targets/Route.h): built-ins, located errors in target files, and
// routed circuits that respect the coupling map and equal the logical
// circuit (structurally, and by simulating both with the gate table's
// matrices), with SABRE against the trivial router.
#include "masq/Targets/Route.h"
#include "masq/Targets/Target.h"
#include "masq/Targets/Translate.h"

#include "masq/Core/Gates.h"

#include <gtest/gtest.h>

#include <complex>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

using namespace masq::targets;
namespace gates = masq::gates;
using cplx = std::complex<double>;

namespace {

std::string writeFile(const std::string &name, const std::string &text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string loadError(const std::string &spec) {
  Target t;
  std::string error;
  EXPECT_FALSE(loadTarget(spec, t, error)) << spec;
  return error;
}

std::vector<Op> randomCircuit(int n, int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> angle(-3, 3);
  const char *one[] = {"h", "rx", "ry", "rz", "sx", "t"};
  const char *two[] = {"cx", "cz", "rzz", "crx", "swap"};
  std::vector<Op> c;
  for (int i = 0; i < count; ++i) {
    int a = int(rng() % uint64_t(n)), b = int(rng() % uint64_t(n - 1));
    if (b >= a)
      ++b;
    Op op;
    if (rng() % 2) {
      op.gate = one[rng() % 6];
      op.qubits = {a};
    } else {
      op.gate = two[rng() % 5];
      op.qubits = {a, b};
    }
    gates::Kind k = gates::Kind::H;
    EXPECT_TRUE(gates::lookup(op.gate, k));
    for (int p = 0; p < gates::info(k).numParams; ++p)
      op.params.push_back(angle(rng));
    c.push_back(op);
  }
  return c;
}

/// psi <- U psi for the gate on `qs` (operand k = bit k of the local index).
void applyOp(std::vector<cplx> &psi, const Op &op) {
  gates::Kind k = gates::Kind::H;
  ASSERT_TRUE(gates::lookup(op.gate, k)) << op.gate;
  cplx m[16];
  gates::matrix(k, op.params.data(), m);
  const size_t dim = size_t(1) << op.qubits.size();
  size_t mask = 0;
  for (int q : op.qubits)
    mask |= size_t(1) << q;
  for (size_t base = 0; base < psi.size(); ++base) {
    if (base & mask)
      continue;
    std::vector<size_t> idx(dim);
    std::vector<cplx> in(dim);
    for (size_t l = 0; l < dim; ++l) {
      size_t i = base;
      for (size_t b = 0; b < op.qubits.size(); ++b)
        if (l >> b & 1)
          i |= size_t(1) << op.qubits[b];
      idx[l] = i;
      in[l] = psi[i];
    }
    for (size_t r = 0; r < dim; ++r) {
      cplx s = 0;
      for (size_t col = 0; col < dim; ++col)
        s += m[r * dim + col] * in[col];
      psi[idx[r]] = s;
    }
  }
}

/// max |<physical state> - <logical state placed by r.final>|, the physical
/// one run by `physicalOps` (r.ops when null) and, with `upToPhase`, taken
/// up to the global phase a translation may add.
double simulatedDifference(const std::vector<Op> &c, int n, const Target &t, const Routed &r,
                           const std::vector<Op> *physicalOps = nullptr,
                           bool upToPhase = false) {
  std::vector<cplx> logical(size_t(1) << n), physical(size_t(1) << t.numQubits);
  logical[0] = physical[0] = 1;
  // A first layer of RY on every qubit makes the state generic.
  for (int q = 0; q < n; ++q) {
    applyOp(logical, Op{"ry", {q}, {0.3 + 0.2 * q}, -1});
    applyOp(physical, Op{"ry", {r.initial[size_t(q)]}, {0.3 + 0.2 * q}, -1});
  }
  for (const Op &op : c)
    applyOp(logical, op);
  for (const Op &op : physicalOps ? *physicalOps : r.ops)
    applyOp(physical, op);
  cplx phase = upToPhase ? cplx(0) : cplx(1);
  double worst = 0;
  for (size_t i = 0; i < logical.size(); ++i) {
    size_t j = 0;
    for (int l = 0; l < n; ++l)
      if (i >> l & 1)
        j |= size_t(1) << r.final[size_t(l)];
    if (phase == cplx(0) && std::abs(logical[i]) > 0.05)
      phase = logical[i] / physical[j];
    worst = std::max(worst, std::abs(logical[i] - phase * physical[j]));
  }
  return std::max(worst, std::abs(std::abs(phase) - 1));
}

} // namespace

TEST(Targets, BuiltIns) {
  Target t;
  std::string error;
  ASSERT_TRUE(loadTarget("line:5", t, error)) << error;
  EXPECT_EQ(t.numQubits, 5);
  EXPECT_EQ(t.edges.size(), 4u);
  EXPECT_TRUE(t.coupled(3, 2));
  EXPECT_FALSE(t.coupled(0, 2));
  EXPECT_EQ(t.distances()[0][4], 4);
  ASSERT_TRUE(loadTarget("grid:2x3", t, error)) << error;
  EXPECT_EQ(t.numQubits, 6);
  EXPECT_EQ(t.edges.size(), 7u);
  EXPECT_TRUE(t.coupled(1, 4));
  EXPECT_EQ(t.distances()[0][5], 3);
  ASSERT_TRUE(loadTarget("ion:4", t, error)) << error;
  EXPECT_TRUE(t.coupled(0, 3));
  EXPECT_TRUE(t.hasGate("cz"));
  EXPECT_FALSE(t.hasGate("cx"));
  ASSERT_TRUE(loadTarget("heavy-hex-27", t, error)) << error;
  EXPECT_EQ(t.numQubits, 27);
  EXPECT_EQ(t.edges.size(), 28u);
  EXPECT_EQ(t.basis, (std::vector<std::string>{"rz", "sx", "x", "cx"}));
  EXPECT_GT(t.error2q, 0);
  // Heavy-hex: every qubit has 1 to 3 neighbours.
  for (const auto &n : t.neighbours()) {
    EXPECT_GE(n.size(), 1u);
    EXPECT_LE(n.size(), 3u);
  }
  EXPECT_TRUE(checkFits(t, 27, error));
  EXPECT_FALSE(checkFits(t, 28, error));
  EXPECT_NE(error.find("the circuit needs 28 qubits, the target has 27"), std::string::npos);
}

TEST(Targets, BadBuiltInsAreRefused) {
  EXPECT_NE(loadError("line:0").find("line:N takes a number of qubits"), std::string::npos);
  EXPECT_NE(loadError("grid:3").find("grid:RxC takes rows and columns"), std::string::npos);
  EXPECT_NE(loadError("falcon").find("unknown target (built-in: heavy-hex-27"),
            std::string::npos);
  EXPECT_NE(loadError("").find("--target needs a name"), std::string::npos);
}

TEST(Targets, FileErrorsNameTheFileAndLine) {
  std::string e = loadError(writeFile("gate.toml", "qubits = 3\nbasis = [\"rz\", \"ecr\"]\n"
                                                   "coupling = [[0, 1], [1, 2]]\n"));
  EXPECT_NE(e.find("gate.toml:2:16: unknown gate 'ecr' in the basis"), std::string::npos) << e;
  e = loadError(writeFile("range.toml", "qubits = 3\nbasis = [\"rz\", \"cx\"]\n"
                                        "coupling = [\n  [0, 1],\n  [1, 3],\n]\n"));
  EXPECT_NE(e.find("range.toml:5:3: coupling [1, 3] names a qubit outside 0..2"),
            std::string::npos) << e;
  e = loadError(writeFile("self.toml", "qubits = 2\nbasis = [\"rz\", \"cx\"]\n"
                                       "coupling = [[1, 1]]\n"));
  EXPECT_NE(e.find("couples a qubit with itself"), std::string::npos) << e;
  e = loadError(writeFile("apart.toml", "qubits = 4\nbasis = [\"rz\", \"sx\", \"cx\"]\n"
                                        "coupling = [[0, 1], [2, 3]]\n"));
  EXPECT_NE(e.find("apart.toml: the coupling map is not connected: qubits 2, 3 cannot "
                   "reach qubit 0"), std::string::npos) << e;
  e = loadError(writeFile("key.toml", "qubits = 2\nbasis = [\"cx\"]\nedges = [[0, 1]]\n"));
  EXPECT_NE(e.find("key.toml:3:9: unknown key 'edges'"), std::string::npos) << e;
  e = loadError(writeFile("none.toml", "qubits = 2\ncoupling = [[0, 1]]\n"));
  EXPECT_NE(e.find("none.toml: a target needs basis"), std::string::npos) << e;
  e = loadError(writeFile("one.toml", "qubits = 2\nbasis = [\"rz\", \"sx\"]\ncoupling = [[0, 1]]\n"));
  EXPECT_NE(e.find("the basis has no two-qubit gate"), std::string::npos) << e;
  e = loadError(writeFile("syntax.toml", "qubits = = 2\n"));
  EXPECT_NE(e.find("syntax.toml:1:"), std::string::npos) << e;
  e = loadError(writeFile("err.toml", "qubits = 2\nbasis = [\"cx\"]\ncoupling = [[0, 1]]\n"
                                      "[errors]\ntwo_qubit = 1.5\n"));
  EXPECT_NE(e.find("err.toml:5:13: two_qubit is a probability: at most 1"), std::string::npos)
      << e;
}

TEST(Routing, RoutedCircuitsEqualTheLogicalOneBySimulation) {
  for (const char *spec : {"line:7", "grid:2x3", "grid:3x3", "ion:5"}) {
    Target t;
    std::string error;
    ASSERT_TRUE(loadTarget(spec, t, error)) << error;
    const int n = std::min(t.numQubits, 6);
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      const auto c = randomCircuit(n, 40, seed);
      Routed s, r;
      ASSERT_TRUE(routeSabre(c, n, t, s, error, 4, seed)) << error;
      ASSERT_TRUE(routeTrivial(c, n, t, r, error)) << error;
      EXPECT_TRUE(verifyRouted(c, n, t, s, error)) << spec << " sabre: " << error;
      EXPECT_TRUE(verifyRouted(c, n, t, r, error)) << spec << " trivial: " << error;
      EXPECT_LT(simulatedDifference(c, n, t, s), 1e-12) << spec << " seed " << seed;
      EXPECT_LT(simulatedDifference(c, n, t, r), 1e-12) << spec << " seed " << seed;
      if (t.allToAll) {
        EXPECT_EQ(s.swaps, 0);
      }
    }
  }
}

TEST(Routing, VerifierCatchesBrokenRoutes) {
  Target t;
  std::string error;
  ASSERT_TRUE(loadTarget("line:4", t, error));
  const auto c = randomCircuit(4, 30, 7);
  Routed r;
  ASSERT_TRUE(routeSabre(c, 4, t, r, error));
  ASSERT_TRUE(verifyRouted(c, 4, t, r, error)) << error;
  Routed dropped = r;
  for (size_t i = 0; i < dropped.ops.size(); ++i)
    if (dropped.ops[i].gate == "swap" && r.swaps > 0) {
      dropped.ops.erase(dropped.ops.begin() + long(i));
      break;
    }
  if (r.swaps > 0) {
    EXPECT_FALSE(verifyRouted(c, 4, t, dropped, error));
  }
  Routed far = r;
  far.ops.push_back(Op{"cx", {0, 3}, {}, -1});
  EXPECT_FALSE(verifyRouted(c, 4, t, far, error));
  EXPECT_NE(error.find("not coupled"), std::string::npos) << error;
}

TEST(Routing, SabreNeedsFewerSwapsThanTheTrivialRouterOnHeavyHex) {
  // Issue 22's target: at least 25% fewer SWAPs than the trivial router on
  // 20 random circuits of 8-20 qubits on heavy-hex-27.
  Target t;
  std::string error;
  ASSERT_TRUE(loadTarget("heavy-hex-27", t, error)) << error;
  long sabre = 0, trivial = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const int n = 8 + int(seed % 13);
    const auto c = randomCircuit(n, 10 * n, 100 + seed);
    Routed s, r;
    ASSERT_TRUE(routeSabre(c, n, t, s, error, 4, seed)) << error;
    ASSERT_TRUE(routeTrivial(c, n, t, r, error)) << error;
    ASSERT_TRUE(verifyRouted(c, n, t, s, error)) << error;
    ASSERT_TRUE(verifyRouted(c, n, t, r, error)) << error;
    sabre += s.swaps;
    trivial += r.swaps;
  }
  std::printf("heavy-hex-27, 20 random circuits of 8-20 qubits: SABRE %ld SWAPs, trivial %ld "
              "(%.2fx)\n", sabre, trivial, double(sabre) / double(trivial));
  EXPECT_LE(double(sabre), 0.75 * double(trivial));
}

TEST(Routing, RefusesWhatItCannotRoute) {
  Target t;
  std::string error;
  ASSERT_TRUE(loadTarget("line:3", t, error));
  Routed r;
  EXPECT_FALSE(routeSabre(std::vector<Op>{Op{"cx", {0, 1}, {}, -1}}, 4, t, r, error));
  EXPECT_NE(error.find("needs 4 qubits"), std::string::npos) << error;
  EXPECT_FALSE(routeSabre(std::vector<Op>{Op{"cswap", {0, 1, 2}, {}, -1}}, 3, t, r, error));
  EXPECT_NE(error.find("decompose it first"), std::string::npos) << error;
  EXPECT_FALSE(routeTrivial(std::vector<Op>{Op{"cx", {0, 5}, {}, -1}}, 3, t, r, error));
}

namespace {

/// max over a generic 3-qubit state of | U_a psi - e^{i g} U_b psi |, the
/// phase g taken from the largest amplitude.
double differenceUpToPhase(const std::vector<Op> &a, const std::vector<Op> &b, int n) {
  std::vector<cplx> x(size_t(1) << n), y;
  std::mt19937_64 rng(5);
  std::normal_distribution<double> nd;
  double norm = 0;
  for (cplx &v : x) {
    v = cplx(nd(rng), nd(rng));
    norm += std::norm(v);
  }
  for (cplx &v : x)
    v /= std::sqrt(norm);
  y = x;
  for (const Op &op : a)
    applyOp(x, op);
  for (const Op &op : b)
    applyOp(y, op);
  size_t big = 0;
  for (size_t i = 0; i < x.size(); ++i)
    if (std::abs(x[i]) > std::abs(x[big]))
      big = i;
  const cplx phase = x[big] / y[big];
  double worst = std::abs(std::abs(phase) - 1);
  for (size_t i = 0; i < x.size(); ++i)
    worst = std::max(worst, std::abs(x[i] - phase * y[i]));
  return worst;
}

std::vector<Op> native(const std::vector<Op> &c, const Target &t) {
  std::vector<Op> d, n;
  std::string error;
  EXPECT_TRUE(decompose(c, d, error)) << error;
  EXPECT_TRUE(toNative(d, t, n, error)) << error;
  return simplify(n, t);
}

} // namespace

TEST(Translate, EveryGateInEveryBasisUpToGlobalPhase) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> angle(-3.5, 3.5);
  for (const char *spec : {"ion:3", "grid:1x3"}) {
    Target t;
    std::string error;
    ASSERT_TRUE(loadTarget(spec, t, error)) << error;
    t.allToAll = true; // gates on every pair; routing is tested apart
    for (int i = 0; i < gates::kNumKinds; ++i) {
      const auto &info = gates::kInfo[i];
      for (int trial = 0; trial < 3; ++trial) {
        Op op{info.name, {}, {}, -1};
        op.qubits = info.numQubits == 1 ? std::vector<int>{1} : std::vector<int>{2, 0};
        for (int p = 0; p < info.numParams; ++p)
          op.params.push_back(trial == 0 ? 0.0 : angle(rng));
        const auto out = native({op}, t);
        EXPECT_LT(differenceUpToPhase({op}, out, 3), 1e-10) << spec << " " << info.name;
        for (const Op &o : out)
          EXPECT_TRUE(t.hasGate(o.gate)) << spec << ": " << info.name << " gave " << o.gate;
      }
    }
    // The SWAP test's controlled swap, and a Toffoli.
    // The translated cswap against the permutation it is: with the control
    // (bit 0) set, bits 1 and 2 trade places.
    Op cswap{"cswap", {0, 1, 2}, {}, -1};
    std::vector<cplx> basis(8);
    auto out = native({cswap}, t);
    for (size_t i = 0; i < 8; ++i) {
      std::fill(basis.begin(), basis.end(), 0);
      basis[i] = 1;
      for (const Op &o : out)
        applyOp(basis, o);
      size_t j = (i & 1) ? (i & 1) | ((i >> 1 & 1) << 2) | ((i >> 2 & 1) << 1) : i;
      size_t best = 0;
      for (size_t k = 0; k < 8; ++k)
        if (std::abs(basis[k]) > std::abs(basis[best]))
          best = k;
      EXPECT_EQ(best, j) << spec << " cswap |" << i << ">";
      EXPECT_NEAR(std::abs(basis[best]), 1.0, 1e-10);
    }
  }
}

TEST(Translate, RoutedNativeCircuitsEqualTheLogicalOne) {
  for (const char *spec : {"line:5", "grid:2x3"}) {
    Target t;
    std::string error;
    ASSERT_TRUE(loadTarget(spec, t, error)) << error;
    for (uint64_t seed = 1; seed <= 4; ++seed) {
      const int n = 5;
      const auto c = randomCircuit(n, 30, 40 + seed);
      std::vector<Op> d, nat;
      ASSERT_TRUE(decompose(c, d, error)) << error;
      Routed r;
      ASSERT_TRUE(routeSabre(d, n, t, r, error, 4, seed)) << error;
      std::vector<Op> physical;
      ASSERT_TRUE(decompose(r.ops, physical, error)) << error; // the inserted SWAPs
      ASSERT_TRUE(toNative(physical, t, nat, error)) << error;
      const auto clean = simplify(nat, t);
      EXPECT_LT(clean.size(), nat.size());
      for (const Op &o : clean) {
        EXPECT_TRUE(t.hasGate(o.gate)) << o.gate;
        if (o.qubits.size() == 2) {
          EXPECT_TRUE(t.coupled(o.qubits[0], o.qubits[1]));
        }
      }
      EXPECT_LT(simulatedDifference(c, n, t, r, &clean, true), 1e-10)
          << spec << " seed " << seed;
    }
  }
}

TEST(Translate, DirectedEdgesAndRefusals) {
  Target t;
  std::string error;
  const std::string path = writeFile("directed.toml", "qubits = 2\nbasis = [\"rz\", \"sx\", \"x\", \"cx\"]\n"
                                                      "directed = true\ncoupling = [[1, 0]]\n");
  ASSERT_TRUE(loadTarget(path, t, error)) << error;
  std::vector<Op> out;
  ASSERT_TRUE(toNative({Op{"cx", {0, 1}, {}, -1}}, t, out, error)) << error;
  for (const Op &o : out) {
    if (o.gate == "cx") {
      EXPECT_EQ(o.qubits, (std::vector<int>{1, 0})); // only the edge 1 -> 0
    }
  }
  EXPECT_LT(differenceUpToPhase({Op{"cx", {0, 1}, {}, -1}}, out, 2), 1e-10);
  ASSERT_TRUE(loadTarget("line:3", t, error));
  EXPECT_FALSE(toNative({Op{"cx", {0, 2}, {}, -1}}, t, out, error));
  EXPECT_NE(error.find("does not couple (route first)"), std::string::npos) << error;
  EXPECT_FALSE(decompose({Op{"ccz", {0, 1, 2}, {}, -1}}, out, error));
  EXPECT_NE(error.find("no decomposition"), std::string::npos) << error;
}
