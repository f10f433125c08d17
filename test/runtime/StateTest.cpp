//===- StateTest.cpp - Encoders, masks, resets and observables ------------===//
#include "RefSim.h"
#include "masq/Runtime/Encoders.h"
#include "masq/Runtime/Observables.h"
#include "masq/Runtime/State.h"
#include "masq/Runtime/Status.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

using namespace masq;
using namespace masq::rt;
using namespace reftest;

TEST(Encoders, AmplitudePadsAndNormalises) {
  StateVector sv(3);
  const double x[5] = {3, 0, 4, 0, 0};
  sv.encodeAmplitude(x, 5);
  EXPECT_NEAR(sv.data()[0].real(), 0.6, 1e-15);
  EXPECT_NEAR(sv.data()[2].real(), 0.8, 1e-15);
  for (int i : {1, 3, 4, 5, 6, 7})
    EXPECT_EQ(sv.data()[i], cplx(0));
  const double zero[2] = {0, 0};
  try {
    sv.encodeAmplitude(zero, 2);
    FAIL() << "zero norm accepted";
  } catch (const Error &e) {
    EXPECT_EQ(e.status(), Status::ZeroNorm);
  }
  const double tooLong[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  EXPECT_THROW(sv.encodeAmplitude(tooLong, 9), Error);
}

TEST(Encoders, AngleIsProductOfRotations) {
  std::mt19937_64 rng(3);
  for (auto axis : {gates::Kind::RX, gates::Kind::RY, gates::Kind::RZ}) {
    const int n = 5;
    const int q[3] = {4, 0, 2};
    const double x[3] = {0.3, -1.2, 2.5}, scale = 0.7;
    StateVector sv(n);
    sv.encodeAngle(x, q, 3, axis, scale);
    Vec ref(size_t(1) << n, 0.0);
    ref[0] = 1;
    for (int i = 0; i < 3; ++i) {
      const double a = scale * x[i];
      applyGate(ref, axis, {q[i]}, &a);
    }
    EXPECT_LT(maxDiff(sv.data(), ref.data(), ref.size()), 1e-14);
  }
}

TEST(Masks, PatchPixelAndIndex) {
  // 4x4 image, patches of 2: patch 1 (top right) and 2 (bottom left) hidden.
  std::vector<double> x(16);
  for (int i = 0; i < 16; ++i)
    x[i] = i + 1;
  MaskSpec m;
  m.kind = MaskKind::Patches, m.rows = 4, m.cols = 4, m.patch = 2;
  m.parametric = true, m.fillOffset = 1, m.fillSize = 4;
  validateMask(m, 16, 5);
  const double pattern[4] = {0, 1, 1, 0}, theta[5] = {-1, 10, 20, 30, 40};
  std::vector<double> out(16);
  std::vector<int> slot(16);
  applyMask(m, x.data(), 16, pattern, theta, out.data(), slot.data());
  const double expect[16] = {1, 2, 10, 20, 5, 6, 30, 40, 10, 20, 11, 12, 30, 40, 15, 16};
  for (int i = 0; i < 16; ++i)
    EXPECT_EQ(out[i], expect[i]) << i;
  EXPECT_EQ(slot[0], -1);
  EXPECT_EQ(slot[7], 3);
  EXPECT_EQ(slot[12], 2);

  MaskSpec px;
  px.kind = MaskKind::Pixels, px.fill = -5;
  std::vector<double> pp(16, 0.0);
  pp[3] = 1, pp[9] = 2;
  applyMask(px, x.data(), 16, pp.data(), nullptr, out.data(), slot.data());
  EXPECT_EQ(out[3], -5);
  EXPECT_EQ(out[9], -5);
  EXPECT_EQ(out[4], 5);
  EXPECT_EQ(slot[3], -2);

  MaskSpec ix;
  ix.kind = MaskKind::Fixed, ix.indices = {0, 15}, ix.parametric = true;
  ix.fillOffset = 0, ix.fillSize = 1;
  applyMask(ix, x.data(), 16, nullptr, theta, out.data(), nullptr);
  EXPECT_EQ(out[0], -1);
  EXPECT_EQ(out[15], -1);
  EXPECT_EQ(out[1], 2);

  MaskSpec bad = m;
  bad.patch = 3;
  EXPECT_THROW(validateMask(bad, 16, 5), Error);
  bad = m;
  bad.fillOffset = 3; // token would run past theta
  EXPECT_THROW(validateMask(bad, 16, 5), Error);
}

// Random circuits with resets against a density-matrix simulation.
TEST(Reset, MatchesDensityMatrixChannel) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-3, 3);
  for (int trial = 0; trial < 12; ++trial) {
    const int n = 2 + trial % 3; // 2..4 qubits
    const Vec psi0 = randomState(n, rng);
    StateVector sv(n);
    sv.setAmplitudes(psi0.data(), psi0.size());
    Density rho(psi0);
    std::uniform_int_distribution<int> qd(0, n - 1), kd(0, gates::kNumKinds - 1);
    auto randomGates = [&](int count) {
      for (int g = 0; g < count; ++g) {
        const auto kind = static_cast<gates::Kind>(kd(rng));
        std::vector<int> q = {qd(rng)};
        if (gates::info(kind).numQubits == 2) {
          int b;
          do
            b = qd(rng);
          while (b == q[0]);
          q.push_back(b);
        }
        const double a[3] = {u(rng), u(rng), u(rng)};
        sv.applyGate(kind, q.data(), a);
        rho.gate(kind, q, a);
      }
    };
    randomGates(6);
    std::vector<int> r1 = {qd(rng)};
    if (n > 2 && trial % 2) {
      int b;
      do
        b = qd(rng);
      while (b == r1[0]);
      r1.push_back(b);
    }
    sv.reset(r1.data(), int(r1.size()));
    rho.reset(r1);
    randomGates(6);
    const std::vector<int> r2 = {qd(rng)};
    sv.reset(r2.data(), 1);
    rho.reset(r2);
    randomGates(4);

    EXPECT_NEAR(sv.normSquared(), 1.0, 1e-12);
    std::vector<double> x(size_t(1) << n);
    for (auto &v : x)
      v = u(rng);
    std::vector<double> ref(x.size());
    normalisedReference(x.data(), x.size(), n, ref.data());
    EXPECT_NEAR(sv.fidelity(x.data(), x.size()), rho.fidelity(ref), 1e-12);
    for (int q = 0; q < n; ++q)
      EXPECT_NEAR(sv.expvalZ(&q, 1), rho.expvalZ({q}), 1e-12);
    std::vector<int> all(n);
    for (int q = 0; q < n; ++q)
      all[q] = q;
    EXPECT_NEAR(sv.expvalZ(all.data(), n), rho.expvalZ(all), 1e-12);
    const auto p = sv.probabilities(all.data(), n);
    for (size_t i = 0; i < p.size(); ++i)
      EXPECT_NEAR(p[i], rho.prob(i), 1e-12);
    const int pair[2] = {n - 1, 0};
    double p00 = 0;
    for (size_t i = 0; i < p.size(); ++i)
      if (!(i >> (n - 1) & 1) && !(i & 1))
        p00 += rho.prob(i);
    EXPECT_NEAR(sv.probZero(pair, 2), p00, 1e-12);
  }
}

TEST(Observables, ProbabilitiesOfSubsetAndOrder) {
  StateVector sv(3);
  sv.applyGate(gates::Kind::X, {2});
  sv.applyGate(gates::Kind::H, {0});
  const int q[2] = {2, 1}; // outcome bit 0 = q2, bit 1 = q1
  const auto p = sv.probabilities(q, 2);
  EXPECT_NEAR(p[1], 1.0, 1e-15);
  const int q0 = 0, q2 = 2;
  EXPECT_NEAR(sv.expvalZ(&q2, 1), -1.0, 1e-15);
  EXPECT_NEAR(sv.probZero(&q0, 1), 0.5, 1e-15);
}

// Z strings on states of 3-10 qubits, with qubits below and above the
// runtime's blocks of 64 amplitudes (Observables.cpp, ZSigns): the
// expectation value and the adjoint seed equal a parity taken amplitude by
// amplitude, in double and on complex64 states.
template <class A> void checkZStrings(double tol) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> g;
  for (int n : {3, 5, 6, 7, 10})
    for (int trial = 0; trial < 6; ++trial) {
      const size_t N = size_t(1) << n;
      uint64_t mask = rng() & (N - 1);
      if (trial == 0)
        mask = uint64_t(1) << (n - 1); // one qubit, at the top
      std::vector<A> psi(N), lam(N);
      for (size_t i = 0; i < N; ++i)
        psi[i] = A(g(rng), g(rng)), lam[i] = A(g(rng), g(rng));
      double want = 0;
      std::vector<A> seeded(N);
      const double w = 0.75;
      for (size_t i = 0; i < N; ++i) {
        const double s = __builtin_parityll(i & mask) ? -1.0 : 1.0;
        want += s * std::norm(cplx(psi[i]));
        seeded[i] = A(cplx(lam[i]) + s * w * cplx(psi[i]));
      }
      SCOPED_TRACE("n=" + std::to_string(n) + " mask=" + std::to_string(mask));
      EXPECT_NEAR(expvalZ(psi.data(), n, mask), want, tol * double(N));
      addZCotangent(psi.data(), lam.data(), n, mask, w);
      for (size_t i = 0; i < N; ++i) {
        ASSERT_NEAR(lam[i].real(), seeded[i].real(), tol) << i;
        ASSERT_NEAR(lam[i].imag(), seeded[i].imag(), tol) << i;
      }
    }
}

TEST(Observables, ZStringsByBlocks) {
  checkZStrings<cplx>(1e-13);
  checkZStrings<cplxf>(1e-6);
}

TEST(Observables, SamplingIsSeededAndDistributed) {
  StateVector sv(3);
  sv.applyGate(gates::Kind::RY, {0}, {1.1});
  sv.applyGate(gates::Kind::RY, {1}, {2.0});
  sv.applyGate(gates::Kind::CX, {1, 2});
  const int q[3] = {0, 1, 2};
  const auto a = sv.sample(q, 3, 20000, 42), b = sv.sample(q, 3, 20000, 42),
             c = sv.sample(q, 3, 20000, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  const auto p = sv.probabilities(q, 3);
  std::map<uint64_t, int> counts;
  for (auto o : a)
    ++counts[o];
  for (auto &kv : counts) {
    EXPECT_GT(p[kv.first], 0.0) << "impossible outcome sampled";
    EXPECT_NEAR(kv.second / 20000.0, p[kv.first], 0.015);
  }
}

TEST(State, TooManyQubitsIsAnError) {
  try {
    StateVector sv(31);
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.status(), Status::OutOfMemory);
  }
  EXPECT_THROW(StateVector(0), Error);
}
