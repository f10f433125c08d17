//===- CompiledTest.cpp - The compiled-code ABI (Compiled.h): gates -------===//
//
// Forward gates against Gates.h's matrices, and backward chains against
// central differences (and exact un-computation), on both SIMD paths.
// Encoders, masks, observables, reset and bad input: CompiledDataTest.cpp.
//
//===----------------------------------------------------------------------===//
#include "CompiledTestUtil.h"

using namespace compiledtest;

INSTANTIATE_TEST_SUITE_P(Compiled, CompiledPath, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool> &i) {
                           return std::string(i.param ? "Simd" : "Sse2");
                         });

//=== (1) forward gates ========================================================//

TEST_P(CompiledPath, ForwardGatesMatchMatrices) {
  std::mt19937_64 rng(11);
  int compared = 0;
  for (int n : {1, 2, 3, 4, 5, 6, 7, 8, 14}) {
    for (int kk = 0; kk < kNumKinds; ++kk) {
      const Kind k = Kind(kk);
      const int arity = masq::gates::info(k).numQubits;
      if (arity > n)
        continue;
      // Every placement on small states (the loop drivers special-case
      // n = 1, 2 and low qubits), random ones above.
      std::vector<std::vector<int>> places;
      if (n <= 4) {
        for (int a = 0; a < n; ++a)
          for (int b = 0; b < n; ++b)
            if (arity == 1 ? b == 0 : a != b)
              places.push_back(arity == 1 ? std::vector<int>{a} : std::vector<int>{a, b});
      } else {
        for (int r = 0; r < (n >= 14 ? 2 : 6); ++r)
          places.push_back(randomQubits(arity, n, rng));
      }
      for (const auto &q : places) {
        Op op = randomOp(k, n, rng);
        op.q = q;
        const Vec psi0 = randomState(n, rng);
        Vec ref = psi0, got = psi0;
        applyGate(ref, k, op.q, op.a);
        fwd(k, got, n, op.q, op.a);
        ASSERT_LT(maxDiff(ref.data(), got.data(), ref.size()), 1e-12)
            << masq::gates::info(k).name << " n=" << n << " q0=" << op.q[0];
        ++compared;
      }
    }
  }
  EXPECT_EQ(masq_rtc_error(), nullptr) << err();
  EXPECT_GT(compared, 700);
}

TEST(Compiled, InitAndZero) {
  ErrorScope es;
  std::vector<double> buf(2 << 4, 7.0);
  masq_rtc_init(buf.data(), 4);
  EXPECT_EQ(buf[0], 1.0);
  for (size_t i = 1; i < buf.size(); ++i)
    ASSERT_EQ(buf[i], 0.0) << i;
  std::vector<double> z(10, 3.0);
  masq_rtc_zero(z.data(), 7);
  for (int i = 0; i < 7; ++i)
    EXPECT_EQ(z[i], 0.0);
  EXPECT_EQ(z[7], 3.0); // exactly count doubles
  EXPECT_EQ(masq_rtc_error(), nullptr);
}

// Compiled.h declares the gates' entry points from the gate table; the
// header stays plain C (CompiledSmoke.c).
extern "C" int masq_compiled_c_smoke(void);
TEST(Compiled, HeaderUsableFromC) { EXPECT_EQ(masq_compiled_c_smoke(), 0); }

//=== (2) backward chains ======================================================//

TEST_P(CompiledPath, BackwardMatchesFiniteDifferencesEveryParamGate) {
  std::mt19937_64 rng(22);
  for (int kk = 0; kk < kNumKinds; ++kk) {
    const Kind k = Kind(kk);
    if (!masq::gates::info(k).numParams)
      continue;
    for (int n : {2, 3, 5, 7}) {
      const auto ops = randomCircuit(n, 10, rng, kk);
      const Loss L = randomLoss(n, rng);
      const std::string what =
          std::string(masq::gates::info(k).name) + " n=" + std::to_string(n);
      checkChain(randomState(n, rng), ops, L, n, what.c_str());
    }
  }
  EXPECT_GE(gChecked, 8 * 4 * 2);
}

// One gate in every placement on 1..4 qubits, inside a random circuit.
TEST_P(CompiledPath, BackwardEveryPlacementSmallStates) {
  std::mt19937_64 rng(21);
  for (int n = 1; n <= 4; ++n)
    for (int kk = 0; kk < kNumKinds; ++kk) {
      const Kind k = Kind(kk);
      const int arity = masq::gates::info(k).numQubits;
      if (arity > n)
        continue;
      for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b) {
          if (arity == 1 ? b != 0 : a == b)
            continue;
          std::vector<Op> ops = randomCircuit(n, 4, rng);
          Op op = randomOp(k, n, rng);
          op.q = arity == 1 ? std::vector<int>{a} : std::vector<int>{a, b};
          ops.insert(ops.begin() + 2, op);
          // Parametrised gates on both sides: their gradients pass through
          // the tested gate's backward step.
          ops.insert(ops.begin(), randomOp(Kind::RY, n, rng));
          ops.push_back(randomOp(Kind::RX, n, rng));
          const std::string what = std::string(masq::gates::info(k).name) +
                                   " n=" + std::to_string(n) + " q=" + std::to_string(a) +
                                   "," + std::to_string(b);
          checkChain(randomState(n, rng), ops, randomLoss(n, rng), n, what.c_str());
        }
    }
}

TEST_P(CompiledPath, BackwardChainAllKindsRandomCircuits) {
  std::mt19937_64 rng(23);
  for (int rep = 0; rep < 6; ++rep) {
    const int n = 3 + rep % 4;
    const auto ops = randomCircuit(n, 40, rng);
    checkChain(randomState(n, rng), ops, randomLoss(n, rng), n, "mixed circuit");
  }
}

// n >= 14: the entry points delegate to the runtime's kernels.
TEST_P(CompiledPath, BackwardLargeStateDelegation) {
  std::mt19937_64 rng(24);
  const int n = 14;
  std::vector<Op> ops;
  for (int kk = 0; kk < kNumKinds; ++kk)
    ops.push_back(randomOp(Kind(kk), n, rng));
  std::shuffle(ops.begin(), ops.end(), rng);
  checkChain(randomState(n, rng), ops, randomLoss(n, rng), n, "n=14");
}

