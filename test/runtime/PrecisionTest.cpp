//===- PrecisionTest.cpp - complex64 states (--precision single) ----------===//
//
// The masq_rtc_f32_* twins of the compiled-code ABI (Compiled.h) and the
// runtime kernels on complex64 arrays (Kernels.h, A = cplxf) against the
// complex128 ones on the same random circuits: gates of every kind, the
// adjoint sweep and its derivatives, observables and their seeds, fused
// blocks, on small states (the ABI's own kernels), on states the runtime's
// kernels take (n >= 14) and on states split across threads (n >= 16),
// with the SIMD kernels and without. The bound: a complex64 amplitude is
// rounded to 2^-24 relative after each operation, so after the circuits
// here (up to 80 gates) states, values and derivatives stay within 1e-5.
//
//===----------------------------------------------------------------------===//
#include "CompiledTestUtil.h"
#include "masq/Runtime/Kernels.h"

namespace {
using namespace compiledtest;
using FVec = std::vector<float>; // interleaved re, im

constexpr double kBound = 1e-5;

#define MASQ_TEST_F32_FWD(K, name, Op, qasm, qubits, params, ...)               \
  case Kind::K:                                                                 \
    MASQ_TEST_FWD_##qubits##_##params(masq_rtc_f32_, name);                     \
    return;
void fwd32(Kind k, FVec &psi, int n, const std::vector<int> &q, const double *a) {
  float *p = psi.data();
  switch (k) { MASQ_GATES(MASQ_TEST_F32_FWD) }
}

#define MASQ_TEST_F32_BACK(K, name, Op, qasm, qubits, params, ...)              \
  case Kind::K:                                                                 \
    MASQ_TEST_BACK_##qubits##_##params(masq_rtc_f32_, name);                    \
    return;
void back32(Kind k, FVec &psi, FVec &lam, int n, const std::vector<int> &q, const double *a,
            double *d) {
  float *p = psi.data(), *l = lam.data();
  switch (k) { MASQ_GATES(MASQ_TEST_F32_BACK) }
}

FVec toFloat(const Vec &v) {
  FVec f(2 * v.size());
  for (size_t i = 0; i < v.size(); ++i)
    f[2 * i] = float(v[i].real()), f[2 * i + 1] = float(v[i].imag());
  return f;
}

double maxDiff(const FVec &f, const Vec &d) {
  double worst = f.size() == 2 * d.size() ? 0 : INFINITY;
  for (size_t i = 0; i < d.size() && 2 * i + 1 < f.size(); ++i)
    worst = std::max(worst, std::abs(cplx(f[2 * i], f[2 * i + 1]) - d[i]));
  return worst;
}

// The test loss of CompiledTestUtil.h on a complex64 state.
double eval32(const Loss &L, const FVec &psi, int n) {
  return 0.7 * masq_rtc_f32_expval_z(psi.data(), n, L.zq.data(), int(L.zq.size())) +
         1.3 * masq_rtc_f32_fidelity(psi.data(), n, L.fq.data(), int(L.fq.size()),
                                     L.ref.data(), int(L.ref.size()));
}
void seed32(const Loss &L, const FVec &psi, FVec &lam, int n) {
  masq_rtc_f32_seed_expval_z(psi.data(), lam.data(), n, L.zq.data(), int(L.zq.size()), 0.7);
  masq_rtc_f32_seed_fidelity(psi.data(), lam.data(), n, L.fq.data(), int(L.fq.size()),
                             L.ref.data(), int(L.ref.size()), 1.3);
}

class Single : public CompiledPath {};

// A random circuit of every gate kind from a random state, forward and
// adjoint sweep on both precisions: states, loss and every derivative.
void compareChain(int n, int len, uint64_t seed) {
  SCOPED_TRACE("n = " + std::to_string(n));
  std::mt19937_64 rng(seed);
  const std::vector<Op> ops = randomCircuit(n, len, rng);
  const Loss L = randomLoss(n, rng);
  Vec psi = randomState(n, rng);
  FVec pf = toFloat(psi);
  for (const Op &op : ops) {
    fwd(op.kind, psi, n, op.q, op.a);
    fwd32(op.kind, pf, n, op.q, op.a);
  }
  ASSERT_EQ(masq_rtc_error(), nullptr) << err();
  EXPECT_LT(maxDiff(pf, psi), kBound);
  EXPECT_NEAR(eval32(L, pf, n), L.eval(psi, n), kBound);
  Vec lam(psi.size(), 0.0);
  FVec lf(pf.size(), 0.0f);
  L.seed(psi, lam, n);
  seed32(L, pf, lf, n);
  EXPECT_LT(maxDiff(lf, lam), kBound);
  int compared = 0;
  for (size_t t = ops.size(); t-- > 0;) {
    const Op &op = ops[t];
    double d[3] = {0, 0, 0}, df[3] = {0, 0, 0};
    back(op.kind, psi, lam, n, op.q, op.a, d);
    back32(op.kind, pf, lf, n, op.q, op.a, df);
    for (int p = 0; p < masq::gates::info(op.kind).numParams; ++p, ++compared)
      EXPECT_NEAR(df[p], d[p], kBound * std::max(1.0, std::fabs(d[p])))
          << masq::gates::info(op.kind).name << " step " << t << " angle " << p;
  }
  ASSERT_EQ(masq_rtc_error(), nullptr) << err();
  EXPECT_GT(compared, 0);
  // Both sweeps end at the starting state.
  EXPECT_LT(maxDiff(pf, psi), kBound);
}

// The ABI's own loops (small states).
TEST_P(Single, GatesOnSmallStates) {
  for (int n : {1, 2, 3, 6})
    compareChain(n, 80, 100 + uint64_t(n));
}
// The runtime's kernels (n >= 14) and states split across threads (n >= 16).
TEST_P(Single, GatesOnLargeStates) {
  compareChain(14, 30, 7);
  compareChain(16, 20, 8);
}

// Fused blocks: a complex64 state is worked on in complex128 chunks, but
// real gates on a real state packed in float (runtime/sim/PackedKernels.h)
// with the SIMD kernels: AVX-512 where the CPU has it, and AVX2.
void compareBlocks() {
  std::mt19937_64 rng(11);
  // (n, k, real): the top k qubits (gathered chunks; 13 of them: a chunk
  // widened to 15 qubits) or the lowest (in place); real gates on a real
  // state run packed.
  const struct {
    int n, k;
    bool real;
  } cases[] = {{4, 2, false},  {4, 4, false},   {15, 2, false}, {15, 4, false},
               {15, 2, true},  {15, 4, true},   {16, 13, false}, {16, 13, true}};
  const Kind realKinds[4] = {Kind::RY, Kind::H, Kind::X, Kind::CX};
  for (const auto &cs : cases) {
    const int n = cs.n, k = cs.k;
    {
      SCOPED_TRACE("n = " + std::to_string(n) + ", k = " + std::to_string(k) +
                   (cs.real ? ", real" : ""));
      std::vector<int32_t> qs(k);
      for (int j = 0; j < k; ++j)
        qs[j] = k == 2 || k == 13 ? n - 1 - j : j;
      std::vector<int32_t> desc;
      std::vector<double> angles;
      for (int g = 0; g < (k == 13 ? 60 : cs.real ? 40 : 12); ++g) {
        Kind kind = cs.real ? realKinds[rng() % 4] : Kind(rng() % masq::gates::kNumKinds);
        int a = int(rng() % k), c = -1;
        if (masq::gates::info(kind).numQubits == 2)
          do
            c = int(rng() % k);
          while (c == a);
        desc.insert(desc.end(), {int32_t(kind), a, c});
        for (int p = 0; p < masq::gates::info(kind).numParams; ++p)
          angles.push_back(-3 + 6 * double(rng() % 1000) / 1000);
      }
      const int ng = int(desc.size() / 3);
      auto draw = [&] { return cs.real ? realState(n, rng) : randomState(n, rng); };
      Vec psi = draw();
      FVec pf = toFloat(psi);
      masq_rtc_block(D(psi), n, qs.data(), k, desc.data(), ng, angles.data());
      masq_rtc_f32_block(pf.data(), n, qs.data(), k, desc.data(), ng, angles.data());
      ASSERT_EQ(masq_rtc_error(), nullptr) << err();
      EXPECT_LT(maxDiff(pf, psi), kBound);
      Vec lam = draw();
      FVec lf = toFloat(lam);
      std::vector<double> d(angles.size()), df(angles.size());
      masq_rtc_block_back(D(psi), D(lam), n, qs.data(), k, desc.data(), ng, angles.data(),
                          d.data());
      masq_rtc_f32_block_back(pf.data(), lf.data(), n, qs.data(), k, desc.data(), ng,
                              angles.data(), df.data());
      ASSERT_EQ(masq_rtc_error(), nullptr) << err();
      EXPECT_LT(maxDiff(pf, psi), kBound);
      EXPECT_LT(maxDiff(lf, lam), kBound);
      for (size_t i = 0; i < d.size(); ++i)
        EXPECT_NEAR(df[i], d[i], kBound * std::max(1.0, std::fabs(d[i]))) << "angle " << i;
    }
  }
}

TEST_P(Single, Blocks) {
  masq::rt::setAvx512Enabled(true);
  compareBlocks();
}
TEST_P(Single, BlocksWithoutAvx512) {
  masq::rt::setAvx512Enabled(false);
  EXPECT_FALSE(masq::rt::avx512Active());
  compareBlocks();
  masq::rt::setAvx512Enabled(true);
}

INSTANTIATE_TEST_SUITE_P(Simd, Single, ::testing::Values(true, false),
                         [](const auto &info) { return info.param ? "avx2" : "portable"; });

// Every kernel form of the runtime on complex64 against complex128: the
// forward op, the backward step and the cache-blocked run.
TEST(SingleKernels, EveryForm) {
  std::mt19937_64 rng(5);
  const int n = 15;
  for (int kind = 0; kind < masq::gates::kNumKinds; ++kind) {
    const Op op = randomOp(Kind(kind), n, rng);
    SCOPED_TRACE(masq::gates::info(op.kind).name);
    Vec psi = randomState(n, rng), lam = randomState(n, rng);
    std::vector<masq::rt::cplxf> pf(psi.begin(), psi.end()), lf(lam.begin(), lam.end());
    const masq::rt::GateOp g = masq::rt::compileGate(op.kind, op.q.data(), op.a);
    masq::rt::apply(g, psi.data(), n);
    masq::rt::apply(g, pf.data(), n);
    double worst = 0;
    for (size_t i = 0; i < psi.size(); ++i)
      worst = std::max(worst, std::abs(masq::rt::cplx(pf[i]) - psi[i]));
    EXPECT_LT(worst, 1e-6);
    if (masq::gates::info(op.kind).numParams == 0)
      continue;
    const masq::rt::BwdOp b = masq::rt::compileBackward(op.kind, op.q.data(), op.a);
    double acc[3] = {0, 0, 0}, accf[3] = {0, 0, 0};
    masq::rt::applyBackward(b, psi.data(), lam.data(), n, acc);
    masq::rt::applyBackward(b, pf.data(), lf.data(), n, accf);
    for (int p = 0; p < 3; ++p)
      EXPECT_NEAR(accf[p], acc[p], 1e-5 * std::max(1.0, std::fabs(acc[p])));
  }
  // A run of gates block by block (Kernels.h, applyBlocked).
  Vec psi = randomState(n, rng);
  std::vector<masq::rt::cplxf> pf(psi.begin(), psi.end());
  std::vector<masq::rt::GateOp> ops;
  for (int j = 0; j < 8; ++j) {
    const int q[1] = {j % 5};
    const double a[3] = {0.3 * j + 0.1, 0.2, -0.4};
    ops.push_back(masq::rt::compileGate(j % 2 ? Kind::RY : Kind::U3, q, a));
  }
  std::vector<const masq::rt::GateOp *> ptrs;
  for (const auto &o : ops)
    ptrs.push_back(&o);
  masq::rt::BlockLayout layout;
  masq::rt::applyBlocked(layout, ptrs.data(), int(ptrs.size()), psi.data(), n);
  masq::rt::applyBlocked(layout, ptrs.data(), int(ptrs.size()), pf.data(), n);
  double worst = 0;
  for (size_t i = 0; i < psi.size(); ++i)
    worst = std::max(worst, std::abs(masq::rt::cplx(pf[i]) - psi[i]));
  EXPECT_LT(worst, 1e-6);
}

} // namespace
