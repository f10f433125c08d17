//===- PackedKernels.cpp - AVX2 float kernels on packed real chunks -------===//
//
// PackedKernels.h's kernels. One __m256 holds four complex64 numbers of v. A
// pair kernel on qubit t loads eight of them per step and splits them into
// a (bit t = 0) and b (bit t = 1), four lanes each, at these offsets from
// the step's base index x:
//   t = 0:  a at x + {0, 4, 2, 6}, b one above (an unpack of 64-bit lanes);
//   t = 1:  a at x + {0, 1, 4, 5}, b two above (a swap of 128-bit halves);
//   t >= 2: a at x + {0, 1, 2, 3}, b 2^t above (two plain loads).
// A control bit c is then either one of the offsets' bits (a fixed lane
// mask) or one of x's (the whole vector, per step). Same structure and
// library-wide conventions as KernelsAVX2Impl.h: compiled for baseline
// x86-64, with the target attribute from the pragma, and only reached
// after the run-time CPU check (packedKernels()).
//
//===----------------------------------------------------------------------===//
#include "PackedKernels.h"

#include "masq/Runtime/Kernels.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <type_traits>
#include <utility>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define MASQ_RT_F32_AVX2 1
#include <immintrin.h>
#endif

#ifdef MASQ_RT_F32_AVX2
#pragma GCC push_options
#pragma GCC target("avx2,fma")

namespace masq {
namespace rt {
namespace pk {
namespace avx {
namespace {

using cf = std::complex<float>;

inline __m256 ld(const cf *p) { return _mm256_loadu_ps(reinterpret_cast<const float *>(p)); }
inline void st(cf *p, __m256 v) { _mm256_storeu_ps(reinterpret_cast<float *>(p), v); }
inline __m256 swapRI(__m256 v) { return _mm256_permute_ps(v, 0xB1); }

// All of a complex lane j's floats set where bit j of m is.
inline __m256 laneMask(int m) {
  const int a = -(m & 1), b = -(m >> 1 & 1), c = -(m >> 2 & 1), d = -(m >> 3 & 1);
  return _mm256_castsi256_ps(_mm256_setr_epi32(a, a, b, b, c, c, d, d));
}
// The lanes of a pair kernel on t whose index has bit c set (see above).
int ctrlLanes(int t, int c) {
  static const int offs[3][4] = {{0, 4, 2, 6}, {0, 1, 4, 5}, {0, 1, 2, 3}};
  const int *o = offs[t < 2 ? t : 2];
  int m = 0;
  for (int j = 0; j < 4; ++j)
    m |= (o[j] >> c & 1) << j;
  return m;
}
// Whether bit c of a pair kernel on t comes from the step's base index.
bool baseBit(int t, int c) { return c >= (t < 2 ? 3 : 2); }

// All lanes where bit c of the step's base index x is set.
inline __m256 baseMask(size_t x, int c) {
  return _mm256_castsi256_ps(_mm256_set1_epi32(-int(x >> c & 1)));
}

// a and b trade the lanes of m.
inline void trade(__m256 &a, __m256 &b, __m256 m) {
  const __m256 x = _mm256_blendv_ps(a, b, m);
  b = _mm256_blendv_ps(b, a, m);
  a = x;
}

// One step's work on a pair (a, b) at base index x.
template <bool Rot, bool Trades, bool First, bool XBit> struct PairStep {
  __m256 r0, r1, r2, r3, fixed;
  int c;
  PairStep(const float *r, __m256 fixedLanes, int ctrl) : fixed(fixedLanes), c(ctrl) {
    r0 = _mm256_set1_ps(r ? r[0] : 1), r1 = _mm256_set1_ps(r ? r[1] : 0);
    r2 = _mm256_set1_ps(r ? r[2] : 0), r3 = _mm256_set1_ps(r ? r[3] : 1);
  }
  void operator()(__m256 &a, __m256 &b, size_t x) const {
    const __m256 m = XBit ? _mm256_or_ps(fixed, baseMask(x, c)) : fixed;
    if (Trades && First)
      trade(a, b, m);
    if (Rot) {
      const __m256 na = _mm256_fmadd_ps(b, r1, _mm256_mul_ps(a, r0));
      b = _mm256_fmadd_ps(b, r3, _mm256_mul_ps(a, r2));
      a = na;
    }
    if (Trades && !First)
      trade(a, b, m);
  }
};

// f(a, b, x) over every pair on qubit t (layouts above).
template <class F> void eachPair(cf *v, size_t count, int t, F &&f) {
  if (t == 0) {
    for (size_t x = 0; x < count; x += 8) {
      const __m256d A = _mm256_castps_pd(ld(v + x)), B = _mm256_castps_pd(ld(v + x + 4));
      __m256 a = _mm256_castpd_ps(_mm256_unpacklo_pd(A, B));
      __m256 b = _mm256_castpd_ps(_mm256_unpackhi_pd(A, B));
      f(a, b, x);
      const __m256d a2 = _mm256_castps_pd(a), b2 = _mm256_castps_pd(b);
      st(v + x, _mm256_castpd_ps(_mm256_unpacklo_pd(a2, b2)));
      st(v + x + 4, _mm256_castpd_ps(_mm256_unpackhi_pd(a2, b2)));
    }
    return;
  }
  if (t == 1) {
    for (size_t x = 0; x < count; x += 8) {
      const __m256 A = ld(v + x), B = ld(v + x + 4);
      __m256 a = _mm256_permute2f128_ps(A, B, 0x20), b = _mm256_permute2f128_ps(A, B, 0x31);
      f(a, b, x);
      st(v + x, _mm256_permute2f128_ps(a, b, 0x20));
      st(v + x + 4, _mm256_permute2f128_ps(a, b, 0x31));
    }
    return;
  }
  const size_t s = size_t(1) << t;
  for (size_t base = 0; base < count; base += 2 * s)
    for (size_t j = 0; j < s; j += 4) {
      cf *p = v + base + j;
      __m256 a = ld(p), b = ld(p + s);
      f(a, b, base + j);
      st(p, a);
      st(p + s, b);
    }
}

void pairs(cf *v, size_t count, int t, const float *r, Trade trade, int c, bool first) {
  __m256 fixed = _mm256_setzero_ps();
  bool xbit = false;
  switch (trade) {
  case Trade::None:
    break;
  case Trade::All:
    fixed = laneMask(0xF);
    break;
  case Trade::Ctrl:
    fixed = laneMask(ctrlLanes(t, c));
    xbit = baseBit(t, c);
    break;
  case Trade::Imag:
    fixed = _mm256_castsi256_ps(_mm256_setr_epi32(0, -1, 0, -1, 0, -1, 0, -1));
    break;
  }
  detail::flags(r != nullptr, trade != Trade::None, first, xbit,
                [&](auto R, auto T, auto F, auto X) {
                  eachPair(v, count, t, PairStep<R, T, F, X>(r, fixed, c));
                });
}

// The backward step of a real gate on v = psi + i lam (both real): the
// derivative's terms lam^T M psi of each pair, then both rotated by V (and
// a merged CX's trade before or after, PairStep's without a rotation). The terms are summed in float for
// up to 64 steps, then added in double, so the rounding of a sum does not
// grow with the chunk. With the form's weights: a * swapRI(b) holds psi_a
// lam_b in its even lanes and lam_a psi_b in its odd ones (weights m2, m1,
// applied to the sums when they are flushed); a * swapRI(a) holds psi_a
// lam_a in both (weights m0 / 2, and m3 / 2 for b's). Two sets of sums
// (c, d) alternate from step to step, so that the FMA latency does not
// bound the loop.
template <bool Diag, bool Trades, bool First, bool XBit> struct BackStep {
  __m256 v0, v1, v2, v3, w, h0, h3, c = _mm256_setzero_ps(), d = _mm256_setzero_ps();
  __m256 c2 = _mm256_setzero_ps(), d2 = _mm256_setzero_ps();
  __m256d sum = _mm256_setzero_pd();
  unsigned steps = 0;
  PairStep<false, Trades, false, XBit> cx;
  BackStep(const float *v, const double *m, __m256 fixedLanes, int cbit)
      : v0(_mm256_set1_ps(v[0])), v1(_mm256_set1_ps(v[1])), v2(_mm256_set1_ps(v[2])),
        v3(_mm256_set1_ps(v[3])),
        w(_mm256_setr_ps(float(m[2]), float(m[1]), float(m[2]), float(m[1]), float(m[2]),
                         float(m[1]), float(m[2]), float(m[1]))),
        h0(_mm256_set1_ps(float(0.5 * m[0]))), h3(_mm256_set1_ps(float(0.5 * m[3]))),
        cx(nullptr, fixedLanes, cbit) {}
  void flush() {
    const __m256 t = _mm256_fmadd_ps(_mm256_add_ps(c, c2), w, _mm256_add_ps(d, d2));
    sum = _mm256_add_pd(sum, _mm256_add_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(t)),
                                           _mm256_cvtps_pd(_mm256_extractf128_ps(t, 1))));
    c = d = c2 = d2 = _mm256_setzero_ps();
  }
  void operator()(__m256 &a, __m256 &b, size_t x) {
    if (Trades && First)
      cx(a, b, x);
    c = _mm256_fmadd_ps(a, swapRI(b), c);
    if (Diag)
      d = _mm256_fmadd_ps(_mm256_mul_ps(a, swapRI(a)), h0,
                          _mm256_fmadd_ps(_mm256_mul_ps(b, swapRI(b)), h3, d));
    std::swap(c, c2);
    std::swap(d, d2);
    const __m256 na = _mm256_fmadd_ps(b, v1, _mm256_mul_ps(a, v0));
    b = _mm256_fmadd_ps(b, v3, _mm256_mul_ps(a, v2));
    a = na;
    if (Trades && !First)
      cx(a, b, x);
    if (++steps % 64 == 0)
      flush();
  }
  double total() {
    flush();
    const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(sum), _mm256_extractf128_pd(sum, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
  }
};

void back(cf *v, size_t count, int q, const float *V, const double *m, double *acc, int c,
          bool first) {
  const __m256 fixed = c >= 0 ? laneMask(ctrlLanes(q, c)) : _mm256_setzero_ps();
  detail::backFlags(m, c >= 0, first, c >= 0 && baseBit(q, c),
                    [&](auto D, auto Tr, auto F, auto X) {
                      BackStep<decltype(D)::value, decltype(Tr)::value, decltype(F)::value,
                               decltype(X)::value>
                          step(V, m, fixed, c);
                      eachPair(v, count, q, step);
                      acc[0] += step.total();
                    });
}

void reim(cf *v, size_t count, const float *r, int c, bool first) {
  const float id[4] = {1, 0, 0, 1};
  const float *m = r ? r : id;
  const __m256 d = _mm256_setr_ps(m[0], m[3], m[0], m[3], m[0], m[3], m[0], m[3]);
  const __m256 o = _mm256_setr_ps(m[1], m[2], m[1], m[2], m[1], m[2], m[1], m[2]);
  // Four consecutive numbers per step: bits 0 and 1 are the lanes'.
  const __m256 fixed = laneMask(c < 0 ? 0 : c < 2 ? (c == 0 ? 0xA : 0xC) : 0);
  detail::flags(r != nullptr, c >= 0, first, c >= 2, [&](auto R, auto T, auto F, auto X) {
    for (size_t x = 0; x < count; x += 4) {
      __m256 w = ld(v + x);
      const __m256 mk = X ? _mm256_or_ps(fixed, baseMask(x, c)) : fixed;
      if (T && F)
        w = _mm256_blendv_ps(w, swapRI(w), mk);
      if (R)
        w = _mm256_fmadd_ps(swapRI(w), o, _mm256_mul_ps(w, d));
      if (T && !F)
        w = _mm256_blendv_ps(w, swapRI(w), mk);
      st(v + x, w);
    }
  });
}

} // namespace
} // namespace avx
} // namespace pk

} // namespace rt
} // namespace masq

#pragma GCC pop_options
#endif

namespace masq {
namespace rt {
namespace pk {

// MASQ_RT_AVX512=0 in the environment keeps the AVX2 kernels.
std::atomic<bool> gWide{!(std::getenv("MASQ_RT_AVX512") &&
                          std::getenv("MASQ_RT_AVX512")[0] == '0')};

const Kernels<float> *floatKernels() {
  if (!simdEnabled()) // on only where AVX2 and FMA are
    return nullptr;
  if (gWide.load(std::memory_order_relaxed))
    if (const Kernels<float> *k = avx512Kernels<float>())
      return k;
#ifdef MASQ_RT_F32_AVX2
  static const Kernels<float> k{avx::pairs, avx::reim, avx::back};
  return &k;
#else
  return nullptr;
#endif
}

const Kernels<double> *doubleKernels() {
  return simdEnabled() && gWide.load(std::memory_order_relaxed) ? avx512Kernels<double>()
                                                                  : nullptr;
}

} // namespace pk

void setAvx512Enabled(bool on) { pk::gWide = on; }
bool avx512Active() {
  return pk::floatKernels() && pk::floatKernels() == pk::avx512Kernels<float>();
}

} // namespace rt
} // namespace masq
