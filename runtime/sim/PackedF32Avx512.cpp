//===- PackedF32Avx512.cpp - AVX-512 float kernels on packed real chunks --===//
//
// PackedF32.h's kernels with 512-bit registers: eight complex64 numbers of
// v to a __m512, twice PackedF32.cpp's AVX2 width (on this project's
// machines qsim's AVX-512 build runs 2x its AVX2 one at 22 qubits). A pair
// kernel on qubit t splits sixteen numbers per step into a (bit t = 0) and
// b (bit t = 1), eight lanes each, lane j of a at this offset from the
// step's base index x:
//   t <= 2: x + j with a zero bit inserted at t (a two-source permute of
//           64-bit lanes splits them, a second one merges them back);
//   t >= 3: x + j (two plain loads, 2^t apart).
// A control bit c is one of the offsets' bits (a fixed mask) or one of x's
// (all lanes, per step); masks are AVX-512 mask registers, a blend one
// instruction. Compiled with its own target attribute and only reached
// after the run-time check in avx512Kernels().
//
//===----------------------------------------------------------------------===//
#include "PackedF32.h"

#include <cstdint>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define MASQ_RT_F32_AVX512 1
#include <immintrin.h>
#endif

#ifdef MASQ_RT_F32_AVX512
#pragma GCC push_options
#pragma GCC target("avx512f,fma")

namespace masq {
namespace rt {
namespace f32 {
namespace wide {
namespace {

inline __m512 ld(const cf *p) { return _mm512_loadu_ps(reinterpret_cast<const float *>(p)); }
inline void st(cf *p, __m512 v) { _mm512_storeu_ps(reinterpret_cast<float *>(p), v); }
inline __m512 swapRI(__m512 v) { return _mm512_permute_ps(v, 0xB1); }
inline __m512d asD(__m512 v) { return _mm512_castps_pd(v); }
inline __m512 asF(__m512d v) { return _mm512_castpd_ps(v); }

// j with a zero bit inserted at t, and with bit t removed.
inline int insertBit(int j, int t) { return ((j >> t) << (t + 1)) | (j & ((1 << t) - 1)); }
inline int removeBit(int j, int t) { return ((j >> (t + 1)) << t) | (j & ((1 << t) - 1)); }
// Lane j of a pair kernel on t: its offset from the step's base index.
inline int laneOffset(int t, int j) { return t <= 2 ? insertBit(j, t) : j; }
// The float lanes of the complex lanes in m (a bit per complex lane).
inline __mmask16 floatLanes(unsigned m) {
  unsigned r = 0;
  for (int j = 0; j < 8; ++j)
    r |= (m >> j & 1) * (3u << (2 * j));
  return __mmask16(r);
}
inline __mmask16 ctrlLanes(int t, int c) {
  unsigned m = 0;
  for (int j = 0; j < 8; ++j)
    m |= unsigned(laneOffset(t, j) >> c & 1) << j;
  return floatLanes(m);
}
inline bool baseBit(int t, int c) { return c >= (t <= 2 ? 4 : 3); }
inline __mmask16 baseMask(size_t x, int c) { return __mmask16(-int(x >> c & 1)); }

inline void trade(__m512 &a, __m512 &b, __mmask16 m) {
  const __m512 x = _mm512_mask_blend_ps(m, a, b);
  b = _mm512_mask_blend_ps(m, b, a);
  a = x;
}

// The permutes of t <= 2: a and b out of (A, B) = numbers x..x+15, and
// back.
struct Split {
  __m512i a, b, A, B;
  explicit Split(int t) {
    alignas(64) int64_t ia[8], ib[8], iA[8], iB[8];
    for (int j = 0; j < 8; ++j) {
      ia[j] = insertBit(j, t), ib[j] = insertBit(j, t) | (1 << t);
      iA[j] = (j >> t & 1) * 8 + removeBit(j, t);
      iB[j] = ((8 + j) >> t & 1) * 8 + removeBit(8 + j, t);
    }
    a = _mm512_load_si512(ia), b = _mm512_load_si512(ib);
    A = _mm512_load_si512(iA), B = _mm512_load_si512(iB);
  }
};

template <class F> void eachPair(cf *v, size_t count, int t, F &&f) {
  if (t <= 2) {
    const Split sp(t);
    for (size_t x = 0; x < count; x += 16) {
      const __m512d A = asD(ld(v + x)), B = asD(ld(v + x + 8));
      __m512 a = asF(_mm512_permutex2var_pd(A, sp.a, B));
      __m512 b = asF(_mm512_permutex2var_pd(A, sp.b, B));
      f(a, b, x);
      st(v + x, asF(_mm512_permutex2var_pd(asD(a), sp.A, asD(b))));
      st(v + x + 8, asF(_mm512_permutex2var_pd(asD(a), sp.B, asD(b))));
    }
    return;
  }
  const size_t s = size_t(1) << t;
  for (size_t base = 0; base < count; base += 2 * s)
    for (size_t j = 0; j < s; j += 8) {
      cf *p = v + base + j;
      __m512 a = ld(p), b = ld(p + s);
      f(a, b, base + j);
      st(p, a);
      st(p + s, b);
    }
}

template <bool Rot, bool Trades, bool First, bool XBit> struct PairStep {
  __m512 r0, r1, r2, r3;
  __mmask16 fixed;
  int c;
  PairStep(const float *r, __mmask16 fixedLanes, int ctrl) : fixed(fixedLanes), c(ctrl) {
    r0 = _mm512_set1_ps(r ? r[0] : 1), r1 = _mm512_set1_ps(r ? r[1] : 0);
    r2 = _mm512_set1_ps(r ? r[2] : 0), r3 = _mm512_set1_ps(r ? r[3] : 1);
  }
  void operator()(__m512 &a, __m512 &b, size_t x) const {
    const __mmask16 m = XBit ? __mmask16(fixed | baseMask(x, c)) : fixed;
    if (Trades && First)
      trade(a, b, m);
    if (Rot) {
      const __m512 na = _mm512_fmadd_ps(b, r1, _mm512_mul_ps(a, r0));
      b = _mm512_fmadd_ps(b, r3, _mm512_mul_ps(a, r2));
      a = na;
    }
    if (Trades && !First)
      trade(a, b, m);
  }
};

void pairs(cf *v, size_t count, int t, const float *r, Trade trade, int c, bool first) {
  __mmask16 fixed = 0;
  bool xbit = false;
  switch (trade) {
  case Trade::None:
    break;
  case Trade::All:
    fixed = 0xFFFF;
    break;
  case Trade::Ctrl:
    fixed = ctrlLanes(t, c);
    xbit = baseBit(t, c);
    break;
  case Trade::Imag:
    fixed = 0xAAAA;
    break;
  }
  detail::flags(r != nullptr, trade != Trade::None, first, xbit,
                [&](auto R, auto T, auto F, auto X) {
                  eachPair(v, count, t,
                           PairStep<decltype(R)::value, decltype(T)::value, decltype(F)::value,
                                    decltype(X)::value>(r, fixed, c));
                });
}

// PackedF32.cpp's BackStep: float sums of up to 64 steps, then in double.
template <bool Diag> struct BackStep {
  __m512 v0, v1, v2, v3, w, h0, h3, c = _mm512_setzero_ps(), d = _mm512_setzero_ps();
  __m512d sum = _mm512_setzero_pd();
  unsigned steps = 0;
  BackStep(const float *v, const double *m)
      : v0(_mm512_set1_ps(v[0])), v1(_mm512_set1_ps(v[1])), v2(_mm512_set1_ps(v[2])),
        v3(_mm512_set1_ps(v[3])), h0(_mm512_set1_ps(float(0.5 * m[0]))),
        h3(_mm512_set1_ps(float(0.5 * m[3]))) {
    // Even lanes (psi_a lam_b) weigh m2, odd ones (lam_a psi_b) m1.
    w = _mm512_mask_blend_ps(0xAAAA, _mm512_set1_ps(float(m[2])), _mm512_set1_ps(float(m[1])));
  }
  void flush() {
    const __m512 t = Diag ? _mm512_add_ps(c, d) : c;
    const __m256 lo = _mm512_castps512_ps256(t);
    const __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(asD(t), 1));
    sum = _mm512_add_pd(sum, _mm512_add_pd(_mm512_cvtps_pd(lo), _mm512_cvtps_pd(hi)));
    c = d = _mm512_setzero_ps();
  }
  void operator()(__m512 &a, __m512 &b, size_t) {
    c = _mm512_fmadd_ps(_mm512_mul_ps(a, swapRI(b)), w, c);
    if (Diag)
      d = _mm512_fmadd_ps(_mm512_mul_ps(a, swapRI(a)), h0,
                          _mm512_fmadd_ps(_mm512_mul_ps(b, swapRI(b)), h3, d));
    const __m512 na = _mm512_fmadd_ps(b, v1, _mm512_mul_ps(a, v0));
    b = _mm512_fmadd_ps(b, v3, _mm512_mul_ps(a, v2));
    a = na;
    if (++steps % 64 == 0)
      flush();
  }
  double total() {
    flush();
    return _mm512_reduce_add_pd(sum);
  }
};

void back(cf *v, size_t count, int q, const float *V, const double *m, double *acc) {
  detail::backStep<BackStep>(V, m, acc, [&](auto &step) { eachPair(v, count, q, step); });
}

void reim(cf *v, size_t count, const float *r, int c, bool first) {
  const float id[4] = {1, 0, 0, 1};
  const float *m = r ? r : id;
  const __m512 d = _mm512_mask_blend_ps(0xAAAA, _mm512_set1_ps(m[0]), _mm512_set1_ps(m[3]));
  const __m512 o = _mm512_mask_blend_ps(0xAAAA, _mm512_set1_ps(m[1]), _mm512_set1_ps(m[2]));
  // Eight consecutive numbers per step: bits 0..2 are the lanes'.
  unsigned lanes = 0;
  for (int j = 0; j < 8; ++j)
    lanes |= unsigned(c >= 0 && c < 3 && (j >> c & 1)) << j;
  const __mmask16 fixed = floatLanes(lanes);
  detail::flags(r != nullptr, c >= 0, first, c >= 3, [&](auto R, auto T, auto F, auto X) {
    for (size_t x = 0; x < count; x += 8) {
      __m512 w = ld(v + x);
      const __mmask16 mk = X ? __mmask16(fixed | baseMask(x, c)) : fixed;
      if (T && F)
        w = _mm512_mask_blend_ps(mk, w, swapRI(w));
      if (R)
        w = _mm512_fmadd_ps(swapRI(w), o, _mm512_mul_ps(w, d));
      if (T && !F)
        w = _mm512_mask_blend_ps(mk, w, swapRI(w));
      st(v + x, w);
    }
  });
}

} // namespace
} // namespace wide
} // namespace f32
} // namespace rt
} // namespace masq

#pragma GCC pop_options
#endif

namespace masq {
namespace rt {
namespace f32 {

const PackedKernels *avx512Kernels() {
#ifdef MASQ_RT_F32_AVX512
  static const bool ok = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
  }();
  static const PackedKernels k{wide::pairs, wide::reim, wide::back};
  return ok ? &k : nullptr;
#else
  return nullptr;
#endif
}

} // namespace f32
} // namespace rt
} // namespace masq
