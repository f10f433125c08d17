//===- KernelTest.cpp - Gate kernels against dense matrices ---------------===//
#include "RefSim.h"
#include "masq/Runtime/Batch.h"
#include "masq/Runtime/Kernels.h"
#include "masq/Runtime/State.h"

#include <gtest/gtest.h>

using namespace masq;
using namespace masq::rt;
using namespace reftest;

namespace {

struct SimdScope {
  bool saved = simdEnabled();
  explicit SimdScope(bool on) { setSimdEnabled(on); }
  ~SimdScope() { setSimdEnabled(saved); }
};

std::vector<double> randomAngles(gates::Kind k, std::mt19937_64 &rng) {
  std::uniform_real_distribution<double> u(-3.5, 3.5);
  std::vector<double> a(3);
  for (auto &x : a)
    x = u(rng);
  (void)k;
  return a;
}

// Every operand placement of the gate on n qubits (ordered tuples).
std::vector<std::vector<int>> placements(int arity, int n) {
  std::vector<std::vector<int>> out;
  if (arity == 1) {
    for (int a = 0; a < n; ++a)
      out.push_back({a});
  } else {
    for (int a = 0; a < n; ++a)
      for (int b = 0; b < n; ++b)
        if (a != b)
          out.push_back({a, b});
  }
  return out;
}

void checkAllGates(bool simd) {
  SimdScope scope(simd);
  std::mt19937_64 rng(1234);
  for (int n : {1, 2, 3, 4, 5, 6, 8, 10}) {
    for (int kk = 0; kk < gates::kNumKinds; ++kk) {
      const auto kind = static_cast<gates::Kind>(kk);
      const int arity = gates::info(kind).numQubits;
      if (arity > n)
        continue;
      for (const auto &q : placements(arity, n)) {
        const Vec psi0 = randomState(n, rng);
        const auto angles = randomAngles(kind, rng);
        Vec ref = psi0;
        applyGate(ref, kind, q, angles.data());
        StateVector sv(n);
        sv.setAmplitudes(psi0.data(), psi0.size());
        sv.applyGate(kind, q.data(), angles.data());
        ASSERT_LT(maxDiff(sv.data(), ref.data(), ref.size()), 1e-12)
            << gates::info(kind).name << " n=" << n << " q0=" << q[0]
            << (arity > 1 ? " q1=" + std::to_string(q[1]) : "");
        ASSERT_NEAR(sv.normSquared(), 1.0, 1e-12);
        // The compiled inverse undoes the gate.
        apply(compileInverse(kind, q.data(), angles.data()), sv.data(), n);
        ASSERT_LT(maxDiff(sv.data(), psi0.data(), psi0.size()), 1e-12);
      }
    }
  }
}

} // namespace

TEST(Kernels, EveryGateMatchesDenseMatrixScalar) { checkAllGates(false); }

TEST(Kernels, EveryGateMatchesDenseMatrixSimd) {
  if (!simdSupported())
    GTEST_SKIP() << "no AVX2/FMA on this CPU";
  checkAllGates(true);
}

TEST(Kernels, FusedUnitariesMatchDense) {
  for (bool simd : {false, true}) {
    SimdScope scope(simd);
    std::mt19937_64 rng(77);
    for (int n : {3, 5, 7}) {
      for (int k = 1; k <= std::min(n, 5); ++k) {
        for (int rep = 0; rep < 6; ++rep) {
          std::vector<int> q(static_cast<size_t>(n));
          for (int i = 0; i < n; ++i)
            q[size_t(i)] = i;
          std::shuffle(q.begin(), q.end(), rng);
          q.resize(size_t(k));
          const auto m = randomUnitary(1 << k, rng);
          const Vec psi0 = randomState(n, rng);
          Vec ref = psi0;
          applyDense(ref, q, m.data());
          StateVector sv(n);
          sv.setAmplitudes(psi0.data(), psi0.size());
          sv.applyUnitary(q.data(), k, m.data());
          ASSERT_LT(maxDiff(sv.data(), ref.data(), ref.size()), 1e-12) << "k=" << k;
          apply(inverseOf(compileUnitary(q.data(), k, m.data())), sv.data(), n);
          ASSERT_LT(maxDiff(sv.data(), psi0.data(), psi0.size()), 1e-12);
        }
      }
    }
  }
}

// The same random circuit through the SIMD and scalar tables.
TEST(Kernels, SimdAndScalarAgree) {
  if (!simdSupported())
    GTEST_SKIP() << "no AVX2/FMA on this CPU";
  for (int n : {2, 6, 11}) {
    std::mt19937_64 rng(n);
    StateVector a(n), b(n);
    const Vec psi0 = randomState(n, rng);
    a.setAmplitudes(psi0.data(), psi0.size());
    b.setAmplitudes(psi0.data(), psi0.size());
    std::uniform_int_distribution<int> kindDist(0, gates::kNumKinds - 1), qd(0, n - 1);
    for (int g = 0; g < 200; ++g) {
      const auto kind = static_cast<gates::Kind>(kindDist(rng));
      if (gates::info(kind).numQubits > n)
        continue;
      int q[2] = {qd(rng), 0};
      do
        q[1] = qd(rng);
      while (n > 1 && q[1] == q[0]);
      const auto ang = randomAngles(kind, rng);
      {
        SimdScope s(true);
        a.applyGate(kind, q, ang.data());
      }
      {
        SimdScope s(false);
        b.applyGate(kind, q, ang.data());
      }
    }
    EXPECT_LT(maxDiff(a.data(), b.data(), a.size()), 1e-12);
  }
}

// The fused backward step: accumulated Re<lam|dU psi_before> and the
// un-computed psi and lambda, for every parametrised gate, both tables.
TEST(Kernels, BackwardStepMatchesDense) {
  for (bool simd : {false, true}) {
    SimdScope scope(simd);
    std::mt19937_64 rng(99);
    for (int n : {1, 2, 3, 5}) {
      for (int kk = 0; kk < gates::kNumKinds; ++kk) {
        const auto kind = static_cast<gates::Kind>(kk);
        const int np = gates::info(kind).numParams, arity = gates::info(kind).numQubits;
        if (!np || arity > n)
          continue;
        for (const auto &q : placements(arity, n)) {
          const auto ang = randomAngles(kind, rng);
          const Vec before = randomState(n, rng), lam0 = randomState(n, rng);
          Vec after = before;
          applyGate(after, kind, q, ang.data());
          double expect[3];
          for (int p = 0; p < np; ++p) {
            cplx d[16];
            gates::derivative(kind, ang.data(), p, d);
            Vec du = before;
            applyDense(du, q, d);
            cplx s = 0;
            for (size_t i = 0; i < du.size(); ++i)
              s += std::conj(lam0[i]) * du[i];
            expect[p] = s.real();
          }
          Vec psi = after, lam = lam0;
          double acc[3] = {0, 0, 0};
          applyBackward(compileBackward(kind, q.data(), ang.data()), psi.data(), lam.data(),
                        n, acc);
          for (int p = 0; p < np; ++p)
            ASSERT_NEAR(acc[p], expect[p], 1e-12) << gates::info(kind).name;
          ASSERT_LT(maxDiff(psi.data(), before.data(), psi.size()), 1e-12);
          Vec lamRef = lam0;
          cplx u[16], ud[16];
          gates::matrix(kind, ang.data(), u);
          const int dim = 1 << arity;
          for (int r = 0; r < dim; ++r)
            for (int c = 0; c < dim; ++c)
              ud[r * dim + c] = std::conj(u[c * dim + r]);
          applyDense(lamRef, q, ud);
          ASSERT_LT(maxDiff(lam.data(), lamRef.data(), lam.size()), 1e-12);
        }
      }
    }
  }
}

// The packed backward step (real psi and lambda in one vector v = psi + i lam)
// equals the two-array step: same derivative term, same un-computed psi and
// lambda, for RY (antisymmetric M), CRY (dense form) and a Real1 step with a
// general real M, on every placement, both tables, threaded at 16 qubits.
TEST(Kernels, PackedBackwardStepMatchesTwoArrays) {
  std::mt19937_64 rng(31);
  std::normal_distribution<double> g;
  auto realVec = [&](int n) {
    Vec v(size_t(1) << n);
    for (auto &z : v)
      z = cplx(g(rng), 0.0);
    return v;
  };
  auto check = [&](const BwdOp &op, int n) {
    const Vec psi0 = realVec(n), lam0 = realVec(n);
    Vec psi = psi0, lam = lam0, v(psi0.size());
    for (size_t i = 0; i < v.size(); ++i)
      v[i] = cplx(psi0[i].real(), lam0[i].real());
    double a[3] = {0, 0, 0}, b[3] = {0, 0, 0};
    applyBackward(op, psi.data(), lam.data(), n, a);
    ASSERT_TRUE(packableBackward(op));
    applyBackwardPacked(op, v.data(), n, b);
    for (int p = 0; p < op.np; ++p)
      ASSERT_NEAR(b[p], a[p], 1e-11 * (1 << (n / 2))) << "n=" << n << " q0=" << op.q[0];
    for (size_t i = 0; i < v.size(); ++i) {
      ASSERT_NEAR(v[i].real(), psi[i].real(), 1e-12);
      ASSERT_NEAR(v[i].imag(), lam[i].real(), 1e-12);
    }
  };
  const int savedThreads = numThreads();
  for (bool simd : {false, true}) {
    SimdScope scope(simd);
    for (int n : {1, 2, 3, 5, 16}) {
      setNumThreads(n == 16 ? 2 : 1);
      for (const auto &q : placements(1, n)) {
        const auto ang = randomAngles(gates::Kind::RY, rng);
        check(compileBackward(gates::Kind::RY, q.data(), ang.data()), n);
        BwdOp general = compileBackward(gates::Kind::RY, q.data(), ang.data());
        for (double &m : general.rm)
          m = g(rng);
        check(general, n);
      }
      if (n >= 2)
        for (const auto &q : placements(2, n)) {
          if (n == 16 && q[0] % 5 != 0)
            continue;
          const auto ang = randomAngles(gates::Kind::CRY, rng);
          check(compileBackward(gates::Kind::CRY, q.data(), ang.data()), n);
        }
    }
  }
  setNumThreads(savedThreads);
  int q[1] = {0};
  const double ang[3] = {0.3, 0.1, -0.2};
  EXPECT_FALSE(packableBackward(compileBackward(gates::Kind::RX, q, ang)));
  EXPECT_FALSE(packableBackward(compileBackward(gates::Kind::RZ, q, ang)));
}

TEST(Kernels, ThreadedLargeStateMatchesSerial) {
  const int saved = parallelQubits();
  std::mt19937_64 rng(5);
  const int n = 15;
  const Vec psi0 = randomState(n, rng);
  StateVector a(n), b(n);
  a.setAmplitudes(psi0.data(), psi0.size());
  b.setAmplitudes(psi0.data(), psi0.size());
  auto circuit = [&](StateVector &s) {
    for (int q = 0; q < n; ++q) {
      s.applyGate(gates::Kind::RY, {q}, {0.3 + q});
      s.applyGate(gates::Kind::CRX, {q, (q + 3) % n}, {0.7 * q});
      s.applyGate(gates::Kind::CX, {(q + 1) % n, q});
      s.applyGate(gates::Kind::RZZ, {q, (q + 5) % n}, {0.1 * q});
    }
  };
  setParallelQubits(64);
  circuit(b);
  // Two threads split at powers of two; three at even indices that are not
  // multiples of 4 or 8 (the unaligned path of the short-run kernels).
  for (int threads : {2, 3}) {
    a.setAmplitudes(psi0.data(), psi0.size());
    setParallelQubits(4);
    setNumThreads(threads);
    circuit(a);
    EXPECT_LT(maxDiff(a.data(), b.data(), a.size()), 1e-12) << threads << " threads";
  }
  setParallelQubits(saved);
  setNumThreads(0);
}

TEST(Batch, SharedAndPerSampleMatchPlainStates) {
  std::mt19937_64 rng(8);
  const int n = 5, B = 7;
  Batch batch(n, B);
  std::vector<StateVector> plain;
  std::vector<double> x(size_t(B) * 32);
  std::uniform_real_distribution<double> u(0.1, 1.0);
  for (auto &v : x)
    v = u(rng);
  batch.encodeAmplitude(x.data(), 32);
  for (int s = 0; s < B; ++s) {
    plain.emplace_back(n);
    plain.back().encodeAmplitude(x.data() + s * 32, 32);
  }
  const int q01[2] = {0, 1}, q3[1] = {3}, q42[2] = {4, 2};
  const double shared[1] = {0.4};
  std::vector<double> per(B);
  for (auto &v : per)
    v = u(rng);
  batch.applyGate(gates::Kind::RY, q3, shared);
  batch.applyGate(gates::Kind::CRY, q42, per.data(), true);
  batch.applyGate(gates::Kind::CX, q01, nullptr);
  const auto m = randomUnitary(4, rng);
  batch.applyUnitary(q01, 2, m.data());
  for (int s = 0; s < B; ++s) {
    plain[s].applyGate(gates::Kind::RY, q3, shared);
    plain[s].applyGate(gates::Kind::CRY, q42, &per[s]);
    plain[s].applyGate(gates::Kind::CX, q01, nullptr);
    plain[s].applyUnitary(q01, 2, m.data());
    EXPECT_LT(maxDiff(batch.state(s).data(), plain[s].data(), plain[s].size()), 1e-14);
  }
  std::vector<double> ez(B);
  batch.expvalZ(q3, 1, ez.data());
  for (int s = 0; s < B; ++s)
    EXPECT_NEAR(ez[s], plain[s].expvalZ(q3, 1), 1e-14);
}

// A real rotation merged with a CX on its target (KForm::RealCX) equals the
// two ops run one after the other, in both orders, for every placement and
// both tables; its inverse undoes it; and mergeRotationCX keeps a random op
// list's result while merging what it may.
TEST(Kernels, RotationMergedWithCXMatchesSeparateOps) {
  std::mt19937_64 rng(77);
  for (bool simd : {false, true}) {
    if (simd && !simdSupported())
      continue;
    SimdScope scope(simd);
    for (int n : {2, 3, 5, 8}) {
      for (const auto &q : placements(2, n)) {
        for (bool cxFirst : {false, true}) {
          const Vec psi0 = randomState(n, rng);
          const double th[1] = {std::uniform_real_distribution<double>(-3.5, 3.5)(rng)};
          const int t[1] = {q[1]};
          const GateOp r = compileGate(gates::Kind::RY, t, th);
          const GateOp cx = compileGate(gates::Kind::CX, q.data(), nullptr);
          Vec ref = psi0;
          apply(cxFirst ? cx : r, ref.data(), n);
          apply(cxFirst ? r : cx, ref.data(), n);
          std::vector<GateOp> ops = cxFirst ? std::vector<GateOp>{cx, r}
                                            : std::vector<GateOp>{r, cx};
          mergeRotationCX(ops);
          ASSERT_EQ(ops.size(), 1u);
          ASSERT_EQ(ops[0].form, KForm::RealCX);
          ASSERT_EQ(ops[0].cxFirst, cxFirst);
          Vec got = psi0;
          apply(ops[0], got.data(), n);
          ASSERT_LT(maxDiff(got.data(), ref.data(), ref.size()), 1e-13)
              << "simd=" << simd << " n=" << n << " c=" << q[0] << " t=" << q[1]
              << " cxFirst=" << cxFirst;
          apply(inverseOf(ops[0]), got.data(), n);
          ASSERT_LT(maxDiff(got.data(), psi0.data(), psi0.size()), 1e-13);
        }
      }
    }
    // Random lists of RY, RZ, H and CX: merged and unmerged agree.
    for (int n : {3, 6, 9}) {
      std::uniform_int_distribution<int> qd(0, n - 1), kd(0, 3);
      std::uniform_real_distribution<double> ang(-3.5, 3.5);
      std::vector<GateOp> ops;
      for (int g = 0; g < 80; ++g) {
        int qs[2] = {qd(rng), 0};
        do
          qs[1] = qd(rng);
        while (qs[1] == qs[0]);
        const double a[1] = {ang(rng)};
        const gates::Kind kinds[4] = {gates::Kind::RY, gates::Kind::RZ, gates::Kind::H,
                                      gates::Kind::CX};
        ops.push_back(compileGate(kinds[kd(rng)], qs, a));
      }
      const Vec psi0 = randomState(n, rng);
      Vec ref = psi0, got = psi0;
      for (const GateOp &op : ops)
        apply(op, ref.data(), n);
      std::vector<GateOp> merged = ops;
      mergeRotationCX(merged);
      EXPECT_LT(merged.size(), ops.size()) << "n=" << n;
      for (const GateOp &op : merged)
        apply(op, got.data(), n);
      EXPECT_LT(maxDiff(got.data(), ref.data(), ref.size()), 1e-12) << "n=" << n;
    }
  }
}
