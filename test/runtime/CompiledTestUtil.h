//===- CompiledTestUtil.h - helpers of the compiled-code ABI tests -*- C++ -*-===//
//
// Shared by CompiledTest.cpp (gates) and CompiledDataTest.cpp (encoders,
// masks, observables, reset, bad input): pointer views, the error scope,
// entry points by gate kind, random circuits and losses, and the fixture
// that runs a test on both SIMD paths.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TEST_RUNTIME_COMPILEDTESTUTIL_H
#define MASQ_TEST_RUNTIME_COMPILEDTESTUTIL_H

#include "RefSim.h"
#include "masq/Runtime/Compiled.h"
#include "masq/Runtime/Encoders.h"
#include "masq/Runtime/Observables.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace compiledtest {
using namespace reftest;
using masq::gates::Kind;
} // namespace compiledtest

namespace compiledtest {

constexpr int kNumKinds = masq::gates::kNumKinds;

inline double *D(Vec &v) { return reinterpret_cast<double *>(v.data()); }
inline const double *D(const Vec &v) { return reinterpret_cast<const double *>(v.data()); }

struct ErrorScope { // every test starts and ends without a recorded error
  ErrorScope() { masq_rtc_clear_error(); }
  ~ErrorScope() { masq_rtc_clear_error(); }
};

inline std::string err() {
  const char *e = masq_rtc_error();
  return e ? e : "";
}

// Calls the forward entry point of kind k (generated from the gate table,
// by the (qubits, params) signatures of Compiled.h).
// (P: the name prefix, masq_rtc_ or the complex64 masq_rtc_f32_.)
#define MASQ_TEST_FWD_1_0(P, name) P##name(p, n, q[0])
#define MASQ_TEST_FWD_1_1(P, name) P##name(p, n, q[0], a[0])
#define MASQ_TEST_FWD_1_3(P, name) P##name(p, n, q[0], a[0], a[1], a[2])
#define MASQ_TEST_FWD_2_0(P, name) P##name(p, n, q[0], q[1])
#define MASQ_TEST_FWD_2_1(P, name) P##name(p, n, q[0], q[1], a[0])
#define MASQ_TEST_FWD(K, name, Op, qasm, qubits, params, ...)                   \
  case Kind::K:                                                                 \
    MASQ_TEST_FWD_##qubits##_##params(masq_rtc_, name);                         \
    return;
inline void fwd(Kind k, Vec &psi, int n, const std::vector<int> &q, const double *a) {
  double *p = D(psi);
  switch (k) { MASQ_GATES(MASQ_TEST_FWD) }
}

// Calls the backward entry point of kind k; d gets dL/dangle_p.
#define MASQ_TEST_BACK_1_0(P, name) P##name##_back(p, l, n, q[0])
#define MASQ_TEST_BACK_1_1(P, name) d[0] = P##name##_back(p, l, n, q[0], a[0])
#define MASQ_TEST_BACK_1_3(P, name) P##name##_back(p, l, n, q[0], a[0], a[1], a[2], d)
#define MASQ_TEST_BACK_2_0(P, name) P##name##_back(p, l, n, q[0], q[1])
#define MASQ_TEST_BACK_2_1(P, name) d[0] = P##name##_back(p, l, n, q[0], q[1], a[0])
#define MASQ_TEST_BACK(K, name, Op, qasm, qubits, params, ...)                  \
  case Kind::K:                                                                 \
    MASQ_TEST_BACK_##qubits##_##params(masq_rtc_, name);                        \
    return;
inline void back(Kind k, Vec &psi, Vec &lam, int n, const std::vector<int> &q, const double *a,
          double *d) {
  double *p = D(psi), *l = D(lam);
  switch (k) { MASQ_GATES(MASQ_TEST_BACK) }
}

inline std::vector<int> randomQubits(int arity, int n, std::mt19937_64 &rng) {
  std::vector<int> all(n);
  for (int i = 0; i < n; ++i)
    all[i] = i;
  std::shuffle(all.begin(), all.end(), rng);
  return std::vector<int>(all.begin(), all.begin() + arity);
}

inline std::vector<double> randomVector(size_t len, std::mt19937_64 &rng, double lo = -1,
                                 double hi = 1) {
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(len);
  for (auto &x : v)
    x = u(rng);
  return v;
}

struct Op {
  Kind kind;
  std::vector<int> q;
  double a[3];
};

inline Op randomOp(Kind k, int n, std::mt19937_64 &rng) {
  Op op{k, randomQubits(masq::gates::info(k).numQubits, n, rng), {0, 0, 0}};
  auto a = randomVector(3, rng, -3.2, 3.2);
  std::copy(a.begin(), a.end(), op.a);
  return op;
}

// A random circuit on n qubits containing `must` twice (when given).
inline std::vector<Op> randomCircuit(int n, int len, std::mt19937_64 &rng, int must = -1) {
  std::vector<Op> ops;
  std::uniform_int_distribution<int> pick(0, kNumKinds - 1);
  for (int i = 0; i < len; ++i) {
    Kind k = Kind(pick(rng));
    if (must >= 0 && (i == 1 || i == len - 2))
      k = Kind(must);
    if (masq::gates::info(k).numQubits > n)
      k = Kind::RY;
    ops.push_back(randomOp(k, n, rng));
  }
  return ops;
}

// The loss used by the gradient tests: 0.7 <Z_zq...> + 1.3 F(ref on fq).
struct Loss {
  std::vector<int> zq, fq;
  std::vector<double> ref;
  double eval(const Vec &psi, int n) const {
    return 0.7 * masq_rtc_expval_z(D(psi), n, zq.data(), int(zq.size())) +
           1.3 * masq_rtc_fidelity(D(psi), n, fq.data(), int(fq.size()), ref.data(),
                                   int(ref.size()));
  }
  void seed(const Vec &psi, Vec &lam, int n) const {
    masq_rtc_seed_expval_z(D(psi), D(lam), n, zq.data(), int(zq.size()), 0.7);
    masq_rtc_seed_fidelity(D(psi), D(lam), n, fq.data(), int(fq.size()), ref.data(),
                           int(ref.size()), 1.3);
  }
};

inline Loss randomLoss(int n, std::mt19937_64 &rng) {
  Loss L;
  L.zq = randomQubits(std::min(n, 2), n, rng);
  L.fq = randomQubits(std::min(n, 3), n, rng);
  L.ref = randomVector((size_t(1) << L.fq.size()) - (L.fq.size() > 1 ? 1 : 0), rng);
  return L;
}

inline double runLoss(const Vec &psi0, const std::vector<Op> &ops, const Loss &L, int n) {
  Vec psi = psi0;
  for (const Op &op : ops)
    fwd(op.kind, psi, n, op.q, op.a);
  return L.eval(psi, n);
}

inline int gChecked = 0; // angles compared so far

// Adjoint gradient of every angle of the circuit vs central differences, and
// exact un-computation of every gate.
inline void checkChain(const Vec &psi0, const std::vector<Op> &ops, const Loss &L, int n,
                const char *what) {
  SCOPED_TRACE(what);
  std::vector<Vec> before;
  Vec psi = psi0;
  for (const Op &op : ops) {
    before.push_back(psi);
    fwd(op.kind, psi, n, op.q, op.a);
  }
  Vec lam(psi.size(), 0.0);
  L.seed(psi, lam, n);
  std::vector<std::vector<double>> grad(ops.size(), std::vector<double>(3, 0.0));
  for (size_t t = ops.size(); t-- > 0;) {
    const Op &op = ops[t];
    back(op.kind, psi, lam, n, op.q, op.a, grad[t].data());
    ASSERT_LT(maxDiff(psi.data(), before[t].data(), psi.size()), 1e-12)
        << "un-computing " << masq::gates::info(op.kind).name << " at step " << t;
  }
  ASSERT_EQ(masq_rtc_error(), nullptr) << err();
  const double h = 1e-6;
  int checked = 0;
  for (size_t t = 0; t < ops.size(); ++t)
    for (int p = 0; p < masq::gates::info(ops[t].kind).numParams; ++p) {
      std::vector<Op> plus = ops, minus = ops;
      plus[t].a[p] += h;
      minus[t].a[p] -= h;
      const double fd = (runLoss(psi0, plus, L, n) - runLoss(psi0, minus, L, n)) / (2 * h);
      EXPECT_NEAR(grad[t][p], fd, 2e-8)
          << masq::gates::info(ops[t].kind).name << " step " << t << " angle " << p;
      ++checked;
    }
  EXPECT_GT(checked, 0);
  gChecked += checked;
}

// The gate kernels have an SSE2 and an AVX2/FMA instance (chosen by the
// runtime's SIMD switch): the gate tests run on both.
class CompiledPath : public ::testing::TestWithParam<bool> {
protected:
  void SetUp() override {
    saved_ = masq::rt::simdEnabled();
    masq::rt::setSimdEnabled(GetParam());
    masq_rtc_clear_error();
  }
  void TearDown() override {
    masq::rt::setSimdEnabled(saved_);
    masq_rtc_clear_error();
  }
  bool saved_ = true;
};

} // namespace compiledtest

#endif // MASQ_TEST_RUNTIME_COMPILEDTESTUTIL_H
