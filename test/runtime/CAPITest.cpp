//===- CAPITest.cpp - The C ABI: statuses for bad input, round trips ------===//
#include "masq/Oracle/CAPI.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {
int kind(const char *name) {
  int k = -1;
  EXPECT_EQ(masq_rt_gate_kind(name, &k), MASQ_RT_OK);
  return k;
}
std::string lastError() { return masq_rt_last_error(); }
} // namespace

TEST(CAPI, StateErrorStatuses) {
  masq_rt_state *s = nullptr;
  EXPECT_EQ(masq_rt_state_create(31, &s), MASQ_RT_OUT_OF_MEMORY);
  EXPECT_EQ(s, nullptr);
  EXPECT_FALSE(lastError().empty());
  EXPECT_EQ(masq_rt_state_create(0, &s), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_state_create(3, nullptr), MASQ_RT_BAD_ARGUMENT);
  ASSERT_EQ(masq_rt_state_create(3, &s), MASQ_RT_OK);
  EXPECT_TRUE(lastError().empty());

  const int q3[1] = {3}, qneg[1] = {-1}, dup[2] = {1, 1}, ok2[2] = {0, 2};
  const double a[1] = {0.5}, nan[1] = {std::numeric_limits<double>::quiet_NaN()},
               inf[1] = {std::numeric_limits<double>::infinity()};
  EXPECT_EQ(masq_rt_gate(s, kind("rx"), q3, 1, a, 1), MASQ_RT_BAD_QUBIT);
  EXPECT_EQ(masq_rt_gate(s, kind("rx"), qneg, 1, a, 1), MASQ_RT_BAD_QUBIT);
  EXPECT_EQ(masq_rt_gate(s, kind("cx"), dup, 2, nullptr, 0), MASQ_RT_DUPLICATE_QUBIT);
  EXPECT_EQ(masq_rt_gate(s, kind("rx"), ok2, 1, nan, 1), MASQ_RT_NON_FINITE);
  EXPECT_EQ(masq_rt_gate(s, kind("crz"), ok2, 2, inf, 1), MASQ_RT_NON_FINITE);
  EXPECT_EQ(masq_rt_gate(s, 99, ok2, 1, a, 1), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_gate(s, kind("rx"), ok2, 2, a, 1), MASQ_RT_BAD_ARGUMENT); // arity
  EXPECT_EQ(masq_rt_gate(s, kind("rx"), ok2, 1, a, 0), MASQ_RT_BAD_ARGUMENT); // angles
  EXPECT_EQ(masq_rt_gate(nullptr, kind("h"), ok2, 1, nullptr, 0), MASQ_RT_BAD_ARGUMENT);
  int k;
  EXPECT_EQ(masq_rt_gate_kind("nope", &k), MASQ_RT_BAD_ARGUMENT);

  const double notUnitary[8] = {1, 0, 1, 0, 0, 0, 1, 0};
  const double hadamard[8] = {M_SQRT1_2, 0, M_SQRT1_2, 0, M_SQRT1_2, 0, -M_SQRT1_2, 0};
  EXPECT_EQ(masq_rt_unitary(s, ok2, 1, notUnitary), MASQ_RT_NON_UNITARY);
  EXPECT_EQ(masq_rt_unitary(s, ok2, 1, hadamard), MASQ_RT_OK);
  EXPECT_EQ(masq_rt_unitary(s, ok2, 6, hadamard), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_unitary(s, dup, 2, nullptr), MASQ_RT_BAD_ARGUMENT);

  const double zeros[4] = {0, 0, 0, 0}, x[3] = {1, 2, 3}, xnan[2] = {1, NAN};
  EXPECT_EQ(masq_rt_encode_amplitude(s, zeros, 4), MASQ_RT_ZERO_NORM);
  EXPECT_EQ(masq_rt_encode_amplitude(s, xnan, 2), MASQ_RT_NON_FINITE);
  EXPECT_EQ(masq_rt_encode_amplitude(s, x, 9), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_encode_amplitude(s, nullptr, 2), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_encode_amplitude(s, x, 3), MASQ_RT_OK);
  EXPECT_EQ(masq_rt_encode_angle(s, x, ok2, 2, kind("cx"), 1.0), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_encode_angle(s, x, dup, 2, kind("ry"), 1.0), MASQ_RT_DUPLICATE_QUBIT);

  double f = 0;
  EXPECT_EQ(masq_rt_fidelity(s, zeros, 4, &f), MASQ_RT_ZERO_NORM);
  EXPECT_EQ(masq_rt_fidelity(s, x, 3, &f), MASQ_RT_OK);
  EXPECT_NEAR(f, 1.0, 1e-14);
  EXPECT_EQ(masq_rt_expval_z(s, q3, 1, &f), MASQ_RT_BAD_QUBIT);
  EXPECT_EQ(masq_rt_prob_zero(s, dup, 2, &f), MASQ_RT_DUPLICATE_QUBIT);
  EXPECT_EQ(masq_rt_reset(s, q3, 1), MASQ_RT_BAD_QUBIT);
  EXPECT_EQ(masq_rt_reset(s, ok2, 0), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_reset(s, ok2, 2), MASQ_RT_OK);
  double amps[16];
  EXPECT_EQ(masq_rt_state_get(s, amps, 8), MASQ_RT_BAD_ARGUMENT); // mixed now
  double p[4];
  EXPECT_EQ(masq_rt_probabilities(s, ok2, 2, p), MASQ_RT_OK);
  EXPECT_NEAR(p[0], 1.0, 1e-14); // both reset qubits read 0
  uint64_t shots[10];
  EXPECT_EQ(masq_rt_sample(s, ok2, 2, 10, 1, shots), MASQ_RT_OK);
  EXPECT_EQ(masq_rt_sample(s, ok2, 2, 10, 1, nullptr), MASQ_RT_BAD_ARGUMENT);
  masq_rt_state_destroy(s);
}

TEST(CAPI, MaskAndBatchErrors) {
  masq_rt_mask m = {};
  m.kind = 1, m.rows = 4, m.cols = 4, m.patch = 3;
  double x[16] = {}, out[16];
  const double pattern[4] = {1, 0, 0, 0};
  EXPECT_EQ(masq_rt_apply_mask(&m, x, 16, pattern, nullptr, 0, out), MASQ_RT_BAD_ARGUMENT);
  m.patch = 2, m.fill = 7;
  EXPECT_EQ(masq_rt_apply_mask(&m, x, 16, pattern, nullptr, 0, out), MASQ_RT_OK);
  EXPECT_EQ(out[0], 7);
  EXPECT_EQ(out[2], 0);
  EXPECT_EQ(masq_rt_apply_mask(&m, x, 16, nullptr, nullptr, 0, out), MASQ_RT_BAD_ARGUMENT);
  m.kind = 9;
  EXPECT_EQ(masq_rt_apply_mask(&m, x, 16, pattern, nullptr, 0, out), MASQ_RT_BAD_ARGUMENT);

  masq_rt_batch *b = nullptr;
  EXPECT_EQ(masq_rt_batch_create(3, 0, &b), MASQ_RT_BAD_ARGUMENT);
  ASSERT_EQ(masq_rt_batch_create(3, 4, &b), MASQ_RT_OK);
  const int q0[1] = {0}, q9[1] = {9};
  const double per[4] = {0.1, 0.2, NAN, 0.4};
  EXPECT_EQ(masq_rt_batch_gate(b, kind("ry"), q0, 1, per, 1, 1), MASQ_RT_NON_FINITE);
  EXPECT_EQ(masq_rt_batch_gate(b, kind("ry"), q9, 1, per, 1, 0), MASQ_RT_BAD_QUBIT);
  EXPECT_EQ(masq_rt_batch_gate(b, kind("ry"), q0, 1, per, 1, 0), MASQ_RT_OK);
  std::vector<double> xs(4 * 8, 0.0);
  xs[0] = 1; // samples 1..3 are zero vectors
  EXPECT_EQ(masq_rt_batch_encode_amplitude(b, xs.data(), 8), MASQ_RT_ZERO_NORM);
  double ez[4];
  EXPECT_EQ(masq_rt_batch_expval_z(b, q0, 1, ez), MASQ_RT_OK);
  masq_rt_batch_destroy(b);
}

// Builds a small tape through the ABI, runs it and checks its gradient
// against the finite-difference reference, plus tape-building errors.
TEST(CAPI, TapeRoundTripAndErrors) {
  masq_rt_tape *t = nullptr;
  EXPECT_EQ(masq_rt_tape_create(40, 1, 0, &t), MASQ_RT_OUT_OF_MEMORY);
  ASSERT_EQ(masq_rt_tape_create(2, 2, 4, &t), MASQ_RT_OK);
  EXPECT_EQ(masq_rt_tape_encode_amplitude(t, 2, 4, nullptr, 0), MASQ_RT_BAD_ARGUMENT);
  ASSERT_EQ(masq_rt_tape_encode_amplitude(t, 0, 4, nullptr, 0), MASQ_RT_OK);
  const int q0[1] = {0}, q01[2] = {0, 1}, q5[1] = {5};
  const int idx[2] = {0, 1}, badIdx[1] = {7};
  const double coef[2] = {1.0, -0.5};
  masq_rt_angle a = {0.1, 2, idx, coef, 0, nullptr, nullptr};
  masq_rt_angle bad = {0.0, 1, badIdx, coef, 0, nullptr, nullptr};
  masq_rt_angle nanA = {NAN, 0, nullptr, nullptr, 0, nullptr, nullptr};
  EXPECT_EQ(masq_rt_tape_gate(t, kind("ry"), q0, 1, &bad, 1), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_tape_gate(t, kind("ry"), q0, 1, &nanA, 1), MASQ_RT_NON_FINITE);
  EXPECT_EQ(masq_rt_tape_gate(t, kind("ry"), q5, 1, &a, 1), MASQ_RT_BAD_QUBIT);
  EXPECT_EQ(masq_rt_tape_encode_amplitude(t, 0, 4, nullptr, 0), MASQ_RT_BAD_ARGUMENT);
  ASSERT_EQ(masq_rt_tape_gate(t, kind("ry"), q0, 1, &a, 1), MASQ_RT_OK);
  ASSERT_EQ(masq_rt_tape_gate(t, kind("crx"), q01, 2, &a, 1), MASQ_RT_OK);
  int off = -1;
  ASSERT_EQ(masq_rt_tape_observe(t, MASQ_RT_OBS_PROB_ZERO, q0, 1, "trash", 0, 0, 0, &off),
            MASQ_RT_OK);
  EXPECT_EQ(off, 0);
  EXPECT_EQ(masq_rt_tape_observe(t, MASQ_RT_OBS_EXPVAL_Z, q0, 1, "trash", 0, 0, 0, &off),
            MASQ_RT_BAD_ARGUMENT); // duplicate name
  EXPECT_EQ(masq_rt_tape_observe(t, MASQ_RT_OBS_SAMPLE, q0, 1, "s", 0, 0, 0, &off),
            MASQ_RT_BAD_ARGUMENT); // zero shots
  ASSERT_EQ(masq_rt_tape_reset(t, q0, 1), MASQ_RT_OK);
  ASSERT_EQ(masq_rt_tape_observe(t, MASQ_RT_OBS_EXPVAL_Z, q01, 2, "zz", 0, 0, 0, &off),
            MASQ_RT_OK);
  int nv = 0, cnt = 0;
  ASSERT_EQ(masq_rt_tape_num_values(t, &nv), MASQ_RT_OK);
  EXPECT_EQ(nv, 2);
  EXPECT_EQ(masq_rt_tape_value_offset(t, "zz", &off, &cnt), MASQ_RT_OK);
  EXPECT_EQ(off, 1);
  EXPECT_EQ(masq_rt_tape_value_offset(t, "none", &off, &cnt), MASQ_RT_BAD_ARGUMENT);

  const double theta[2] = {0.3, -1.1}, inputs[8] = {1, 2, 3, 4, 0.5, 0, 0.2, 0.1};
  double values[4], losses[2], g[2], gf[2];
  const double w[2] = {-1.0, 0.25}, cot[4] = {-1, 0.25, -1, 0.25};
  ASSERT_EQ(masq_rt_run(t, theta, inputs, 2, 0, values), MASQ_RT_OK);
  ASSERT_EQ(masq_rt_gradient(t, theta, inputs, 2, w, 1.0, values, losses, g, nullptr),
            MASQ_RT_OK);
  ASSERT_EQ(masq_rt_finite_diff(t, theta, inputs, 2, cot, 1e-5, gf, nullptr), MASQ_RT_OK);
  EXPECT_NEAR(g[0], gf[0], 1e-7);
  EXPECT_NEAR(g[1], gf[1], 1e-7);
  ASSERT_EQ(masq_rt_param_shift(t, theta, inputs, 2, cot, gf, nullptr), MASQ_RT_OK);
  EXPECT_NEAR(g[0], gf[0], 1e-10);
  EXPECT_NEAR(g[1], gf[1], 1e-10);
  ASSERT_EQ(masq_rt_vjp(t, theta, inputs, 2, cot, nullptr, gf, nullptr), MASQ_RT_OK);
  EXPECT_NEAR(g[0], gf[0], 1e-14);

  const double nanTheta[2] = {NAN, 0};
  EXPECT_EQ(masq_rt_run(t, nanTheta, inputs, 2, 0, values), MASQ_RT_NON_FINITE);
  const double zeroIn[8] = {0, 0, 0, 0, 1, 1, 1, 1};
  EXPECT_EQ(masq_rt_run(t, theta, zeroIn, 2, 0, values), MASQ_RT_ZERO_NORM);
  EXPECT_EQ(masq_rt_run(t, theta, nullptr, 2, 0, values), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_run(t, theta, inputs, -1, 0, values), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_gradient(t, theta, inputs, 2, nullptr, 0, values, losses, g, nullptr),
            MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_finite_diff(t, theta, inputs, 2, cot, 0.0, gf, nullptr),
            MASQ_RT_BAD_ARGUMENT);
  masq_rt_tape_destroy(t);
}

extern "C" int masq_capi_c_smoke(void);

TEST(CAPI, UsableFromC) { EXPECT_EQ(masq_capi_c_smoke(), 0); }

TEST(CAPI, ConfigurationCalls) {
  EXPECT_EQ(masq_rt_set_num_threads(-1), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_set_num_threads(0), MASQ_RT_OK);
  EXPECT_EQ(masq_rt_set_parallel_qubits(0), MASQ_RT_BAD_ARGUMENT);
  EXPECT_EQ(masq_rt_set_parallel_qubits(14), MASQ_RT_OK);
  EXPECT_EQ(masq_rt_set_simd(1), MASQ_RT_OK);
  EXPECT_EQ(masq_rt_set_cache_blocking(1), MASQ_RT_OK);
  EXPECT_EQ(masq_rt_set_sample_pairing(1), MASQ_RT_OK);
  EXPECT_STREQ(masq_rt_status_string(MASQ_RT_ZERO_NORM), "zero-norm input");
}
