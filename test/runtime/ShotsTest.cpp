//===- ShotsTest.cpp - finite-shot estimates of compiled observables ------===//
#include "masq/Runtime/Compiled.h"
#include "masq/Runtime/Shots.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

using masq::ShotScope;

// |psi> = cos(a/2)|0> + sin(a/2)|1> on one qubit (interleaved complex).
std::vector<double> ryState(double a) {
  return {std::cos(a / 2), 0, std::sin(a / 2), 0};
}

TEST(Shots, ExactWithoutAScope) {
  EXPECT_FALSE(masq::shots::active());
  auto psi = ryState(0.7);
  const int32_t q = 0;
  EXPECT_DOUBLE_EQ(masq_rtc_expval_z(psi.data(), 1, &q, 1), std::cos(0.7));
}

TEST(Shots, EstimatesAreFrequenciesOfTheShots) {
  auto psi = ryState(1.1);
  const int32_t q = 0;
  ShotScope scope(1000, 7);
  ShotScope::beginSample(0);
  const double z = masq_rtc_expval_z(psi.data(), 1, &q, 1);
  const double p0 = masq_rtc_prob_zero(psi.data(), 1, &q, 1);
  EXPECT_NEAR((z + 1) * 500, std::round((z + 1) * 500), 1e-9);
  EXPECT_NEAR(p0 * 1000, std::round(p0 * 1000), 1e-9);
  // Within 6 standard errors of the exact values.
  const double P = std::cos(0.55) * std::cos(0.55);
  EXPECT_LT(std::fabs(p0 - P), 6 * std::sqrt(P * (1 - P) / 1000));
  EXPECT_LT(std::fabs(z - (2 * P - 1)), 12 * std::sqrt(P * (1 - P) / 1000));
}

TEST(Shots, CertainOutcomesStayCertain) {
  auto psi = ryState(0); // |0>
  const int32_t q = 0;
  ShotScope scope(10, 1);
  ShotScope::beginSample(3);
  EXPECT_EQ(masq_rtc_expval_z(psi.data(), 1, &q, 1), 1.0);
  EXPECT_EQ(masq_rtc_prob_zero(psi.data(), 1, &q, 1), 1.0);
}

TEST(Shots, ProbabilitiesAreAMultinomialDraw) {
  // Two qubits, amplitudes (0.6, 0, 0.8, 0): P = (0.36, 0, 0.64, 0).
  std::vector<double> psi = {0.6, 0, 0, 0, 0.8, 0, 0, 0};
  const int32_t qs[2] = {0, 1};
  ShotScope scope(500, 11);
  ShotScope::beginSample(0);
  double out[4];
  masq_rtc_probabilities(psi.data(), 2, qs, 2, out);
  EXPECT_EQ(out[1], 0.0);
  EXPECT_EQ(out[3], 0.0);
  EXPECT_NEAR(out[0] + out[2], 1.0, 1e-12);
  EXPECT_NEAR(out[0] * 500, std::round(out[0] * 500), 1e-9);
}

TEST(Shots, StreamsDependOnSeedSampleAndPosition) {
  auto psi = ryState(1.3);
  const int32_t q = 0;
  auto draw = [&](uint64_t seed, int64_t sample, int skip) {
    ShotScope scope(100000, seed);
    ShotScope::beginSample(sample);
    for (int i = 0; i < skip; ++i)
      masq_rtc_prob_zero(psi.data(), 1, &q, 1);
    return masq_rtc_prob_zero(psi.data(), 1, &q, 1);
  };
  EXPECT_EQ(draw(1, 4, 0), draw(1, 4, 0));  // reproducible
  EXPECT_NE(draw(1, 4, 0), draw(2, 4, 0));  // another seed
  EXPECT_NE(draw(1, 4, 0), draw(1, 5, 0));  // another sample
  EXPECT_NE(draw(1, 4, 0), draw(1, 4, 1));  // the next observable of the sample
  EXPECT_FALSE(masq::shots::active());      // the scope closed
}

} // namespace
