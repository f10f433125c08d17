//===- CompiledRuns.cpp - the steps that start and end runs of blocks -----===//
//
// masq_rtc_init_run (|0> straight into a forward run's buffer),
// masq_rtc_expval_z_run (an expectation value read from it, ending the
// run) and masq_rtc_seed_expval_z_run (the adjoint seed that starts a
// backward run, from psi or from the forward run's buffer); the runs'
// blocks are CompiledBlock.cpp's. The compiler marks the runs
// (passes/lib/MarkRuns.cpp).
//
//===----------------------------------------------------------------------===//
#include "BlockRuns.h"
#include "Parallel.h"
#include "masq/Runtime/Compiled.h"
#include "masq/Runtime/DensityMode.h"
#include "masq/Runtime/Observables.h"

#include <type_traits>

using namespace masq::rtc;

namespace {
constexpr bool kSingle = std::is_same<Real, float>::value;
} // namespace

extern "C" void MASQ_RTC_SYM(init_run)(Real *psi, int32_t n) {
  RunBuffer &rb = runBuffer(false);
  rb.psi = nullptr, rb.packed = false; // whatever a run before left there
  if (!psi || uint32_t(n) > uint32_t(masq::rtc::kMaxN) || masq::dmode::active() || !runsOn())
    return MASQ_RTC_SYM(init)(psi, n);
  Real *R = rb.reserve(size_t(1) << n);
  if (!R)
    return MASQ_RTC_SYM(init)(psi, n);
  masq::rt::parallelZero(R, size_t(1) << n, n);
  R[0] = 1;
  rb.psi = psi, rb.packed = true;
}

extern "C" double MASQ_RTC_SYM(expval_z_run)(Real *psi, int32_t n, const int32_t *qs, int32_t k,
                                         int32_t run) {
  RunBuffer &rb = runBuffer(false);
  Real *R = uint32_t(n) <= uint32_t(masq::rtc::kMaxN) && !masq::dmode::active()
                ? rb.holding(psi, size_t(1) << n)
                : nullptr;
  if (!R)
    return MASQ_RTC_SYM(expval_z)(psi, n, qs, k); // the run's last block wrote psi
  // The state is in the buffer: read there, and written out to psi in the
  // same sweep (kRunLast), left there for the seed of a backward run that
  // follows (kRunMiddle: seed_expval_z_run) or dropped (kRunLastDead).
  uint64_t mask = 0;
  if (run < kRunMiddle || run > kRunLastDead) {
    unpackRun<1>(n, R, psi, nullptr);
    rb.psi = nullptr, rb.packed = false;
    report(Status::BadArgument, __func__, "bad run position %d (2..4)", run);
    return kNaN;
  }
  double v = kNaN;
  const bool listed = okList(__func__, n, qs, k, mask);
  guarded(__func__, [&] {
    v = listed ? masq::rt::expvalZReal(R, n, mask, run == kRunLast ? psi : nullptr) : kNaN;
  });
  if (run != kRunMiddle || !listed)
    rb.psi = nullptr, rb.packed = false;
  return sampled(v, true);
}

extern "C" void MASQ_RTC_SYM(seed_expval_z_run)(const Real *psi, Real *lam, int32_t n,
                                            const int32_t *qs, int32_t k, double g) {
  uint64_t mask = 0;
  // The forward run's buffer, where expval_z_run left psi in it.
  RunBuffer &fwd = runBuffer(false);
  Real *R = uint32_t(n) <= uint32_t(masq::rtc::kMaxN) ? fwd.holding(psi, size_t(1) << n) : nullptr;
  auto seedUnpacked = [&] {
    if (R) { // psi back first
      unpackRun<1>(n, R, const_cast<Real *>(psi), nullptr);
      fwd.psi = nullptr, fwd.packed = false;
    }
    if (lam && uint32_t(n) <= uint32_t(masq::rtc::kMaxN)) // as the IR's own sv.zero would
      masq_rtc_zero(reinterpret_cast<double *>(lam), int64_t(kSingle ? 1 : 2) << n);
    MASQ_RTC_SYM(seed_expval_z)(psi, lam, n, qs, k, g);
  };
  RunBuffer &rb = runBuffer(true);
  rb.psi = nullptr, rb.packed = false; // whatever a run before left there
  if (!psi || !lam || masq::dmode::active() || !runsOn() ||
      !okList(__func__, n, qs, k, mask) || !okFinite(__func__, "weight", g))
    return seedUnpacked();
  Real *P = rb.reserve(size_t(2) << n);
  if (!P)
    return seedUnpacked();
  // lam is 0 (the compiler leaves the zeroing to this call: it is only
  // done where the state does not go packed): v = psi + i g Z psi, from
  // the forward run's buffer where it holds psi (expval_z_run left it
  // there) or from psi.
  if (R) {
    masq::rt::packZSeedReal(R, P, n, mask, g);
    fwd.psi = nullptr, fwd.packed = false;
  } else if (!masq::rt::packZSeed(reinterpret_cast<const Amp *>(psi), reinterpret_cast<Amp *>(P),
                                  n, mask, g)) {
    return seedUnpacked();
  }
  rb.psi = psi, rb.packed = true;
}
