// Tests of the optimizers (masq/Train/Optim.h).
#include "TestUtil.h"

#include "masq/Train/Optim.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>

using namespace masq::train;
using masq_train_test::errorOf;
using ::testing::HasSubstr;

TEST(Optim, AdamFirstTwoStepsByHand) {
  Adam adam(0.01);
  double p[2] = {1.0, -2.0};
  double g1[2] = {0.5, -0.1}, g2[2] = {0.2, 0.3};
  adam.step(p, g1, 2);
  // Step 1: m^ = g, v^ = g^2, so p -= lr * g / (|g| + eps).
  EXPECT_NEAR(p[0], 1.0 - 0.01 * 0.5 / (0.5 + 1e-8), 1e-15);
  EXPECT_NEAR(p[1], -2.0 + 0.01 * 0.1 / (0.1 + 1e-8), 1e-15);
  EXPECT_NEAR(p[0], 0.9900000002, 1e-15);
  adam.step(p, g2, 2);
  // Step 2, parameter 0: m = 0.09*0.5 + 0.1*0.2 = 0.065, m^ = 0.065/0.19;
  // v = 0.000999*0.25 + 0.001*0.04 = 0.00028975, v^ = v/0.001999.
  double mh = 0.065 / 0.19, vh = 0.00028975 / 0.001999;
  EXPECT_NEAR(p[0], 0.9900000002 - 0.01 * mh / (std::sqrt(vh) + 1e-8), 1e-14);
  EXPECT_NEAR(p[0], 0.9810142483902928, 1e-14);
  EXPECT_NEAR(p[1], -1.9949418991120065, 1e-14);
  EXPECT_EQ(adam.steps(), 2u);
  EXPECT_EQ(adam.kind(), "adam");
}

TEST(Optim, SgdWithAndWithoutMomentum) {
  SGD plain(0.1);
  double p[1] = {1.0}, g[1] = {2.0};
  plain.step(p, g, 1);
  EXPECT_DOUBLE_EQ(p[0], 0.8);
  SGD mom(0.1, 0.9);
  double q[1] = {1.0};
  mom.step(q, g, 1); // v = 2, q = 0.8
  mom.step(q, g, 1); // v = 0.9*2 + 2 = 3.8, q = 0.8 - 0.38
  EXPECT_NEAR(q[0], 0.42, 1e-15);
  EXPECT_EQ(mom.kind(), "sgd");
}

namespace {
// Gradient of sum_i (i+1) * (p_i - 1)^2 + sin(p_i), deterministic.
void grad(const std::vector<double> &p, std::vector<double> &g) {
  for (size_t i = 0; i < p.size(); ++i)
    g[i] = 2.0 * double(i + 1) * (p[i] - 1.0) + std::cos(p[i]);
}

void roundTrip(Optimizer &a, Optimizer &b) {
  std::vector<double> p = {0.3, -1.7, 2.25, 1e-3, 5.0}, g(p.size());
  for (int s = 0; s < 7; ++s) {
    grad(p, g);
    a.step(p.data(), g.data(), p.size());
  }
  // Through text, as a checkpoint would.
  std::string text = a.state().dump();
  b.loadState(nlohmann::json::parse(text));
  EXPECT_EQ(b.steps(), a.steps());
  std::vector<double> q = p;
  for (int s = 0; s < 7; ++s) {
    grad(p, g);
    a.step(p.data(), g.data(), p.size());
    grad(q, g);
    b.step(q.data(), g.data(), q.size());
  }
  ASSERT_EQ(p.size(), q.size());
  EXPECT_EQ(std::memcmp(p.data(), q.data(), p.size() * sizeof(double)), 0);
  EXPECT_EQ(a.state().dump(), b.state().dump());
}
} // namespace

TEST(Optim, AdamStateRoundTripIsBitIdentical) {
  Adam a(0.05), b(0.5, 0.1, 0.2, 1.0); // b's own settings are overwritten
  roundTrip(a, b);
  EXPECT_EQ(b.learningRate(), 0.05);
  EXPECT_EQ(b.beta2, 0.999);
}

TEST(Optim, SgdStateRoundTripIsBitIdentical) {
  SGD a(0.01, 0.9), b(1.0);
  roundTrip(a, b);
  EXPECT_EQ(b.momentum, 0.9);
}

TEST(Optim, StateErrors) {
  Adam a(0.1);
  SGD s(0.1);
  EXPECT_THAT(errorOf([&] { a.loadState(s.state()); }), HasSubstr("'sgd'"));
  nlohmann::json st = a.state();
  st.erase("v");
  EXPECT_THAT(errorOf([&] { a.loadState(st); }), HasSubstr("'v'"));
  double p[2] = {0, 0}, g[2] = {1, 1};
  a.step(p, g, 2);
  EXPECT_THROW(a.step(p, g, 1), std::invalid_argument);
}

TEST(Optim, Factory) {
  EXPECT_EQ(makeOptimizer("adam", 0.1)->kind(), "adam");
  auto s = makeOptimizer("sgd", 0.25);
  EXPECT_EQ(s->kind(), "sgd");
  EXPECT_EQ(s->learningRate(), 0.25);
  EXPECT_EQ(errorOf([] { makeOptimizer("rmsprop", 0.1); }),
            "unknown optimizer 'rmsprop': expected 'adam' or 'sgd'");
}

TEST(Optim, LearningRateSchedules) {
  LrSchedule constant;
  EXPECT_EQ(scheduledLr(constant, 0.1, 7, 10), 0.1);
  // StepLR(step_size = 3, gamma = 0.5): 0.1 for epochs 0-2, 0.05 for 3-5, ...
  LrSchedule step{"step", 3, 0.5, 0.0};
  EXPECT_DOUBLE_EQ(scheduledLr(step, 0.1, 2, 10), 0.1);
  EXPECT_DOUBLE_EQ(scheduledLr(step, 0.1, 3, 10), 0.05);
  EXPECT_DOUBLE_EQ(scheduledLr(step, 0.1, 9, 10), 0.0125);
  // CosineAnnealingLR(T_max = 10, eta_min = 0.01): lr at 0, the middle at 5.
  LrSchedule cosine{"cosine", 10, 0.5, 0.01};
  EXPECT_DOUBLE_EQ(scheduledLr(cosine, 0.1, 0, 10), 0.1);
  EXPECT_NEAR(scheduledLr(cosine, 0.1, 5, 10), 0.055, 1e-15);
  EXPECT_NEAR(scheduledLr(cosine, 0.1, 9, 10),
              0.01 + 0.09 * (1 + std::cos(M_PI * 0.9)) / 2, 1e-15);
  LrSchedule bad{"linear", 1, 1, 0};
  EXPECT_THROW(scheduledLr(bad, 0.1, 0, 1), std::runtime_error);
}

TEST(Optim, GradientClippingByNorm) {
  std::vector<double> g{3, 4}; // norm 5
  EXPECT_DOUBLE_EQ(clipGradNorm(g.data(), g.size(), 1.0), 5.0);
  EXPECT_NEAR(g[0], 0.6, 1e-15);
  EXPECT_NEAR(g[1], 0.8, 1e-15);
  std::vector<double> small{0.3, 0.4};
  clipGradNorm(small.data(), small.size(), 1.0); // under the bound: unchanged
  EXPECT_EQ(small[0], 0.3);
  EXPECT_EQ(small[1], 0.4);
  clipGradNorm(g.data(), g.size(), 0.0); // 0: no clipping
  EXPECT_NEAR(g[1], 0.8, 1e-15);
}
