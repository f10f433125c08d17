//===- CompiledSupport.h - error slot and argument checks of the ABI -*- C++ -*-===//
//
// Private to runtime/sim/Compiled*.cpp: the per-thread first-error slot,
// exception guards, and the cheap argument checks of the compiled-code ABI.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_COMPILEDSUPPORT_H
#define MASQ_RUNTIME_COMPILEDSUPPORT_H

#include "masq/Runtime/Compiled.h"
#include "masq/Core/Gates.h"
#include "masq/Runtime/Kernels.h"
#include "masq/Runtime/Observables.h"
#include "masq/Runtime/Status.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <new>



static_assert(sizeof(int) == sizeof(int32_t), "int32_t qubit lists are passed as int*");
static_assert(sizeof(masq::rt::cplx) == 2 * sizeof(double), "interleaved complex layout");

// The v4d helpers below are always inlined into AVX2 functions, so the
// "AVX vector argument without AVX enabled" ABI note does not apply.
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wpsabi"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

// Compiled*.cpp are compiled twice (runtime/sim/CMakeLists.txt): for
// complex128 states, as the entry points masq_rtc_<name>, and with
// MASQ_RTC_SINGLE for complex64 states, as masq_rtc_f32_<name> (Compiled.h,
// --precision single). Real is the type of a state's entries; angles, data,
// outputs and derivatives are double in both, and every kernel computes in
// double (a complex64 amplitude is widened on load and rounded on store).
#ifdef MASQ_RTC_SINGLE
#define MASQ_RTC_SYM(name) masq_rtc_f32_##name
#define MASQ_RTC_PREC f32
#else
#define MASQ_RTC_SYM(name) masq_rtc_##name
#define MASQ_RTC_PREC f64
#endif

#define MASQ_LIKELY(x) __builtin_expect(!!(x), 1)
#define MASQ_INLINE inline __attribute__((always_inline))


namespace masq {
namespace rtc {

using masq::gates::Kind;
using masq::rt::cplx;
using masq::rt::Status;


constexpr int kMaxN = masq::rt::kMaxQubits;
// From this many qubits on, gates use the runtime's SIMD / OpenMP kernels.
constexpr int kDelegateQubits = 14;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSqrtHalf = 0.70710678118654752440;

//--- error slot --------------------------------------------------------------//

inline thread_local int32_t tCode = 0;
inline thread_local char tMsg[384];

[[gnu::cold, gnu::noinline, gnu::format(printf, 3, 4)]] inline void
report(Status s, const char *fn, const char *fmt, ...) {
  if (tCode)
    return; // keep the first error
  tCode = int32_t(s);
  int off = std::snprintf(tMsg, sizeof tMsg, "%s: ", fn);
  if (off < 0 || size_t(off) >= sizeof tMsg)
    off = 0;
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(tMsg + off, sizeof tMsg - size_t(off), fmt, ap);
  va_end(ap);
}

// The rest differs between the two builds.
inline namespace MASQ_RTC_PREC {

#ifdef MASQ_RTC_SINGLE
using Real = float;
#else
using Real = double;
#endif
using Amp = std::complex<Real>; // cplx or masq::rt::cplxf

/// A block's place in a run of consecutive blocks on one state
/// (masq_rtc_block_run): 0 alone, else first, in the middle, or last; a
/// backward run's last block may be kRunLastDead instead: nothing reads psi
/// or lam after it (the compiler proved it), so the state is not written
/// back.
constexpr int32_t kRunFirst = 1, kRunMiddle = 2, kRunLast = 3, kRunLastDead = 4;

/// The value an observable returns: exact, or under a ShotScope the
/// estimate from its shots (a +-1 outcome for `signedObs`: expval, and a
/// fidelity measured by a SWAP test; else a probability). NaN stays NaN.
/// (CompiledData.cpp.)
double sampled(double v, bool signedObs);

/// A fused block's forward and backward steps on a state of n qubits
/// (CompiledBlock.cpp; masq_rtc_block(_back)(_run) without the density and
/// distributed hooks, which call them on a rank's part).
void blockForward(const char *fn, Real *psi, int32_t n, const int32_t *qs, int32_t k,
                  const int32_t *desc, int32_t ngates, const double *angles, int32_t run = 0);
void blockBackward(const char *fn, Real *psi, Real *lam, int32_t n, const int32_t *qs,
                   int32_t k, const int32_t *desc, int32_t ngates, const double *angles,
                   double *dangles, int32_t run = 0);

[[gnu::cold, gnu::noinline]] inline void reportException(const char *fn) {
  try {
    throw;
  } catch (const masq::rt::Error &e) {
    report(e.status(), fn, "%s", e.what());
  } catch (const std::bad_alloc &) {
    report(Status::OutOfMemory, fn, "out of memory");
  } catch (const std::exception &e) {
    report(Status::BadArgument, fn, "%s", e.what());
  } catch (...) {
    report(Status::BadArgument, fn, "unknown exception");
  }
}

// Runs f (which may call into the C++ runtime) without letting anything
// escape; false if it threw.
template <class F> bool guarded(const char *fn, F &&f) {
  try {
    f();
    return true;
  } catch (...) {
    reportException(fn);
    return false;
  }
}

//--- validation (hot path: a few compares, the reporting is out of line) ----//

[[gnu::cold, gnu::noinline]] inline void badArgs(const char *fn, const void *psi, const void *lam,
                                          bool needLam, int32_t n, int32_t q0, int32_t q1,
                                          int arity) {
  if (!psi || (needLam && !lam))
    report(Status::BadArgument, fn, "null state or adjoint pointer");
  else if (uint32_t(n) > uint32_t(kMaxN))
    report(Status::BadArgument, fn, "number of qubits %d outside [0, %d]", n, kMaxN);
  else if (uint32_t(q0) >= uint32_t(n))
    report(Status::BadQubit, fn, "qubit index %d out of range [0, %d)", q0, n);
  else if (arity == 2 && uint32_t(q1) >= uint32_t(n))
    report(Status::BadQubit, fn, "qubit index %d out of range [0, %d)", q1, n);
  else
    report(Status::DuplicateQubit, fn, "qubit %d used twice in one operation", q0);
}

[[gnu::cold, gnu::noinline]] inline void badAngle(const char *fn, double a) {
  report(Status::NonFinite, fn, "angle %g is NaN or infinite", a);
}

MASQ_INLINE bool ok1(const char *fn, const Real *psi, int32_t n, int32_t q) {
  if (MASQ_LIKELY(psi && uint32_t(n) <= uint32_t(kMaxN) && uint32_t(q) < uint32_t(n)))
    return true;
  badArgs(fn, psi, nullptr, false, n, q, 0, 1);
  return false;
}
MASQ_INLINE bool ok1b(const char *fn, const Real *psi, const Real *lam, int32_t n,
                      int32_t q) {
  if (MASQ_LIKELY(psi && lam && uint32_t(n) <= uint32_t(kMaxN) &&
                  uint32_t(q) < uint32_t(n)))
    return true;
  badArgs(fn, psi, lam, true, n, q, 0, 1);
  return false;
}
MASQ_INLINE bool ok2(const char *fn, const Real *psi, int32_t n, int32_t q0, int32_t q1) {
  if (MASQ_LIKELY(psi && uint32_t(n) <= uint32_t(kMaxN) && uint32_t(q0) < uint32_t(n) &&
                  uint32_t(q1) < uint32_t(n) && q0 != q1))
    return true;
  badArgs(fn, psi, nullptr, false, n, q0, q1, 2);
  return false;
}
MASQ_INLINE bool ok2b(const char *fn, const Real *psi, const Real *lam, int32_t n,
                      int32_t q0, int32_t q1) {
  if (MASQ_LIKELY(psi && lam && uint32_t(n) <= uint32_t(kMaxN) &&
                  uint32_t(q0) < uint32_t(n) && uint32_t(q1) < uint32_t(n) && q0 != q1))
    return true;
  badArgs(fn, psi, lam, true, n, q0, q1, 2);
  return false;
}
MASQ_INLINE bool okAngle(const char *fn, double a) {
  if (MASQ_LIKELY(std::isfinite(a)))
    return true;
  badAngle(fn, a);
  return false;
}

// A qubit list of an encoder / observable: 0 <= k <= n, in range, distinct.
// Also yields the bit mask of the list.
inline bool okList(const char *fn, int32_t n, const int32_t *qs, int32_t k, uint64_t &mask) {
  if (uint32_t(n) > uint32_t(kMaxN)) {
    report(Status::BadArgument, fn, "number of qubits %d outside [0, %d]", n, kMaxN);
    return false;
  }
  if (k < 0 || k > n) {
    report(Status::BadArgument, fn, "qubit list length %d outside [0, %d]", k, n);
    return false;
  }
  if (k > 0 && !qs) {
    report(Status::BadArgument, fn, "null qubit list");
    return false;
  }
  mask = 0;
  for (int32_t j = 0; j < k; ++j) {
    if (uint32_t(qs[j]) >= uint32_t(n)) {
      report(Status::BadQubit, fn, "qubit index %d out of range [0, %d)", qs[j], n);
      return false;
    }
    const uint64_t bit = uint64_t(1) << qs[j];
    if (mask & bit) {
      report(Status::DuplicateQubit, fn, "qubit %d used twice in one operation", qs[j]);
      return false;
    }
    mask |= bit;
  }
  return true;
}

// A real vector normalised as a state of 2^k entries: finite, nonzero,
// 1 <= len <= 2^k. Yields 1/|v|.
inline bool okVector(const char *fn, const char *what, const double *v, int32_t len, int32_t k,
              double &inv) {
  if (!v || len < 1 || int64_t(len) > (int64_t(1) << k)) {
    report(Status::BadArgument, fn, "%s must have 1..2^%d = %lld entries, got %d%s", what,
           k, (long long)(int64_t(1) << k), len, v ? "" : " (null pointer)");
    return false;
  }
  double s = 0;
  for (int32_t i = 0; i < len; ++i) {
    if (!std::isfinite(v[i])) {
      report(Status::NonFinite, fn, "%s entry %d is NaN or infinite", what, i);
      return false;
    }
    s += v[i] * v[i];
  }
  if (!(s > 0)) {
    report(Status::ZeroNorm, fn, "%s has zero norm", what);
    return false;
  }
  if (!std::isfinite(s)) {
    report(Status::NonFinite, fn, "%s norm overflows", what);
    return false;
  }
  inv = 1.0 / std::sqrt(s);
  return true;
}

inline bool okFinite(const char *fn, const char *what, double g) {
  if (std::isfinite(g))
    return true;
  report(Status::NonFinite, fn, "%s %g is NaN or infinite", what, g);
  return false;
}


} // namespace MASQ_RTC_PREC
} // namespace rtc
} // namespace masq

#endif // MASQ_RUNTIME_COMPILEDSUPPORT_H
