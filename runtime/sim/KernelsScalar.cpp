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

template <class A>
void mat1(A *p, int q, const cplx *m, size_t k0, size_t k1) {
  const size_t s = size_t(1) << q;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    const cplx a = p[i], b = p[i + s];
    p[i] = mul(m[0], a) + mul(m[1], b);
    p[i + s] = mul(m[2], a) + mul(m[3], b);
  }
}

template <class A>
void real1(A *p, int q, const double *r, size_t k0, size_t k1) {
  const size_t s = size_t(1) << q;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    const cplx a = p[i], b = p[i + s];
    p[i] = r[0] * a + r[1] * b;
    p[i + s] = r[2] * a + r[3] * b;
  }
}

template <class A>
void diag1(A *p, int q, const cplx *d, size_t k0, size_t k1) {
  const size_t s = size_t(1) << q;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    p[i] = mul(d[0], p[i]);
    p[i + s] = mul(d[1], p[i + s]);
  }
}

template <class A>
void x1(A *p, int q, size_t k0, size_t k1) {
  const size_t s = size_t(1) << q;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero(k, q);
    std::swap(p[i], p[i + s]);
  }
}

template <class A>
void cx(A *p, int c, int t, size_t k0, size_t k1) {
  const int lo = std::min(c, t), hi = std::max(c, t);
  const size_t cb = size_t(1) << c, tb = size_t(1) << t;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero2(k, lo, hi) | cb;
    std::swap(p[i], p[i | tb]);
  }
}

template <class A>
void realcx(A *p, int c, int t, const double *r, bool cxFirst, size_t k0, size_t k1) {
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

template <class A>
void reim(A *p, const double *r, int c, bool cxFirst, size_t k0, size_t k1) {
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

template <class A>
void swapim(A *p, int t, const double *r, bool cxFirst, size_t k0, size_t k1) {
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

template <class A>
void cx2(A *p, A *l, int c, int t, size_t k0, size_t k1) {
  cx(p, c, t, k0, k1);
  cx(l, c, t, k0, k1);
}

template <class A>
void swap2(A *p, int a, int b, size_t k0, size_t k1) {
  const int lo = std::min(a, b), hi = std::max(a, b);
  const size_t ab = size_t(1) << a, bb = size_t(1) << b;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero2(k, lo, hi);
    std::swap(p[i | ab], p[i | bb]);
  }
}

template <class A>
void cmat1(A *p, int c, int t, const cplx *m, size_t k0, size_t k1) {
  const int lo = std::min(c, t), hi = std::max(c, t);
  const size_t cb = size_t(1) << c, tb = size_t(1) << t;
  for (size_t k = k0; k < k1; ++k) {
    const size_t i = insertZero2(k, lo, hi) | cb;
    const cplx a = p[i], b = p[i | tb];
    p[i] = mul(m[0], a) + mul(m[1], b);
    p[i | tb] = mul(m[2], a) + mul(m[3], b);
  }
}

template <class A>
void diag2(A *p, int a, int b, const cplx *d, size_t k0, size_t k1) {
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

template <class A>
void mat2(A *p, int a, int b, const cplx *m, size_t k0, size_t k1) {
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

template <class A>
void matk(A *p, const int *q, int nq, const cplx *m, size_t k0, size_t k1) {
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

template <class A>
void bReal1(A *p, A *l, int q, const double *v, const double *m,
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

template <class A>
void bMat1(A *p, A *l, int q, const cplx *v, const cplx (*m)[16], int np,
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

template <class A>
void bDiag1(A *p, A *l, int q, const cplx *v, const cplx (*m)[16], int np,
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

template <class A>
void bDiag2(A *p, A *l, int qa, int qb, const cplx *v, const cplx (*m)[16],
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

template <class A>
void bMat2(A *p, A *l, int qa, int qb, const cplx *v, const cplx (*m)[16],
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

template <class A>
void pReal1(A *p, int q, const double *v, const double *m, double *acc, size_t k0,
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

template <class A> const KernelTable<A> &scalarKernels() {
  static const KernelTable<A> t = {
      mat1<A>,   real1<A>,  diag1<A>,  x1<A>,    cx<A>,     cx2<A>,    swap2<A>,
      cmat1<A>,  diag2<A>,  mat2<A>,   matk<A>,  bReal1<A>, bMat1<A>,  bDiag1<A>,
      bDiag2<A>, bMat2<A>,  pReal1<A>, realcx<A>, reim<A>,  swapim<A>};
  return t;
}
template const KernelTable<cplx> &scalarKernels<cplx>();
template const KernelTable<cplxf> &scalarKernels<cplxf>();

} // namespace rt
} // namespace masq
