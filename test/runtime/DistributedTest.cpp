// The statevector split over processes (masq/Runtime/Distributed.h) against
// the one-process StateVector: random circuits of every gate kind at 16-20
// qubits (gates on global qubits included), observables, the fidelity, and
// the adjoint gradient against central differences. ctest runs this binary
// alone (one rank) and under mpirun with 2 and 4 ranks (test/runtime/
// CMakeLists.txt); every rank runs every test, the collectives in step.
#include "masq/Model/Dist.h"
#include "masq/Runtime/Distributed.h"
#include "masq/Runtime/State.h"
#include "masq/Runtime/Status.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace masq;
using rt::cplx;

namespace {

struct Gate {
  gates::Kind kind;
  int q[2];
  double a[3];
};

std::vector<Gate> randomCircuit(int n, int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> angle(-3, 3);
  std::vector<Gate> c;
  for (int i = 0; i < count; ++i) {
    Gate g{gates::Kind(rng() % uint64_t(gates::kNumKinds)), {0, 0}, {0, 0, 0}};
    g.q[0] = int(rng() % uint64_t(n));
    g.q[1] = int(rng() % uint64_t(n - 1));
    if (g.q[1] >= g.q[0])
      ++g.q[1];
    // Every third gate on the top qubits: the global ones under mpirun.
    if (i % 3 == 0)
      g.q[0] = n - 1 - int(rng() % 2);
    if (g.q[1] == g.q[0])
      g.q[1] = (g.q[0] + 1) % n;
    for (double &a : g.a)
      a = angle(rng);
    c.push_back(g);
  }
  return c;
}

double maxDiff(const std::vector<cplx> &a, const cplx *b) {
  double d = 0;
  for (size_t i = 0; i < a.size(); ++i)
    d = std::max(d, std::abs(a[i] - b[i]));
  return d;
}

class Distributed : public ::testing::TestWithParam<int> {};

TEST_P(Distributed, RandomCircuitsEqualOneProcess) {
  const int n = GetParam();
  rt::Exchange &ex = dist::exchange();
  rt::DistributedState d(n, ex);
  rt::StateVector s(n);
  s.setZero();
  for (const Gate &g : randomCircuit(n, 60, uint64_t(n) * 7)) {
    d.applyGate(g.kind, g.q, g.a);
    s.applyGate(g.kind, g.q, g.a);
  }
  EXPECT_LT(maxDiff(d.gather(), s.data()), 1e-12);
  EXPECT_NEAR(d.normSquared(), 1.0, 1e-12);
  if (ex.size() > 1) {
    EXPECT_GT(d.exchanges(), 0); // the top qubits were global
  }
  const int zq[] = {0, n - 1, n / 2};
  EXPECT_NEAR(d.expvalZ(zq, 3), s.expvalZ(zq, 3), 1e-12);
  EXPECT_NEAR(d.probZero(zq, 2), s.probZero(zq, 2), 1e-12);
  const int pq[] = {n - 1, 1, n - 2};
  std::vector<double> pd = d.probabilities(pq, 3), ps = s.probabilities(pq, 3);
  for (size_t o = 0; o < ps.size(); ++o)
    EXPECT_NEAR(pd[o], ps[o], 1e-12) << o;
  std::vector<double> ref((size_t(1) << n) - 3);
  std::mt19937_64 rng(5);
  for (double &x : ref)
    x = std::uniform_real_distribution<double>(-1, 1)(rng);
  std::vector<int> all(size_t(n), 0);
  for (int q = 0; q < n; ++q)
    all[size_t(q)] = q;
  EXPECT_NEAR(d.fidelity(all.data(), n, ref.data(), ref.size()),
              s.fidelity(ref.data(), ref.size()), 1e-12);
  // On part of the register (the rest traced out): against the one-process
  // reduced state, computed here from the whole state.
  const int part[] = {n - 1, 2, 0};
  const double r3[] = {0.5, -0.2, 0.1, 0.7, 0.3, 0.0, -0.4};
  double want = 0, rnorm = 0;
  for (double v : r3)
    rnorm += v * v;
  std::vector<cplx> ip(size_t(1) << n, 0.0);
  for (size_t l = 0; l < (size_t(1) << n); ++l) {
    size_t j = 0, rest = l;
    for (int b = 0; b < 3; ++b)
      j |= ((l >> part[b]) & 1) << b, rest &= ~(size_t(1) << part[b]);
    if (j < 7)
      ip[rest] += r3[j] * s.data()[l];
  }
  for (const cplx &v : ip)
    want += std::norm(v);
  EXPECT_NEAR(d.fidelity(part, 3, r3, 7), want / rnorm, 1e-12);
  // Amplitude encoding needs |0...0> on a distributed state.
  EXPECT_THROW(d.encodeAmplitude(part, 3, r3, 7), rt::Error);
}

TEST_P(Distributed, AdjointGradientEqualsCentralDifferences) {
  const int n = GetParam() - 2;
  std::vector<Gate> c = randomCircuit(n, 24, 11);
  const int obs[] = {n - 1, 0};
  auto loss = [&](const std::vector<Gate> &circ) {
    rt::StateVector s(n);
    s.setZero();
    for (const Gate &g : circ)
      s.applyGate(g.kind, g.q, g.a);
    return s.expvalZ(obs, 2);
  };
  rt::Exchange &ex = dist::exchange();
  rt::DistributedState psi(n, ex);
  for (const Gate &g : c)
    psi.applyGate(g.kind, g.q, g.a);
  rt::DistributedState lam = psi; // lam = Z Z psi: d<O>/dtheta = 2 Re <lam| dU psi>
  for (int q : obs) {
    const int one[] = {q};
    lam.applyGate(gates::Kind::Z, one, nullptr);
  }
  std::vector<double> grad(3 * c.size(), 0.0);
  for (size_t i = c.size(); i-- > 0;)
    psi.applyBackward(c[i].kind, c[i].q, c[i].a, lam, grad.data() + 3 * i);
  int checked = 0;
  for (size_t i = 0; i < c.size(); ++i)
    for (int p = 0; p < gates::info(c[i].kind).numParams; ++p) {
      std::vector<Gate> up = c, down = c;
      up[i].a[p] += 1e-5, down[i].a[p] -= 1e-5;
      EXPECT_NEAR(2 * grad[3 * i + size_t(p)], (loss(up) - loss(down)) / 2e-5, 1e-7)
          << "gate " << i << " angle " << p;
      ++checked;
    }
  EXPECT_GT(checked, 5);
  // Back at the start: |0...0>.
  std::vector<cplx> start = psi.gather();
  EXPECT_NEAR(std::abs(start[0]), 1.0, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Qubits, Distributed, ::testing::Values(16, 18, 20));

/// A rank count the tests cannot start (for the constructor's checks).
class FakeExchange : public rt::Exchange {
public:
  explicit FakeExchange(int size) : size_(size) {}
  int rank() const override { return 0; }
  int size() const override { return size_; }
  void sendrecv(const cplx *, cplx *, size_t, int) override {}
  void sum(double *, size_t) override {}

private:
  int size_;
};

TEST(DistributedErrors, RankCountsItCannotUse) {
  FakeExchange three(3), eight(8);
  try {
    rt::DistributedState d(10, three);
    FAIL() << "3 ranks accepted";
  } catch (const rt::Error &e) {
    EXPECT_NE(std::string(e.what()).find("power-of-two number of processes, not 3"),
              std::string::npos)
        << e.what();
  }
  try {
    rt::DistributedState d(4, eight);
    FAIL() << "8 ranks for 16 amplitudes accepted";
  } catch (const rt::Error &e) {
    EXPECT_NE(std::string(e.what()).find("8 processes for a state of 4 qubits leave 1 local "
                                         "qubits on each; at most 4 processes"),
              std::string::npos)
        << e.what();
  }
}

TEST(DistributedErrors, OneExchangePerGlobalQubitUntilItMoves) {
  rt::Exchange &ex = dist::exchange();
  rt::DistributedState d(12, ex);
  const int top[] = {11};
  const double a[] = {0.4};
  d.applyGate(gates::Kind::RY, top, a);
  d.applyGate(gates::Kind::RX, top, a);
  EXPECT_EQ(d.exchanges(), ex.size() > 1 ? 1 : 0);
  EXPECT_LT(d.physical(11), d.localQubits());
}

TEST(DistributedLayout, AdjointVectorInAnotherLayoutIsAligned) {
  // lam holds psi's state in another layout (X X on qubits that were
  // global moves them); the adjoint step brings lam to psi's layout first,
  // so after the same inverse gate both hold the same state.
  const int n = 12;
  rt::Exchange &ex = dist::exchange();
  rt::DistributedState psi(n, ex);
  for (int q = 0; q < n; ++q) { // RY on every qubit (the top ones move to
    const int one[] = {q};      // local bits); then lam alone moves n - 2
    const double t[] = {0.3 + 0.1 * q};
    psi.applyGate(gates::Kind::RY, one, t);
  }
  rt::DistributedState lam = psi;
  const int top[] = {n - 1}, next[] = {n - 2};
  psi.applyGate(gates::Kind::X, top, nullptr);
  psi.applyGate(gates::Kind::X, top, nullptr);
  lam.applyGate(gates::Kind::X, next, nullptr);
  lam.applyGate(gates::Kind::X, next, nullptr);
  auto layout = [&](const rt::DistributedState &d) {
    std::vector<int> v;
    for (int q = 0; q < n; ++q)
      v.push_back(d.physical(q));
    return v;
  };
  if (ex.size() > 1) {
    EXPECT_NE(layout(lam), layout(psi));
  }
  const int qs[] = {n - 2, 3};
  const double a[] = {0.7};
  double acc[3] = {0, 0, 0};
  psi.applyBackward(gates::Kind::CRY, qs, a, lam, acc);
  EXPECT_LT(maxDiff(psi.gather(), lam.gather().data()), 1e-12);
  // <psi|M psi> of a unitary's generator step: Re <psi| dU U^dagger psi>
  // of a rotation is 0 (an anti-Hermitian M).
  EXPECT_NEAR(acc[0], 0.0, 1e-12);
}

} // namespace
