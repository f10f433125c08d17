//===- KernelsScalar.cpp - Portable gate kernels --------------------------===//
//
// The reference implementation of every kernel form: plain loops over the
// free index k, correct for any qubit positions. The AVX2 table overrides the
// hot ones; tests check both tables against a dense reference.
//
//===----------------------------------------------------------------------===//
#include "KernelTable.h"

#include <algorithm>
#include <utility>

namespace masq {
namespace rt {
namespace {

// Plain complex arithmetic (std::complex operator* may call __muldc3).
inline cplx mul(cplx a, cplx b) {
  return {a.real() * b.real() - a.imag() * b.imag(),
          a.real() * b.imag() + a.imag() * b.real()};
}
// Re(conj(a) b)
inline double reDot(cplx a, cplx b) { return a.real() * b.real() + a.imag() * b.imag(); }

void mat1(cplx *p, int q, const cplx *m, size_t k0, size_t k1) {
  const size_t s = size_t(1) << q;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    const cplx a = p[i], b = p[i + s];
    p[i] = mul(m[0], a) + mul(m[1], b);
    p[i + s] = mul(m[2], a) + mul(m[3], b);
  }
}

void real1(cplx *p, int q, const double *r, size_t k0, size_t k1) {
  const size_t s = size_t(1) << q;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    const cplx a = p[i], b = p[i + s];
    p[i] = r[0] * a + r[1] * b;
    p[i + s] = r[2] * a + r[3] * b;
  }
}

void diag1(cplx *p, int q, const cplx *d, size_t k0, size_t k1) {
  const size_t s = size_t(1) << q;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    p[i] = mul(d[0], p[i]);
    p[i + s] = mul(d[1], p[i + s]);
  }
}

void x1(cplx *p, int q, size_t k0, size_t k1) {
  const size_t s = size_t(1) << q;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    std::swap(p[i], p[i + s]);
  }
}

void cx(cplx *p, int c, int t, size_t k0, size_t k1) {
  const int lo = std::min(c, t), hi = std::max(c, t);
  const size_t cb = size_t(1) << c, tb = size_t(1) << t;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero2(k, lo, hi) | cb;
    std::swap(p[i], p[i | tb]);
  }
}

void realcx(cplx *p, int c, int t, const double *r, bool cxFirst, size_t k0, size_t k1) {
  const int lo = std::min(c, t), hi = std::max(c, t);
  const size_t cb = size_t(1) << c, tb = size_t(1) << t;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero2(k, lo, hi);
    for (size_t ctl = 0; ctl < 2; ++ctl) { // the control-0 pair, then control-1
      const size_t i0 = i | (ctl ? cb : 0), i1 = i0 | tb;
      cplx a = p[i0], b = p[i1];
      if (ctl && cxFirst)
        std::swap(a, b);
      cplx na = r[0] * a + r[1] * b, nb = r[2] * a + r[3] * b;
      if (ctl && !cxFirst)
        std::swap(na, nb);
      p[i0] = na, p[i1] = nb;
    }
  }
}

void reim(cplx *p, const double *r, int c, bool cxFirst, size_t k0, size_t k1) {
  for (size_t k = k0; k < k1; ++k) {
    const bool swap = c >= 0 && (k >> c & 1);
    double x = p[k].real(), y = p[k].imag();
    if (swap && cxFirst)
      std::swap(x, y);
    if (r) {
      const double nx = r[0] * x + r[1] * y;
      y = r[2] * x + r[3] * y;
      x = nx;
    }
    if (swap && !cxFirst)
      std::swap(x, y);
    p[k] = cplx(x, y);
  }
}

void swapim(cplx *p, int t, const double *r, bool cxFirst, size_t k0, size_t k1) {
  const size_t s = size_t(1) << t;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, t);
    cplx a = p[i], b = p[i + s];
    if (r && cxFirst) {
      const double y = a.imag();
      a.imag(b.imag()), b.imag(y);
    }
    if (r) {
      const cplx na = r[0] * a + r[1] * b;
      b = r[2] * a + r[3] * b;
      a = na;
    }
    if (!r || !cxFirst) {
      const double y = a.imag();
      a.imag(b.imag()), b.imag(y);
    }
    p[i] = a, p[i + s] = b;
  }
}

void cx2(cplx *p, cplx *l, int c, int t, size_t k0, size_t k1) {
  cx(p, c, t, k0, k1);
  cx(l, c, t, k0, k1);
}

void swap2(cplx *p, int a, int b, size_t k0, size_t k1) {
  const int lo = std::min(a, b), hi = std::max(a, b);
  const size_t ab = size_t(1) << a, bb = size_t(1) << b;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero2(k, lo, hi);
    std::swap(p[i | ab], p[i | bb]);
  }
}

void cmat1(cplx *p, int c, int t, const cplx *m, size_t k0, size_t k1) {
  const int lo = std::min(c, t), hi = std::max(c, t);
  const size_t cb = size_t(1) << c, tb = size_t(1) << t;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero2(k, lo, hi) | cb;
    const cplx a = p[i], b = p[i | tb];
    p[i] = mul(m[0], a) + mul(m[1], b);
    p[i | tb] = mul(m[2], a) + mul(m[3], b);
  }
}

void diag2(cplx *p, int a, int b, const cplx *d, size_t k0, size_t k1) {
  const int lo = std::min(a, b), hi = std::max(a, b);
  const size_t ab = size_t(1) << a, bb = size_t(1) << b;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero2(k, lo, hi);
    p[i] = mul(d[0], p[i]);
    p[i | ab] = mul(d[1], p[i | ab]);
    p[i | bb] = mul(d[2], p[i | bb]);
    p[i | ab | bb] = mul(d[3], p[i | ab | bb]);
  }
}

void mat2(cplx *p, int a, int b, const cplx *m, size_t k0, size_t k1) {
  const int lo = std::min(a, b), hi = std::max(a, b);
  const size_t ab = size_t(1) << a, bb = size_t(1) << b;
  const size_t off[4] = {0, ab, bb, ab | bb};
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero2(k, lo, hi);
    cplx v[4];
    for (int j = 0; j < 4; ++j)
      v[j] = p[i + off[j]];
    for (int r = 0; r < 4; ++r) {
      cplx s = 0;
      for (int j = 0; j < 4; ++j)
        s += mul(m[r * 4 + j], v[j]);
      p[i + off[r]] = s;
    }
  }
}

void matk(cplx *p, const int *q, int nq, const cplx *m, size_t k0, size_t k1) {
  int sorted[32];
  std::copy(q, q + nq, sorted);
  std::sort(sorted, sorted + nq);
  const int dim = 1 << nq;
  size_t off[32];
  for (int l = 0; l < dim; ++l) {
    off[l] = 0;
    for (int j = 0; j < nq; ++j)
      if (l >> j & 1)
        off[l] |= size_t(1) << q[j];
  }
  cplx v[32];
  for (size_t k = k0; k < k1; ++k) {
    size_t i = k;
    for (int j = 0; j < nq; ++j)
      i = insertZero(i, sorted[j]);
    for (int l = 0; l < dim; ++l)
      v[l] = p[i + off[l]];
    for (int r = 0; r < dim; ++r) {
      cplx s = 0;
      const cplx *row = m + size_t(r) * dim;
      for (int l = 0; l < dim; ++l)
        s += mul(row[l], v[l]);
      p[i + off[r]] = s;
    }
  }
}

//--- backward -------------------------------------------------------------//

void bReal1(cplx *p, cplx *l, int q, const double *v, const double *m,
            double *acc, size_t k0, size_t k1) {
  const size_t s = size_t(1) << q;
  double a0 = 0;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    const cplx a = p[i], b = p[i + s], la = l[i], lb = l[i + s];
    a0 += reDot(la, m[0] * a + m[1] * b) + reDot(lb, m[2] * a + m[3] * b);
    p[i] = v[0] * a + v[1] * b;
    p[i + s] = v[2] * a + v[3] * b;
    l[i] = v[0] * la + v[1] * lb;
    l[i + s] = v[2] * la + v[3] * lb;
  }
  acc[0] += a0;
}

void bMat1(cplx *p, cplx *l, int q, const cplx *v, const cplx (*m)[16], int np,
           double *acc, size_t k0, size_t k1) {
  const size_t s = size_t(1) << q;
  double a[3] = {0, 0, 0};
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    const cplx x = p[i], y = p[i + s], lx = l[i], ly = l[i + s];
    for (int j = 0; j < np; ++j)
      a[j] += reDot(lx, mul(m[j][0], x) + mul(m[j][1], y)) +
              reDot(ly, mul(m[j][2], x) + mul(m[j][3], y));
    p[i] = mul(v[0], x) + mul(v[1], y);
    p[i + s] = mul(v[2], x) + mul(v[3], y);
    l[i] = mul(v[0], lx) + mul(v[1], ly);
    l[i + s] = mul(v[2], lx) + mul(v[3], ly);
  }
  for (int j = 0; j < np; ++j)
    acc[j] += a[j];
}

void bDiag1(cplx *p, cplx *l, int q, const cplx *v, const cplx (*m)[16], int np,
            double *acc, size_t k0, size_t k1) {
  const size_t s = size_t(1) << q;
  double a[3] = {0, 0, 0};
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    const cplx x = p[i], y = p[i + s], lx = l[i], ly = l[i + s];
    for (int j = 0; j < np; ++j)
      a[j] += reDot(lx, mul(m[j][0], x)) + reDot(ly, mul(m[j][1], y));
    p[i] = mul(v[0], x);
    p[i + s] = mul(v[1], y);
    l[i] = mul(v[0], lx);
    l[i + s] = mul(v[1], ly);
  }
  for (int j = 0; j < np; ++j)
    acc[j] += a[j];
}

void bDiag2(cplx *p, cplx *l, int qa, int qb, const cplx *v, const cplx (*m)[16],
            int np, double *acc, size_t k0, size_t k1) {
  const int lo = std::min(qa, qb), hi = std::max(qa, qb);
  const size_t off[4] = {0, size_t(1) << qa, size_t(1) << qb,
                         (size_t(1) << qa) | (size_t(1) << qb)};
  double a[3] = {0, 0, 0};
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero2(k, lo, hi);
    for (int r = 0; r < 4; ++r) {
      const cplx x = p[i + off[r]], lx = l[i + off[r]];
      for (int j = 0; j < np; ++j)
        a[j] += reDot(lx, mul(m[j][r], x));
      p[i + off[r]] = mul(v[r], x);
      l[i + off[r]] = mul(v[r], lx);
    }
  }
  for (int j = 0; j < np; ++j)
    acc[j] += a[j];
}

void bMat2(cplx *p, cplx *l, int qa, int qb, const cplx *v, const cplx (*m)[16],
           int np, double *acc, size_t k0, size_t k1) {
  const int lo = std::min(qa, qb), hi = std::max(qa, qb);
  const size_t off[4] = {0, size_t(1) << qa, size_t(1) << qb,
                         (size_t(1) << qa) | (size_t(1) << qb)};
  double a[3] = {0, 0, 0};
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero2(k, lo, hi);
    cplx x[4], lx[4];
    for (int r = 0; r < 4; ++r)
      x[r] = p[i + off[r]], lx[r] = l[i + off[r]];
    for (int j = 0; j < np; ++j)
      for (int r = 0; r < 4; ++r) {
        cplx s = 0;
        for (int c = 0; c < 4; ++c)
          s += mul(m[j][r * 4 + c], x[c]);
        a[j] += reDot(lx[r], s);
      }
    for (int r = 0; r < 4; ++r) {
      cplx s = 0, t = 0;
      for (int c = 0; c < 4; ++c) {
        s += mul(v[r * 4 + c], x[c]);
        t += mul(v[r * 4 + c], lx[c]);
      }
      p[i + off[r]] = s;
      l[i + off[r]] = t;
    }
  }
  for (int j = 0; j < np; ++j)
    acc[j] += a[j];
}

void pReal1(cplx *p, int q, const double *v, const double *m, double *acc, size_t k0,
            size_t k1) {
  const size_t s = size_t(1) << q;
  double a0 = 0;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    const cplx a = p[i], b = p[i + s];
    a0 += a.imag() * (m[0] * a.real() + m[1] * b.real()) +
          b.imag() * (m[2] * a.real() + m[3] * b.real());
    p[i] = v[0] * a + v[1] * b;
    p[i + s] = v[2] * a + v[3] * b;
  }
  acc[0] += a0;
}

} // namespace

const KernelTable &scalarKernels() {
  static const KernelTable t = {mat1,  real1, diag1, x1,     cx,     cx2,
                                swap2, cmat1, diag2, mat2,   matk,   bReal1,
                                bMat1, bDiag1, bDiag2, bMat2, pReal1, realcx, reim, swapim};
  return t;
}

} // namespace rt
} // namespace masq
