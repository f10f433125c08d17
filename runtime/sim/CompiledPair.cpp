//===- CompiledPair.cpp - two real samples in one complex state -----------===//
//
// For circuits whose gates are all real (RY, CRY, CNOT, CZ, H, X, Z, SWAP)
// and whose data is real, the compiler runs two samples a and b as ONE state
// psi = a + i b: a real gate acts on both parts at once, and a gate's backward
// step returns the sum of both samples' derivatives (the adjoint vector holds
// lam_a + i lam_b). What differs per sample - encoders, observables and their
// seeds - takes a lane: 0 the real parts, 1 the imaginary parts.
// Amplitude encoding, fidelity and probabilities have native lane paths in
// CompiledData.cpp;
// the rest copies the lane into a real-valued complex state, calls the
// one-sample function and copies the lane back.
//
//===----------------------------------------------------------------------===//
#include "CompiledKernels.h"
#include "Parallel.h"

#include <cstring>
#include <vector>

using namespace masq::rtc;

namespace {

thread_local std::vector<double> tPsi, tLam;

bool okPair(const char *fn, const void *psi, const void *lam, bool needLam, int32_t n,
            int32_t lane) {
  if (!psi || (needLam && !lam)) {
    report(Status::BadArgument, fn, "null state or adjoint pointer");
    return false;
  }
  if (uint32_t(n) > uint32_t(kMaxN)) {
    report(Status::BadArgument, fn, "number of qubits %d outside [0, %d]", n, kMaxN);
    return false;
  }
  if (lane != 0 && lane != 1) {
    report(Status::BadArgument, fn,
           "lane %d is neither 0 (real parts) nor 1 (imaginary parts)", lane);
    return false;
  }
  return true;
}

/// The lane of src as a complex state with zero imaginary parts.
double *pack(std::vector<double> &t, const Real *src, int32_t n, int32_t lane) {
  const size_t N = size_t(1) << n;
  t.resize(2 * N);
  for (size_t i = 0; i < N; ++i)
    t[2 * i] = src[2 * i + lane], t[2 * i + 1] = 0;
  return t.data();
}

void unpack(const std::vector<double> &t, Real *dst, int32_t n, int32_t lane) {
  const size_t N = size_t(1) << n;
  for (size_t i = 0; i < N; ++i)
    dst[2 * i + lane] = t[2 * i];
}

} // namespace

extern "C" void MASQ_RTC_SYM(init_pair)(Real *psi, int32_t n) {
  if (!okPair(__func__, psi, nullptr, false, n, 0))
    return;
  masq::rt::parallelZero(psi, size_t(2) << n, n);
  psi[0] = psi[1] = 1; // |0...0> in both lanes
}

extern "C" void MASQ_RTC_SYM(encode_angle_lane)(Real *psi, int32_t n, const int32_t *qs,
                                           int32_t k, const double *x, int32_t axis,
                                           double scale, int32_t lane) {
  if (!okPair(__func__, psi, nullptr, false, n, lane))
    return;
  if (axis != int32_t(Kind::RY)) {
    report(Status::BadArgument, __func__,
           "only RY angle encoding keeps a sample real (axis %d)", axis);
    return;
  }
  // On an error the copy is left untouched, so copying it back changes nothing.
  masq_rtc_encode_angle(pack(tPsi, psi, n, lane), n, qs, k, x, axis, scale);
  unpack(tPsi, psi, n, lane);
}

extern "C" void MASQ_RTC_SYM(encode_angle_back_lane)(const Real *psi, const Real *lam,
                                                int32_t n, const int32_t *qs, int32_t k,
                                                const double *x, int32_t axis, double scale,
                                                double *gx, int32_t lane) {
  if (okPair(__func__, psi, lam, true, n, lane))
    masq_rtc_encode_angle_back(pack(tPsi, psi, n, lane), pack(tLam, lam, n, lane), n, qs, k,
                               x, axis, scale, gx);
}

namespace {

using ValueFn = double (*)(const double *, int32_t, const int32_t *, int32_t);
using SeedFn = void (*)(const double *, double *, int32_t, const int32_t *, int32_t, double);

double valueOnLane(const char *fn, ValueFn f, const Real *psi, int32_t n,
                   const int32_t *qs, int32_t k, int32_t lane) {
  if (!okPair(fn, psi, nullptr, false, n, lane))
    return kNaN;
  return f(pack(tPsi, psi, n, lane), n, qs, k);
}

void seedOnLane(const char *fn, SeedFn f, const Real *psi, Real *lam, int32_t n,
                const int32_t *qs, int32_t k, double g, int32_t lane) {
  if (!okPair(fn, psi, lam, true, n, lane))
    return;
  f(pack(tPsi, psi, n, lane), pack(tLam, lam, n, lane), n, qs, k, g);
  unpack(tLam, lam, n, lane);
}

} // namespace

extern "C" double MASQ_RTC_SYM(expval_z_lane)(const Real *psi, int32_t n, const int32_t *qs,
                                         int32_t k, int32_t lane) {
  return valueOnLane(__func__, masq_rtc_expval_z, psi, n, qs, k, lane);
}

extern "C" void MASQ_RTC_SYM(seed_expval_z_lane)(const Real *psi, Real *lam, int32_t n,
                                            const int32_t *qs, int32_t k, double g,
                                            int32_t lane) {
  seedOnLane(__func__, masq_rtc_seed_expval_z, psi, lam, n, qs, k, g, lane);
}

extern "C" double MASQ_RTC_SYM(prob_zero_lane)(const Real *psi, int32_t n, const int32_t *qs,
                                          int32_t k, int32_t lane) {
  return valueOnLane(__func__, masq_rtc_prob_zero, psi, n, qs, k, lane);
}

extern "C" void MASQ_RTC_SYM(seed_prob_zero_lane)(const Real *psi, Real *lam, int32_t n,
                                             const int32_t *qs, int32_t k, double g,
                                             int32_t lane) {
  seedOnLane(__func__, masq_rtc_seed_prob_zero, psi, lam, n, qs, k, g, lane);
}
