//===- AdjointTest.cpp - Adjoint gradients vs parameter shift / FD --------===//
#include "Qmae.h"
#include "RefSim.h"
#include "masq/Oracle/Tape.h"

#include <gtest/gtest.h>

using namespace masq;
using namespace masq::rt;

namespace {

std::vector<double> uniform(size_t n, std::mt19937_64 &rng, double lo, double hi) {
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(n);
  for (auto &x : v)
    x = u(rng);
  return v;
}

// Random linear form over theta: 1-2 shared parameters, random coefficients.
LinearForm randomForm(std::mt19937_64 &rng, int P) {
  std::uniform_int_distribution<int> pd(0, P - 1);
  std::uniform_real_distribution<double> c(-1.5, 1.5);
  LinearForm f;
  f.constant = c(rng);
  f.theta.push_back({pd(rng), c(rng)});
  if (rng() % 2)
    f.theta.push_back({pd(rng), c(rng)});
  return f;
}

// Random gates of every kind on n qubits.
void randomGates(Tape &t, std::mt19937_64 &rng, int count, int P) {
  const int n = t.numQubits();
  std::uniform_int_distribution<int> kd(0, gates::kNumKinds - 1), qd(0, n - 1);
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
    std::vector<LinearForm> a;
    for (int p = 0; p < gates::info(kind).numParams; ++p)
      a.push_back(randomForm(rng, P));
    t.gate(kind, q, a);
  }
}

// Random real gates (the ones sample pairing and packing accept) on qubits
// drawn from pool, angles over theta[0, P).
void realGates(Tape &t, std::mt19937_64 &rng, int count, int P, const std::vector<int> &pool) {
  const gates::Kind real[] = {gates::Kind::RY, gates::Kind::CX, gates::Kind::CZ,
                              gates::Kind::H,  gates::Kind::SWAP, gates::Kind::CRY,
                              gates::Kind::X,  gates::Kind::Z};
  auto pick = [&] { return pool[rng() % pool.size()]; };
  for (int g = 0; g < count; ++g) {
    const auto k = real[rng() % 8];
    std::vector<int> q = {pick()};
    if (gates::info(k).numQubits == 2) {
      int b;
      do
        b = pick();
      while (b == q[0]);
      q.push_back(b);
    }
    std::vector<LinearForm> a;
    if (gates::info(k).numParams)
      a.push_back(randomForm(rng, P));
    t.gate(k, q, a);
  }
}

// B samples of D inputs in (0.1, 1) whose entries 16..19 are the 0/1 pattern
// of a 4-patch mask (varying per sample), as the real-tape tests lay them out.
std::vector<double> patchMaskedInputs(int B, int D, std::mt19937_64 &rng) {
  auto inputs = uniform(size_t(B * D), rng, 0.1, 1);
  for (int s = 0; s < B; ++s)
    for (int k = 0; k < 4; ++k)
      inputs[size_t(s * D + 16 + k)] = double((s + k) % 2);
  return inputs;
}

void expectClose(const std::vector<double> &a, const std::vector<double> &b, double tol,
                 const char *what) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_NEAR(a[i], b[i], tol) << what << " entry " << i;
}

} // namespace

// Shared parameters, controlled rotations, u3, resets, mid-circuit
// observables (expval, prob, probabilities) and a final fidelity, under a
// random vector-Jacobian product.
TEST(Adjoint, RandomCircuitsMatchShiftAndFiniteDifferences) {
  for (int trial = 0; trial < 6; ++trial) {
    std::mt19937_64 rng(1000 + trial);
    const int n = 3 + trial % 3, P = 7, B = 2, dim = 1 << n;
    const int D = 2 * dim;
    Tape t(n, P, D);
    t.encodeAmplitude(0, dim - 1); // shorter than 2^n: zero padded
    randomGates(t, rng, 14, P);
    t.observe(ObsKind::ExpvalZ, {0, n - 1}, "z");
    t.observe(ObsKind::ProbZero, {1}, "p1");
    t.reset({trial % n});
    // Fused unitaries on 1, 2 and 3 qubits (parameter-free, complex).
    t.unitary({n - 1}, reftest::randomUnitary(2, rng));
    t.unitary({2, 0}, reftest::randomUnitary(4, rng));
    t.unitary({1, n - 1, 0}, reftest::randomUnitary(8, rng));
    randomGates(t, rng, 14, P);
    t.observe(ObsKind::Sample, {0, 1}, "shots", 0, 0, 50); // no gradient
    t.observe(ObsKind::Probs, {n - 1, 0}, "probs");
    if (trial % 2) {
      t.reset({(trial + 1) % n, (trial + 2) % n});
      randomGates(t, rng, 8, P);
    }
    t.observe(ObsKind::Fidelity, {}, "fid", dim, dim);
    t.observe(ObsKind::ExpvalZ, {1}, "z1");

    const auto theta = uniform(size_t(P), rng, -3, 3);
    const auto inputs = uniform(size_t(B * D), rng, -1, 1);
    auto cot = uniform(size_t(B * t.numValues()), rng, -1, 1);
    const TapeOp *shots = t.observable("shots"); // counts: not differentiable
    for (int s = 0; s < B; ++s)
      for (int j = 0; j < shots->valueCount; ++j)
        cot[size_t(s * t.numValues() + shots->valueOffset + j)] = 0;
    std::vector<double> gA(P), gS(P), gF(P), iA(size_t(B * D)), iF(size_t(B * D));
    vjp(t, theta.data(), inputs.data(), B, cot.data(), nullptr, gA.data(), iA.data());
    parameterShift(t, theta.data(), inputs.data(), B, cot.data(), gS.data(), nullptr);
    finiteDifference(t, theta.data(), inputs.data(), B, cot.data(), 1e-5, gF.data(),
                     iF.data());
    expectClose(gA, gS, 1e-10, "adjoint vs shift");
    expectClose(gA, gF, 1e-6, "adjoint vs central differences");
    for (int s = 0; s < B; ++s)
      for (int j = 0; j < dim - 1; ++j) // the encoded slice
        EXPECT_NEAR(iA[size_t(s * D + j)], iF[size_t(s * D + j)], 1e-6) << "input " << j;
  }
}

// Learnable mask token inside amplitude encoding: exact gradient w.r.t. the
// token (sum over hidden patches) and the visible pixels.
TEST(Adjoint, ParametricPatchMaskInsideAmplitudeEncoding) {
  std::mt19937_64 rng(21);
  const int n = 4, P = 6 + 4, B = 3, D = 16 + 4 + 16;
  MaskSpec m;
  m.kind = MaskKind::Patches, m.rows = 4, m.cols = 4, m.patch = 2;
  m.parametric = true, m.fillOffset = 6, m.fillSize = 4;
  Tape t(n, P, D);
  t.encodeAmplitude(0, 16, m, 16);
  randomGates(t, rng, 20, 6);
  t.reset({3});
  randomGates(t, rng, 10, 6);
  t.observe(ObsKind::Fidelity, {}, "fid", 20, 16);
  auto theta = uniform(size_t(P), rng, -2, 2);
  auto inputs = uniform(size_t(B * D), rng, 0.1, 1);
  const double patterns[3][4] = {{1, 0, 0, 1}, {0, 1, 1, 1}, {0, 0, 0, 0}};
  for (int s = 0; s < B; ++s)
    for (int k = 0; k < 4; ++k)
      inputs[size_t(s * D + 16 + k)] = patterns[s][k];
  const std::vector<double> cot = {-1, -1, -1}; // loss = 1 - fidelity per sample
  std::vector<double> gA(P), gF(P), iA(size_t(B * D)), iF(size_t(B * D));
  vjp(t, theta.data(), inputs.data(), B, cot.data(), nullptr, gA.data(), iA.data());
  finiteDifference(t, theta.data(), inputs.data(), B, cot.data(), 1e-5, gF.data(), iF.data());
  expectClose(gA, gF, 1e-6, "theta + token");
  for (int k = 6; k < 10; ++k)
    EXPECT_NE(gA[size_t(k)], 0.0) << "token entry " << k << " got no gradient";
  for (int s = 0; s < B; ++s)
    for (int j = 0; j < 16; ++j)
      EXPECT_NEAR(iA[size_t(s * D + j)], iF[size_t(s * D + j)], 1e-6);
  // Hidden pixels do not depend on the input.
  EXPECT_EQ(iA[0], 0.0);
}

// Angle encoding with a pixel mask, plus per-sample gate angles reading the
// input (data re-uploading).
TEST(Adjoint, AngleEncodingAndInputAngles) {
  std::mt19937_64 rng(31);
  const int n = 4, P = 5, B = 2, D = 4 + 4;
  MaskSpec m;
  m.kind = MaskKind::Pixels, m.parametric = true, m.fillOffset = 4, m.fillSize = 1;
  Tape t(n, P, D);
  t.encodeAngle(0, {0, 1, 2, 3}, gates::Kind::RX, 0.8, m, 4);
  randomGates(t, rng, 12, 4);
  t.gate(gates::Kind::RY, {2}, {LinearForm{0.1, {{1, 0.5}}, {{3, 1.3}}}});
  t.gate(gates::Kind::CRZ, {2, 0}, {LinearForm::feature(1, -0.7)});
  randomGates(t, rng, 6, 4);
  t.observe(ObsKind::ExpvalZ, {0}, "z0");
  t.observe(ObsKind::ExpvalZ, {1, 3}, "z13");
  auto theta = uniform(size_t(P), rng, -2, 2);
  auto inputs = uniform(size_t(B * D), rng, -1, 1);
  inputs[4] = 1, inputs[5] = inputs[6] = inputs[7] = 0; // sample 0 hides x0
  inputs[12] = inputs[13] = inputs[14] = inputs[15] = 0;
  const auto cot = uniform(size_t(B * 2), rng, -1, 1);
  std::vector<double> gA(P), gF(P), gS(P), iA(size_t(B * D)), iF(size_t(B * D)),
      iS(size_t(B * D));
  vjp(t, theta.data(), inputs.data(), B, cot.data(), nullptr, gA.data(), iA.data());
  finiteDifference(t, theta.data(), inputs.data(), B, cot.data(), 1e-5, gF.data(), iF.data());
  expectClose(gA, gF, 1e-6, "theta");
  for (int s = 0; s < B; ++s)
    for (int j = 0; j < 4; ++j)
      EXPECT_NEAR(iA[size_t(s * D + j)], iF[size_t(s * D + j)], 1e-6) << s << "," << j;
  // Shift rule for gate angles (mask token excluded: it is not a gate angle).
  parameterShift(t, theta.data(), inputs.data(), B, cot.data(), gS.data(), iS.data());
  for (int j = 0; j < 4; ++j)
    EXPECT_NEAR(gA[size_t(j)], gS[size_t(j)], 1e-10);
}

TEST(Adjoint, LinearLossAndValuesAgreeWithRun) {
  std::mt19937_64 rng(41);
  const int n = 3, P = 4, B = 5;
  Tape t(n, P, 8);
  t.encodeAmplitude(0, 8);
  randomGates(t, rng, 10, P);
  t.observe(ObsKind::ProbZero, {0, 2}, "trash");
  t.observe(ObsKind::ExpvalZ, {1}, "z");
  auto theta = uniform(size_t(P), rng, -2, 2);
  auto inputs = uniform(size_t(B * 8), rng, -1, 1);
  std::vector<double> v1(size_t(B * 2)), v2(size_t(B * 2)), losses(B), g(P), gF(P);
  run(t, theta.data(), inputs.data(), B, v1.data());
  Loss loss{{-1.0, 0.5}, 1.0}; // 1 - prob + z/2
  const double total = gradient(t, theta.data(), inputs.data(), B, loss, v2.data(),
                                losses.data(), g.data(), nullptr);
  expectClose(v1, v2, 1e-14, "values");
  double sum = 0;
  for (int s = 0; s < B; ++s) {
    EXPECT_NEAR(losses[s], 1 - v1[size_t(2 * s)] + 0.5 * v1[size_t(2 * s + 1)], 1e-14);
    sum += losses[s];
  }
  EXPECT_NEAR(total, sum, 1e-12);
  std::vector<double> cot(size_t(B * 2));
  for (int s = 0; s < B; ++s)
    cot[size_t(2 * s)] = -1, cot[size_t(2 * s + 1)] = 0.5;
  finiteDifference(t, theta.data(), inputs.data(), B, cot.data(), 1e-5, gF.data(), nullptr);
  expectClose(g, gF, 1e-6, "linear loss");
}

// The reference model: loss = 1 - fidelity, gradient w.r.t. theta and the
// mask token against central differences, batched.
TEST(Adjoint, QmaeReferenceModel) {
  const Tape t = qmae::buildTape();
  std::vector<double> theta, inputs;
  const int B = 4;
  qmae::randomData(B, 7, theta, inputs);
  Loss loss{{-1.0}, 1.0};
  std::vector<double> g(qmae::kParams), gF(qmae::kParams), values(B), losses(B);
  gradient(t, theta.data(), inputs.data(), B, loss, values.data(), losses.data(), g.data(),
           nullptr);
  for (int s = 0; s < B; ++s) {
    EXPECT_GT(values[s], 0.0);
    EXPECT_LE(values[s], 1.0 + 1e-12);
  }
  const std::vector<double> cot(B, -1.0);
  finiteDifference(t, theta.data(), inputs.data(), B, cot.data(), 1e-5, gF.data(), nullptr);
  expectClose(g, gF, 1e-6, "qmae");
  double tokenNorm = 0;
  for (int k = 0; k < 4; ++k)
    tokenNorm += std::abs(g[size_t(qmae::kTokenOffset + k)]);
  EXPECT_GT(tokenNorm, 0.0);
}

// Sample-parallel execution equals the serial one, and repeated runs give
// bit-identical gradients.
TEST(Adjoint, ThreadedBatchMatchesSerial) {
  const Tape t = qmae::buildTape();
  std::vector<double> theta, inputs;
  const int B = 37;
  qmae::randomData(B, 9, theta, inputs);
  Loss loss{{-1.0}, 1.0};
  std::vector<double> g1(qmae::kParams), g2(qmae::kParams), g3(qmae::kParams), v1(B), v2(B);
  setNumThreads(1);
  gradient(t, theta.data(), inputs.data(), B, loss, v1.data(), nullptr, g1.data(), nullptr);
  setNumThreads(2);
  gradient(t, theta.data(), inputs.data(), B, loss, v2.data(), nullptr, g2.data(), nullptr);
  gradient(t, theta.data(), inputs.data(), B, loss, nullptr, nullptr, g3.data(), nullptr);
  setNumThreads(0);
  expectClose(v1, v2, 1e-14, "values");
  expectClose(g1, g2, 1e-12, "gradient");
  EXPECT_EQ(g2, g3);
}

TEST(Tape, SamplingObservableIsReproducible) {
  Tape t(2, 1, 0);
  t.gate(gates::Kind::RY, {0}, {LinearForm::param(0)});
  t.gate(gates::Kind::CX, {0, 1});
  t.observe(ObsKind::Sample, {0, 1}, "counts", 0, 0, 1000);
  const double theta[1] = {1.0};
  std::vector<double> a(8), b(8), c(8);
  run(t, theta, nullptr, 2, a.data(), 5);
  run(t, theta, nullptr, 2, b.data(), 5);
  run(t, theta, nullptr, 2, c.data(), 6);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(a[0] + a[3], 1000.0); // only |00> and |11>
  EXPECT_NEAR(a[3] / 1000.0, std::pow(std::sin(0.5), 2), 0.06);
}

// Real circuits run two samples per complex state: the paired path must give
// the same values, input gradients and theta gradient as one sample at a time.
TEST(Adjoint, PairedRealCircuitsMatchSingleSamples) {
  for (int enc = 0; enc < 2; ++enc) {
    std::mt19937_64 rng(50 + enc);
    const int n = 4, P = 8, B = 5, D = 16 + 4 + 16;
    Tape t(n, P, D);
    MaskSpec m;
    m.kind = MaskKind::Patches, m.rows = 4, m.cols = 4, m.patch = 2;
    m.parametric = true, m.fillOffset = 4, m.fillSize = 4;
    if (enc == 0) {
      t.encodeAmplitude(0, 16, m, 16);
    } else {
      t.encodeAngle(0, {0, 1, 2, 3}, gates::Kind::RY, 0.9);
    }
    auto gatesBlock = [&](int count) { realGates(t, rng, count, 4, {0, 1, 2, 3}); };
    gatesBlock(12);
    t.observe(ObsKind::ProbZero, {1, 2}, "trash");
    t.reset({1, 2});
    gatesBlock(8);
    // A real orthogonal fused 4x4 (signed permutation).
    std::vector<cplx> o(16, 0.0);
    o[0 * 4 + 2] = 1, o[1 * 4 + 0] = -1, o[2 * 4 + 3] = 1, o[3 * 4 + 1] = 1;
    t.unitary({0, 3}, o);
    t.observe(ObsKind::Probs, {0, 3}, "probs");
    t.observe(ObsKind::Fidelity, {}, "fid", 20, 16);
    ASSERT_TRUE(pairsSamples(t));
    const Tape &r = t;
    const auto theta = uniform(size_t(P), rng, -2, 2);
    const auto inputs = patchMaskedInputs(B, D, rng);
    const size_t V = size_t(r.numValues());
    const auto cot = uniform(B * V, rng, -1, 1);
    std::vector<double> vals(B * V), g(P), gi(size_t(B * D));
    vjp(r, theta.data(), inputs.data(), B, cot.data(), vals.data(), g.data(), gi.data());
    std::vector<double> runVals(B * V);
    run(r, theta.data(), inputs.data(), B, runVals.data());
    std::vector<double> gSum(P, 0.0);
    for (int s = 0; s < B; ++s) {
      std::vector<double> v1(V), g1(P), gi1(D);
      vjp(r, theta.data(), &inputs[size_t(s * D)], 1, &cot[s * V], v1.data(), g1.data(),
          gi1.data());
      for (size_t i = 0; i < V; ++i) {
        EXPECT_NEAR(vals[s * V + i], v1[i], 1e-13);
        EXPECT_NEAR(runVals[s * V + i], v1[i], 1e-13);
      }
      for (int j = 0; j < D; ++j)
        EXPECT_NEAR(gi[size_t(s * D + j)], gi1[size_t(j)], 1e-12);
      for (int j = 0; j < P; ++j)
        gSum[size_t(j)] += g1[size_t(j)];
    }
    expectClose(g, gSum, 1e-12, "paired theta gradient");
    std::vector<double> gF(P);
    finiteDifference(r, theta.data(), inputs.data(), B, cot.data(), 1e-5, gF.data(), nullptr);
    expectClose(g, gF, 1e-6, "paired vs FD");
  }
}

// One sample of a real tape (batch 1, or the last of an odd batch) runs the
// packed sweep, lambda in the state's imaginary parts: values, theta and
// input gradients equal the two-array sweep, with a parametric mask inside
// amplitude encoding, mid-circuit observables, a reset, a real fused unitary
// and every real gate; at 16 qubits also through contiguous and gathered
// cache-blocked runs, on one and two threads.
TEST(Adjoint, PackedSweepMatchesTwoArraySweep) {
  const int savedThreads = numThreads();
  for (int n : {4, 16}) {
    std::mt19937_64 rng(400 + n);
    const int P = 8, D = 16 + 4 + 16;
    Tape t(n, P, D);
    MaskSpec m;
    m.kind = MaskKind::Patches, m.rows = 4, m.cols = 4, m.patch = 2;
    m.parametric = true, m.fillOffset = 4, m.fillSize = 4;
    t.encodeAmplitude(0, 16, m, 16);
    std::vector<int> pool;
    for (int q = 0; q < n; ++q)
      if (n < 8 || q < 5 || q == 13 || q == 15)
        pool.push_back(q);
    realGates(t, rng, n < 8 ? 14 : 40, 4, pool);
    t.observe(ObsKind::ProbZero, {1, 2}, "trash");
    t.reset({1, 2});
    realGates(t, rng, n < 8 ? 10 : 30, 4, pool);
    std::vector<cplx> o(16, 0.0); // a real orthogonal 4x4 (signed permutation)
    o[0 * 4 + 2] = 1, o[1 * 4 + 0] = -1, o[2 * 4 + 3] = 1, o[3 * 4 + 1] = 1;
    t.unitary({0, 3}, o);
    t.observe(ObsKind::ExpvalZ, {0, 3}, "z");
    t.observe(ObsKind::Probs, {0, 3}, "probs");
    t.observe(ObsKind::Fidelity, {}, "fid", 20, 16);
    ASSERT_TRUE(pairsSamples(t));
    const auto theta = uniform(size_t(P), rng, -2, 2);
    for (int B : {1, 3}) {
      const auto inputs = patchMaskedInputs(B, D, rng);
      const size_t V = size_t(t.numValues());
      const auto cot = uniform(B * V, rng, -1, 1);
      std::vector<double> vRef(B * V), gRef(P), iRef(size_t(B * D));
      setAdjointPacking(false);
      setNumThreads(1);
      vjp(t, theta.data(), inputs.data(), B, cot.data(), vRef.data(), gRef.data(),
          iRef.data());
      setAdjointPacking(true);
      for (int threads : {1, 2})
        for (double llc : {0.0, 1.0}) {
          if (n < 8 && (threads > 1 || llc > 0))
            continue;
          setNumThreads(threads);
          setLastLevelCacheBytes(llc);
          std::vector<double> v(B * V), g(P), gi(size_t(B * D));
          vjp(t, theta.data(), inputs.data(), B, cot.data(), v.data(), g.data(), gi.data());
          expectClose(v, vRef, 1e-13, "values");
          expectClose(g, gRef, 1e-11, "packed theta gradient");
          expectClose(gi, iRef, 1e-11, "packed input gradient");
        }
      setLastLevelCacheBytes(0);
      if (n < 8) {
        std::vector<double> gF(P);
        finiteDifference(t, theta.data(), inputs.data(), B, cot.data(), 1e-5, gF.data(),
                         nullptr);
        expectClose(gRef, gF, 1e-6, "sweep vs FD");
      }
    }
  }
  setNumThreads(savedThreads);
}

// Cache-blocked runs of low-qubit gates (states above 2^14 amplitudes) give
// the same values and gradients as gate-by-gate execution, threaded or not.
TEST(Adjoint, CacheBlockedRunsMatchGateByGate) {
  std::mt19937_64 rng(77);
  const int n = 16, P = 6, B = 2, D = 64;
  Tape t(n, P, D);
  t.encodeAmplitude(0, 64);
  std::uniform_int_distribution<int> kd(0, gates::kNumKinds - 1), lowQ(0, 12), anyQ(0, n - 1);
  auto block = [&](int count) {
    for (int g = 0; g < count; ++g) {
      const auto kind = static_cast<gates::Kind>(kd(rng));
      const bool high = g % 7 == 6; // now and then a gate on a high qubit
      std::vector<int> q = {high ? anyQ(rng) : lowQ(rng)};
      if (gates::info(kind).numQubits == 2) {
        int b;
        do
          b = high ? anyQ(rng) : lowQ(rng);
        while (b == q[0]);
        q.push_back(b);
      }
      std::vector<LinearForm> a;
      for (int p = 0; p < gates::info(kind).numParams; ++p)
        a.push_back(randomForm(rng, P));
      t.gate(kind, q, a);
    }
  };
  // Gates on a few qubits including high ones: gathered (non-contiguous)
  // blocks with renumbered qubits.
  auto fewQubits = [&](int count) {
    const int pool[5] = {0, 3, 7, 13, 15};
    for (int g = 0; g < count; ++g) {
      const auto kind = static_cast<gates::Kind>(kd(rng));
      std::vector<int> q = {pool[rng() % 5]};
      if (gates::info(kind).numQubits == 2) {
        int b;
        do
          b = pool[rng() % 5];
        while (b == q[0]);
        q.push_back(b);
      }
      std::vector<LinearForm> a;
      for (int p = 0; p < gates::info(kind).numParams; ++p)
        a.push_back(randomForm(rng, P));
      t.gate(kind, q, a);
    }
  };
  block(30);
  fewQubits(20);
  t.observe(ObsKind::ExpvalZ, {0, 15}, "z");
  t.reset({2});
  fewQubits(15);
  block(25);
  t.observe(ObsKind::ProbZero, {3}, "p");
  const auto theta = uniform(size_t(P), rng, -2, 2);
  const auto inputs = uniform(size_t(B * D), rng, -1, 1);
  const std::vector<double> cot = {0.7, -1.3, 0.4, 0.9};
  std::vector<double> vRef(4), gRef(P), iRef(size_t(B * D));
  setCacheBlocking(false);
  vjp(t, theta.data(), inputs.data(), B, cot.data(), vRef.data(), gRef.data(), iRef.data());
  setCacheBlocking(true);
  // llc = 0: the default (in-place contiguous blocks at this size);
  // llc = 1 byte: every run gathered.
  for (int threads : {1, 2})
    for (double llc : {0.0, 1.0}) {
      setNumThreads(threads);
      setLastLevelCacheBytes(llc);
      std::vector<double> v(4), g(P), gi(size_t(B * D)), vr(4);
      vjp(t, theta.data(), inputs.data(), B, cot.data(), v.data(), g.data(), gi.data());
      run(t, theta.data(), inputs.data(), B, vr.data());
      expectClose(v, vRef, 1e-12, "values");
      expectClose(vr, vRef, 1e-12, "run values");
      expectClose(g, gRef, 1e-11, "theta gradient");
      expectClose(gi, iRef, 1e-11, "input gradient");
    }
  setLastLevelCacheBytes(0);
  setNumThreads(0);
}
