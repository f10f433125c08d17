//===- CompiledBlockTest.cpp - fused gate blocks (Compiled.h) -------------===//
//
// masq_rtc_block equals its gates applied one by one (reference simulator);
// masq_rtc_block_back un-computes psi, maps lam to U^dag lam and returns the
// derivative of 2 Re <lam|U(angles) psi> in each angle (central
// differences), for random gate lists of every kind on random qubits.
//
//===----------------------------------------------------------------------===//
#include "Blocks.h"
#include "masq/Runtime/Compiled.h"
#include "masq/Runtime/Kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace reftest;
using masq::gates::Kind;

namespace {

// A random block of `ngates` gates on k of the n qubits.
Block randomBlock(int n, int k, int ngates, std::mt19937_64 &rng) {
  Block b;
  std::vector<int32_t> all(n);
  for (int i = 0; i < n; ++i)
    all[i] = i;
  std::shuffle(all.begin(), all.end(), rng);
  b.qs.assign(all.begin(), all.begin() + k);
  for (int g = 0; g < ngates; ++g) {
    Kind kind;
    do
      kind = Kind(rng() % masq::gates::kNumKinds);
    while (k < 2 && masq::gates::info(kind).numQubits == 2);
    addRandomGate(b, kind, k, rng);
  }
  return b;
}

double *D(Vec &v) { return reinterpret_cast<double *>(v.data()); }

cplx dot(const Vec &a, const Vec &b) {
  cplx s = 0;
  for (size_t i = 0; i < a.size(); ++i)
    s += std::conj(a[i]) * b[i];
  return s;
}

// masq_rtc_block on `in` equals the block's gates one by one.
void expectBlockMatches(const Block &b, int n, int k, const Vec &in) {
  Vec psi = in, ref = in;
  masq_rtc_block(D(psi), n, b.qs.data(), k, b.desc.data(), b.ngates, b.angles.data());
  ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
  reference(b, b.angles, ref);
  for (size_t i = 0; i < psi.size(); ++i)
    ASSERT_NEAR(std::abs(psi[i] - ref[i]), 0.0, 1e-12) << "at " << i;
}

// masq_rtc_block_back on the state after the block: it un-computes psi, maps
// lam0 to U^dag lam0 and returns dL/dangle of L = 2 Re <lam0|U psi_in>
// (central differences on every fdStride-th angle).
// With `real`, psi and lam0 are real (a real block then runs its packed
// backward sweep, CompiledBlock.cpp).
void checkBackward(const Block &b, int n, int k, std::mt19937_64 &rng, size_t fdStride,
                   bool real = false) {
  auto draw = [&] { return real ? realState(n, rng) : randomState(n, rng); };
  const Vec in = draw(), lam0 = draw();
  Vec psi = in;
  reference(b, b.angles, psi); // the state after the block
  Vec lam = lam0;
  std::vector<double> d(b.angles.size(), -7.0);
  masq_rtc_block_back(D(psi), D(lam), n, b.qs.data(), k, b.desc.data(), b.ngates,
                      b.angles.data(), d.data());
  ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
  for (size_t i = 0; i < psi.size(); ++i)
    ASSERT_NEAR(std::abs(psi[i] - in[i]), 0.0, 1e-12) << "un-computed psi at " << i;
  // lam <- U^dag lam0: <lam|x> = <lam0|U x> for a random x.
  Vec x = randomState(n, rng), ux = x;
  reference(b, b.angles, ux);
  EXPECT_NEAR(std::abs(dot(lam, x) - dot(lam0, ux)), 0.0, 1e-11);
  for (size_t p = 0; p < b.angles.size(); p += fdStride) {
    const double h = 1e-6;
    std::vector<double> ap = b.angles, am = b.angles;
    ap[p] += h, am[p] -= h;
    Vec vp = in, vm = in;
    reference(b, ap, vp), reference(b, am, vm);
    const double fd = (2 * dot(lam0, vp).real() - 2 * dot(lam0, vm).real()) / (2 * h);
    EXPECT_NEAR(d[p], fd, 1e-7) << "angle " << p;
  }
}

TEST(CompiledBlock, EqualsItsGatesOneByOne) {
  std::mt19937_64 rng(21);
  for (int trial = 0; trial < 60; ++trial) {
    const int n = 1 + int(rng() % 7), k = 1 + int(rng() % std::min(n, 4));
    Block b = randomBlock(n, k, 1 + int(rng() % 12), rng);
    SCOPED_TRACE("trial " + std::to_string(trial));
    expectBlockMatches(b, n, k, randomState(n, rng));
  }
}

TEST(CompiledBlock, BackwardIsExact) {
  std::mt19937_64 rng(22);
  for (int trial = 0; trial < 40; ++trial) {
    const int n = 2 + int(rng() % 5), k = 1 + int(rng() % std::min(n, 4));
    Block b = randomBlock(n, k, 1 + int(rng() % 10), rng);
    SCOPED_TRACE("trial " + std::to_string(trial));
    checkBackward(b, n, k, rng, 1);
  }
}

// The fuser's in-place blocks: all kChunkQubits (14) qubits of a
// contiguous chunk (qubits 0..13, any order) on a larger state, forward and
// backward; at 17 qubits
// also a gathered block with high qubits, chunks split over two threads
// (per-thread derivative rows).
TEST(CompiledBlock, WholeChunkAndThreadedBlocks) {
  std::mt19937_64 rng(23);
  const int savedThreads = masq::rt::numThreads();
  for (int n : {15, 17})
    for (bool inPlace : {true, false}) {
      if (n == 15 && !inPlace)
        continue; // gathered blocks are covered above
      SCOPED_TRACE("n=" + std::to_string(n) + (inPlace ? " in place" : " gathered"));
      masq::rt::setNumThreads(n >= 16 ? 2 : 1);
      const int k = inPlace ? masq::kChunkQubits : 5;
      Block b = randomBlock(inPlace ? k : n, k, inPlace ? 60 : 30, rng);
      // in place: a permutation of 0..13; gathered: 5 of all 17 qubits
      expectBlockMatches(b, n, k, randomState(n, rng));
      checkBackward(b, n, k, rng, 7);
    }
  masq::rt::setNumThreads(savedThreads);
}

// Blocks of real gates (ry, h, x, cx: RY-CX merges included) on a real
// state run packed, two real amplitudes per complex number (qubit 0 in the
// real/imaginary split, CompiledBlock.cpp), and their backward sweep on a
// real psi and lam packs the two into one array; on complex states the
// same block runs unpacked. All equal the gates one by one (and central
// differences), in place and gathered, with the AVX-512 packed kernels
// (runtime/sim/PackedKernels.h, where the CPU has AVX-512), the AVX2 and
// the scalar kernels.
TEST(CompiledBlock, RealChunksRunPacked) {
  std::mt19937_64 rng(24);
  const int savedThreads = masq::rt::numThreads();
  const bool savedSimd = masq::rt::simdEnabled();
  const Kind real[4] = {Kind::RY, Kind::H, Kind::X, Kind::CX};
  const char *modes[3] = {" avx512", " avx2", " scalar"};
  for (int mode : {0, 1, 2})
    for (int n : {13, 15, 17})
      for (bool isReal : {true, false}) {
        SCOPED_TRACE("n=" + std::to_string(n) + modes[mode] + (isReal ? " real" : " complex"));
        masq::rt::setSimdEnabled(mode < 2);
        masq::rt::setAvx512Enabled(mode == 0);
        masq::rt::setNumThreads(n >= 16 ? 2 : 1);
        const bool inPlace = n != 17;
        const int k = inPlace ? 13 : 5;
        Block b;
        for (int i = 0; i < k; ++i)
          b.qs.push_back(inPlace ? i : int32_t(rng() % 2 ? i : n - 1 - i));
        std::uniform_real_distribution<double> ang(-3, 3);
        // First the forms on chunk qubits 0 and 1 (packed: qubit 0 is the
        // real/imaginary split, qubit 1 is bit 0 of v): RY then CX onto 0,
        // CX onto 0 then RY, a bare CX onto 0, and both from 0 onto 1.
        const int fixed[][3] = {{0, 0, -1}, {3, 1, 0}, {3, 1, 0}, {0, 0, -1}, {3, 1, 0},
                                {2, 0, -1}, {0, 1, -1}, {3, 0, 1}, {3, 0, 1}, {0, 1, -1},
                                {3, 0, 1}, {1, 0, -1}};
        for (const auto &f : fixed) {
          b.desc.insert(b.desc.end(), {int32_t(real[f[0]]), f[1], f[2]});
          if (real[f[0]] == Kind::RY)
            b.angles.push_back(ang(rng));
          ++b.ngates;
        }
        for (int g = 0; g < 80; ++g) {
          const Kind kind = real[rng() % 4];
          // Qubit 0 of the chunk often: the packed forms that touch it.
          const int a = int(rng() % 3 == 0 ? 0 : rng() % k);
          int c = -1;
          if (kind == Kind::CX)
            do
              c = int(rng() % 3 == 0 ? 0 : rng() % k);
            while (c == a);
          b.desc.insert(b.desc.end(), {int32_t(kind), a, c});
          if (kind == Kind::RY)
            b.angles.push_back(ang(rng));
          ++b.ngates;
        }
        expectBlockMatches(b, n, k, isReal ? realState(n, rng) : randomState(n, rng));
        checkBackward(b, n, k, rng, 20, isReal);
      }
  masq::rt::setSimdEnabled(savedSimd);
  masq::rt::setAvx512Enabled(true);
  masq::rt::setNumThreads(savedThreads);
}

// Gathered blocks as wide as a chunk: 12 or 13 qubits above qubit 1 (or
// with qubit 0 but not 1), whose chunks the runtime widens by qubits 0 and
// 1 to 14-15 qubits, read in 64-byte runs; real ones run packed. On 16 and
// 17 qubits (2 threads; the scalar kernels on 16): equal to the gates one
// by one, and backward to central differences.
TEST(CompiledBlock, WideGatheredBlocks) {
  std::mt19937_64 rng(25);
  const int savedThreads = masq::rt::numThreads();
  const bool savedSimd = masq::rt::simdEnabled();
  const Kind realKinds[4] = {Kind::RY, Kind::H, Kind::X, Kind::CX};
  for (bool simd : {true, false})
    for (int n : {16, 17})
      for (int k : {12, 13})
        for (bool withZero : {false, true})
          for (bool isReal : {true, false}) {
            if (!simd && n == 17)
              continue;
            SCOPED_TRACE("n=" + std::to_string(n) + " k=" + std::to_string(k) +
                         (withZero ? " with qubit 0" : "") + (simd ? " simd" : " scalar") +
                         (isReal ? " real" : " complex"));
            masq::rt::setSimdEnabled(simd);
            masq::rt::setNumThreads(2);
            std::vector<int32_t> chosen;
            if (withZero)
              chosen.push_back(0);
            for (int q = n - 1; int(chosen.size()) < k; --q)
              chosen.push_back(q);
            Block b;
            if (isReal) {
              std::uniform_real_distribution<double> ang(-3, 3);
              for (int g = 0; g < 40; ++g) {
                const Kind kind = realKinds[rng() % 4];
                const int a = int(rng() % k);
                int c = -1;
                if (kind == Kind::CX)
                  do
                    c = int(rng() % k);
                  while (c == a);
                b.desc.insert(b.desc.end(), {int32_t(kind), a, c});
                if (kind == Kind::RY)
                  b.angles.push_back(ang(rng));
                ++b.ngates;
              }
              b.qs = chosen;
            } else {
              b = randomBlock(k, k, 30, rng); // local qubits 0..k-1, shuffled
              for (int32_t &q : b.qs)
                q = chosen[size_t(q)];
            }
            expectBlockMatches(b, n, k, isReal ? realState(n, rng) : randomState(n, rng));
            checkBackward(b, n, k, rng, 11, isReal);
          }
  masq::rt::setSimdEnabled(savedSimd);
  masq::rt::setNumThreads(savedThreads);
}

TEST(CompiledBlock, BadBlocksAreReported) {
  masq_rtc_clear_error();
  Vec psi(4, 0.0);
  psi[0] = 1;
  const int32_t qs[2] = {0, 1}, bad[3] = {int32_t(Kind::CX), 0, 0};
  masq_rtc_block(D(psi), 2, qs, 2, bad, 1, nullptr);
  ASSERT_NE(masq_rtc_error(), nullptr);
  EXPECT_NE(std::string(masq_rtc_error()).find("bad local qubits"), std::string::npos);
  EXPECT_EQ(psi[0], cplx(1));
  masq_rtc_clear_error();
  const int32_t ry[3] = {int32_t(Kind::RY), 1, -1};
  const double nan = std::nan("");
  masq_rtc_block(D(psi), 2, qs, 2, ry, 1, &nan);
  ASSERT_NE(masq_rtc_error(), nullptr);
  masq_rtc_clear_error();
  masq_rtc_block(D(psi), 2, qs, 14, ry, 1, &nan); // more qubits than a chunk
  ASSERT_NE(masq_rtc_error(), nullptr);
  masq_rtc_clear_error();
}

} // namespace
