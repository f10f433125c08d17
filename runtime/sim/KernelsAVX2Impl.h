//===- KernelsAVX2Impl.h - AVX2/FMA gate kernels (internal) ----*- C++ -*-===//
//
// Included once per amplitude type, by KernelsAVX2.cpp (complex128) and
// KernelsAVX2F32.cpp (complex64), each instantiating avx2Kernels<A>() for
// its type only: with both instantiations in one file, GCC stopped inlining
// pairs1x2 into the backward kernels (6-7% on an unfused 16-20-qubit
// gradient in double, measured against the build before the split).
//
// Compiled for baseline x86-64 like the rest of the library: the
// `#pragma GCC target` below gives every function defined after it the
// avx2+fma target attribute (the per-function form of -mavx2 -mfma), and
// Kernels.cpp only calls into this table after __builtin_cpu_supports()
// confirmed both. All headers are included before the pragma so no inline
// library function gets compiled with AVX2 here and merged into scalar code;
// everything lives in its own namespace for the same reason.
//
// Layout: one __m256d holds two complex amplitudes [re0 im0 re1 im1]. The
// loops process two free indices k, k+1 per step, so each vector holds the
// same local amplitude of two gate applications and the arithmetic is
// purely vertical; gates on qubit 0 use a 2x2 lane transpose.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_KERNELSAVX2IMPL_H
#define MASQ_RUNTIME_KERNELSAVX2IMPL_H

#include "KernelTable.h"

#include <algorithm>
#include <cstring>
#include <utility>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define MASQ_RT_AVX2 1
#include <immintrin.h>
#endif

#ifdef MASQ_RT_AVX2
#pragma GCC push_options
#pragma GCC target("avx2,fma")

namespace masq {
namespace rt {
namespace avx2 {
namespace {

// Loads and stores of two amplitudes. Double states are moved as they are;
// single-precision (complex64) states are widened to double on load and
// rounded back on store, so every kernel computes in double whatever the
// storage, and a float state moves half the bytes.
inline __m256d ld(const cplx *p) { return _mm256_loadu_pd(reinterpret_cast<const double *>(p)); }
inline void st(cplx *p, __m256d v) { _mm256_storeu_pd(reinterpret_cast<double *>(p), v); }
inline __m256d ld(const cplxf *p) {
  return _mm256_cvtps_pd(_mm_loadu_ps(reinterpret_cast<const float *>(p)));
}
inline void st(cplxf *p, __m256d v) {
  _mm_storeu_ps(reinterpret_cast<float *>(p), _mm256_cvtpd_ps(v));
}
// Two amplitudes from unrelated addresses (lane 0 from a, lane 1 from b).
inline __m256d ld2(const cplx *a, const cplx *b) {
  return _mm256_insertf128_pd(
      _mm256_castpd128_pd256(_mm_loadu_pd(reinterpret_cast<const double *>(a))),
      _mm_loadu_pd(reinterpret_cast<const double *>(b)), 1);
}
inline void st2(cplx *a, cplx *b, __m256d v) {
  _mm_storeu_pd(reinterpret_cast<double *>(a), _mm256_castpd256_pd128(v));
  _mm_storeu_pd(reinterpret_cast<double *>(b), _mm256_extractf128_pd(v, 1));
}
// One complex64 is 8 bytes: moved as a double's bit pattern.
inline __m256d ld2(const cplxf *a, const cplxf *b) {
  double x, y;
  std::memcpy(&x, a, 8);
  std::memcpy(&y, b, 8);
  return _mm256_cvtps_pd(_mm_castpd_ps(_mm_setr_pd(x, y)));
}
inline void st2(cplxf *a, cplxf *b, __m256d v) {
  const __m128d w = _mm_castps_pd(_mm256_cvtpd_ps(v));
  _mm_storel_pd(reinterpret_cast<double *>(a), w);
  _mm_storeh_pd(reinterpret_cast<double *>(b), w);
}
inline __m256d bc(double x) { return _mm256_set1_pd(x); }
inline __m256d swapRI(__m256d v) { return _mm256_permute_pd(v, 0x5); }
// v * (re + i im) with re, im broadcast.
inline __m256d cmul(__m256d v, __m256d re, __m256d im) {
  return _mm256_fmaddsub_pd(v, re, _mm256_mul_pd(swapRI(v), im));
}
// Complex 2x2 row: m0 a + m1 b, with re/im parts broadcast.
struct C { __m256d r, i; };
inline C cb(cplx z) { return {bc(z.real()), bc(z.imag())}; }
inline __m256d row(__m256d a, __m256d as, __m256d b, __m256d bs, C m0, C m1) {
  const __m256d t = _mm256_fmadd_pd(b, m1.r, _mm256_mul_pd(a, m0.r));
  const __m256d u = _mm256_fmadd_pd(bs, m1.i, _mm256_mul_pd(as, m0.i));
  return _mm256_addsub_pd(t, u);
}
inline double hsum(__m256d v) {
  const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

// Calls g(x, len) for the maximal runs of consecutive free indices in
// [k0, k1) that map to consecutive amplitudes: x = first amplitude with the
// gate's bits zero, len = run length. runBits = lowest gate qubit.
template <class Ins, class G>
inline void runs(size_t k0, size_t k1, int runBits, const Ins &ins, const G &g) {
  const size_t mask = (size_t(1) << runBits) - 1;
  for (size_t k = k0; k < k1;) {
    const size_t end = std::min(k1, (k | mask) + 1);
    g(ins(k), end - k);
    k = end;
  }
}

// Calls g(x) with x = the first amplitude of each pair of consecutive free
// indices k, k+1 in [k0, k1) (k0 even; the lowest gate qubit runBits >= 1,
// so they map to x and x + 1). Short runs step x by carrying
// over the gate bits (gateMask) instead of a call per run: runs of 2 to 16
// free indices cost up to half as much again per gate as long ones
// (measured on a 2^13-amplitude chunk). Runs of at least 2^kLongRuns free
// indices keep the run loop.
template <int kLongRuns, class Ins, class G>
inline void vecSteps(size_t k0, size_t k1, int runBits, size_t gateMask, const Ins &ins,
                     const G &g) {
  if (runBits >= kLongRuns) {
    runs(k0, k1, runBits, ins, [&](size_t i, size_t len) {
      for (size_t j = 0; j < len; j += 2)
        g(i + j);
    });
    return;
  }
  size_t x = ins(k0);
  for (size_t k = k0; k < k1; k += 2, x = ((x | gateMask | 1) + 1) & ~gateMask)
    g(x);
}

// One-qubit gates on q = Q in {2, 3} over whole runs ([k0, k1) aligned to
// 2^Q): the run's 2^(Q-1) vector steps unroll, and the run-to-run step is
// one add (the carry form above is a 3-op dependency chain per step, which
// bounds a loop of only 4 amplitudes per step).
template <int Q, class G> inline void wholeRuns(size_t k0, size_t k1, const G &g) {
  constexpr size_t len = size_t(1) << Q;
  for (size_t k = k0, x = insertZero(k0, Q); k < k1; k += len, x += 2 * len)
    for (size_t j = 0; j < len; j += 2)
      g(x + j);
}

// f(a, b): a holds the bit-q=0 amplitudes of two consecutive free indices,
// b the bit-q=1 ones.
template <class Amp, class F> inline void pairs1(Amp *p, int q, size_t k0, size_t k1, const F &f) {
  if (q == 0) {
    for (size_t k = k0; k < k1; k += 2) {
      Amp *x = p + 2 * k;
      const __m256d A = ld(x), B = ld(x + 2);
      __m256d a = _mm256_permute2f128_pd(A, B, 0x20);
      __m256d b = _mm256_permute2f128_pd(A, B, 0x31);
      f(a, b);
      st(x, _mm256_permute2f128_pd(a, b, 0x20));
      st(x + 2, _mm256_permute2f128_pd(a, b, 0x31));
    }
    return;
  }
  if (q == 1) {
    // Runs of two: amplitudes 4m..4m+3 hold both pairs, no run bookkeeping.
    for (size_t k = k0; k < k1; k += 2) {
      Amp *x = p + 2 * k;
      __m256d a = ld(x), b = ld(x + 2);
      f(a, b);
      st(x, a);
      st(x + 2, b);
    }
    return;
  }
  const size_t s = size_t(1) << q;
  auto step = [&](size_t i) {
    Amp *x = p + i;
    __m256d a = ld(x), b = ld(x + s);
    f(a, b);
    st(x, a);
    st(x + s, b);
  };
  if (q <= 3 && (k0 | k1) % s == 0) {
    if (q == 2)
      wholeRuns<2>(k0, k1, step);
    else
      wholeRuns<3>(k0, k1, step);
    return;
  }
  vecSteps<4>(k0, k1, q, s, [q](size_t k) { return insertZero(k, q); }, step);
}

// Accumulators of the backward kernels: two independent sets so that the
// FMA latency chain does not bound the loop.
struct Acc {
  __m256d v[2][3];
  Acc() {
    for (auto &r : v)
      for (auto &x : r)
        x = _mm256_setzero_pd();
  }
  double sum(int j) const { return hsum(_mm256_add_pd(v[0][j], v[1][j])); }
};

// psi and lambda together; f(a, b, la, lb, acc) with acc = __m256d[3].
template <class Amp, class F>
inline void pairs1x2(Amp *p, Amp *l, int q, size_t k0, size_t k1, Acc &acc, const F &f) {
  if (q == 0) {
    auto one = [&](size_t k, __m256d *ac) {
      Amp *x = p + 2 * k, *y = l + 2 * k;
      const __m256d A = ld(x), B = ld(x + 2), LA = ld(y), LB = ld(y + 2);
      __m256d a = _mm256_permute2f128_pd(A, B, 0x20);
      __m256d b = _mm256_permute2f128_pd(A, B, 0x31);
      __m256d la = _mm256_permute2f128_pd(LA, LB, 0x20);
      __m256d lb = _mm256_permute2f128_pd(LA, LB, 0x31);
      f(a, b, la, lb, ac);
      st(x, _mm256_permute2f128_pd(a, b, 0x20));
      st(x + 2, _mm256_permute2f128_pd(a, b, 0x31));
      st(y, _mm256_permute2f128_pd(la, lb, 0x20));
      st(y + 2, _mm256_permute2f128_pd(la, lb, 0x31));
    };
    size_t k = k0;
    for (; k + 4 <= k1; k += 4) {
      one(k, acc.v[0]);
      one(k + 2, acc.v[1]);
    }
    if (k < k1)
      one(k, acc.v[0]);
    return;
  }
  if (q == 1) {
    auto one = [&](size_t k, __m256d *ac) {
      Amp *x = p + 2 * k, *y = l + 2 * k;
      __m256d a = ld(x), b = ld(x + 2), la = ld(y), lb = ld(y + 2);
      f(a, b, la, lb, ac);
      st(x, a), st(x + 2, b), st(y, la), st(y + 2, lb);
    };
    size_t k = k0;
    for (; k + 4 <= k1; k += 4) {
      one(k, acc.v[0]);
      one(k + 2, acc.v[1]);
    }
    if (k < k1)
      one(k, acc.v[0]);
    return;
  }
  const size_t s = size_t(1) << q;
  runs(k0, k1, q, [q](size_t k) { return insertZero(k, q); }, [&](size_t i, size_t len) {
    Amp *x = p + i, *y = l + i;
    auto one = [&](size_t j, __m256d *ac) {
      __m256d a = ld(x + j), b = ld(x + j + s), la = ld(y + j), lb = ld(y + j + s);
      f(a, b, la, lb, ac);
      st(x + j, a), st(x + j + s, b), st(y + j, la), st(y + j + s, lb);
    };
    size_t j = 0;
    for (; j + 4 <= len; j += 4) {
      one(j, acc.v[0]);
      one(j + 2, acc.v[1]);
    }
    if (j < len)
      one(j, acc.v[0]);
  });
}

// Two-qubit loops: v[j] = amplitudes at local offsets off[j] (j < nOff) of
// two consecutive free indices. Contiguous runs when neither qubit is 0.
template <int nOff, class Amp, class F>
inline void quads(Amp *p, int qa, int qb, const size_t *off, size_t k0, size_t k1,
                  const F &f) {
  const int lo = std::min(qa, qb), hi = std::max(qa, qb);
  __m256d v[nOff];
  if (lo >= 1) {
    const size_t gm = (size_t(1) << lo) | (size_t(1) << hi);
    vecSteps<6>(k0, k1, lo, gm, [lo, hi](size_t k) { return insertZero2(k, lo, hi); },
             [&](size_t i) {
               Amp *x = p + i;
               for (int m = 0; m < nOff; ++m)
                 v[m] = ld(x + off[m]);
               f(v);
               for (int m = 0; m < nOff; ++m)
                 st(x + off[m], v[m]);
             });
    return;
  }
  for (size_t k = k0; k < k1; k += 2) {
    Amp *x = p + insertZero2(k, lo, hi), *y = p + insertZero2(k + 1, lo, hi);
    for (int j = 0; j < nOff; ++j)
      v[j] = ld2(x + off[j], y + off[j]);
    f(v);
    for (int j = 0; j < nOff; ++j)
      st2(x + off[j], y + off[j], v[j]);
  }
}

//--- forward ---------------------------------------------------------------//

template <class Amp>
void mat1(Amp *p, int q, const cplx *m, size_t k0, size_t k1) {
  const C m0 = cb(m[0]), m1 = cb(m[1]), m2 = cb(m[2]), m3 = cb(m[3]);
  pairs1(p, q, k0, k1, [&](__m256d &a, __m256d &b) {
    const __m256d as = swapRI(a), bs = swapRI(b);
    const __m256d na = row(a, as, b, bs, m0, m1);
    b = row(a, as, b, bs, m2, m3);
    a = na;
  });
}

// A real 2x2 r on the pair (a, b), broadcast once per kernel call.
struct Rot {
  __m256d r0, r1, r2, r3;
  explicit Rot(const double *r) : r0(bc(r[0])), r1(bc(r[1])), r2(bc(r[2])), r3(bc(r[3])) {}
  void operator()(__m256d &a, __m256d &b) const {
    const __m256d na = _mm256_fmadd_pd(b, r1, _mm256_mul_pd(a, r0));
    b = _mm256_fmadd_pd(b, r3, _mm256_mul_pd(a, r2));
    a = na;
  }
};

// a and b trade the lanes of Mask.
template <int Mask> inline void trade(__m256d &a, __m256d &b) {
  const __m256d x = _mm256_blend_pd(a, b, Mask);
  b = _mm256_blend_pd(b, a, Mask);
  a = x;
}

// r on qubit t, with the pair's Mask lanes traded after it (before it with
// cxFirst): realcx with control 0 (Mask = the upper amplitude), swapim
// (Mask = the imaginary parts).
template <int Mask, class Amp>
void rotTrade(Amp *p, int t, const double *r, bool cxFirst, size_t k0, size_t k1) {
  const Rot rot(r);
  pairs1(p, t, k0, k1, [&](__m256d &a, __m256d &b) {
    if (cxFirst)
      trade<Mask>(a, b);
    rot(a, b);
    if (!cxFirst)
      trade<Mask>(a, b);
  });
}

template <class Amp>
void real1(Amp *p, int q, const double *r, size_t k0, size_t k1) {
  pairs1(p, q, k0, k1, Rot(r));
}

template <class Amp>
void diag1(Amp *p, int q, const cplx *d, size_t k0, size_t k1) {
  const __m256d d0r = bc(d[0].real()), d0i = bc(d[0].imag());
  const __m256d d1r = bc(d[1].real()), d1i = bc(d[1].imag());
  if (q >= 1 && d[0] == cplx(1, 0)) {
    // Phase gates (z, s, t, ...): only the bit-q=1 half is touched.
    const size_t s = size_t(1) << q;
    for (size_t k = k0; k < k1; k += 2) {
      Amp *x = p + insertZero(k, q) + s;
      st(x, cmul(ld(x), d1r, d1i));
    }
    return;
  }
  pairs1(p, q, k0, k1, [&](__m256d &a, __m256d &b) {
    a = cmul(a, d0r, d0i);
    b = cmul(b, d1r, d1i);
  });
}

template <class Amp>
void x1(Amp *p, int q, size_t k0, size_t k1) {
  pairs1(p, q, k0, k1, [](__m256d &a, __m256d &b) {
    const __m256d t = a;
    a = b;
    b = t;
  });
}

template <class Amp>
void cx(Amp *p, int c, int t, size_t k0, size_t k1) {
  const size_t cb = size_t(1) << c, tb = size_t(1) << t;
  if (t == 0) {
    // Target is the low lane: swap the two halves of each control-1 vector.
    for (size_t k = k0; k < k1; ++k) {
      Amp *x = p + (insertZero2(k, 0, c) | cb);
      st(x, _mm256_permute4x64_pd(ld(x), 0x4E));
    }
    return;
  }
  if (c == 0) {
    // Control is the low lane: exchange the upper halves of two vectors.
    for (size_t k = k0; k < k1; ++k) {
      Amp *x = p + insertZero2(k, 0, t);
      const __m256d A = ld(x), B = ld(x + tb);
      st(x, _mm256_blend_pd(A, B, 0xC));
      st(x + tb, _mm256_blend_pd(B, A, 0xC));
    }
    return;
  }
  const size_t off[2] = {cb, cb | tb};
  quads<2>(p, c, t, off, k0, k1, [](__m256d *v) {
    const __m256d x = v[0];
    v[0] = v[1];
    v[1] = x;
  });
}

// r on target t and CX(c -> t) in one sweep: the control-1 pair's outputs
// (or, cxFirst, its inputs) trade places, which costs no arithmetic.
template <class Amp>
void realcx(Amp *p, int c, int t, const double *r, bool cxFirst, size_t k0, size_t k1) {
  if (c == 0) {
    // The upper amplitude of each vector is the control-1 one: a blend
    // trades it. Two free indices of (c, t) are the four of t alone.
    rotTrade<0xC>(p, t, r, cxFirst, 2 * k0, 2 * k1);
    return;
  }
  const Rot rot(r);
  const size_t C = size_t(1) << c, T = size_t(1) << t;
  // v[0], v[1]: the control-0 pair; v[2], v[3]: the control-1 pair, whose
  // trade is a register renaming.
  const size_t off[4] = {0, T, C, C | T};
  quads<4>(p, c, t, off, k0, k1, [&](__m256d *v) {
    if (cxFirst)
      std::swap(v[2], v[3]);
    rot(v[0], v[1]);
    rot(v[2], v[3]);
    if (!cxFirst)
      std::swap(v[2], v[3]);
  });
}

template <class Amp>
void reim(Amp *p, const double *r, int c, bool cxFirst, size_t k0, size_t k1) {
  if ((k0 | k1) & 1) {
    scalarKernels<Amp>().reim(p, r, c, cxFirst, k0, k1);
    return;
  }
  // [x y] -> [r0 x + r1 y, r2 x + r3 y] = [r0 r3] * [x y] + [r1 r2] * [y x]
  const double id[4] = {1, 0, 0, 1};
  const double *m = r ? r : id;
  const __m256d d = _mm256_setr_pd(m[0], m[3], m[0], m[3]);
  const __m256d o = _mm256_setr_pd(m[1], m[2], m[1], m[2]);
  auto rot = [&](__m256d &v) { v = _mm256_fmadd_pd(swapRI(v), o, _mm256_mul_pd(v, d)); };
  // Lanes to swap: none (0), the upper (1; c = 0: odd k), or both (2; bit
  // c >= 1 of k, the same for k and k + 1).
  auto trade = [](__m256d &v, int lanes) {
    if (lanes == 1)
      v = _mm256_blend_pd(v, swapRI(v), 0xC);
    else if (lanes == 2)
      v = swapRI(v);
  };
  for (size_t k = k0; k < k1; k += 2) {
    __m256d v = ld(p + k);
    const int lanes = c < 0 ? 0 : c == 0 ? 1 : (k >> c & 1) ? 2 : 0;
    if (cxFirst)
      trade(v, lanes);
    if (r)
      rot(v);
    if (!cxFirst)
      trade(v, lanes);
    st(p + k, v);
  }
}

template <class Amp>
void swapim(Amp *p, int t, const double *r, bool cxFirst, size_t k0, size_t k1) {
  if (!r) // imaginary lanes 1 and 3
    pairs1(p, t, k0, k1, [](__m256d &a, __m256d &b) { trade<0xA>(a, b); });
  else
    rotTrade<0xA>(p, t, r, cxFirst, k0, k1);
}

template <class Amp>
void cx2(Amp *p, Amp *l, int c, int t, size_t k0, size_t k1) {
  const size_t cb = size_t(1) << c, tb = size_t(1) << t;
  if (t == 0 || c == 0) { // qubit-0 forms: already one vector per index
    cx(p, c, t, k0, k1);
    cx(l, c, t, k0, k1);
    return;
  }
  const int lo = std::min(c, t), hi = std::max(c, t);
  runs(k0, k1, lo, [lo, hi](size_t k) { return insertZero2(k, lo, hi); },
       [&](size_t i, size_t len) {
         Amp *x = p + i + cb, *y = l + i + cb;
         for (size_t j = 0; j < len; j += 2) {
           const __m256d a = ld(x + j), b = ld(x + j + tb);
           const __m256d la = ld(y + j), lb = ld(y + j + tb);
           st(x + j, b), st(x + j + tb, a), st(y + j, lb), st(y + j + tb, la);
         }
       });
}

template <class Amp>
void swap2(Amp *p, int a, int b, size_t k0, size_t k1) {
  const size_t off[2] = {size_t(1) << a, size_t(1) << b};
  quads<2>(p, a, b, off, k0, k1, [](__m256d *v) {
    const __m256d t = v[0];
    v[0] = v[1];
    v[1] = t;
  });
}

template <class Amp>
void cmat1(Amp *p, int c, int t, const cplx *m, size_t k0, size_t k1) {
  const C m0 = cb(m[0]), m1 = cb(m[1]), m2 = cb(m[2]), m3 = cb(m[3]);
  const size_t off[2] = {size_t(1) << c, (size_t(1) << c) | (size_t(1) << t)};
  quads<2>(p, c, t, off, k0, k1, [&](__m256d *v) {
    const __m256d as = swapRI(v[0]), bs = swapRI(v[1]);
    const __m256d na = row(v[0], as, v[1], bs, m0, m1);
    v[1] = row(v[0], as, v[1], bs, m2, m3);
    v[0] = na;
  });
}

template <class Amp>
void diag2(Amp *p, int a, int b, const cplx *d, size_t k0, size_t k1) {
  const size_t A = size_t(1) << a, B = size_t(1) << b;
  const size_t off[4] = {0, A, B, A | B};
  C dd[4];
  for (int j = 0; j < 4; ++j)
    dd[j] = cb(d[j]);
  quads<4>(p, a, b, off, k0, k1, [&](__m256d *v) {
    for (int j = 0; j < 4; ++j)
      v[j] = cmul(v[j], dd[j].r, dd[j].i);
  });
}

template <class Amp>
void mat2(Amp *p, int a, int b, const cplx *m, size_t k0, size_t k1) {
  const size_t A = size_t(1) << a, B = size_t(1) << b;
  const size_t off[4] = {0, A, B, A | B};
  C mm[16];
  for (int j = 0; j < 16; ++j)
    mm[j] = cb(m[j]);
  quads<4>(p, a, b, off, k0, k1, [&](__m256d *v) {
    __m256d s[4], o[4];
    for (int j = 0; j < 4; ++j)
      s[j] = swapRI(v[j]);
    for (int r = 0; r < 4; ++r) {
      __m256d t = _mm256_mul_pd(v[0], mm[r * 4].r);
      __m256d u = _mm256_mul_pd(s[0], mm[r * 4].i);
      for (int j = 1; j < 4; ++j) {
        t = _mm256_fmadd_pd(v[j], mm[r * 4 + j].r, t);
        u = _mm256_fmadd_pd(s[j], mm[r * 4 + j].i, u);
      }
      o[r] = _mm256_addsub_pd(t, u);
    }
    for (int j = 0; j < 4; ++j)
      v[j] = o[j];
  });
}

#include "KernelsAVX2Backward.h"

} // namespace
} // namespace avx2
} // namespace rt
} // namespace masq

#pragma GCC pop_options

// Outside the target region: building the table only takes addresses, so it
// is safe to run on any CPU (the check happens before any kernel is called).
namespace masq {
namespace rt {
template <class Amp> const KernelTable<Amp> *avx2Kernels() {
  static const KernelTable<Amp> t = [] {
    KernelTable<Amp> k = scalarKernels<Amp>();
    k.mat1 = avx2::mat1<Amp>;
    k.real1 = avx2::real1<Amp>;
    k.diag1 = avx2::diag1<Amp>;
    k.x1 = avx2::x1<Amp>;
    k.cx = avx2::cx<Amp>;
    k.cx2 = avx2::cx2<Amp>;
    k.swap = avx2::swap2<Amp>;
    k.cmat1 = avx2::cmat1<Amp>;
    k.diag2 = avx2::diag2<Amp>;
    k.mat2 = avx2::mat2<Amp>;
    k.bReal1 = avx2::bReal1<Amp>;
    k.bMat1 = avx2::bMat1<Amp>;
    k.bDiag1 = avx2::bDiag1<Amp>;
    k.pReal1 = avx2::pReal1<Amp>;
    k.realcx = avx2::realcx<Amp>;
    k.reim = avx2::reim<Amp>;
    k.swapim = avx2::swapim<Amp>;
    return k;
  }();
  return &t;
}
} // namespace rt
} // namespace masq

#else

namespace masq {
namespace rt {
template <class Amp> const KernelTable<Amp> *avx2Kernels() { return nullptr; }
} // namespace rt
} // namespace masq

#endif

#endif // MASQ_RUNTIME_KERNELSAVX2IMPL_H
