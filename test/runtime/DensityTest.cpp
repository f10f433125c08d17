//===- DensityTest.cpp - the exact density-matrix engine ------------------===//
#include "masq/Runtime/Density.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

using masq::dm::cplx;
using masq::dm::DensityMatrix;
using masq::dm::Kraus;
namespace gates = masq::gates;

DensityMatrix fresh(int n) {
  DensityMatrix d;
  std::string error;
  EXPECT_TRUE(DensityMatrix::make(n, d, error)) << error;
  return d;
}

/// The state vector after a gate, written here apart from the engine.
void applyToState(std::vector<cplx> &psi, gates::Kind k, const int *qs, const double *a) {
  const int q = gates::info(k).numQubits, d = 1 << q;
  cplx m[16];
  gates::matrix(k, a, m);
  std::vector<cplx> out(psi.size(), 0);
  for (size_t i = 0; i < psi.size(); ++i) {
    int local = 0;
    for (int b = 0; b < q; ++b)
      local |= int(i >> qs[b] & 1) << b;
    for (int r = 0; r < d; ++r) {
      size_t j = i;
      for (int b = 0; b < q; ++b)
        j = (j & ~(size_t(1) << qs[b])) | (size_t(r >> b & 1) << qs[b]);
      out[j] += m[r * d + local] * psi[i];
    }
  }
  psi = out;
}

TEST(Density, ChannelsAreTracePreserving) {
  std::string error;
  Kraus k;
  for (double p : {0.0, 0.013, 0.5, 1.0}) {
    ASSERT_TRUE(Kraus::depolarizing(p, k, error));
    EXPECT_LT(k.completenessError(), 1e-15);
    ASSERT_TRUE(Kraus::depolarizing2(p, k, error));
    EXPECT_EQ(k.ops.size(), 16u);
    EXPECT_LT(k.completenessError(), 1e-15);
    ASSERT_TRUE(Kraus::amplitudeDamping(p, k, error));
    EXPECT_LT(k.completenessError(), 1e-15);
    ASSERT_TRUE(Kraus::phaseDamping(p, k, error));
    EXPECT_LT(k.completenessError(), 1e-15);
    ASSERT_TRUE(Kraus::bitFlip(p, k, error));
    EXPECT_LT(k.completenessError(), 1e-15);
    ASSERT_TRUE(Kraus::phaseFlip(p, k, error));
    EXPECT_LT(k.completenessError(), 1e-15);
  }
  EXPECT_LT(Kraus::reset().completenessError(), 1e-15);
}

TEST(Density, RefusesBadParameters) {
  std::string error;
  Kraus k;
  EXPECT_FALSE(Kraus::depolarizing(-0.1, k, error));
  EXPECT_NE(error.find("depolarizing probability must lie in [0, 1]"), std::string::npos);
  EXPECT_FALSE(Kraus::amplitudeDamping(1.5, k, error));
  EXPECT_FALSE(Kraus::bitFlip(NAN, k, error));
  DensityMatrix d;
  EXPECT_FALSE(DensityMatrix::make(13, d, error));
  EXPECT_NE(error.find("1 to 12 qubits"), std::string::npos);
}

TEST(Density, PureCircuitsMatchTheStateVector) {
  // Every gate of the table, on random qubits and angles, in 3 qubits.
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> angle(-3, 3);
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 3;
    std::vector<cplx> psi(8, 0);
    psi[0] = 1;
    DensityMatrix d = fresh(n);
    for (int g = 0; g < gates::kNumKinds; ++g) {
      const auto kind = gates::Kind((g + trial) % gates::kNumKinds);
      int qs[2] = {int(rng() % 3), 0};
      qs[1] = (qs[0] + 1 + int(rng() % 2)) % 3;
      double a[3] = {angle(rng), angle(rng), angle(rng)};
      applyToState(psi, kind, qs, a);
      d.applyGate(kind, qs, a);
    }
    for (size_t r = 0; r < 8; ++r)
      for (size_t c = 0; c < 8; ++c)
        EXPECT_LT(std::abs(d.at(r, c) - psi[r] * std::conj(psi[c])), 1e-12);
    EXPECT_NEAR(d.trace(), 1, 1e-12);
  }
}

TEST(Density, ChannelsOnKnownStates) {
  std::string error;
  Kraus k;
  const int q0 = 0, q1[2] = {0, 1};
  const double p = 0.3;
  // Depolarizing on |0>: <Z> = 1 - 4p/3.
  DensityMatrix d = fresh(1);
  ASSERT_TRUE(Kraus::depolarizing(p, k, error));
  d.applyChannel(k, &q0);
  EXPECT_NEAR(d.expvalZ(1), 1 - 4 * p / 3, 1e-15);
  // Bit flip on |0>: <Z> = 1 - 2p.
  d = fresh(1);
  ASSERT_TRUE(Kraus::bitFlip(p, k, error));
  d.applyChannel(k, &q0);
  EXPECT_NEAR(d.expvalZ(1), 1 - 2 * p, 1e-15);
  // Amplitude damping on |1>: P(0) = g.
  d = fresh(1);
  d.applyGate(gates::Kind::X, &q0, nullptr);
  ASSERT_TRUE(Kraus::amplitudeDamping(p, k, error));
  d.applyChannel(k, &q0);
  EXPECT_NEAR(d.probZero(1), p, 1e-15);
  // Phase damping on |+>: the coherence shrinks by sqrt(1 - g), populations stay.
  d = fresh(1);
  d.applyGate(gates::Kind::H, &q0, nullptr);
  ASSERT_TRUE(Kraus::phaseDamping(p, k, error));
  d.applyChannel(k, &q0);
  EXPECT_NEAR(d.at(0, 1).real(), 0.5 * std::sqrt(1 - p), 1e-15);
  EXPECT_NEAR(d.probZero(1), 0.5, 1e-15);
  // Phase flip on |+>: the coherence becomes (1 - 2p) / 2.
  d = fresh(1);
  d.applyGate(gates::Kind::H, &q0, nullptr);
  ASSERT_TRUE(Kraus::phaseFlip(p, k, error));
  d.applyChannel(k, &q0);
  EXPECT_NEAR(d.at(0, 1).real(), (1 - 2 * p) / 2, 1e-15);
  // Two-qubit depolarizing on |00>: of the 15 errors only IZ, ZI, ZZ keep
  // 00, so P(00) = 1 - p + 3p/15.
  d = fresh(2);
  ASSERT_TRUE(Kraus::depolarizing2(p, k, error));
  d.applyChannel(k, q1);
  EXPECT_NEAR(d.probabilities(q1, 2)[0], 1 - p + 3 * p / 15, 1e-15);
  EXPECT_NEAR(d.trace(), 1, 1e-15);
  // Reset of half a Bell pair: the other half is maximally mixed.
  d = fresh(2);
  d.applyGate(gates::Kind::H, &q0, nullptr);
  d.applyGate(gates::Kind::CX, q1, nullptr);
  d.applyChannel(Kraus::reset(), &q0);
  EXPECT_NEAR(d.probZero(1), 1, 1e-15);
  EXPECT_NEAR(d.probZero(2), 0.5, 1e-15);
  EXPECT_NEAR(std::abs(d.at(0, 3)), 0, 1e-15);
}

} // namespace

namespace {

/// <Z_mask> of a state vector.
double expvalZ(const std::vector<cplx> &psi, uint64_t mask) {
  double e = 0;
  for (size_t i = 0; i < psi.size(); ++i)
    e += (__builtin_popcountll(i & mask) % 2 ? -1.0 : 1.0) * std::norm(psi[i]);
  return e;
}

TEST(Density, TrajectoriesAverageToTheDensityMatrix) {
  // h, cx, then noise (amplitude damping on q1, depolarizing on q0,
  // two-qubit depolarizing), then ry: the mean over T trajectories of
  // <Z0>, <Z1>, <Z0 Z1> lies within 5 standard errors (|Z| <= 1) of the
  // exact density-matrix values.
  std::string error;
  Kraus damp, dep, dep2;
  ASSERT_TRUE(Kraus::amplitudeDamping(0.35, damp, error));
  ASSERT_TRUE(Kraus::depolarizing(0.2, dep, error));
  ASSERT_TRUE(Kraus::depolarizing2(0.1, dep2, error));
  const int q0 = 0, q1 = 1, both[2] = {0, 1};
  const double a = 0.9;
  auto circuit = [&](auto gate, auto channel) {
    gate(gates::Kind::H, &q0, nullptr);
    gate(gates::Kind::CX, both, nullptr);
    channel(damp, &q1);
    channel(dep, &q0);
    channel(dep2, both);
    gate(gates::Kind::RY, &q1, &a);
  };
  DensityMatrix d = fresh(2);
  circuit([&](gates::Kind k, const int *qs, const double *x) { d.applyGate(k, qs, x); },
          [&](const Kraus &k, const int *qs) { d.applyChannel(k, qs); });
  const uint64_t masks[3] = {1, 2, 3};
  const int T = 4000;
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> u01(0, 1);
  double sum[3] = {0, 0, 0};
  for (int t = 0; t < T; ++t) {
    std::vector<cplx> psi(4, 0);
    psi[0] = 1;
    circuit([&](gates::Kind k, const int *qs, const double *x) { applyToState(psi, k, qs, x); },
            [&](const Kraus &k, const int *qs) {
              masq::dm::applyTrajectory(psi.data(), 2, k, qs, u01(rng));
            });
    double norm = 0;
    for (cplx c : psi)
      norm += std::norm(c);
    ASSERT_NEAR(norm, 1, 1e-12);
    for (int m = 0; m < 3; ++m)
      sum[m] += expvalZ(psi, masks[m]);
  }
  for (int m = 0; m < 3; ++m)
    EXPECT_NEAR(sum[m] / T, d.expvalZ(masks[m]), 5 / std::sqrt(double(T)));
  // The noise matters at this bound: without the channels <Z0 Z1> is
  // further than 10 standard errors from the noisy value.
  std::vector<cplx> clean(4, 0);
  clean[0] = 1;
  circuit([&](gates::Kind k, const int *qs, const double *x) { applyToState(clean, k, qs, x); },
          [](const Kraus &, const int *) {});
  EXPECT_GT(std::fabs(expvalZ(clean, 3) - d.expvalZ(3)), 10 / std::sqrt(double(T)));
}

} // namespace
