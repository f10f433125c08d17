//===- CompiledKernels.h - gate kernels of the compiled-code ABI -*- C++ -*-===//
//
// Private to runtime/sim/Compiled*.cpp: amplitude-pair loops written once for
// SSE2 and AVX2/FMA vectors, the forward and fused backward pair operations,
// and the delegation of large states to the runtime kernels.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_COMPILEDKERNELS_H
#define MASQ_RUNTIME_COMPILEDKERNELS_H

#include "CompiledSupport.h"

namespace masq {
namespace rtc {
inline namespace MASQ_RTC_PREC {

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
// A complex64 state: the same number of entries, widened to double on load
// and rounded on store.
// (Element by element: GCC 12 splits __builtin_convertvector from a v4f
// into halves, while this becomes one vcvtps2pd from memory.)
typedef float v2f __attribute__((vector_size(8)));
typedef float v4f __attribute__((vector_size(16)));
template <class V> V ldv(const float *p);
template <> MASQ_INLINE v2d ldv<v2d>(const float *p) { return v2d{p[0], p[1]}; }
template <> MASQ_INLINE v4d ldv<v4d>(const float *p) { return v4d{p[0], p[1], p[2], p[3]}; }
MASQ_INLINE void stv(float *p, const v2d &v) {
  const v2f f = __builtin_convertvector(v, v2f);
  std::memcpy(p, &f, sizeof f);
}
MASQ_INLINE void stv(float *p, const v4d &v) {
  const v4f f = __builtin_convertvector(v, v4f);
  std::memcpy(p, &f, sizeof f);
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
MASQ_INLINE void ldPair(const Real *p, size_t i, size_t s, v2d &a, v2d &b) {
  a = ldv<v2d>(p + 2 * i), b = ldv<v2d>(p + 2 * (i + s));
}
MASQ_INLINE void stPair(Real *p, size_t i, size_t s, const v2d &a, const v2d &b) {
  stv(p + 2 * i, a), stv(p + 2 * (i + s), b);
}
MASQ_INLINE void ldPair(const Real *p, size_t i, size_t s, v4d &a, v4d &b) {
  if (s == 1) { // (a_i, b_i), (a_i+2, b_i+2) -> (a_i, a_i+2), (b_i, b_i+2)
    const v4d x = ldv<v4d>(p + 2 * i), y = ldv<v4d>(p + 2 * i + 4);
    a = MASQ_SHUF(x, y, 0, 1, 4, 5);
    b = MASQ_SHUF(x, y, 2, 3, 6, 7);
  } else {
    a = ldv<v4d>(p + 2 * i), b = ldv<v4d>(p + 2 * (i + s));
  }
}
MASQ_INLINE void stPair(Real *p, size_t i, size_t s, const v4d &a, const v4d &b) {
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
// The per-group lambdas are forced inline too: a lambda does not take the
// AVX2 target of the function it is written in, so one left out of line is
// baseline code (GCC left kb1T's out for complex64 states: their gradient
// at 12 qubits ran 3.3x double's).
#define MASQ_INLINE_LAMBDA __attribute__((always_inline))

// The op is taken by value: a local copy of its numbers cannot alias psi, so
// they stay in registers across the stores.

// Forward one-qubit op.
template <class V, class Op> MASQ_INLINE void k1T(Real *psi, int n, int q, const Op op) {
  const size_t s = size_t(1) << q;
  V d0 = {}, d1 = {};
  loop1<V>(n, q, d0, d1, [&](size_t i, V &) MASQ_INLINE_LAMBDA {
    V a, b;
    ldPair(psi, i, s, a, b);
    op(a, b);
    stPair(psi, i, s, a, b);
  });
}
// A fixed one-qubit op on the state and the adjoint vector in one sweep.
template <class V, class Op> MASQ_INLINE void k1x2T(Real *psi, Real *lam, int n, int q,
                                                    const Op op) {
  const size_t s = size_t(1) << q;
  V d0 = {}, d1 = {};
  loop1<V>(n, q, d0, d1, [&](size_t i, V &) MASQ_INLINE_LAMBDA {
    V a, b, la, lb;
    ldPair(psi, i, s, a, b), ldPair(lam, i, s, la, lb);
    op(a, b), op(la, lb);
    stPair(psi, i, s, a, b), stPair(lam, i, s, la, lb);
  });
}
// Backward step of a one-qubit rotation.
template <class V, class B> MASQ_INLINE double kb1T(Real *psi, Real *lam, int n, int q,
                                                    const B op) {
  const size_t s = size_t(1) << q;
  V acc0 = {}, acc1 = {};
  loop1<V>(n, q, acc0, acc1, [&](size_t i, V &acc) MASQ_INLINE_LAMBDA {
    V a, b, la, lb;
    ldPair(psi, i, s, a, b), ldPair(lam, i, s, la, lb);
    op(a, b, la, lb, acc);
    stPair(psi, i, s, a, b), stPair(lam, i, s, la, lb);
  });
  return finish<B>(acc0, acc1);
}
// A pair op on the amplitudes (i | u, i | v) of every quad.
template <class V, class Op> MASQ_INLINE void kqT(Real *psi, int n, int q0, int q1,
                                                  size_t u, size_t v, const Op op) {
  V d0 = {}, d1 = {};
  loopQ<V>(n, q0, q1, d0, d1, [&](size_t i, V &) MASQ_INLINE_LAMBDA {
    Real *pu = psi + 2 * (i | u), *pv = psi + 2 * (i | v);
    V a = ldv<V>(pu), b = ldv<V>(pv);
    op(a, b);
    stv(pu, a), stv(pv, b);
  });
}
template <class V, class Op> MASQ_INLINE void kqx2T(Real *psi, Real *lam, int n, int q0,
                                                    int q1, size_t u, size_t v,
                                                    const Op op) {
  V d0 = {}, d1 = {};
  loopQ<V>(n, q0, q1, d0, d1, [&](size_t i, V &) MASQ_INLINE_LAMBDA {
    Real *pu = psi + 2 * (i | u), *pv = psi + 2 * (i | v);
    Real *lu = lam + 2 * (i | u), *lv = lam + 2 * (i | v);
    V a = ldv<V>(pu), b = ldv<V>(pv), la = ldv<V>(lu), lb = ldv<V>(lv);
    op(a, b), op(la, lb);
    stv(pu, a), stv(pv, b), stv(lu, la), stv(lv, lb);
  });
}
template <class V, class B> MASQ_INLINE double kbqT(Real *psi, Real *lam, int n, int q0,
                                                    int q1, size_t u, size_t v,
                                                    const B op) {
  V acc0 = {}, acc1 = {};
  loopQ<V>(n, q0, q1, acc0, acc1, [&](size_t i, V &acc) MASQ_INLINE_LAMBDA {
    Real *pu = psi + 2 * (i | u), *pv = psi + 2 * (i | v);
    Real *lu = lam + 2 * (i | u), *lv = lam + 2 * (i | v);
    V a = ldv<V>(pu), b = ldv<V>(pv), la = ldv<V>(lu), lb = ldv<V>(lv);
    op(a, b, la, lb, acc);
    stv(pu, a), stv(pv, b), stv(lu, la), stv(lv, lb);
  });
  return finish<B>(acc0, acc1);
}
// An op on all four amplitudes of every quad (local index bit(q0) + 2 bit(q1)).
template <class V, class Op> MASQ_INLINE void kq4T(Real *psi, int n, int q0, int q1,
                                                   const Op op) {
  const size_t o[4] = {0, size_t(1) << q0, size_t(1) << q1,
                       (size_t(1) << q0) | (size_t(1) << q1)};
  V d0 = {}, d1 = {};
  loopQ<V>(n, q0, q1, d0, d1, [&](size_t i, V &) MASQ_INLINE_LAMBDA {
    V p[4];
    for (int j = 0; j < 4; ++j)
      p[j] = ldv<V>(psi + 2 * (i | o[j]));
    op(p);
    for (int j = 0; j < 4; ++j)
      stv(psi + 2 * (i | o[j]), p[j]);
  });
}
template <class V, class B> MASQ_INLINE double kbq4T(Real *psi, Real *lam, int n, int q0,
                                                     int q1, const B op) {
  const size_t o[4] = {0, size_t(1) << q0, size_t(1) << q1,
                       (size_t(1) << q0) | (size_t(1) << q1)};
  V acc0 = {}, acc1 = {};
  loopQ<V>(n, q0, q1, acc0, acc1, [&](size_t i, V &acc) MASQ_INLINE_LAMBDA {
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
template <class Op> MASQ_AVX2_FN void k1Avx(Real *psi, int n, int q, const Op op) {
  k1T<v4d>(psi, n, q, op);
}
template <class Op> MASQ_AVX2_FN void k1x2Avx(Real *psi, Real *lam, int n, int q,
                                              const Op op) {
  k1x2T<v4d>(psi, lam, n, q, op);
}
template <class B> MASQ_AVX2_FN double kb1Avx(Real *psi, Real *lam, int n, int q,
                                              const B op) {
  return kb1T<v4d>(psi, lam, n, q, op);
}
template <class Op> MASQ_AVX2_FN void kqAvx(Real *psi, int n, int q0, int q1, size_t u,
                                            size_t v, const Op op) {
  kqT<v4d>(psi, n, q0, q1, u, v, op);
}
template <class Op> MASQ_AVX2_FN void kqx2Avx(Real *psi, Real *lam, int n, int q0,
                                              int q1, size_t u, size_t v, const Op op) {
  kqx2T<v4d>(psi, lam, n, q0, q1, u, v, op);
}
template <class B> MASQ_AVX2_FN double kbqAvx(Real *psi, Real *lam, int n, int q0,
                                              int q1, size_t u, size_t v, const B op) {
  return kbqT<v4d>(psi, lam, n, q0, q1, u, v, op);
}
template <class Op> MASQ_AVX2_FN void kq4Avx(Real *psi, int n, int q0, int q1,
                                             const Op op) {
  kq4T<v4d>(psi, n, q0, q1, op);
}
template <class B> MASQ_AVX2_FN double kbq4Avx(Real *psi, Real *lam, int n, int q0,
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
template <class Op> MASQ_INLINE void k1(Real *psi, int n, int q, const Op op) {
  MASQ_DISPATCH(avx1(n), k1Avx(psi, n, q, op))
  k1T<v2d>(psi, n, q, op);
}
template <class Op> MASQ_INLINE void k1x2(Real *psi, Real *lam, int n, int q,
                                          const Op op) {
  MASQ_DISPATCH(avx1(n), k1x2Avx(psi, lam, n, q, op))
  k1x2T<v2d>(psi, lam, n, q, op);
}
template <class B> MASQ_INLINE double kb1(Real *psi, Real *lam, int n, int q,
                                          const B op) {
  MASQ_DISPATCH(avx1(n), kb1Avx(psi, lam, n, q, op))
  return kb1T<v2d>(psi, lam, n, q, op);
}
template <class Op> MASQ_INLINE void kq(Real *psi, int n, int q0, int q1, size_t u,
                                        size_t v, const Op op) {
  MASQ_DISPATCH(avx2q(q0, q1), kqAvx(psi, n, q0, q1, u, v, op))
  kqT<v2d>(psi, n, q0, q1, u, v, op);
}
template <class Op> MASQ_INLINE void kqx2(Real *psi, Real *lam, int n, int q0, int q1,
                                          size_t u, size_t v, const Op op) {
  MASQ_DISPATCH(avx2q(q0, q1), kqx2Avx(psi, lam, n, q0, q1, u, v, op))
  kqx2T<v2d>(psi, lam, n, q0, q1, u, v, op);
}
template <class B> MASQ_INLINE double kbq(Real *psi, Real *lam, int n, int q0, int q1,
                                          size_t u, size_t v, const B op) {
  MASQ_DISPATCH(avx2q(q0, q1), kbqAvx(psi, lam, n, q0, q1, u, v, op))
  return kbqT<v2d>(psi, lam, n, q0, q1, u, v, op);
}
template <class Op> MASQ_INLINE void kq4(Real *psi, int n, int q0, int q1, const Op op) {
  MASQ_DISPATCH(avx2q(q0, q1), kq4Avx(psi, n, q0, q1, op))
  kq4T<v2d>(psi, n, q0, q1, op);
}
template <class B> MASQ_INLINE double kbq4(Real *psi, Real *lam, int n, int q0, int q1,
                                           const B op) {
  MASQ_DISPATCH(avx2q(q0, q1), kbq4Avx(psi, lam, n, q0, q1, op))
  return kbq4T<v2d>(psi, lam, n, q0, q1, op);
}

//--- delegation to the runtime kernels (large states) -------------------------//

inline Amp *C(Real *p) { return reinterpret_cast<Amp *>(p); }
inline const Amp *C(const Real *p) { return reinterpret_cast<const Amp *>(p); }

inline void bigForward(const char *fn, Kind k, Real *psi, int n, const int *q,
                const double *ang) {
  guarded(fn, [&] { masq::rt::apply(masq::rt::compileGate(k, q, ang), C(psi), n); });
}
inline void bigInverse2(const char *fn, Kind k, Real *psi, Real *lam, int n, const int *q) {
  guarded(fn, [&] {
    masq::rt::apply2(masq::rt::compileInverse(k, q, nullptr), C(psi), C(lam), n);
  });
}
// Writes 2 * Re <lam| M_p psi> (= dL/dangle_p) into d[0 .. numParams).
inline void bigBackward(const char *fn, Kind k, Real *psi, Real *lam, int n, const int *q,
                 const double *ang, double *d) {
  double acc[3] = {0, 0, 0};
  guarded(fn, [&] {
    masq::rt::applyBackward(masq::rt::compileBackward(k, q, ang), C(psi), C(lam), n, acc);
  });
  for (int p = 0; p < masq::gates::info(k).numParams; ++p)
    d[p] = 2 * acc[p];
}

// Squared norm of the amplitudes where a bit of mask is set; lane 0 / 1
// counts only the real / imaginary parts (two samples in one state).
inline double weightOutside(const Real *psi, int n, uint64_t mask, int lane = -1) {
  const size_t N = size_t(1) << n;
  double s = 0;
  for (size_t i = 0; i < N; ++i)
    if (i & mask) {
      if (lane != 1)
        s += psi[2 * i] * psi[2 * i];
      if (lane != 0)
        s += psi[2 * i + 1] * psi[2 * i + 1];
    }
  return s;
}

inline bool encodedQubitsAreZero(const char *fn, const Real *psi, int n, uint64_t mask,
                                 int lane = -1) {
  const double w = weightOutside(psi, n, mask, lane);
  if (w <= 1e-10)
    return true;
  report(Status::BadArgument, fn,
         "encoded qubits must be |0> (weight %g outside |0...0> on them)", w);
  return false;
}

// R_axis(a)|0> and its derivative: the first columns of Gates.h's matrices.
inline void angleFactor(Kind axis, double a, cplx *f, cplx *df) {
  cplx m[16];
  const double ang[3] = {a, 0, 0};
  masq::gates::matrix(axis, ang, m);
  f[0] = m[0], f[1] = m[2];
  if (df) {
    masq::gates::derivative(axis, ang, 0, m);
    df[0] = m[0], df[1] = m[2];
  }
}

inline bool okAxis(const char *fn, int32_t axis) {
  if (axis == int32_t(Kind::RX) || axis == int32_t(Kind::RY) || axis == int32_t(Kind::RZ))
    return true;
  report(Status::BadArgument, fn, "angle-encoding axis %d is not rx (8), ry (9) or rz (10)",
         axis);
  return false;
}


} // namespace MASQ_RTC_PREC
} // namespace rtc
} // namespace masq

#endif // MASQ_RUNTIME_COMPILEDKERNELS_H
