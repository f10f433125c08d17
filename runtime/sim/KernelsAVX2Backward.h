//===- KernelsAVX2Backward.h - AVX2/FMA backward kernels (internal) -*- C++ -*-===//
//
// Part of KernelsAVX2Impl.h, included there inside its namespace and its
// avx2,fma target region: the fused backward steps (acc[p] += Re <lam| M_p
// psi>, then psi, lam <- U^dagger) and the packed one of real gates.
//
//===----------------------------------------------------------------------===//
//--- backward --------------------------------------------------------------//

template <class Amp>
void bReal1(Amp *p, Amp *l, int q, const double *v, const double *m, double *acc,
            size_t k0, size_t k1) {
  const __m256d v0 = bc(v[0]), v1 = bc(v[1]), v2 = bc(v[2]), v3 = bc(v[3]);
  Acc s;
  if (m[0] == 0 && m[3] == 0 && m[1] == -m[2]) {
    // RY: M = dU U^dagger = -i/2 Y is real antisymmetric, so
    // Re<lam|M psi> = m1 (lam0.psi1 - lam1.psi0): two FMAs into two chains.
    pairs1x2(p, l, q, k0, k1, s,
             [&](__m256d &a, __m256d &b, __m256d &la, __m256d &lb, __m256d *ac) {
               ac[0] = _mm256_fmadd_pd(la, b, ac[0]);
               ac[1] = _mm256_fmadd_pd(lb, a, ac[1]);
               const __m256d na = _mm256_fmadd_pd(b, v1, _mm256_mul_pd(a, v0));
               b = _mm256_fmadd_pd(b, v3, _mm256_mul_pd(a, v2));
               a = na;
               const __m256d nla = _mm256_fmadd_pd(lb, v1, _mm256_mul_pd(la, v0));
               lb = _mm256_fmadd_pd(lb, v3, _mm256_mul_pd(la, v2));
               la = nla;
             });
    acc[0] += m[1] * (s.sum(0) - s.sum(1));
    return;
  }
  const __m256d m0 = bc(m[0]), m1 = bc(m[1]), m2 = bc(m[2]), m3 = bc(m[3]);
  pairs1x2(p, l, q, k0, k1, s,
           [&](__m256d &a, __m256d &b, __m256d &la, __m256d &lb, __m256d *ac) {
             // Re<lam|M psi> lane by lane: lam.re*(M psi).re + lam.im*(M psi).im
             const __m256d ma = _mm256_fmadd_pd(b, m1, _mm256_mul_pd(a, m0));
             const __m256d mb = _mm256_fmadd_pd(b, m3, _mm256_mul_pd(a, m2));
             ac[0] = _mm256_add_pd(ac[0], _mm256_fmadd_pd(lb, mb, _mm256_mul_pd(la, ma)));
             const __m256d na = _mm256_fmadd_pd(b, v1, _mm256_mul_pd(a, v0));
             b = _mm256_fmadd_pd(b, v3, _mm256_mul_pd(a, v2));
             a = na;
             const __m256d nla = _mm256_fmadd_pd(lb, v1, _mm256_mul_pd(la, v0));
             lb = _mm256_fmadd_pd(lb, v3, _mm256_mul_pd(la, v2));
             la = nla;
           });
  acc[0] += s.sum(0);
}

// Sum of the odd lanes (imaginary parts) minus the even lanes (real parts).
inline double oddMinusEven(__m256d x) {
  return hsum(_mm256_mul_pd(x, _mm256_setr_pd(-1.0, 1.0, -1.0, 1.0)));
}

// Packed: a = psi_a + i lam_a, b = psi_b + i lam_b (real psi and lam).
// a * swapRI(b) has lam_a psi_b in its odd lanes and psi_a lam_b in its even
// ones; a * swapRI(a) holds psi_a lam_a in every lane.
template <class Amp>
void pReal1(Amp *p, int q, const double *v, const double *m, double *acc, size_t k0,
            size_t k1) {
  const __m256d v0 = bc(v[0]), v1 = bc(v[1]), v2 = bc(v[2]), v3 = bc(v[3]);
  auto rotate = [&](__m256d &a, __m256d &b) {
    const __m256d na = _mm256_fmadd_pd(b, v1, _mm256_mul_pd(a, v0));
    b = _mm256_fmadd_pd(b, v3, _mm256_mul_pd(a, v2));
    a = na;
  };
  __m256d c0 = _mm256_setzero_pd(), c1 = c0;
  if (m[0] == 0 && m[3] == 0 && m[1] == -m[2]) {
    // RY: Im(v)^T M Re(v) = m1 (lam_a psi_b - lam_b psi_a), one FMA; two
    // chains alternate so the FMA latency does not bound the loop.
    pairs1(p, q, k0, k1, [&](__m256d &a, __m256d &b) {
      c0 = _mm256_fmadd_pd(a, swapRI(b), c0);
      std::swap(c0, c1);
      rotate(a, b);
    });
    acc[0] += m[1] * oddMinusEven(_mm256_add_pd(c0, c1));
    return;
  }
  __m256d d0 = _mm256_setzero_pd(), d1 = d0;
  const __m256d wOdd = _mm256_setr_pd(m[2], m[1], m[2], m[1]);
  const __m256d half0 = bc(0.5 * m[0]), half3 = bc(0.5 * m[3]);
  pairs1(p, q, k0, k1, [&](__m256d &a, __m256d &b) {
    c0 = _mm256_fmadd_pd(_mm256_mul_pd(a, swapRI(b)), wOdd, c0);
    d0 = _mm256_fmadd_pd(_mm256_mul_pd(a, swapRI(a)), half0,
                         _mm256_fmadd_pd(_mm256_mul_pd(b, swapRI(b)), half3, d0));
    std::swap(c0, c1);
    std::swap(d0, d1);
    rotate(a, b);
  });
  acc[0] += hsum(_mm256_add_pd(_mm256_add_pd(c0, c1), _mm256_add_pd(d0, d1)));
}

template <class Amp>
void bMat1(Amp *p, Amp *l, int q, const cplx *v, const cplx (*m)[16], int np,
           double *acc, size_t k0, size_t k1) {
  const C v0 = cb(v[0]), v1 = cb(v[1]), v2 = cb(v[2]), v3 = cb(v[3]);
  C mm[3][4];
  for (int j = 0; j < np; ++j)
    for (int i = 0; i < 4; ++i)
      mm[j][i] = cb(m[j][i]);
  Acc s;
  pairs1x2(p, l, q, k0, k1, s,
           [&](__m256d &a, __m256d &b, __m256d &la, __m256d &lb, __m256d *ac) {
             const __m256d as = swapRI(a), bs = swapRI(b);
             for (int j = 0; j < np; ++j) {
               const __m256d t = _mm256_mul_pd(la, row(a, as, b, bs, mm[j][0], mm[j][1]));
               ac[j] = _mm256_add_pd(
                   ac[j], _mm256_fmadd_pd(lb, row(a, as, b, bs, mm[j][2], mm[j][3]), t));
             }
             const __m256d na = row(a, as, b, bs, v0, v1);
             b = row(a, as, b, bs, v2, v3);
             a = na;
             const __m256d las = swapRI(la), lbs = swapRI(lb);
             const __m256d nla = row(la, las, lb, lbs, v0, v1);
             lb = row(la, las, lb, lbs, v2, v3);
             la = nla;
           });
  for (int j = 0; j < np; ++j)
    acc[j] += s.sum(j);
}

template <class Amp>
void bDiag1(Amp *p, Amp *l, int q, const cplx *v, const cplx (*m)[16], int np,
            double *acc, size_t k0, size_t k1) {
  const C v0 = cb(v[0]), v1 = cb(v[1]);
  C mm[3][2];
  for (int j = 0; j < np; ++j)
    mm[j][0] = cb(m[j][0]), mm[j][1] = cb(m[j][1]);
  Acc s;
  pairs1x2(p, l, q, k0, k1, s,
           [&](__m256d &a, __m256d &b, __m256d &la, __m256d &lb, __m256d *ac) {
             for (int j = 0; j < np; ++j) {
               const __m256d t = _mm256_mul_pd(la, cmul(a, mm[j][0].r, mm[j][0].i));
               ac[j] = _mm256_add_pd(
                   ac[j], _mm256_fmadd_pd(lb, cmul(b, mm[j][1].r, mm[j][1].i), t));
             }
             a = cmul(a, v0.r, v0.i);
             b = cmul(b, v1.r, v1.i);
             la = cmul(la, v0.r, v0.i);
             lb = cmul(lb, v1.r, v1.i);
           });
  for (int j = 0; j < np; ++j)
    acc[j] += s.sum(j);
}
