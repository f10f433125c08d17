//===- PackedKernelsAvx512.cpp - AVX-512 kernels on packed real chunks ----===//
//
// PackedKernels.h's kernels with 512-bit registers, for float (eight
// complex64 numbers of v to a register, twice PackedKernels.cpp's AVX2
// width) and double (four complex128 numbers, twice the runtime's AVX2
// kernels'); on this project's machines qsim's AVX-512 build runs 2x its
// AVX2 one at 22 qubits. With L numbers to a register (index bits
// 0..LB-1), a pair kernel on qubit t splits 2L numbers per step into a
// (bit t = 0) and b (bit t = 1), L lanes each, number j of a at this
// offset from the step's base index x:
//   t < LB:  x + j with a zero bit inserted at t (a two-source permute of
//            64-bit lanes splits them, a second one merges them back);
//   t >= LB: x + j (two plain loads, 2^t apart).
// A control bit c is one of the offsets' bits (a fixed mask) or one of x's
// (all lanes, per step); masks are AVX-512 mask registers, a blend one
// instruction. Compiled with its own target attribute and only reached
// after the run-time check in avx512Kernels().
//
//===----------------------------------------------------------------------===//
#include "PackedKernels.h"

#include <cstdint>
#include <utility>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define MASQ_RT_PK_AVX512 1
#include <immintrin.h>
#endif

#ifdef MASQ_RT_PK_AVX512
#pragma GCC push_options
#pragma GCC target("avx512f,fma")

namespace masq {
namespace rt {
namespace pk {
namespace wide {
namespace {

// j with a zero bit inserted at t, and with bit t removed.
inline int insertBit(int j, int t) { return ((j >> t) << (t + 1)) | (j & ((1 << t) - 1)); }
inline int removeBit(int j, int t) { return ((j >> (t + 1)) << t) | (j & ((1 << t) - 1)); }

// A 512-bit register of T: L complex numbers, their real and imaginary
// parts in alternate lanes, with mask type M (a bit per lane).
template <class T> struct W;
template <> struct W<float> {
  using V = __m512;
  using M = __mmask16;
  static constexpr int L = 8, LB = 3; // numbers, and their index bits
  static V ld(const std::complex<float> *p) {
    return _mm512_loadu_ps(reinterpret_cast<const float *>(p));
  }
  static void st(std::complex<float> *p, V v) { _mm512_storeu_ps(reinterpret_cast<float *>(p), v); }
  static V set1(float x) { return _mm512_set1_ps(x); }
  static V zero() { return _mm512_setzero_ps(); }
  static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V blend(M m, V a, V b) { return _mm512_mask_blend_ps(m, a, b); }
  static V swapRI(V v) { return _mm512_permute_ps(v, 0xB1); }
  static V permute2(V a, __m512i idx, V b) {
    return _mm512_castpd_ps(_mm512_permutex2var_pd(_mm512_castps_pd(a), idx, _mm512_castps_pd(b)));
  }
  // A sum in float, as double.
  static __m512d wide(V t) {
    const __m256 lo = _mm512_castps512_ps256(t);
    const __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(t), 1));
    return _mm512_add_pd(_mm512_cvtps_pd(lo), _mm512_cvtps_pd(hi));
  }
};
template <> struct W<double> {
  using V = __m512d;
  using M = __mmask8;
  static constexpr int L = 4, LB = 2;
  static V ld(const std::complex<double> *p) {
    return _mm512_loadu_pd(reinterpret_cast<const double *>(p));
  }
  static void st(std::complex<double> *p, V v) {
    _mm512_storeu_pd(reinterpret_cast<double *>(p), v);
  }
  static V set1(double x) { return _mm512_set1_pd(x); }
  static V zero() { return _mm512_setzero_pd(); }
  static V fmadd(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static V blend(M m, V a, V b) { return _mm512_mask_blend_pd(m, a, b); }
  static V swapRI(V v) { return _mm512_permute_pd(v, 0x55); }
  static V permute2(V a, __m512i idx, V b) { return _mm512_permutex2var_pd(a, idx, b); }
  static __m512d wide(V t) { return t; }
};

// The lanes (2 per number) of the numbers in m (a bit per number), all of
// them, and the imaginary ones.
template <class T> typename W<T>::M lanes(unsigned m) {
  unsigned r = 0;
  for (int j = 0; j < W<T>::L; ++j)
    r |= (m >> j & 1) * (3u << (2 * j));
  return typename W<T>::M(r);
}
template <class T> typename W<T>::M allLanes() { return lanes<T>((1u << W<T>::L) - 1); }
template <class T> typename W<T>::M imagLanes() {
  return typename W<T>::M(0xAAAAu & ((1u << (2 * W<T>::L)) - 1));
}
// Number j of a pair kernel on t: its offset from the step's base index.
template <class T> int laneOffset(int t, int j) { return t < W<T>::LB ? insertBit(j, t) : j; }
template <class T> typename W<T>::M ctrlLanes(int t, int c) {
  unsigned m = 0;
  for (int j = 0; j < W<T>::L; ++j)
    m |= unsigned(laneOffset<T>(t, j) >> c & 1) << j;
  return lanes<T>(m);
}
template <class T> bool baseBit(int t, int c) {
  return c >= (t < W<T>::LB ? W<T>::LB + 1 : W<T>::LB);
}
template <class T> typename W<T>::M baseMask(size_t x, int c) {
  return typename W<T>::M(-int(x >> c & 1));
}

template <class T> inline void trade(typename W<T>::V &a, typename W<T>::V &b, typename W<T>::M m) {
  const typename W<T>::V x = W<T>::blend(m, a, b);
  b = W<T>::blend(m, b, a);
  a = x;
}

// The permutes of t < LB: a and b out of (A, B) = numbers x..x+2L-1, and
// back (64-bit lanes: one per complex64 number, two per complex128 one).
template <class T> struct Split {
  __m512i a, b, A, B;
  explicit Split(int t) {
    constexpr int per = 8 / W<T>::L; // 64-bit lanes per number
    alignas(64) int64_t ia[8], ib[8], iA[8], iB[8];
    for (int e = 0; e < 8; ++e) {
      const int j = e / per, sub = e % per;
      ia[e] = insertBit(j, t) * per + sub;
      ib[e] = (insertBit(j, t) | (1 << t)) * per + sub;
      iA[e] = ((j >> t & 1) * W<T>::L + removeBit(j, t)) * per + sub;
      const int k = W<T>::L + j;
      iB[e] = ((k >> t & 1) * W<T>::L + removeBit(k, t)) * per + sub;
    }
    a = _mm512_load_si512(ia), b = _mm512_load_si512(ib);
    A = _mm512_load_si512(iA), B = _mm512_load_si512(iB);
  }
};

template <class T, class F> void eachPair(std::complex<T> *v, size_t count, int t, F &&f) {
  using V = typename W<T>::V;
  constexpr size_t L = W<T>::L;
  if (t < W<T>::LB) {
    const Split<T> sp(t);
    for (size_t x = 0; x < count; x += 2 * L) {
      const V A = W<T>::ld(v + x), B = W<T>::ld(v + x + L);
      V a = W<T>::permute2(A, sp.a, B), b = W<T>::permute2(A, sp.b, B);
      f(a, b, x);
      W<T>::st(v + x, W<T>::permute2(a, sp.A, b));
      W<T>::st(v + x + L, W<T>::permute2(a, sp.B, b));
    }
    return;
  }
  const size_t s = size_t(1) << t;
  for (size_t base = 0; base < count; base += 2 * s)
    for (size_t j = 0; j < s; j += L) {
      std::complex<T> *p = v + base + j;
      V a = W<T>::ld(p), b = W<T>::ld(p + s);
      f(a, b, base + j);
      W<T>::st(p, a);
      W<T>::st(p + s, b);
    }
}

template <class T, bool Rot, bool Trades, bool First, bool XBit> struct PairStep {
  using V = typename W<T>::V;
  using M = typename W<T>::M;
  V r0, r1, r2, r3;
  M fixed;
  int c;
  PairStep(const T *r, M fixedLanes, int ctrl) : fixed(fixedLanes), c(ctrl) {
    r0 = W<T>::set1(r ? r[0] : 1), r1 = W<T>::set1(r ? r[1] : 0);
    r2 = W<T>::set1(r ? r[2] : 0), r3 = W<T>::set1(r ? r[3] : 1);
  }
  void operator()(V &a, V &b, size_t x) const {
    const M m = XBit ? M(fixed | baseMask<T>(x, c)) : fixed;
    if (Trades && First)
      trade<T>(a, b, m);
    if (Rot) {
      const V na = W<T>::fmadd(b, r1, W<T>::mul(a, r0));
      b = W<T>::fmadd(b, r3, W<T>::mul(a, r2));
      a = na;
    }
    if (Trades && !First)
      trade<T>(a, b, m);
  }
};

template <class T>
void pairs(std::complex<T> *v, size_t count, int t, const T *r, Trade trade, int c,
           bool first) {
  typename W<T>::M fixed = 0;
  bool xbit = false;
  switch (trade) {
  case Trade::None:
    break;
  case Trade::All:
    fixed = allLanes<T>();
    break;
  case Trade::Ctrl:
    fixed = ctrlLanes<T>(t, c);
    xbit = baseBit<T>(t, c);
    break;
  case Trade::Imag:
    fixed = imagLanes<T>();
    break;
  }
  detail::flags(r != nullptr, trade != Trade::None, first, xbit,
                [&](auto R, auto Tr, auto F, auto X) {
                  eachPair(v, count, t,
                           PairStep<T, decltype(R)::value, decltype(Tr)::value,
                                    decltype(F)::value, decltype(X)::value>(r, fixed, c));
                });
}

// PackedKernels.cpp's BackStep: sums of up to 64 steps in T, then in
// double, two sets of them alternating; c's sums are weighed by w when
// they are flushed (the weights are per lane, the same in every step); a
// merged CX's trade is PairStep's without a rotation.
template <class T> struct Back {
  template <bool Diag, bool Trades, bool First, bool XBit> struct Step {
    using V = typename W<T>::V;
    V v0, v1, v2, v3, w, h0, h3, c = W<T>::zero(), d = W<T>::zero();
    V c2 = W<T>::zero(), d2 = W<T>::zero();
    __m512d sum = _mm512_setzero_pd();
    unsigned steps = 0;
    PairStep<T, false, Trades, false, XBit> cx;
    Step(const T *v, const double *m, typename W<T>::M fixedLanes, int cbit)
        : v0(W<T>::set1(v[0])), v1(W<T>::set1(v[1])), v2(W<T>::set1(v[2])),
          v3(W<T>::set1(v[3])), h0(W<T>::set1(T(0.5 * m[0]))), h3(W<T>::set1(T(0.5 * m[3]))),
          cx(nullptr, fixedLanes, cbit) {
      // Even lanes (psi_a lam_b) weigh m2, odd ones (lam_a psi_b) m1.
      w = W<T>::blend(imagLanes<T>(), W<T>::set1(T(m[2])), W<T>::set1(T(m[1])));
    }
    void flush() {
      const V t = W<T>::fmadd(W<T>::add(c, c2), w, W<T>::add(d, d2));
      sum = _mm512_add_pd(sum, W<T>::wide(t));
      c = d = c2 = d2 = W<T>::zero();
    }
    void operator()(V &a, V &b, size_t x) {
      if (Trades && First)
        cx(a, b, x);
      c = W<T>::fmadd(a, W<T>::swapRI(b), c);
      if (Diag)
        d = W<T>::fmadd(W<T>::mul(a, W<T>::swapRI(a)), h0,
                        W<T>::fmadd(W<T>::mul(b, W<T>::swapRI(b)), h3, d));
      std::swap(c, c2);
      std::swap(d, d2);
      const V na = W<T>::fmadd(b, v1, W<T>::mul(a, v0));
      b = W<T>::fmadd(b, v3, W<T>::mul(a, v2));
      a = na;
      if (Trades && !First)
        cx(a, b, x);
      if (++steps % 64 == 0)
        flush();
    }
    double total() {
      flush();
      return _mm512_reduce_add_pd(sum);
    }
  };
};

template <class T>
void back(std::complex<T> *v, size_t count, int q, const T *V, const double *m, double *acc,
          int c, bool first) {
  const typename W<T>::M fixed = c >= 0 ? ctrlLanes<T>(q, c) : 0;
  detail::backFlags(m, c >= 0, first, c >= 0 && baseBit<T>(q, c),
                    [&](auto D, auto Tr, auto F, auto X) {
                      typename Back<T>::template Step<decltype(D)::value, decltype(Tr)::value,
                                                     decltype(F)::value, decltype(X)::value>
                          step(V, m, fixed, c);
                      eachPair(v, count, q, step);
                      acc[0] += step.total();
                    });
}

template <class T>
void reim(std::complex<T> *v, size_t count, const T *r, int c, bool first) {
  using V = typename W<T>::V;
  using M = typename W<T>::M;
  constexpr size_t L = W<T>::L;
  const T id[4] = {1, 0, 0, 1};
  const T *m = r ? r : id;
  const V d = W<T>::blend(imagLanes<T>(), W<T>::set1(m[0]), W<T>::set1(m[3]));
  const V o = W<T>::blend(imagLanes<T>(), W<T>::set1(m[1]), W<T>::set1(m[2]));
  // L consecutive numbers per step: bits 0..LB-1 are the lanes'.
  unsigned sel = 0;
  for (int j = 0; j < int(L); ++j)
    sel |= unsigned(c >= 0 && c < W<T>::LB && (j >> c & 1)) << j;
  const M fixed = lanes<T>(sel);
  detail::flags(r != nullptr, c >= 0, first, c >= W<T>::LB,
                [&](auto R, auto Tr, auto F, auto X) {
                  for (size_t x = 0; x < count; x += L) {
                    V w = W<T>::ld(v + x);
                    const M mk = X ? M(fixed | baseMask<T>(x, c)) : fixed;
                    if (Tr && F)
                      w = W<T>::blend(mk, w, W<T>::swapRI(w));
                    if (R)
                      w = W<T>::fmadd(W<T>::swapRI(w), o, W<T>::mul(w, d));
                    if (Tr && !F)
                      w = W<T>::blend(mk, w, W<T>::swapRI(w));
                    W<T>::st(v + x, w);
                  }
                });
}

} // namespace
} // namespace wide
} // namespace pk
} // namespace rt
} // namespace masq

#pragma GCC pop_options
#endif

namespace masq {
namespace rt {
namespace pk {

namespace {
bool haveAvx512() {
  static const bool ok = [] {
#ifdef MASQ_RT_PK_AVX512
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
#else
    return false;
#endif
  }();
  return ok;
}
} // namespace

template <class T> const Kernels<T> *avx512Kernels() {
#ifdef MASQ_RT_PK_AVX512
  static const Kernels<T> k{wide::pairs<T>, wide::reim<T>, wide::back<T>};
  return haveAvx512() ? &k : nullptr;
#else
  return nullptr;
#endif
}
template const Kernels<float> *avx512Kernels<float>();
template const Kernels<double> *avx512Kernels<double>();

} // namespace pk
} // namespace rt
} // namespace masq
