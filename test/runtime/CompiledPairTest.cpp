//===- CompiledPairTest.cpp - two real samples per state (Compiled.h) -----===//
//
// psi = a + i b holds two real samples. Real gates must advance both, a
// backward step must return the sum of both samples' derivatives, and every
// _lane function must equal its one-sample version applied to that lane.
//
//===----------------------------------------------------------------------===//
#include "RefSim.h"
#include "masq/Runtime/Compiled.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace reftest;

namespace {

using Buf = std::vector<double>; // interleaved (re, im)

struct ErrorScope {
  ErrorScope() { masq_rtc_clear_error(); }
  ~ErrorScope() { masq_rtc_clear_error(); }
};

Buf randomReal(int n, std::mt19937_64 &rng) {
  std::normal_distribution<double> g;
  Buf v(size_t(2) << n, 0.0);
  double s = 0;
  for (size_t i = 0; i < v.size(); i += 2)
    v[i] = g(rng), s += v[i] * v[i];
  for (double &x : v)
    x /= std::sqrt(s);
  return v;
}

Buf pairOf(const Buf &a, const Buf &b) {
  Buf p(a.size());
  for (size_t i = 0; i < a.size(); i += 2)
    p[i] = a[i], p[i + 1] = b[i];
  return p;
}

// Lane l of the paired buffer equals the real sample s (whose imaginary
// parts must be zero).
void expectLane(const Buf &pair, int l, const Buf &s, const char *what) {
  for (size_t i = 0; i < s.size(); i += 2) {
    ASSERT_NEAR(pair[i + l], s[i], 1e-13) << what << " lane " << l << " at " << i / 2;
    ASSERT_NEAR(s[i + 1], 0.0, 1e-13) << what << ": the sample became complex";
  }
}

TEST(CompiledPair, RealGatesAdvanceBothSamples) {
  ErrorScope scope;
  std::mt19937_64 rng(11);
  const int n = 4;
  Buf a = randomReal(n, rng), b = randomReal(n, rng), p = pairOf(a, b);
  auto each = [&](auto f) { f(a.data()), f(b.data()), f(p.data()); };
  each([&](double *s) { masq_rtc_ry(s, n, 2, 0.7); });
  each([&](double *s) { masq_rtc_cry(s, n, 3, 0, -1.1); });
  each([&](double *s) { masq_rtc_cx(s, n, 1, 3); });
  each([&](double *s) { masq_rtc_cz(s, n, 0, 2); });
  each([&](double *s) { masq_rtc_h(s, n, 1); });
  each([&](double *s) { masq_rtc_x(s, n, 0); });
  each([&](double *s) { masq_rtc_z(s, n, 3); });
  each([&](double *s) { masq_rtc_swap(s, n, 0, 3); });
  expectLane(p, 0, a, "gates");
  expectLane(p, 1, b, "gates");
  EXPECT_EQ(masq_rtc_error(), nullptr);
}

TEST(CompiledPair, BackwardStepSumsBothSamples) {
  ErrorScope scope;
  std::mt19937_64 rng(12);
  const int n = 3;
  Buf a = randomReal(n, rng), b = randomReal(n, rng), la = randomReal(n, rng),
      lb = randomReal(n, rng);
  Buf p = pairOf(a, b), lp = pairOf(la, lb);
  double da = masq_rtc_ry_back(a.data(), la.data(), n, 1, 0.4);
  double db = masq_rtc_ry_back(b.data(), lb.data(), n, 1, 0.4);
  double dp = masq_rtc_ry_back(p.data(), lp.data(), n, 1, 0.4);
  EXPECT_NEAR(dp, da + db, 1e-13);
  da = masq_rtc_cry_back(a.data(), la.data(), n, 2, 0, 1.3);
  db = masq_rtc_cry_back(b.data(), lb.data(), n, 2, 0, 1.3);
  dp = masq_rtc_cry_back(p.data(), lp.data(), n, 2, 0, 1.3);
  EXPECT_NEAR(dp, da + db, 1e-13);
  masq_rtc_cx_back(a.data(), la.data(), n, 0, 2);
  masq_rtc_cx_back(b.data(), lb.data(), n, 0, 2);
  masq_rtc_cx_back(p.data(), lp.data(), n, 0, 2);
  expectLane(p, 0, a, "un-computed state");
  expectLane(p, 1, b, "un-computed state");
  expectLane(lp, 0, la, "un-computed adjoint");
  expectLane(lp, 1, lb, "un-computed adjoint");
}

TEST(CompiledPair, LaneFunctionsEqualOneSampleFunctions) {
  ErrorScope scope;
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> u(0.05, 1.0);
  const int n = 5;
  const std::vector<int32_t> enc{3, 0, 4}, obs{4, 1, 2}, one{2};
  std::vector<double> xa(7), xb(7), ra(8), rb(8), ga(8), gb(8);
  for (auto *v : {&xa, &xb, &ra, &rb, &ga, &gb})
    for (double &x : *v)
      x = u(rng);
  // Encode: one sample per state vs both lanes of one state.
  Buf a(size_t(2) << n), b(size_t(2) << n), p(size_t(2) << n);
  masq_rtc_init(a.data(), n), masq_rtc_init(b.data(), n), masq_rtc_init_pair(p.data(), n);
  masq_rtc_encode_amplitude(a.data(), n, enc.data(), 3, xa.data(), 7);
  masq_rtc_encode_amplitude(b.data(), n, enc.data(), 3, xb.data(), 7);
  masq_rtc_encode_amplitude_lane(p.data(), n, enc.data(), 3, xa.data(), 7, 0);
  masq_rtc_encode_amplitude_lane(p.data(), n, enc.data(), 3, xb.data(), 7, 1);
  const double ang[2] = {0.3, -0.8};
  masq_rtc_encode_angle(a.data(), n, &one[0], 1, &ang[0], 9, 1.5);
  masq_rtc_encode_angle(b.data(), n, &one[0], 1, &ang[1], 9, 1.5);
  masq_rtc_encode_angle_lane(p.data(), n, &one[0], 1, &ang[0], 9, 1.5, 0);
  masq_rtc_encode_angle_lane(p.data(), n, &one[0], 1, &ang[1], 9, 1.5, 1);
  ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
  expectLane(p, 0, a, "encoded");
  expectLane(p, 1, b, "encoded");
  // Mix the qubits (real gates) so observables see entangled samples.
  for (double *s : {a.data(), b.data(), p.data()}) {
    masq_rtc_ry(s, n, 1, 0.9), masq_rtc_cx(s, n, 0, 1), masq_rtc_cry(s, n, 4, 3, 0.5);
  }
  // Observables per lane.
  for (int l = 0; l < 2; ++l) {
    const Buf &s = l ? b : a;
    const std::vector<double> &r = l ? rb : ra;
    EXPECT_NEAR(masq_rtc_fidelity_lane(p.data(), n, obs.data(), 3, r.data(), 8, l),
                masq_rtc_fidelity(s.data(), n, obs.data(), 3, r.data(), 8), 1e-13);
    EXPECT_NEAR(masq_rtc_expval_z_lane(p.data(), n, obs.data(), 2, l),
                masq_rtc_expval_z(s.data(), n, obs.data(), 2), 1e-13);
    EXPECT_NEAR(masq_rtc_prob_zero_lane(p.data(), n, obs.data(), 3, l),
                masq_rtc_prob_zero(s.data(), n, obs.data(), 3), 1e-13);
    std::vector<double> pl(8), ps(8);
    masq_rtc_probabilities_lane(p.data(), n, obs.data(), 3, pl.data(), l);
    masq_rtc_probabilities(s.data(), n, obs.data(), 3, ps.data());
    for (int j = 0; j < 8; ++j)
      EXPECT_NEAR(pl[j], ps[j], 1e-13) << "lane " << l << " outcome " << j;
  }
  // Seeds: lam lanes get what one-sample seeds give.
  Buf la(a.size(), 0.0), lb(a.size(), 0.0), lp(a.size(), 0.0);
  masq_rtc_seed_fidelity(a.data(), la.data(), n, obs.data(), 3, ra.data(), 8, 0.7);
  masq_rtc_seed_fidelity(b.data(), lb.data(), n, obs.data(), 3, rb.data(), 8, -1.2);
  masq_rtc_seed_fidelity_lane(p.data(), lp.data(), n, obs.data(), 3, ra.data(), 8, 0.7, 0);
  masq_rtc_seed_fidelity_lane(p.data(), lp.data(), n, obs.data(), 3, rb.data(), 8, -1.2, 1);
  masq_rtc_seed_expval_z(a.data(), la.data(), n, obs.data(), 2, 0.4);
  masq_rtc_seed_expval_z_lane(p.data(), lp.data(), n, obs.data(), 2, 0.4, 0);
  masq_rtc_seed_prob_zero(b.data(), lb.data(), n, obs.data(), 3, 2.5);
  masq_rtc_seed_prob_zero_lane(p.data(), lp.data(), n, obs.data(), 3, 2.5, 1);
  masq_rtc_seed_probabilities(a.data(), la.data(), n, obs.data(), 3, ga.data());
  masq_rtc_seed_probabilities_lane(p.data(), lp.data(), n, obs.data(), 3, ga.data(), 0);
  masq_rtc_seed_probabilities(b.data(), lb.data(), n, obs.data(), 3, gb.data());
  masq_rtc_seed_probabilities_lane(p.data(), lp.data(), n, obs.data(), 3, gb.data(), 1);
  ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
  expectLane(lp, 0, la, "seeded adjoint");
  expectLane(lp, 1, lb, "seeded adjoint");
  // Encoder backward steps, on fresh encodings (psi right after encoding).
  masq_rtc_init(a.data(), n), masq_rtc_init(b.data(), n), masq_rtc_init_pair(p.data(), n);
  masq_rtc_encode_amplitude(a.data(), n, enc.data(), 3, xa.data(), 7);
  masq_rtc_encode_amplitude(b.data(), n, enc.data(), 3, xb.data(), 7);
  masq_rtc_encode_amplitude_lane(p.data(), n, enc.data(), 3, xa.data(), 7, 0);
  masq_rtc_encode_amplitude_lane(p.data(), n, enc.data(), 3, xb.data(), 7, 1);
  for (int l = 0; l < 2; ++l) {
    std::vector<double> gl(7, 0.0), gs(7, 0.0);
    const Buf &s = l ? b : a, &ls = l ? lb : la;
    const std::vector<double> &x = l ? xb : xa;
    masq_rtc_encode_amplitude_back_lane(p.data(), lp.data(), n, enc.data(), 3, x.data(), 7,
                                        gl.data(), l);
    masq_rtc_encode_amplitude_back(s.data(), ls.data(), n, enc.data(), 3, x.data(), 7,
                                   gs.data());
    for (int j = 0; j < 7; ++j)
      EXPECT_NEAR(gl[j], gs[j], 1e-13) << "lane " << l << " input " << j;
  }
  masq_rtc_init(a.data(), n), masq_rtc_init_pair(p.data(), n);
  masq_rtc_encode_angle(a.data(), n, &one[0], 1, &ang[0], 9, 1.5);
  masq_rtc_encode_angle_lane(p.data(), n, &one[0], 1, &ang[0], 9, 1.5, 0);
  masq_rtc_encode_angle_lane(p.data(), n, &one[0], 1, &ang[1], 9, 1.5, 1);
  double gl = 0, gs = 0;
  masq_rtc_encode_angle_back_lane(p.data(), lp.data(), n, &one[0], 1, &ang[0], 9, 1.5, &gl, 0);
  masq_rtc_encode_angle_back(a.data(), la.data(), n, &one[0], 1, &ang[0], 9, 1.5, &gs);
  EXPECT_NEAR(gl, gs, 1e-13);
  EXPECT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
}

TEST(CompiledPair, BadLanesAreReported) {
  ErrorScope scope;
  const int n = 2;
  Buf p(size_t(2) << n);
  masq_rtc_init_pair(p.data(), n);
  const int32_t qs[1] = {0};
  EXPECT_TRUE(std::isnan(masq_rtc_expval_z_lane(p.data(), n, qs, 1, 2)));
  ASSERT_NE(masq_rtc_error(), nullptr);
  EXPECT_NE(std::string(masq_rtc_error()).find("lane 2"), std::string::npos)
      << masq_rtc_error();
  masq_rtc_clear_error();
  const double x = 0.5;
  Buf before = p;
  masq_rtc_encode_angle_lane(p.data(), n, qs, 1, &x, 8 /* rx */, 1.0, 0);
  ASSERT_NE(masq_rtc_error(), nullptr);
  EXPECT_NE(std::string(masq_rtc_error()).find("only RY"), std::string::npos);
  EXPECT_EQ(p, before);
  masq_rtc_clear_error();
  // A lane whose encoded qubits are not |0> is refused; the other lane does
  // not count.
  const double v[2] = {1, 1};
  masq_rtc_encode_amplitude_lane(p.data(), n, qs, 1, v, 2, 0);
  ASSERT_EQ(masq_rtc_error(), nullptr);
  masq_rtc_encode_amplitude_lane(p.data(), n, qs, 1, v, 2, 1);
  ASSERT_EQ(masq_rtc_error(), nullptr);
  masq_rtc_encode_amplitude_lane(p.data(), n, qs, 1, v, 2, 0);
  ASSERT_NE(masq_rtc_error(), nullptr);
  EXPECT_NE(std::string(masq_rtc_error()).find("must be |0>"), std::string::npos);
}

} // namespace
