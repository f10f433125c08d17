//===- Compiled.cpp - ABI called by JIT-compiled model code ---------------===//
//
// Per-sample, per-operation entry points (see Compiled.h). The typical model
// has 6-10 qubits and a few hundred gates per sample, so the call overhead
// dominates: the gates are written here as direct loops over amplitude
// pairs / quadruples with the trigonometry done once per call, no GateOp /
// BwdOp construction, no heap, and validation reduced to a few compares.
// Each kernel is one template instantiated for SSE2 (baseline) and for
// AVX2/FMA (used when the runtime's SIMD switch is on, see below). From
// kDelegateQubits qubits on, the gates go through the runtime's compiled
// kernels (SIMD, OpenMP for large states) instead.
//
//===----------------------------------------------------------------------===//
#include "masq/Runtime/Compiled.h"
#include "masq/Runtime/Gates.h"
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

using masq::gates::Kind;
using masq::rt::cplx;
using masq::rt::Status;

static_assert(sizeof(int) == sizeof(int32_t), "int32_t qubit lists are passed as int*");
static_assert(sizeof(cplx) == 2 * sizeof(double), "interleaved complex layout");

// The v4d helpers below are always inlined into AVX2 functions, so the
// "AVX vector argument without AVX enabled" ABI note does not apply.
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wpsabi"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

#define MASQ_LIKELY(x) __builtin_expect(!!(x), 1)
#define MASQ_INLINE inline __attribute__((always_inline))

namespace {

constexpr int kMaxN = masq::rt::kMaxQubits;
// From this many qubits on, gates use the runtime's SIMD / OpenMP kernels.
constexpr int kDelegateQubits = 14;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSqrtHalf = 0.70710678118654752440;

//--- error slot --------------------------------------------------------------//

thread_local int32_t tCode = 0;
thread_local char tMsg[384];

[[gnu::cold, gnu::noinline, gnu::format(printf, 3, 4)]] void
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

[[gnu::cold, gnu::noinline]] void reportException(const char *fn) {
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

[[gnu::cold, gnu::noinline]] void badArgs(const char *fn, const void *psi, const void *lam,
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

[[gnu::cold, gnu::noinline]] void badAngle(const char *fn, double a) {
  report(Status::NonFinite, fn, "angle %g is NaN or infinite", a);
}

MASQ_INLINE bool ok1(const char *fn, const double *psi, int32_t n, int32_t q) {
  if (MASQ_LIKELY(psi && uint32_t(n) <= uint32_t(kMaxN) && uint32_t(q) < uint32_t(n)))
    return true;
  badArgs(fn, psi, nullptr, false, n, q, 0, 1);
  return false;
}
MASQ_INLINE bool ok1b(const char *fn, const double *psi, const double *lam, int32_t n,
                      int32_t q) {
  if (MASQ_LIKELY(psi && lam && uint32_t(n) <= uint32_t(kMaxN) &&
                  uint32_t(q) < uint32_t(n)))
    return true;
  badArgs(fn, psi, lam, true, n, q, 0, 1);
  return false;
}
MASQ_INLINE bool ok2(const char *fn, const double *psi, int32_t n, int32_t q0, int32_t q1) {
  if (MASQ_LIKELY(psi && uint32_t(n) <= uint32_t(kMaxN) && uint32_t(q0) < uint32_t(n) &&
                  uint32_t(q1) < uint32_t(n) && q0 != q1))
    return true;
  badArgs(fn, psi, nullptr, false, n, q0, q1, 2);
  return false;
}
MASQ_INLINE bool ok2b(const char *fn, const double *psi, const double *lam, int32_t n,
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
bool okList(const char *fn, int32_t n, const int32_t *qs, int32_t k, uint64_t &mask) {
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
bool okVector(const char *fn, const char *what, const double *v, int32_t len, int32_t k,
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

bool okFinite(const char *fn, const char *what, double g) {
  if (std::isfinite(g))
    return true;
  report(Status::NonFinite, fn, "%s %g is NaN or infinite", what, g);
  return false;
}

//--- vectors -------------------------------------------------------------------//
//
// Amplitudes are processed as GCC / Clang extension vectors: V = v2d holds
// one amplitude (re, im) (SSE2 on baseline x86-64, NEON on arm64), V = v4d
// two neighbouring amplitudes. The kernel templates below are written once
// for both; the v4d instances are compiled with target("avx2,fma") and used
// when the CPU has AVX2/FMA and the runtime's SIMD switch is on
// (masq::rt::simdEnabled(), i.e. MASQ_RT_SIMD=0 forces the SSE2 path).

typedef double v2d __attribute__((vector_size(16)));
typedef double v4d __attribute__((vector_size(32)));

#if defined(__x86_64__) && defined(__GNUC__)
#define MASQ_RTC_AVX2 1
#define MASQ_AVX2_FN __attribute__((target("avx2,fma"), noinline))
#else
#define MASQ_RTC_AVX2 0
#endif

template <class V> constexpr int kW = int(sizeof(V) / 16); // amplitudes per vector

template <class V> MASQ_INLINE V ldv(const double *p) {
  V v;
  std::memcpy(&v, p, sizeof v); // psi need not be aligned
  return v;
}
template <class V> MASQ_INLINE void stv(double *p, const V &v) {
  std::memcpy(p, &v, sizeof v);
}

#if defined(__clang__) || __GNUC__ >= 12
#define MASQ_SHUF __builtin_shufflevector
#else
#error "Compiled.cpp needs __builtin_shufflevector (GCC >= 12 or Clang)"
#endif

MASQ_INLINE v2d sw(v2d a) { return MASQ_SHUF(a, a, 1, 0); } // (im, re)
MASQ_INLINE v4d sw(const v4d &a) { return MASQ_SHUF(a, a, 1, 0, 3, 2); }
// i a = sw(a) * posI, -i a = sw(a) * negI.
template <class V> MASQ_INLINE V posI();
template <> MASQ_INLINE v2d posI<v2d>() { return v2d{-1.0, 1.0}; }
template <> MASQ_INLINE v4d posI<v4d>() { return v4d{-1.0, 1.0, -1.0, 1.0}; }
template <class V> MASQ_INLINE V negI() { return -posI<V>(); }
// Sum of the real lanes and of the imaginary lanes.
MASQ_INLINE v2d fold(v2d a) { return a; }
MASQ_INLINE v2d fold(const v4d &a) { return v2d{a[0] + a[2], a[1] + a[3]}; }

//--- loop skeletons -------------------------------------------------------------//
//
// The drivers call f(i, acc) for every base index i of a gate's amplitude
// group (W = 1: one pair / quad, W = 2: two neighbouring ones). The v2d
// drivers alternate two accumulators so that the derivative sums of the
// backward steps form two independent dependency chains.

// One-qubit gates: pairs (i, i + 2^q), bit q of i clear. W = 2 needs n >= 2.
template <class V, class F> MASQ_INLINE void loop1(int n, int q, V &acc0, V &acc1, F &&f) {
  const size_t N = size_t(1) << n, s = size_t(1) << q;
  if (kW<V> == 1) {
    if (n == 1) {
      f(size_t(0), acc0);
    } else if (q == 0) {
      for (size_t i = 0; i < N; i += 4)
        f(i, acc0), f(i + 2, acc1);
    } else {
      for (size_t b = 0; b < N; b += 2 * s)
        for (size_t i = b; i < b + s; i += 2)
          f(i, acc0), f(i + 1, acc1);
    }
  } else {
    if (q <= 1) { // q = 0: pairs (i, i+1), (i+2, i+3); q = 1: (i, i+2), (i+1, i+3)
      for (size_t i = 0; i < N; i += 4)
        f(i, acc0);
    } else {
      for (size_t b = 0; b < N; b += 2 * s)
        for (size_t i = b; i < b + s; i += 2)
          f(i, acc0);
    }
  }
}

// The two amplitude vectors of the group at i (see loop1).
MASQ_INLINE void ldPair(const double *p, size_t i, size_t s, v2d &a, v2d &b) {
  a = ldv<v2d>(p + 2 * i), b = ldv<v2d>(p + 2 * (i + s));
}
MASQ_INLINE void stPair(double *p, size_t i, size_t s, const v2d &a, const v2d &b) {
  stv(p + 2 * i, a), stv(p + 2 * (i + s), b);
}
MASQ_INLINE void ldPair(const double *p, size_t i, size_t s, v4d &a, v4d &b) {
  if (s == 1) { // (a_i, b_i), (a_i+2, b_i+2) -> (a_i, a_i+2), (b_i, b_i+2)
    const v4d x = ldv<v4d>(p + 2 * i), y = ldv<v4d>(p + 2 * i + 4);
    a = MASQ_SHUF(x, y, 0, 1, 4, 5);
    b = MASQ_SHUF(x, y, 2, 3, 6, 7);
  } else {
    a = ldv<v4d>(p + 2 * i), b = ldv<v4d>(p + 2 * (i + s));
  }
}
MASQ_INLINE void stPair(double *p, size_t i, size_t s, const v4d &a, const v4d &b) {
  if (s == 1) {
    stv(p + 2 * i, v4d(MASQ_SHUF(a, b, 0, 1, 4, 5)));
    stv(p + 2 * i + 4, v4d(MASQ_SHUF(a, b, 2, 3, 6, 7)));
  } else {
    stv(p + 2 * i, a), stv(p + 2 * (i + s), b);
  }
}

// Two-qubit gates: base indices with bits a and b clear. W = 2 needs both
// qubits >= 1 (then i and i + 1 are base indices of the same form).
template <class V, class F> MASQ_INLINE void loopQ(int n, int a, int b, V &acc0, V &acc1,
                                                   F &&f) {
  const int lo = a < b ? a : b, hi = a < b ? b : a;
  const size_t N = size_t(1) << n, L = size_t(1) << lo, H = size_t(1) << hi;
  if (kW<V> == 2) {
    for (size_t x = 0; x < N; x += 2 * H)
      for (size_t y = x; y < x + H; y += 2 * L)
        for (size_t i = y; i < y + L; i += 2)
          f(i, acc0);
  } else if (n == 2) {
    f(size_t(0), acc0);
  } else if (lo >= 1) {
    for (size_t x = 0; x < N; x += 2 * H)
      for (size_t y = x; y < x + H; y += 2 * L)
        for (size_t i = y; i < y + L; i += 2)
          f(i, acc0), f(i + 1, acc1);
  } else if (hi >= 2) { // lo = 0: the base indices are the even numbers below H
    for (size_t x = 0; x < N; x += 2 * H)
      for (size_t y = x; y < x + H; y += 4)
        f(y, acc0), f(y + 2, acc1);
  } else { // lo = 0, hi = 1: multiples of 4, n >= 3
    for (size_t x = 0; x < N; x += 8)
      f(x, acc0), f(x + 4, acc1);
  }
}

// Amplitude indices with the bits of mask clear, ascending.
template <class F> MASQ_INLINE void forGroups(int n, uint64_t mask, F &&f) {
  const size_t N = size_t(1) << n;
  for (size_t b = 0; b < N; b = ((b | mask) + 1) & ~mask)
    f(b);
}

// Offsets of the local basis states of a qubit list: off(c + 1) = off(c) ^
// pm[ctz(c + 1)], pm[t] = the bits of qs[0..t] (Gray-style increment).
struct Spread {
  uint64_t pm[kMaxN + 1];
  Spread(const int32_t *qs, int32_t k) {
    uint64_t m = 0;
    for (int32_t j = 0; j < k; ++j)
      pm[j] = m |= uint64_t(1) << qs[j];
    for (int32_t j = k; j <= kMaxN; ++j) // read (unused) after the last state
      pm[j] = m;
  }
  MASQ_INLINE uint64_t next(uint64_t off, uint64_t c) const { // c -> c + 1
    return off ^ pm[__builtin_ctzll(c + 1)];
  }
};

//--- amplitude-pair operations (forward): op(a, b) on the two amplitudes ----//

// Complex factor d: d a = dr a + di (i a).
struct Cx {
  double r, i;
  Cx(double dr, double di) : r(dr), i(di) {}
  explicit Cx(cplx d) : r(d.real()), i(d.imag()) {}
  template <class V> MASQ_INLINE V operator*(const V &a) const {
    return r * a + i * (sw(a) * posI<V>());
  }
};

struct OpReal { // real 2x2
  double m00, m01, m10, m11;
  template <class V> MASQ_INLINE void operator()(V &a, V &b) const {
    const V na = m00 * a + m01 * b;
    b = m10 * a + m11 * b;
    a = na;
  }
};
struct OpH {
  template <class V> MASQ_INLINE void operator()(V &a, V &b) const {
    const V na = kSqrtHalf * (a + b);
    b = kSqrtHalf * (a - b);
    a = na;
  }
};
struct OpX {
  template <class V> MASQ_INLINE void operator()(V &a, V &b) const {
    const V t = a;
    a = b;
    b = t;
  }
};
struct OpY { // (a, b) -> (-i b, i a)
  template <class V> MASQ_INLINE void operator()(V &a, V &b) const {
    const V na = sw(b) * negI<V>();
    b = sw(a) * posI<V>();
    a = na;
  }
};
struct OpRX { // [[c, -i s], [-i s, c]]
  double c, s;
  template <class V> MASQ_INLINE void operator()(V &a, V &b) const {
    const V na = c * a + s * (sw(b) * negI<V>());
    b = c * b + s * (sw(a) * negI<V>());
    a = na;
  }
};
struct OpMat { // complex 2x2
  Cx m00, m01, m10, m11;
  template <class V> MASQ_INLINE void operator()(V &a, V &b) const {
    const V na = m00 * a + m01 * b;
    b = m10 * a + m11 * b;
    a = na;
  }
};
struct OpDiag { // diag(d0, d1)
  Cx d0, d1;
  template <class V> MASQ_INLINE void operator()(V &a, V &b) const { a = d0 * a, b = d1 * b; }
};
struct OpZ {
  template <class V> MASQ_INLINE void operator()(V &, V &b) const { b = -b; }
};
struct OpS { // b *= i
  template <class V> MASQ_INLINE void operator()(V &, V &b) const { b = sw(b) * posI<V>(); }
};
struct OpSdg { // b *= -i
  template <class V> MASQ_INLINE void operator()(V &, V &b) const { b = sw(b) * negI<V>(); }
};
struct OpPhase { // b *= d
  Cx d;
  template <class V> MASQ_INLINE void operator()(V &, V &b) const { b = d * b; }
};
struct OpEncode { // (p0, 0) -> (f0 p0, f1 p0): R|0> on a qubit in |0>
  Cx f0, f1;
  template <class V> MASQ_INLINE void operator()(V &a, V &b) const { b = f1 * a, a = f0 * a; }
};

//--- backward pair operations ---------------------------------------------//
// (a, b) state pair after the gate, (la, lb) adjoint pair. Each adds its
// share of dL/dangle = 2 Re <lam| M psi>, M = dU U^dagger = -i/2 G for a
// Pauli rotation exp(-i a/2 G), i.e. Im <lam| G psi>, into the lanes of acc
// (the result is re + im lanes, or re - im lanes when kDiff), then applies
// U^dagger to both pairs.

struct BackRY { // G = Y; U^dagger = [[c, s], [-s, c]]
  static constexpr bool kDiff = false;
  double c, s;
  template <class V> MASQ_INLINE void operator()(V &a, V &b, V &la, V &lb, V &acc) const {
    acc += lb * a - la * b; // Re(conj(l1) a) - Re(conj(l0) b)
    const V na = c * a + s * b, nla = c * la + s * lb;
    b = c * b - s * a, lb = c * lb - s * la;
    a = na, la = nla;
  }
};
struct BackRX { // G = X; U^dagger = [[c, i s], [i s, c]]
  static constexpr bool kDiff = true;
  double c, s;
  template <class V> MASQ_INLINE void operator()(V &a, V &b, V &la, V &lb, V &acc) const {
    const V sa = sw(a), sb = sw(b), sla = sw(la), slb = sw(lb);
    acc += la * sb + lb * sa; // Im(conj(l0) b) + Im(conj(l1) a)
    const V pi = posI<V>();
    a = c * a + s * (sb * pi), b = c * b + s * (sa * pi);
    la = c * la + s * (slb * pi), lb = c * lb + s * (sla * pi);
  }
};
struct BackRZ { // G = Z; U^dagger = diag(c + i s, c - i s)
  static constexpr bool kDiff = true;
  double c, s;
  template <class V> MASQ_INLINE void operator()(V &a, V &b, V &la, V &lb, V &acc) const {
    const V sa = sw(a), sb = sw(b);
    acc += la * sa - lb * sb; // Im(conj(l0) a) - Im(conj(l1) b)
    const V pi = posI<V>();
    a = c * a + s * (sa * pi), b = c * b - s * (sb * pi);
    la = c * la + s * (sw(la) * pi), lb = c * lb - s * (sw(lb) * pi);
  }
};
// RZZ on a quad (amplitudes 00, 01, 10, 11 of the two qubits): G = Z (x) Z.
struct BackRZZ {
  static constexpr bool kDiff = true;
  double c, s;
  template <class V> MASQ_INLINE void one(V &p, V &l, V &acc, double sg) const {
    acc += sg * (l * sw(p)); // sg Im(conj(l) p)
    const V pi = posI<V>();  // U^dagger: e^{+i sg a/2}
    p = c * p + (sg * s) * (sw(p) * pi);
    l = c * l + (sg * s) * (sw(l) * pi);
  }
  template <class V> MASQ_INLINE void operator()(V *p, V *l, V &acc) const {
    one(p[0], l[0], acc, 1.0), one(p[1], l[1], acc, -1.0);
    one(p[2], l[2], acc, -1.0), one(p[3], l[3], acc, 1.0);
  }
};
struct OpRZZ {
  Cx even, odd;
  template <class V> MASQ_INLINE void operator()(V *p) const {
    p[0] = even * p[0], p[1] = odd * p[1], p[2] = odd * p[2], p[3] = even * p[3];
  }
};

template <class B, class V> MASQ_INLINE double finish(const V &acc0, const V &acc1) {
  const v2d a = fold(acc0) + fold(acc1);
  return B::kDiff ? a[0] - a[1] : a[0] + a[1];
}

//--- kernels, templated on the vector type -------------------------------------//
// The op is taken by value: a local copy of its numbers cannot alias psi, so
// they stay in registers across the stores.

// Forward one-qubit op.
template <class V, class Op> MASQ_INLINE void k1T(double *psi, int n, int q, const Op op) {
  const size_t s = size_t(1) << q;
  V d0 = {}, d1 = {};
  loop1<V>(n, q, d0, d1, [&](size_t i, V &) {
    V a, b;
    ldPair(psi, i, s, a, b);
    op(a, b);
    stPair(psi, i, s, a, b);
  });
}
// A fixed one-qubit op on the state and the adjoint vector in one sweep.
template <class V, class Op> MASQ_INLINE void k1x2T(double *psi, double *lam, int n, int q,
                                                    const Op op) {
  const size_t s = size_t(1) << q;
  V d0 = {}, d1 = {};
  loop1<V>(n, q, d0, d1, [&](size_t i, V &) {
    V a, b, la, lb;
    ldPair(psi, i, s, a, b), ldPair(lam, i, s, la, lb);
    op(a, b), op(la, lb);
    stPair(psi, i, s, a, b), stPair(lam, i, s, la, lb);
  });
}
// Backward step of a one-qubit rotation.
template <class V, class B> MASQ_INLINE double kb1T(double *psi, double *lam, int n, int q,
                                                    const B op) {
  const size_t s = size_t(1) << q;
  V acc0 = {}, acc1 = {};
  loop1<V>(n, q, acc0, acc1, [&](size_t i, V &acc) {
    V a, b, la, lb;
    ldPair(psi, i, s, a, b), ldPair(lam, i, s, la, lb);
    op(a, b, la, lb, acc);
    stPair(psi, i, s, a, b), stPair(lam, i, s, la, lb);
  });
  return finish<B>(acc0, acc1);
}
// A pair op on the amplitudes (i | u, i | v) of every quad.
template <class V, class Op> MASQ_INLINE void kqT(double *psi, int n, int q0, int q1,
                                                  size_t u, size_t v, const Op op) {
  V d0 = {}, d1 = {};
  loopQ<V>(n, q0, q1, d0, d1, [&](size_t i, V &) {
    double *pu = psi + 2 * (i | u), *pv = psi + 2 * (i | v);
    V a = ldv<V>(pu), b = ldv<V>(pv);
    op(a, b);
    stv(pu, a), stv(pv, b);
  });
}
template <class V, class Op> MASQ_INLINE void kqx2T(double *psi, double *lam, int n, int q0,
                                                    int q1, size_t u, size_t v,
                                                    const Op op) {
  V d0 = {}, d1 = {};
  loopQ<V>(n, q0, q1, d0, d1, [&](size_t i, V &) {
    double *pu = psi + 2 * (i | u), *pv = psi + 2 * (i | v);
    double *lu = lam + 2 * (i | u), *lv = lam + 2 * (i | v);
    V a = ldv<V>(pu), b = ldv<V>(pv), la = ldv<V>(lu), lb = ldv<V>(lv);
    op(a, b), op(la, lb);
    stv(pu, a), stv(pv, b), stv(lu, la), stv(lv, lb);
  });
}
template <class V, class B> MASQ_INLINE double kbqT(double *psi, double *lam, int n, int q0,
                                                    int q1, size_t u, size_t v,
                                                    const B op) {
  V acc0 = {}, acc1 = {};
  loopQ<V>(n, q0, q1, acc0, acc1, [&](size_t i, V &acc) {
    double *pu = psi + 2 * (i | u), *pv = psi + 2 * (i | v);
    double *lu = lam + 2 * (i | u), *lv = lam + 2 * (i | v);
    V a = ldv<V>(pu), b = ldv<V>(pv), la = ldv<V>(lu), lb = ldv<V>(lv);
    op(a, b, la, lb, acc);
    stv(pu, a), stv(pv, b), stv(lu, la), stv(lv, lb);
  });
  return finish<B>(acc0, acc1);
}
// An op on all four amplitudes of every quad (local index bit(q0) + 2 bit(q1)).
template <class V, class Op> MASQ_INLINE void kq4T(double *psi, int n, int q0, int q1,
                                                   const Op op) {
  const size_t o[4] = {0, size_t(1) << q0, size_t(1) << q1,
                       (size_t(1) << q0) | (size_t(1) << q1)};
  V d0 = {}, d1 = {};
  loopQ<V>(n, q0, q1, d0, d1, [&](size_t i, V &) {
    V p[4];
    for (int j = 0; j < 4; ++j)
      p[j] = ldv<V>(psi + 2 * (i | o[j]));
    op(p);
    for (int j = 0; j < 4; ++j)
      stv(psi + 2 * (i | o[j]), p[j]);
  });
}
template <class V, class B> MASQ_INLINE double kbq4T(double *psi, double *lam, int n, int q0,
                                                     int q1, const B op) {
  const size_t o[4] = {0, size_t(1) << q0, size_t(1) << q1,
                       (size_t(1) << q0) | (size_t(1) << q1)};
  V acc0 = {}, acc1 = {};
  loopQ<V>(n, q0, q1, acc0, acc1, [&](size_t i, V &acc) {
    V p[4], l[4];
    for (int j = 0; j < 4; ++j)
      p[j] = ldv<V>(psi + 2 * (i | o[j])), l[j] = ldv<V>(lam + 2 * (i | o[j]));
    op(p, l, acc);
    for (int j = 0; j < 4; ++j)
      stv(psi + 2 * (i | o[j]), p[j]), stv(lam + 2 * (i | o[j]), l[j]);
  });
  return finish<B>(acc0, acc1);
}

#if MASQ_RTC_AVX2
// The v4d instances, compiled for AVX2/FMA (the templates inline into them).
template <class Op> MASQ_AVX2_FN void k1Avx(double *psi, int n, int q, const Op op) {
  k1T<v4d>(psi, n, q, op);
}
template <class Op> MASQ_AVX2_FN void k1x2Avx(double *psi, double *lam, int n, int q,
                                              const Op op) {
  k1x2T<v4d>(psi, lam, n, q, op);
}
template <class B> MASQ_AVX2_FN double kb1Avx(double *psi, double *lam, int n, int q,
                                              const B op) {
  return kb1T<v4d>(psi, lam, n, q, op);
}
template <class Op> MASQ_AVX2_FN void kqAvx(double *psi, int n, int q0, int q1, size_t u,
                                            size_t v, const Op op) {
  kqT<v4d>(psi, n, q0, q1, u, v, op);
}
template <class Op> MASQ_AVX2_FN void kqx2Avx(double *psi, double *lam, int n, int q0,
                                              int q1, size_t u, size_t v, const Op op) {
  kqx2T<v4d>(psi, lam, n, q0, q1, u, v, op);
}
template <class B> MASQ_AVX2_FN double kbqAvx(double *psi, double *lam, int n, int q0,
                                              int q1, size_t u, size_t v, const B op) {
  return kbqT<v4d>(psi, lam, n, q0, q1, u, v, op);
}
template <class Op> MASQ_AVX2_FN void kq4Avx(double *psi, int n, int q0, int q1,
                                             const Op op) {
  kq4T<v4d>(psi, n, q0, q1, op);
}
template <class B> MASQ_AVX2_FN double kbq4Avx(double *psi, double *lam, int n, int q0,
                                               int q1, const B op) {
  return kbq4T<v4d>(psi, lam, n, q0, q1, op);
}
// One-qubit kernels need two pairs (n >= 2), two-qubit ones both qubits >= 1.
MASQ_INLINE bool avx1(int n) { return n >= 2 && masq::rt::simdEnabled(); }
MASQ_INLINE bool avx2q(int q0, int q1) {
  return q0 >= 1 && q1 >= 1 && masq::rt::simdEnabled();
}
#define MASQ_DISPATCH(COND, AVXCALL)                                                  \
  if (COND)                                                                           \
    return AVXCALL;
#else
#define MASQ_DISPATCH(COND, AVXCALL)
#endif

// Entry points used by the gates: the AVX2 instance when possible, else SSE2.
template <class Op> MASQ_INLINE void k1(double *psi, int n, int q, const Op op) {
  MASQ_DISPATCH(avx1(n), k1Avx(psi, n, q, op))
  k1T<v2d>(psi, n, q, op);
}
template <class Op> MASQ_INLINE void k1x2(double *psi, double *lam, int n, int q,
                                          const Op op) {
  MASQ_DISPATCH(avx1(n), k1x2Avx(psi, lam, n, q, op))
  k1x2T<v2d>(psi, lam, n, q, op);
}
template <class B> MASQ_INLINE double kb1(double *psi, double *lam, int n, int q,
                                          const B op) {
  MASQ_DISPATCH(avx1(n), kb1Avx(psi, lam, n, q, op))
  return kb1T<v2d>(psi, lam, n, q, op);
}
template <class Op> MASQ_INLINE void kq(double *psi, int n, int q0, int q1, size_t u,
                                        size_t v, const Op op) {
  MASQ_DISPATCH(avx2q(q0, q1), kqAvx(psi, n, q0, q1, u, v, op))
  kqT<v2d>(psi, n, q0, q1, u, v, op);
}
template <class Op> MASQ_INLINE void kqx2(double *psi, double *lam, int n, int q0, int q1,
                                          size_t u, size_t v, const Op op) {
  MASQ_DISPATCH(avx2q(q0, q1), kqx2Avx(psi, lam, n, q0, q1, u, v, op))
  kqx2T<v2d>(psi, lam, n, q0, q1, u, v, op);
}
template <class B> MASQ_INLINE double kbq(double *psi, double *lam, int n, int q0, int q1,
                                          size_t u, size_t v, const B op) {
  MASQ_DISPATCH(avx2q(q0, q1), kbqAvx(psi, lam, n, q0, q1, u, v, op))
  return kbqT<v2d>(psi, lam, n, q0, q1, u, v, op);
}
template <class Op> MASQ_INLINE void kq4(double *psi, int n, int q0, int q1, const Op op) {
  MASQ_DISPATCH(avx2q(q0, q1), kq4Avx(psi, n, q0, q1, op))
  kq4T<v2d>(psi, n, q0, q1, op);
}
template <class B> MASQ_INLINE double kbq4(double *psi, double *lam, int n, int q0, int q1,
                                           const B op) {
  MASQ_DISPATCH(avx2q(q0, q1), kbq4Avx(psi, lam, n, q0, q1, op))
  return kbq4T<v2d>(psi, lam, n, q0, q1, op);
}

//--- delegation to the runtime kernels (large states) -------------------------//

cplx *C(double *p) { return reinterpret_cast<cplx *>(p); }
const cplx *C(const double *p) { return reinterpret_cast<const cplx *>(p); }

void bigForward(const char *fn, Kind k, double *psi, int n, const int *q,
                const double *ang) {
  guarded(fn, [&] { masq::rt::apply(masq::rt::compileGate(k, q, ang), C(psi), n); });
}
void bigInverse2(const char *fn, Kind k, double *psi, double *lam, int n, const int *q) {
  guarded(fn, [&] {
    masq::rt::apply2(masq::rt::compileInverse(k, q, nullptr), C(psi), C(lam), n);
  });
}
// Writes 2 * Re <lam| M_p psi> (= dL/dangle_p) into d[0 .. numParams).
void bigBackward(const char *fn, Kind k, double *psi, double *lam, int n, const int *q,
                 const double *ang, double *d) {
  double acc[3] = {0, 0, 0};
  guarded(fn, [&] {
    masq::rt::applyBackward(masq::rt::compileBackward(k, q, ang), C(psi), C(lam), n, acc);
  });
  for (int p = 0; p < masq::gates::info(k).numParams; ++p)
    d[p] = 2 * acc[p];
}

// Squared norm of the amplitudes where a bit of mask is set.
double weightOutside(const double *psi, int n, uint64_t mask) {
  const size_t N = size_t(1) << n;
  double s = 0;
  for (size_t i = 0; i < N; ++i)
    if (i & mask)
      s += psi[2 * i] * psi[2 * i] + psi[2 * i + 1] * psi[2 * i + 1];
  return s;
}

bool encodedQubitsAreZero(const char *fn, const double *psi, int n, uint64_t mask) {
  const double w = weightOutside(psi, n, mask);
  if (w <= 1e-10)
    return true;
  report(Status::BadArgument, fn,
         "encoded qubits must be |0> (weight %g outside |0...0> on them)", w);
  return false;
}

// R_axis(a)|0> and its derivative: the first columns of Gates.h's matrices.
void angleFactor(Kind axis, double a, cplx *f, cplx *df) {
  cplx m[16];
  const double ang[3] = {a, 0, 0};
  masq::gates::matrix(axis, ang, m);
  f[0] = m[0], f[1] = m[2];
  if (df) {
    masq::gates::derivative(axis, ang, 0, m);
    df[0] = m[0], df[1] = m[2];
  }
}

bool okAxis(const char *fn, int32_t axis) {
  if (axis == int32_t(Kind::RX) || axis == int32_t(Kind::RY) || axis == int32_t(Kind::RZ))
    return true;
  report(Status::BadArgument, fn, "angle-encoding axis %d is not rx (8), ry (9) or rz (10)",
         axis);
  return false;
}

//--- masks -------------------------------------------------------------------//

struct MaskArgs {
  int32_t len, kind, rows, cols, size;
  const double *pattern;
  const int32_t *indices;
  int32_t numIndices, fillLen;
  // -1 for a visible position, else its fill index (0 for a constant fill).
  int32_t slot(int32_t p) const {
    switch (kind) {
    case 1: {
      const int32_t r = p / cols, c = p % cols, pc = cols / size;
      if (pattern[(r / size) * pc + c / size] == 0)
        return -1;
      return fillLen > 0 ? (r % size) * size + c % size : 0;
    }
    case 2:
      if (pattern[p] == 0)
        return -1;
      return fillLen > 0 ? p % fillLen : 0;
    case 3: {
      int32_t last = -1; // the last listing of p decides, as in applyMask
      for (int32_t j = 0; j < numIndices; ++j)
        if (indices[j] == p)
          last = j;
      if (last < 0)
        return -1;
      return fillLen > 0 ? last % fillLen : 0;
    }
    default:
      return -1;
    }
  }
};

bool okMask(const char *fn, const MaskArgs &m, const double *x, const void *out) {
  if (m.len < 0 || (m.len > 0 && (!x || !out))) {
    report(Status::BadArgument, fn, "bad input (length %d or null pointer)", m.len);
    return false;
  }
  if (m.fillLen < 0) {
    report(Status::BadArgument, fn, "negative fill length %d", m.fillLen);
    return false;
  }
  switch (m.kind) {
  case 0:
    return true;
  case 1:
    if (m.rows <= 0 || m.cols <= 0 || m.size <= 0 || m.rows % m.size || m.cols % m.size ||
        int64_t(m.rows) * m.cols != m.len) {
      report(Status::BadArgument, fn,
             "patch mask: %d x %d image with %d x %d patches does not fit %d inputs",
             m.rows, m.cols, m.size, m.size, m.len);
      return false;
    }
    if (m.fillLen > 0 && m.fillLen != m.size * m.size) {
      report(Status::BadArgument, fn, "patch mask: the fill token needs %d entries, got %d",
             m.size * m.size, m.fillLen);
      return false;
    }
    break;
  case 2:
    break;
  case 3:
    if (m.numIndices < 0 || (m.numIndices > 0 && !m.indices)) {
      report(Status::BadArgument, fn, "bad index list");
      return false;
    }
    for (int32_t j = 0; j < m.numIndices; ++j)
      if (m.indices[j] < 0 || m.indices[j] >= m.len) {
        report(Status::BadArgument, fn, "index mask: index %d out of range [0, %d)",
               m.indices[j], m.len);
        return false;
      }
    break;
  default:
    report(Status::BadArgument, fn, "unknown mask kind %d", m.kind);
    return false;
  }
  if ((m.kind == 1 || m.kind == 2) && !m.pattern) {
    report(Status::BadArgument, fn, "the mask needs a pattern");
    return false;
  }
  return true;
}

} // namespace

//=== errors ===================================================================//

extern "C" const char *masq_rtc_error(void) { return tCode ? tMsg : nullptr; }
extern "C" int32_t masq_rtc_error_code(void) { return tCode; }
extern "C" void masq_rtc_clear_error(void) {
  tCode = 0;
  tMsg[0] = 0;
}

//=== set-up ===================================================================//

extern "C" void masq_rtc_init(double *psi, int32_t n) {
  if (!psi || uint32_t(n) > uint32_t(kMaxN)) {
    badArgs(__func__, psi, nullptr, false, n, 0, 0, 0);
    return;
  }
  std::memset(psi, 0, (size_t(2) << n) * sizeof(double));
  psi[0] = 1;
}

extern "C" void masq_rtc_zero(double *buf, int64_t count) {
  if (count < 0 || (count > 0 && !buf)) {
    report(Status::BadArgument, __func__, "bad buffer (count %lld%s)", (long long)count,
           buf ? "" : ", null pointer");
    return;
  }
  if (count)
    std::memset(buf, 0, size_t(count) * sizeof(double));
}

//=== forward gates ============================================================//

#define MASQ_FIXED1(NAME, KIND, OP)                                                   \
  extern "C" void masq_rtc_##NAME(double *psi, int32_t n, int32_t q) {                \
    if (!ok1(__func__, psi, n, q))                                                    \
      return;                                                                         \
    if (n >= kDelegateQubits)                                                         \
      return bigForward(__func__, KIND, psi, n, &q, nullptr);                         \
    k1(psi, n, q, OP);                                                                \
  }

MASQ_FIXED1(h, Kind::H, OpH{})
MASQ_FIXED1(x, Kind::X, OpX{})
MASQ_FIXED1(y, Kind::Y, OpY{})
MASQ_FIXED1(z, Kind::Z, OpZ{})
MASQ_FIXED1(s, Kind::S, OpS{})
MASQ_FIXED1(sdg, Kind::Sdg, OpSdg{})
MASQ_FIXED1(t, Kind::T, (OpPhase{Cx(kSqrtHalf, kSqrtHalf)}))
MASQ_FIXED1(tdg, Kind::Tdg, (OpPhase{Cx(kSqrtHalf, -kSqrtHalf)}))

extern "C" void masq_rtc_rx(double *psi, int32_t n, int32_t q, double a) {
  if (!ok1(__func__, psi, n, q) || !okAngle(__func__, a))
    return;
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::RX, psi, n, &q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  k1(psi, n, q, OpRX{c, s});
}

extern "C" void masq_rtc_ry(double *psi, int32_t n, int32_t q, double a) {
  if (!ok1(__func__, psi, n, q) || !okAngle(__func__, a))
    return;
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::RY, psi, n, &q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  k1(psi, n, q, OpReal{c, -s, s, c});
}

extern "C" void masq_rtc_rz(double *psi, int32_t n, int32_t q, double a) {
  if (!ok1(__func__, psi, n, q) || !okAngle(__func__, a))
    return;
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::RZ, psi, n, &q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  k1(psi, n, q, OpDiag{Cx(c, -s), Cx(c, s)});
}

extern "C" void masq_rtc_u3(double *psi, int32_t n, int32_t q, double a, double b,
                            double c) {
  if (!ok1(__func__, psi, n, q) || !okAngle(__func__, a) || !okAngle(__func__, b) ||
      !okAngle(__func__, c))
    return;
  const double ang[3] = {a, b, c};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::U3, psi, n, &q, ang);
  cplx m[4];
  masq::gates::matrix(Kind::U3, ang, m);
  k1(psi, n, q, OpMat{Cx(m[0]), Cx(m[1]), Cx(m[2]), Cx(m[3])});
}

extern "C" void masq_rtc_cx(double *psi, int32_t n, int32_t q0, int32_t q1) {
  if (!ok2(__func__, psi, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CX, psi, n, q, nullptr);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpX{});
}

extern "C" void masq_rtc_cy(double *psi, int32_t n, int32_t q0, int32_t q1) {
  if (!ok2(__func__, psi, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CY, psi, n, q, nullptr);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpY{});
}

extern "C" void masq_rtc_cz(double *psi, int32_t n, int32_t q0, int32_t q1) {
  if (!ok2(__func__, psi, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CZ, psi, n, q, nullptr);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpZ{});
}

extern "C" void masq_rtc_swap(double *psi, int32_t n, int32_t q0, int32_t q1) {
  if (!ok2(__func__, psi, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::SWAP, psi, n, q, nullptr);
  const size_t b0 = size_t(1) << q0, b1 = size_t(1) << q1;
  kq(psi, n, q0, q1, b0, b1, OpX{});
}

extern "C" void masq_rtc_crx(double *psi, int32_t n, int32_t q0, int32_t q1, double a) {
  if (!ok2(__func__, psi, n, q0, q1) || !okAngle(__func__, a))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CRX, psi, n, q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpRX{c, s});
}

extern "C" void masq_rtc_cry(double *psi, int32_t n, int32_t q0, int32_t q1, double a) {
  if (!ok2(__func__, psi, n, q0, q1) || !okAngle(__func__, a))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CRY, psi, n, q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpReal{c, -s, s, c});
}

extern "C" void masq_rtc_crz(double *psi, int32_t n, int32_t q0, int32_t q1, double a) {
  if (!ok2(__func__, psi, n, q0, q1) || !okAngle(__func__, a))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CRZ, psi, n, q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpDiag{Cx(c, -s), Cx(c, s)});
}

extern "C" void masq_rtc_rzz(double *psi, int32_t n, int32_t q0, int32_t q1, double a) {
  if (!ok2(__func__, psi, n, q0, q1) || !okAngle(__func__, a))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::RZZ, psi, n, q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  kq4(psi, n, q0, q1, OpRZZ{Cx(c, -s), Cx(c, s)}); // e^{-+i a/2}: even / odd parity
}

//=== backward steps ===========================================================//

// Fixed one-qubit gates: OP = U^dagger on both arrays.
#define MASQ_FIXED1_BACK(NAME, KIND, OP)                                              \
  extern "C" void masq_rtc_##NAME##_back(double *psi, double *lam, int32_t n,         \
                                         int32_t q) {                                 \
    if (!ok1b(__func__, psi, lam, n, q))                                              \
      return;                                                                         \
    if (n >= kDelegateQubits)                                                         \
      return bigInverse2(__func__, KIND, psi, lam, n, &q);                            \
    k1x2(psi, lam, n, q, OP);                                                         \
  }

MASQ_FIXED1_BACK(h, Kind::H, OpH{})
MASQ_FIXED1_BACK(x, Kind::X, OpX{})
MASQ_FIXED1_BACK(y, Kind::Y, OpY{})
MASQ_FIXED1_BACK(z, Kind::Z, OpZ{})
MASQ_FIXED1_BACK(s, Kind::S, OpSdg{})
MASQ_FIXED1_BACK(sdg, Kind::Sdg, OpS{})
MASQ_FIXED1_BACK(t, Kind::T, (OpPhase{Cx(kSqrtHalf, -kSqrtHalf)}))
MASQ_FIXED1_BACK(tdg, Kind::Tdg, (OpPhase{Cx(kSqrtHalf, kSqrtHalf)}))

extern "C" double masq_rtc_rx_back(double *psi, double *lam, int32_t n, int32_t q,
                                   double a) {
  if (!ok1b(__func__, psi, lam, n, q) || !okAngle(__func__, a))
    return 0;
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::RX, psi, lam, n, &q, &a, &d);
    return d;
  }
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  return kb1(psi, lam, n, q, BackRX{c, s});
}

extern "C" double masq_rtc_ry_back(double *psi, double *lam, int32_t n, int32_t q,
                                   double a) {
  if (!ok1b(__func__, psi, lam, n, q) || !okAngle(__func__, a))
    return 0;
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::RY, psi, lam, n, &q, &a, &d);
    return d;
  }
  return kb1(psi, lam, n, q, BackRY{std::cos(a / 2), std::sin(a / 2)});
}

extern "C" double masq_rtc_rz_back(double *psi, double *lam, int32_t n, int32_t q,
                                   double a) {
  if (!ok1b(__func__, psi, lam, n, q) || !okAngle(__func__, a))
    return 0;
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::RZ, psi, lam, n, &q, &a, &d);
    return d;
  }
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  return kb1(psi, lam, n, q, BackRZ{c, s});
}

extern "C" void masq_rtc_u3_back(double *psi, double *lam, int32_t n, int32_t q, double a,
                                 double b, double c, double *d3) {
  double d[3] = {0, 0, 0};
  if (!d3) {
    report(Status::BadArgument, __func__, "null derivative output");
    return;
  }
  if (ok1b(__func__, psi, lam, n, q) && okAngle(__func__, a) && okAngle(__func__, b) &&
      okAngle(__func__, c)) {
    // Not a hot gate: the runtime's fused backward kernel at every size.
    const double ang[3] = {a, b, c};
    bigBackward(__func__, Kind::U3, psi, lam, n, &q, ang, d);
  }
  d3[0] = d[0], d3[1] = d[1], d3[2] = d[2];
}

extern "C" void masq_rtc_cx_back(double *psi, double *lam, int32_t n, int32_t q0,
                                 int32_t q1) {
  if (!ok2b(__func__, psi, lam, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigInverse2(__func__, Kind::CX, psi, lam, n, q);
  kqx2(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpX{});
}

extern "C" void masq_rtc_cy_back(double *psi, double *lam, int32_t n, int32_t q0,
                                 int32_t q1) {
  if (!ok2b(__func__, psi, lam, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigInverse2(__func__, Kind::CY, psi, lam, n, q);
  kqx2(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpY{});
}

extern "C" void masq_rtc_cz_back(double *psi, double *lam, int32_t n, int32_t q0,
                                 int32_t q1) {
  if (!ok2b(__func__, psi, lam, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigInverse2(__func__, Kind::CZ, psi, lam, n, q);
  kqx2(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpZ{});
}

extern "C" void masq_rtc_swap_back(double *psi, double *lam, int32_t n, int32_t q0,
                                   int32_t q1) {
  if (!ok2b(__func__, psi, lam, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigInverse2(__func__, Kind::SWAP, psi, lam, n, q);
  const size_t b0 = size_t(1) << q0, b1 = size_t(1) << q1;
  kqx2(psi, lam, n, q0, q1, b0, b1, OpX{});
}

extern "C" double masq_rtc_crx_back(double *psi, double *lam, int32_t n, int32_t q0,
                                    int32_t q1, double a) {
  if (!ok2b(__func__, psi, lam, n, q0, q1) || !okAngle(__func__, a))
    return 0;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::CRX, psi, lam, n, q, &a, &d);
    return d;
  }
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  return kbq(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), BackRX{c, s});
}

extern "C" double masq_rtc_cry_back(double *psi, double *lam, int32_t n, int32_t q0,
                                    int32_t q1, double a) {
  if (!ok2b(__func__, psi, lam, n, q0, q1) || !okAngle(__func__, a))
    return 0;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::CRY, psi, lam, n, q, &a, &d);
    return d;
  }
  return kbq(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1),
             BackRY{std::cos(a / 2), std::sin(a / 2)});
}

extern "C" double masq_rtc_crz_back(double *psi, double *lam, int32_t n, int32_t q0,
                                    int32_t q1, double a) {
  if (!ok2b(__func__, psi, lam, n, q0, q1) || !okAngle(__func__, a))
    return 0;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::CRZ, psi, lam, n, q, &a, &d);
    return d;
  }
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  return kbq(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), BackRZ{c, s});
}

extern "C" double masq_rtc_rzz_back(double *psi, double *lam, int32_t n, int32_t q0,
                                    int32_t q1, double a) {
  if (!ok2b(__func__, psi, lam, n, q0, q1) || !okAngle(__func__, a))
    return 0;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::RZZ, psi, lam, n, q, &a, &d);
    return d;
  }
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  return kbq4(psi, lam, n, q0, q1, BackRZZ{c, s});
}

//=== encoders =================================================================//

extern "C" void masq_rtc_encode_amplitude(double *psi, int32_t n, const int32_t *qs,
                                          int32_t k, const double *x, int32_t len) {
  const char *fn = __func__;
  uint64_t mask = 0;
  double inv = 0;
  if (!psi) {
    report(Status::BadArgument, fn, "null state pointer");
    return;
  }
  if (!okList(fn, n, qs, k, mask) || !okVector(fn, "input vector", x, len, k, inv) ||
      !encodedQubitsAreZero(fn, psi, n, mask))
    return;
  const Spread sp(qs, k);
  const uint64_t C = uint64_t(1) << k;
  forGroups(n, mask, [&](size_t b) {
    const double ar = psi[2 * b], ai = psi[2 * b + 1];
    uint64_t off = 0;
    for (uint64_t c = 0; c < C; ++c) {
      const double v = c < uint64_t(len) ? x[c] * inv : 0.0;
      psi[2 * (b | off)] = ar * v, psi[2 * (b | off) + 1] = ai * v;
      if (c + 1 < C)
        off = sp.next(off, c);
    }
  });
}

extern "C" void masq_rtc_encode_amplitude_back(const double *psi, const double *lam,
                                               int32_t n, const int32_t *qs, int32_t k,
                                               const double *x, int32_t len, double *gx) {
  const char *fn = __func__;
  uint64_t mask = 0;
  double inv = 0;
  if (!psi || !lam || !gx) {
    report(Status::BadArgument, fn, "null state, adjoint or gradient pointer");
    return;
  }
  if (!okList(fn, n, qs, k, mask) || !okVector(fn, "input vector", x, len, k, inv))
    return;
  // psi[b | off_c] = a_b v_c with v = x/|x|: a_b = sum_c v_c psi[b | off_c],
  // dL/dv_c = G_c = 2 Re sum_b conj(lam[b | off_c]) a_b and
  // dL/dx_j = (G_j - v_j (v . G)) / |x|.
  const Spread sp(qs, k);
  double dot = 0;
  forGroups(n, mask, [&](size_t b) {
    double ar = 0, ai = 0;
    uint64_t off = 0;
    for (int32_t c = 0; c < len; ++c) {
      const double v = x[c] * inv;
      ar += v * psi[2 * (b | off)], ai += v * psi[2 * (b | off) + 1];
      off = sp.next(off, uint64_t(c));
    }
    off = 0;
    for (int32_t c = 0; c < len; ++c) {
      const double g = 2 * (lam[2 * (b | off)] * ar + lam[2 * (b | off) + 1] * ai);
      gx[c] += g * inv;
      dot += x[c] * inv * g;
      off = sp.next(off, uint64_t(c));
    }
  });
  for (int32_t c = 0; c < len; ++c)
    gx[c] -= x[c] * inv * dot * inv;
}

extern "C" void masq_rtc_encode_angle(double *psi, int32_t n, const int32_t *qs, int32_t k,
                                      const double *x, int32_t axis, double scale) {
  const char *fn = __func__;
  uint64_t mask = 0;
  if (!psi || (k > 0 && !x)) {
    report(Status::BadArgument, fn, "null state or input pointer");
    return;
  }
  if (!okAxis(fn, axis) || !okList(fn, n, qs, k, mask))
    return;
  for (int32_t i = 0; i < k; ++i)
    if (!okFinite(fn, "angle-encoding angle", scale * x[i]))
      return;
  if (!encodedQubitsAreZero(fn, psi, n, mask))
    return;
  // Each qubit is |0>: (p0, p1 = 0) -> (f0 p0, f1 p0).
  for (int32_t i = 0; i < k; ++i) {
    cplx f[2];
    angleFactor(Kind(axis), scale * x[i], f, nullptr);
    k1(psi, n, qs[i], OpEncode{Cx(f[0]), Cx(f[1])});
  }
}

extern "C" void masq_rtc_encode_angle_back(const double *psi, const double *lam, int32_t n,
                                           const int32_t *qs, int32_t k, const double *x,
                                           int32_t axis, double scale, double *gx) {
  const char *fn = __func__;
  uint64_t mask = 0;
  if (!psi || !lam || (k > 0 && (!x || !gx))) {
    report(Status::BadArgument, fn, "null state, adjoint, input or gradient pointer");
    return;
  }
  if (!okAxis(fn, axis) || !okList(fn, n, qs, k, mask) || !okFinite(fn, "scale", scale))
    return;
  for (int32_t i = 0; i < k; ++i)
    if (!okFinite(fn, "angle-encoding angle", scale * x[i]))
      return;
  // psi = f_i(0)|0>r + f_i(1)|1>r on qubit qs[i], r = conj(f0) p0 + conj(f1) p1;
  // d psi / d a_i replaces f_i by df_i: dL/dx_i = scale * 2 Re <lam| df_i r>.
  const cplx *P = C(psi), *L = C(lam);
  for (int32_t i = 0; i < k; ++i) {
    cplx f[2], df[2];
    angleFactor(Kind(axis), scale * x[i], f, df);
    const cplx cf0 = std::conj(f[0]), cf1 = std::conj(f[1]);
    double acc = 0;
    const size_t s = size_t(1) << qs[i];
    v2d d0 = {}, d1 = {};
    loop1<v2d>(n, qs[i], d0, d1, [&](size_t a, v2d &) {
      const size_t b = a + s;
      const cplx r = cf0 * P[a] + cf1 * P[b];
      const cplx t = std::conj(L[a]) * df[0] + std::conj(L[b]) * df[1];
      acc += (t * r).real();
    });
    gx[i] += scale * 2 * acc;
  }
}

//=== masks ====================================================================//

extern "C" void masq_rtc_mask(const double *x, int32_t len, const double *pattern,
                              int32_t kind, int32_t rows, int32_t cols, int32_t size,
                              const int32_t *indices, int32_t num_indices,
                              const double *fill, int32_t fill_len, double fill_const,
                              double *out) {
  const char *fn = __func__;
  const MaskArgs m{len, kind, rows, cols, size, pattern, indices, num_indices,
                   fill ? fill_len : 0};
  if (!okMask(fn, m, x, out))
    return;
  if (fill && fill_len <= 0) {
    report(Status::BadArgument, fn, "a fill token needs fill_len > 0");
    return;
  }
  if (!fill && !okFinite(fn, "constant fill", fill_const))
    return;
  for (int32_t p = 0; p < len; ++p) {
    const int32_t s = m.slot(p);
    out[p] = s < 0 ? x[p] : fill ? fill[s] : fill_const;
  }
}

extern "C" void masq_rtc_mask_back(const double *x, int32_t len, const double *pattern,
                                   int32_t kind, int32_t rows, int32_t cols, int32_t size,
                                   const int32_t *indices, int32_t num_indices,
                                   int32_t fill_len, const double *gout, double *gx,
                                   double *gfill) {
  const char *fn = __func__;
  (void)x; // the mask is linear in x and the token
  const MaskArgs m{len, kind, rows, cols, size, pattern, indices, num_indices, fill_len};
  if (!okMask(fn, m, gout, gout))
    return;
  for (int32_t p = 0; p < len; ++p) {
    const int32_t s = m.slot(p);
    if (s < 0) {
      if (gx)
        gx[p] += gout[p];
    } else if (gfill && fill_len > 0) {
      gfill[s] += gout[p];
    }
  }
}

//=== observables ==============================================================//

extern "C" double masq_rtc_fidelity(const double *psi, int32_t n, const int32_t *qs,
                                    int32_t k, const double *ref, int32_t len) {
  const char *fn = __func__;
  uint64_t mask = 0;
  double inv = 0;
  if (!psi) {
    report(Status::BadArgument, fn, "null state pointer");
    return kNaN;
  }
  if (!okList(fn, n, qs, k, mask) || !okVector(fn, "reference vector", ref, len, k, inv))
    return kNaN;
  const Spread sp(qs, k);
  double f = 0;
  forGroups(n, mask, [&](size_t b) {
    double re = 0, im = 0;
    uint64_t off = 0;
    for (int32_t c = 0; c < len; ++c) {
      re += ref[c] * psi[2 * (b | off)], im += ref[c] * psi[2 * (b | off) + 1];
      off = sp.next(off, uint64_t(c));
    }
    f += re * re + im * im;
  });
  return f * inv * inv;
}

extern "C" void masq_rtc_seed_fidelity(const double *psi, double *lam, int32_t n,
                                       const int32_t *qs, int32_t k, const double *ref,
                                       int32_t len, double g) {
  const char *fn = __func__;
  uint64_t mask = 0;
  double inv = 0;
  if (!psi || !lam) {
    report(Status::BadArgument, fn, "null state or adjoint pointer");
    return;
  }
  if (!okList(fn, n, qs, k, mask) || !okVector(fn, "reference vector", ref, len, k, inv) ||
      !okFinite(fn, "weight", g))
    return;
  // F = sum_b |<r|psi_b>|^2: dF/dpsi^* = <r|psi_b> r on slice b.
  const Spread sp(qs, k);
  const double w = g * inv * inv;
  forGroups(n, mask, [&](size_t b) {
    double re = 0, im = 0;
    uint64_t off = 0;
    for (int32_t c = 0; c < len; ++c) {
      re += ref[c] * psi[2 * (b | off)], im += ref[c] * psi[2 * (b | off) + 1];
      off = sp.next(off, uint64_t(c));
    }
    re *= w, im *= w;
    off = 0;
    for (int32_t c = 0; c < len; ++c) {
      lam[2 * (b | off)] += re * ref[c], lam[2 * (b | off) + 1] += im * ref[c];
      off = sp.next(off, uint64_t(c));
    }
  });
}

extern "C" double masq_rtc_expval_z(const double *psi, int32_t n, const int32_t *qs,
                                    int32_t k) {
  uint64_t mask = 0;
  if (!psi) {
    report(Status::BadArgument, __func__, "null state pointer");
    return kNaN;
  }
  if (!okList(__func__, n, qs, k, mask))
    return kNaN;
  double v = kNaN;
  guarded(__func__, [&] { v = masq::rt::expvalZ(C(psi), n, mask); });
  return v;
}

extern "C" void masq_rtc_seed_expval_z(const double *psi, double *lam, int32_t n,
                                       const int32_t *qs, int32_t k, double g) {
  uint64_t mask = 0;
  if (!psi || !lam) {
    report(Status::BadArgument, __func__, "null state or adjoint pointer");
    return;
  }
  if (!okList(__func__, n, qs, k, mask) || !okFinite(__func__, "weight", g))
    return;
  guarded(__func__, [&] { masq::rt::addZCotangent(C(psi), C(lam), n, mask, g); });
}

extern "C" double masq_rtc_prob_zero(const double *psi, int32_t n, const int32_t *qs,
                                     int32_t k) {
  uint64_t mask = 0;
  if (!psi) {
    report(Status::BadArgument, __func__, "null state pointer");
    return kNaN;
  }
  if (!okList(__func__, n, qs, k, mask))
    return kNaN;
  double v = kNaN;
  guarded(__func__, [&] { v = masq::rt::probZero(C(psi), n, mask); });
  return v;
}

extern "C" void masq_rtc_seed_prob_zero(const double *psi, double *lam, int32_t n,
                                        const int32_t *qs, int32_t k, double g) {
  uint64_t mask = 0;
  if (!psi || !lam) {
    report(Status::BadArgument, __func__, "null state or adjoint pointer");
    return;
  }
  if (!okList(__func__, n, qs, k, mask) || !okFinite(__func__, "weight", g))
    return;
  guarded(__func__, [&] { masq::rt::addProbZeroCotangent(C(psi), C(lam), n, mask, g); });
}

extern "C" void masq_rtc_probabilities(const double *psi, int32_t n, const int32_t *qs,
                                       int32_t k, double *out) {
  uint64_t mask = 0;
  if (!out) {
    report(Status::BadArgument, __func__, "null output pointer");
    return;
  }
  if (!psi || !okList(__func__, n, qs, k, mask)) {
    if (!psi)
      report(Status::BadArgument, __func__, "null state pointer");
    if (k >= 0 && k <= kMaxN)
      for (size_t j = 0; j < (size_t(1) << k); ++j)
        out[j] = kNaN;
    return;
  }
  guarded(__func__, [&] { masq::rt::probabilities(C(psi), n, qs, k, out); });
}

extern "C" void masq_rtc_seed_probabilities(const double *psi, double *lam, int32_t n,
                                            const int32_t *qs, int32_t k, const double *g) {
  const char *fn = __func__;
  uint64_t mask = 0;
  if (!psi || !lam || !g) {
    report(Status::BadArgument, fn, "null state, adjoint or weight pointer");
    return;
  }
  if (!okList(fn, n, qs, k, mask))
    return;
  for (size_t j = 0; j < (size_t(1) << k); ++j)
    if (!okFinite(fn, "weight", g[j]))
      return;
  guarded(fn, [&] { masq::rt::addProbabilitiesCotangent(C(psi), C(lam), n, qs, k, g); });
}
