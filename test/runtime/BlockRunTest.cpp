//===- BlockRunTest.cpp - runs of fused blocks (Compiled.h) ---------------===//
//
// masq_rtc_block_run and masq_rtc_block_back_run (a real state kept packed
// between consecutive blocks) against the reference simulator and against
// the same blocks run alone: real states (packed between the blocks: psi
// is not written before the last block), complex states and blocks with a
// complex gate (run on the state, as alone), in double and in float, with
// in-place and gathered chunks; the runs' ends and starts
// (masq_rtc_init_run, masq_rtc_expval_z_run, masq_rtc_seed_expval_z_run)
// and a backward run's dead end (4: nothing written back).
//
//===----------------------------------------------------------------------===//
#include "Blocks.h"
#include "masq/Runtime/Compiled.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace reftest;
using masq::gates::Kind;

namespace {

// A block of `ngates` random gates drawn from `kinds` on the qubits qs.
Block makeBlock(std::vector<int32_t> qs, const std::vector<Kind> &kinds, int ngates,
                std::mt19937_64 &rng) {
  Block b;
  b.qs = std::move(qs);
  for (int g = 0; g < ngates; ++g)
    addRandomGate(b, kinds[rng() % kinds.size()], int(b.qs.size()), rng);
  return b;
}

void reference(const Block &b, Vec &psi) { reftest::reference(b, b.angles, psi); }

// The gates with packed forms (PackedChunk.h).
const std::vector<Kind> kReal = {Kind::RY, Kind::CX, Kind::RY, Kind::H, Kind::X};

// Blocks without packed forms: the state goes back to psi before them.
const std::vector<Kind> kComplex = {Kind::RX, Kind::CZ}, kUnpacked = {Kind::RY, Kind::CZ};

// Blocks in place (qubits below 14) and gathered (above), on n = 17 qubits;
// the third of gates `middle` (packed forms by default).
std::vector<Block> runBlocks(std::mt19937_64 &rng, const std::vector<Kind> &middle = kReal) {
  std::vector<Block> bs;
  bs.push_back(makeBlock({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, kReal, 30, rng));
  bs.push_back(makeBlock({9, 10, 11, 12, 13, 14, 15, 16}, kReal, 20, rng));
  bs.push_back(makeBlock({3, 4, 5, 6, 7}, middle, 12, rng));
  bs.push_back(makeBlock({2, 9, 15, 16}, kReal, 12, rng));
  return bs;
}

constexpr int kN = 17;

double *D(Vec &v) { return reinterpret_cast<double *>(v.data()); }

int32_t place(size_t i, size_t count) { return i == 0 ? 1 : i + 1 == count ? 3 : 2; }

// The forward run on `in` equals the blocks gate by gate; with `packed`,
// psi is left as it was until the last block.
void checkForward(const std::vector<Block> &bs, const Vec &in, bool packed) {
  Vec psi = in, ref = in;
  for (size_t i = 0; i < bs.size(); ++i) {
    const Block &b = bs[i];
    masq_rtc_block_run(D(psi), kN, b.qs.data(), int32_t(b.qs.size()), b.desc.data(), b.ngates,
                       b.angles.data(), place(i, bs.size()));
    ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
    reference(b, ref);
    if (i == 0 && packed)
      for (size_t j = 0; j < psi.size(); ++j)
        ASSERT_EQ(psi[j], in[j]) << "the first block of a real run wrote psi at " << j;
  }
  for (size_t j = 0; j < psi.size(); ++j)
    ASSERT_NEAR(std::abs(psi[j] - ref[j]), 0.0, 1e-12) << "at " << j;
}

TEST(BlockRun, RealStateStaysPackedBetweenBlocks) {
  std::mt19937_64 rng(5);
  checkForward(runBlocks(rng), realState(kN, rng), true);
}

TEST(BlockRun, ComplexStateRunsAsAlone) {
  std::mt19937_64 rng(6);
  checkForward(runBlocks(rng), randomState(kN, rng), false);
}

TEST(BlockRun, ComplexGateInTheMiddle) {
  std::mt19937_64 rng(7);
  checkForward(runBlocks(rng, kComplex), realState(kN, rng), true);
}

TEST(BlockRun, UnpackedGateInTheMiddle) {
  std::mt19937_64 rng(17);
  checkForward(runBlocks(rng, kUnpacked), realState(kN, rng), true);
}

// masq_rtc_init_run starts a run with |0> in the packed buffer (psi is
// not written); the blocks after it, packed or not, then see |0>.
void checkInitRun(const std::vector<Kind> &first) {
  std::mt19937_64 rng(14);
  std::vector<Block> bs = runBlocks(rng);
  bs[0] = makeBlock({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, first, 30, rng);
  Vec psi(size_t(1) << kN, cplx(7, 7)), ref(size_t(1) << kN);
  ref[0] = 1;
  masq_rtc_init_run(D(psi), kN);
  ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
  EXPECT_EQ(psi[0], cplx(7, 7)) << "init_run wrote psi";
  for (size_t i = 0; i < bs.size(); ++i) {
    const Block &b = bs[i];
    masq_rtc_block_run(D(psi), kN, b.qs.data(), int32_t(b.qs.size()), b.desc.data(), b.ngates,
                       b.angles.data(), i + 1 == bs.size() ? 3 : 2);
    ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
    reference(b, ref);
  }
  for (size_t j = 0; j < psi.size(); ++j)
    ASSERT_NEAR(std::abs(psi[j] - ref[j]), 0.0, 1e-12) << "at " << j;
}

TEST(BlockRun, InitRun) { checkInitRun(kReal); }
TEST(BlockRun, InitRunThenUnpackedGates) { checkInitRun(kComplex); }

// The blocks' backward steps, last first, alone on (p1, l1) and as the
// steps of a run on (p2, l2) (the j-th step at place(j)): the same
// derivatives, then the same psi and lam.
template <class Place>
void stepsAloneAndInRun(const std::vector<Block> &bs, Vec &p1, Vec &l1, Vec &p2, Vec &l2,
                        const Vec &psi, bool real, Place place) {
  for (size_t i = bs.size(); i-- > 0;) {
    const Block &b = bs[i];
    const int32_t k = int32_t(b.qs.size());
    std::vector<double> d1(b.angles.size(), -7), d2(b.angles.size(), -9);
    masq_rtc_block_back(D(p1), D(l1), kN, b.qs.data(), k, b.desc.data(), b.ngates,
                        b.angles.data(), d1.data());
    const int32_t run = place(bs.size() - 1 - i);
    masq_rtc_block_back_run(D(p2), D(l2), kN, b.qs.data(), k, b.desc.data(), b.ngates,
                            b.angles.data(), d2.data(), run);
    ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
    for (size_t a = 0; a < d1.size(); ++a)
      EXPECT_NEAR(d1[a], d2[a], 1e-11) << "block " << i << " angle " << a;
    if (run == 1 && real)
      for (size_t j = 0; j < p2.size(); ++j)
        ASSERT_EQ(p2[j], psi[j]) << "the first step of a real run wrote psi at " << j;
  }
  if (place(bs.size() - 1) == 4)
    return; // a dead end: psi and lam are not written back
  for (size_t j = 0; j < p1.size(); ++j) {
    ASSERT_NEAR(std::abs(p1[j] - p2[j]), 0.0, 1e-12) << "psi at " << j;
    ASSERT_NEAR(std::abs(l1[j] - l2[j]), 0.0, 1e-12) << "lam at " << j;
  }
}

// The backward run (blocks last first) against the blocks' backward steps
// alone: psi un-computed, lam mapped, the same derivatives.
void checkBackward(const std::vector<Kind> &middle, bool realStates) {
  std::mt19937_64 rng(8 + 2 * realStates + middle.size());
  const std::vector<Block> bs = runBlocks(rng, middle);
  Vec psi = realStates ? realState(kN, rng) : randomState(kN, rng);
  for (const Block &b : bs)
    reference(b, psi);
  const Vec lam0 = realStates ? realState(kN, rng) : randomState(kN, rng);
  Vec p1 = psi, l1 = lam0, p2 = psi, l2 = lam0;
  stepsAloneAndInRun(bs, p1, l1, p2, l2, psi, realStates,
                     [&](size_t j) { return place(j, bs.size()); });
}

TEST(BlockRun, BackwardRealStates) { checkBackward(kReal, true); }
TEST(BlockRun, BackwardComplexStates) { checkBackward(kReal, false); }
// (A real state through a complex gate is not real: the run stays on psi.)
TEST(BlockRun, BackwardComplexGateInTheMiddle) { checkBackward(kComplex, false); }
TEST(BlockRun, BackwardUnpackedGateInTheMiddle) { checkBackward(kUnpacked, true); }

// masq_rtc_seed_expval_z_run starts a backward run with lam = g Z psi
// (lam just zeroed) in the packed buffer: the run's steps then equal the
// seed and the steps alone. A complex psi takes the plain seed.
void checkSeedRun(bool realPsi) {
  std::mt19937_64 rng(15 + realPsi);
  const std::vector<Block> bs = runBlocks(rng);
  Vec psi = realPsi ? realState(kN, rng) : randomState(kN, rng);
  for (const Block &b : bs)
    reference(b, psi);
  const int32_t zq[2] = {16, 3};
  const double g = -0.75;
  Vec p1 = psi, l1(psi.size()), p2 = psi, l2(psi.size(), cplx(0, 0));
  masq_rtc_seed_expval_z(D(p1), D(l1), kN, zq, 2, g);
  masq_rtc_seed_expval_z_run(D(p2), D(l2), kN, zq, 2, g);
  ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
  if (realPsi)
    for (size_t j = 0; j < l2.size(); ++j)
      ASSERT_EQ(l2[j], cplx(0, 0)) << "the seed of a real run wrote lam at " << j;
  stepsAloneAndInRun(bs, p1, l1, p2, l2, psi, false,
                     [&](size_t j) { return j + 1 == bs.size() ? 3 : 2; });
}

TEST(BlockRun, SeedRunRealState) { checkSeedRun(true); }
TEST(BlockRun, SeedRunComplexState) { checkSeedRun(false); }

// complex64 states, backward: the float run against the float steps
// alone, with a block the float kernels do not run packed (cz) in the
// middle (the state goes back to psi and lam before it).
TEST(BlockRun, SinglePrecisionBackward) {
  std::mt19937_64 rng(13);
  const std::vector<Block> bs = runBlocks(rng, kUnpacked);
  Vec psi = realState(kN, rng);
  for (const Block &b : bs)
    reference(b, psi);
  const Vec lam0 = realState(kN, rng);
  std::vector<float> p1(2 * psi.size()), l1(2 * psi.size());
  for (size_t j = 0; j < psi.size(); ++j)
    p1[2 * j] = float(psi[j].real()), l1[2 * j] = float(lam0[j].real());
  std::vector<float> p2 = p1, l2 = l1;
  const std::vector<float> p0 = p1;
  for (size_t i = bs.size(); i-- > 0;) {
    const Block &b = bs[i];
    const int32_t k = int32_t(b.qs.size());
    std::vector<double> d1(b.angles.size(), -7), d2(b.angles.size(), -9);
    masq_rtc_f32_block_back(p1.data(), l1.data(), kN, b.qs.data(), k, b.desc.data(), b.ngates,
                            b.angles.data(), d1.data());
    const int32_t run = place(bs.size() - 1 - i, bs.size());
    masq_rtc_f32_block_back_run(p2.data(), l2.data(), kN, b.qs.data(), k, b.desc.data(),
                                b.ngates, b.angles.data(), d2.data(), run);
    ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
    if (run == 1)
      ASSERT_EQ(p2, p0) << "the first step of a real run wrote psi";
    for (size_t a = 0; a < d1.size(); ++a)
      EXPECT_NEAR(d1[a], d2[a], 1e-6) << "block " << i << " angle " << a;
  }
  for (size_t j = 0; j < p1.size(); ++j) {
    ASSERT_NEAR(p1[j], p2[j], 1e-6) << "psi at " << j;
    ASSERT_NEAR(l1[j], l2[j], 1e-6) << "lam at " << j;
  }
}

// complex64 states: the float run against the double blocks alone.
TEST(BlockRun, SinglePrecision) {
  std::mt19937_64 rng(9);
  const std::vector<Block> bs = runBlocks(rng);
  const Vec in = realState(kN, rng);
  Vec ref = in;
  std::vector<float> f(2 * in.size());
  for (size_t j = 0; j < in.size(); ++j)
    f[2 * j] = float(in[j].real()), f[2 * j + 1] = float(in[j].imag());
  const std::vector<float> f0 = f;
  for (size_t i = 0; i < bs.size(); ++i) {
    const Block &b = bs[i];
    masq_rtc_f32_block_run(f.data(), kN, b.qs.data(), int32_t(b.qs.size()), b.desc.data(),
                           b.ngates, b.angles.data(), place(i, bs.size()));
    ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
    reference(b, ref);
    if (i == 0)
      ASSERT_EQ(f, f0) << "the first block of a real run wrote psi";
  }
  for (size_t j = 0; j < ref.size(); ++j) {
    ASSERT_NEAR(f[2 * j], ref[j].real(), 2e-6) << "at " << j;
    ASSERT_EQ(f[2 * j + 1], 0.0f) << "at " << j;
  }
}

// <Z_16 Z_3> of a state, summed here (not the runtime's code).
const int32_t kZq[2] = {16, 3};
double zz(const Vec &psi) {
  double s = 0;
  for (size_t j = 0; j < psi.size(); ++j)
    s += std::norm(psi[j]) * ((j >> 16 & 1) ^ (j >> 3 & 1) ? -1 : 1);
  return s;
}

// A forward run of the blocks (all in the middle: psi is not written)
// ended by masq_rtc_expval_z_run at `end`; returns the value, and the
// reference state after the blocks in ref.
double forwardToExpval(const std::vector<Block> &bs, Vec &psi, Vec &ref, int32_t end) {
  ref = psi;
  for (size_t i = 0; i < bs.size(); ++i) {
    const Block &b = bs[i];
    masq_rtc_block_run(D(psi), kN, b.qs.data(), int32_t(b.qs.size()), b.desc.data(), b.ngates,
                       b.angles.data(), i == 0 ? 1 : 2);
    reference(b, ref);
  }
  return masq_rtc_expval_z_run(D(psi), kN, kZq, 2, end);
}

// The expectation value that ends a forward run reads the packed buffer:
// 3 writes the state out to psi, 4 leaves psi as it was. A complex state
// (the blocks wrote psi) reads psi either way.
TEST(BlockRun, ExpvalRun) {
  for (bool real : {true, false})
    for (int32_t end : {3, 4}) {
      std::mt19937_64 rng(21);
      const std::vector<Block> bs = runBlocks(rng);
      const Vec in = real ? realState(kN, rng) : randomState(kN, rng);
      Vec psi = in, ref;
      const double v = forwardToExpval(bs, psi, ref, end);
      ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
      EXPECT_NEAR(v, zz(ref), 1e-12) << "real " << real << " end " << end;
      const Vec &want = real && end == 4 ? in : ref;
      for (size_t j = 0; j < psi.size(); ++j)
        ASSERT_NEAR(std::abs(psi[j] - want[j]), 0.0, 1e-12)
            << "psi at " << j << " (real " << real << ", end " << end << ")";
    }
}

// The gradient's chain: the expectation value leaves the state in the
// forward buffer (2), the seed of the backward run reads it there and
// zeroes nothing (lam is not zero), the steps run, the last (4) writes
// nothing back. The derivatives equal those of the steps alone after the
// plain seed, and psi and lam are as they were (a complex state: the
// seed zeroes lam itself, and everything goes through psi and lam).
TEST(BlockRun, ExpvalSeedChain) {
  for (bool real : {true, false}) {
    std::mt19937_64 rng(22);
    const std::vector<Block> bs = runBlocks(rng);
    const Vec in = real ? realState(kN, rng) : randomState(kN, rng);
    Vec psi = in, ref;
    const double v = forwardToExpval(bs, psi, ref, 2);
    ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
    EXPECT_NEAR(v, zz(ref), 1e-12);
    const double g = 0.6;
    Vec p1 = ref, l1(ref.size()), lam(ref.size(), cplx(7, -7));
    masq_rtc_seed_expval_z(D(p1), D(l1), kN, kZq, 2, g);
    masq_rtc_seed_expval_z_run(D(psi), D(lam), kN, kZq, 2, g);
    ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
    stepsAloneAndInRun(bs, p1, l1, psi, lam, in, false,
                       [&](size_t j) { return j + 1 == bs.size() ? 4 : 2; });
    for (size_t j = 0; j < psi.size(); ++j)
      if (real) {
        ASSERT_EQ(psi[j], in[j]) << "a dead run wrote psi at " << j;
        ASSERT_EQ(lam[j], cplx(7, -7)) << "a dead run wrote lam at " << j;
      } else {
        ASSERT_NEAR(std::abs(psi[j] - p1[j]), 0.0, 1e-12) << "psi at " << j;
        ASSERT_NEAR(std::abs(lam[j] - l1[j]), 0.0, 1e-12) << "lam at " << j;
      }
  }
}

// The same chain in float: the value and the seed from the float buffer.
TEST(BlockRun, SinglePrecisionExpvalSeedChain) {
  std::mt19937_64 rng(23);
  const std::vector<Block> bs = runBlocks(rng);
  const Vec in = realState(kN, rng);
  Vec ref = in;
  std::vector<float> f(2 * in.size()), lam(2 * in.size(), 5.0f);
  for (size_t j = 0; j < in.size(); ++j)
    f[2 * j] = float(in[j].real());
  for (size_t i = 0; i < bs.size(); ++i) {
    const Block &b = bs[i];
    masq_rtc_f32_block_run(f.data(), kN, b.qs.data(), int32_t(b.qs.size()), b.desc.data(),
                           b.ngates, b.angles.data(), i == 0 ? 1 : 2);
    reference(b, ref);
  }
  EXPECT_NEAR(masq_rtc_f32_expval_z_run(f.data(), kN, kZq, 2, 2), zz(ref), 2e-6);
  masq_rtc_f32_seed_expval_z_run(f.data(), lam.data(), kN, kZq, 2, 1.0);
  Vec p1 = ref, l1(ref.size());
  masq_rtc_seed_expval_z(D(p1), D(l1), kN, kZq, 2, 1.0);
  for (size_t i = bs.size(); i-- > 0;) {
    const Block &b = bs[i];
    const int32_t k = int32_t(b.qs.size());
    std::vector<double> d1(b.angles.size(), -7), d2(b.angles.size(), -9);
    masq_rtc_block_back(D(p1), D(l1), kN, b.qs.data(), k, b.desc.data(), b.ngates,
                        b.angles.data(), d1.data());
    masq_rtc_f32_block_back_run(f.data(), lam.data(), kN, b.qs.data(), k, b.desc.data(),
                                b.ngates, b.angles.data(), d2.data(), i == 0 ? 3 : 2);
    ASSERT_EQ(masq_rtc_error(), nullptr) << masq_rtc_error();
    for (size_t a = 0; a < d1.size(); ++a)
      EXPECT_NEAR(d1[a], d2[a], 1e-5) << "block " << i << " angle " << a;
  }
  for (size_t j = 0; j < p1.size(); ++j) { // 3: written back
    ASSERT_NEAR(f[2 * j], p1[j].real(), 2e-6) << "psi at " << j;
    ASSERT_NEAR(lam[2 * j], l1[j].real(), 2e-6) << "lam at " << j;
  }
}

// A bad place for the expectation value is refused, with the state put
// back in psi.
TEST(BlockRun, ExpvalRunBadPlace) {
  std::mt19937_64 rng(24);
  const std::vector<Block> bs = runBlocks(rng);
  Vec psi = realState(kN, rng), ref;
  const double v = forwardToExpval(bs, psi, ref, 1);
  EXPECT_TRUE(std::isnan(v));
  const char *e = masq_rtc_error();
  ASSERT_NE(e, nullptr);
  EXPECT_NE(std::string(e).find("bad run position 1"), std::string::npos) << e;
  masq_rtc_clear_error();
  for (size_t j = 0; j < psi.size(); ++j)
    ASSERT_NEAR(std::abs(psi[j] - ref[j]), 0.0, 1e-12) << "psi at " << j;
}

TEST(BlockRun, BadPlaceIsRefused) {
  Vec psi(size_t(1) << 3);
  psi[0] = 1;
  const int32_t qs[2] = {0, 1}, desc[3] = {int32_t(Kind::CX), 0, 1};
  masq_rtc_block_run(D(psi), 3, qs, 2, desc, 1, nullptr, 4);
  const char *e = masq_rtc_error();
  ASSERT_NE(e, nullptr);
  EXPECT_NE(std::string(e).find("bad run position 4"), std::string::npos) << e;
  masq_rtc_clear_error();
}

} // namespace
