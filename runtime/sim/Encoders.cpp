//===- Encoders.cpp - Amplitude / angle encoders and masks ----------------===//
#include "masq/Runtime/Encoders.h"
#include "masq/Runtime/Status.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace masq {
namespace rt {

size_t maskPatternLength(const MaskSpec &m, size_t len) {
  switch (m.kind) {
  case MaskKind::Patches:
    return m.patch > 0 ? size_t(m.rows / m.patch) * size_t(m.cols / m.patch) : 0;
  case MaskKind::Pixels:
    return len;
  default:
    return 0;
  }
}

void validateMask(const MaskSpec &m, size_t len, size_t numParams) {
  switch (m.kind) {
  case MaskKind::None:
    return;
  case MaskKind::Patches:
    if (m.rows <= 0 || m.cols <= 0 || m.patch <= 0 || m.rows % m.patch ||
        m.cols % m.patch || size_t(m.rows) * size_t(m.cols) != len)
      fail(Status::BadArgument,
           "patch mask: rows x cols must equal the input length and be "
           "divisible by the patch side");
    if (m.parametric && m.fillSize != m.patch * m.patch)
      fail(Status::BadArgument, "patch mask: parametric fill must have patch*patch entries");
    break;
  case MaskKind::Pixels:
    break;
  case MaskKind::Fixed:
    for (int i : m.indices)
      if (i < 0 || size_t(i) >= len)
        fail(Status::BadArgument, "index mask: index " + std::to_string(i) + " out of range");
    break;
  default:
    fail(Status::BadArgument, "unknown mask kind");
  }
  if (m.parametric) {
    if (m.fillSize <= 0 || m.fillOffset < 0 ||
        size_t(m.fillOffset) + size_t(m.fillSize) > numParams)
      fail(Status::BadArgument, "mask fill token lies outside the parameter vector");
  } else if (!std::isfinite(m.fill)) {
    fail(Status::NonFinite, "mask fill is NaN or infinite");
  }
}

void applyMask(const MaskSpec &m, const double *x, size_t len, const double *pattern,
               const double *theta, double *out, int *slot) {
  std::copy(x, x + len, out);
  if (slot)
    std::fill(slot, slot + len, -1);
  auto hide = [&](size_t p, int fillIndex) {
    if (m.parametric) {
      out[p] = theta[m.fillOffset + fillIndex];
      if (slot)
        slot[p] = fillIndex;
    } else {
      out[p] = m.fill;
      if (slot)
        slot[p] = -2;
    }
  };
  switch (m.kind) {
  case MaskKind::None:
    return;
  case MaskKind::Patches: {
    const int s = m.patch, pc = m.cols / s, np = (m.rows / s) * pc;
    for (int P = 0; P < np; ++P) {
      if (pattern[P] == 0)
        continue;
      const int r0 = (P / pc) * s, c0 = (P % pc) * s;
      for (int i = 0; i < s; ++i)
        for (int j = 0; j < s; ++j)
          hide(size_t(r0 + i) * m.cols + (c0 + j), i * s + j);
    }
    return;
  }
  case MaskKind::Pixels:
    for (size_t p = 0; p < len; ++p)
      if (pattern[p] != 0)
        hide(p, m.parametric ? int(p % size_t(m.fillSize)) : 0);
    return;
  case MaskKind::Fixed:
    for (size_t j = 0; j < m.indices.size(); ++j)
      hide(size_t(m.indices[j]), m.parametric ? int(j % size_t(m.fillSize)) : 0);
    return;
  }
}

double encodeAmplitude(const double *x, size_t len, cplx *psi, int n) {
  const size_t dim = size_t(1) << n;
  if (!x || len == 0 || len > dim)
    fail(Status::BadArgument, "amplitude encoding needs 1..2^n values, got " +
                                  std::to_string(len));
  double s = 0;
  for (size_t i = 0; i < len; ++i) {
    if (!std::isfinite(x[i]))
      fail(Status::NonFinite, "input vector has a NaN or infinite entry");
    s += x[i] * x[i];
  }
  if (!(s > 0))
    fail(Status::ZeroNorm, "amplitude encoding of a zero-norm vector");
  const double norm = std::sqrt(s), inv = 1.0 / norm;
  for (size_t i = 0; i < len; ++i)
    psi[i] = x[i] * inv;
  std::fill(psi + len, psi + dim, cplx(0));
  return norm;
}

namespace {
void checkAxis(gates::Kind axis) {
  if (axis != gates::Kind::RX && axis != gates::Kind::RY && axis != gates::Kind::RZ)
    fail(Status::BadArgument, "angle encoding axis must be rx, ry or rz");
}
// R_axis(a)|0> and its derivative: the first column of Gates.h's matrices.
void factor(gates::Kind axis, double a, cplx *f, cplx *df) {
  cplx m[16]; // Gates.h writes up to 4x4
  const double ang[3] = {a, 0, 0};
  gates::matrix(axis, ang, m);
  f[0] = m[0], f[1] = m[2];
  if (df) {
    gates::derivative(axis, ang, 0, m);
    df[0] = m[0], df[1] = m[2];
  }
}
size_t spread(size_t c, const int *qubits, int k) {
  size_t r = 0;
  for (int j = 0; j < k; ++j)
    if (c >> j & 1)
      r |= size_t(1) << qubits[j];
  return r;
}
} // namespace

void encodeAngle(const double *x, const int *qubits, int k, gates::Kind axis,
                 double scale, cplx *psi, int n) {
  checkAxis(axis);
  if (k > 0 && !x)
    fail(Status::BadArgument, "null input vector");
  std::vector<cplx> f(2 * size_t(k));
  for (int i = 0; i < k; ++i) {
    const double a = scale * x[i];
    if (!std::isfinite(a))
      fail(Status::NonFinite, "angle-encoding angle is NaN or infinite");
    factor(axis, a, &f[2 * i], nullptr);
  }
  std::fill(psi, psi + (size_t(1) << n), cplx(0));
  // Written directly as a product over the 2^k basis states of the encoded
  // qubits (all other qubits stay |0>), no gate sweeps.
  for (size_t c = 0; c < (size_t(1) << k); ++c) {
    cplx amp = 1;
    for (int i = 0; i < k; ++i)
      amp *= f[2 * i + (c >> i & 1)];
    psi[spread(c, qubits, k)] = amp;
  }
}

void encodeAmplitudeGrad(const double *x, size_t len, double norm, const cplx *lam,
                         double *gx) {
  // psi = x / |x| (real): dL/dx = (g - psi (psi . g)) / |x|, g = 2 Re lam.
  double dot = 0;
  for (size_t i = 0; i < len; ++i)
    dot += x[i] / norm * 2 * lam[i].real();
  for (size_t i = 0; i < len; ++i)
    gx[i] += (2 * lam[i].real() - x[i] / norm * dot) / norm;
}

void encodeAngleGrad(const double *x, const int *qubits, int k, gates::Kind axis,
                     double scale, const cplx *lam, int n, double *gx) {
  (void)n;
  std::vector<cplx> f(2 * size_t(k)), df(2 * size_t(k));
  for (int i = 0; i < k; ++i)
    factor(axis, scale * x[i], &f[2 * i], &df[2 * i]);
  const size_t C = size_t(1) << k;
  std::vector<cplx> base(C), t(C);
  for (size_t c = 0; c < C; ++c)
    base[c] = std::conj(lam[spread(c, qubits, k)]);
  // <lam| d psi/d a_i>: contract conj(lam) with every factor, the i-th one
  // differentiated; highest mode first so the live data stays contiguous.
  for (int i = 0; i < k; ++i) {
    t = base;
    size_t len = C;
    for (int j = k - 1; j >= 0; --j) {
      const cplx *g = (j == i ? &df[2 * j] : &f[2 * j]);
      len >>= 1;
      for (size_t c = 0; c < len; ++c)
        t[c] = t[c] * g[0] + t[c + len] * g[1];
    }
    gx[i] += scale * 2 * t[0].real();
  }
}

} // namespace rt
} // namespace masq
