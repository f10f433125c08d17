//===- CompiledData.cpp - encoders, masks and observables of the ABI ------===//
//
// The data side of the compiled-code ABI (masq/Runtime/Compiled.h): the
// encoders and their backward steps, masks on the classical input, and
// observables with the seeds of the adjoint vector. Gates: Compiled.cpp.
//
//===----------------------------------------------------------------------===//
#include "CompiledKernels.h"
#include "masq/Core/Mask.h"
#include "masq/Runtime/DensityMode.h"
#include "masq/Runtime/Noise.h"
#include "masq/Runtime/ParamShift.h"
#include "masq/Runtime/Shots.h"

#include <algorithm>
#include <vector>

using namespace masq::rtc;

#ifndef MASQ_RTC_SINGLE
namespace {
//--- masks -------------------------------------------------------------------//

using MaskArgs = masq::mask::Args;

bool okMask(const char *fn, const MaskArgs &m, const double *x, const void *out) {
  std::string why = m.check(x, out);
  if (why.empty())
    return true;
  report(Status::BadArgument, fn, "%s", why.c_str());
  return false;
}

} // namespace
#endif

//=== encoders =================================================================//
//
// `lane` selects what psi / lam hold: -1 one complex sample; 0 / 1 the real /
// imaginary parts of two real samples in one state (masq_rtc_init_pair).

namespace {

void encodeAmplitude(const char *fn, Real *psi, int32_t n, const int32_t *qs, int32_t k,
                     const double *x, int32_t len, int lane) {
  uint64_t mask = 0;
  double inv = 0;
  if (!psi) {
    report(Status::BadArgument, fn, "null state pointer");
    return;
  }
  if (!okList(fn, n, qs, k, mask) || !okVector(fn, "input vector", x, len, k, inv) ||
      !encodedQubitsAreZero(fn, psi, n, mask, lane))
    return;
  const Spread sp(qs, k);
  const uint64_t C = uint64_t(1) << k;
  const int lo = lane == 1 ? 1 : 0, hi = lane == 0 ? 1 : 2; // parts written
  forGroups(n, mask, [&](size_t b) {
    const double a[2] = {psi[2 * b], psi[2 * b + 1]};
    uint64_t off = 0;
    for (uint64_t c = 0; c < C; ++c) {
      const double v = c < uint64_t(len) ? x[c] * inv : 0.0;
      for (int part = lo; part < hi; ++part)
        psi[2 * (b | off) + part] = a[part] * v;
      if (c + 1 < C)
        off = sp.next(off, c);
    }
  });
}

void encodeAmplitudeBack(const char *fn, const Real *psi, const Real *lam, int32_t n,
                         const int32_t *qs, int32_t k, const double *x, int32_t len,
                         double *gx, int lane) {
  uint64_t mask = 0;
  double inv = 0;
  if (!psi || !lam || !gx) {
    report(Status::BadArgument, fn, "null state, adjoint or gradient pointer");
    return;
  }
  if (!okList(fn, n, qs, k, mask) || !okVector(fn, "input vector", x, len, k, inv))
    return;
  if (lane < 0 && masq::dmode::distributed())
    return masq::dmode::encodeAmplitudeBack(qs, k, x, len, gx);
  // psi[b | off_c] = a_b v_c with v = x/|x|: a_b = sum_c v_c psi[b | off_c],
  // dL/dv_c = G_c = 2 Re sum_b conj(lam[b | off_c]) a_b and
  // dL/dx_j = (G_j - v_j (v . G)) / |x|. A lane keeps one part of each.
  const double wr = lane == 1 ? 0.0 : 1.0, wi = lane == 0 ? 0.0 : 1.0;
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
    ar *= wr, ai *= wi;
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

bool okLane(const char *fn, int32_t lane) {
  if (lane == 0 || lane == 1)
    return true;
  report(Status::BadArgument, fn, "lane %d is neither 0 (real parts) nor 1 (imaginary parts)",
         lane);
  return false;
}

} // namespace

extern "C" void MASQ_RTC_SYM(encode_amplitude)(Real *psi, int32_t n, const int32_t *qs,
                                          int32_t k, const double *x, int32_t len) {
  if (masq::dmode::active() && x)
    return masq::dmode::encodeAmplitude(qs, k, x, len);
  encodeAmplitude(__func__, psi, n, qs, k, x, len, -1);
}

extern "C" void MASQ_RTC_SYM(encode_amplitude_back)(const Real *psi, const Real *lam,
                                               int32_t n, const int32_t *qs, int32_t k,
                                               const double *x, int32_t len, double *gx) {
  encodeAmplitudeBack(__func__, psi, lam, n, qs, k, x, len, gx, -1);
}

extern "C" void MASQ_RTC_SYM(encode_amplitude_lane)(Real *psi, int32_t n, const int32_t *qs,
                                               int32_t k, const double *x, int32_t len,
                                               int32_t lane) {
  if (okLane(__func__, lane))
    encodeAmplitude(__func__, psi, n, qs, k, x, len, lane);
}

extern "C" void MASQ_RTC_SYM(encode_amplitude_back_lane)(const Real *psi, const Real *lam,
                                                    int32_t n, const int32_t *qs, int32_t k,
                                                    const double *x, int32_t len,
                                                    double *gx, int32_t lane) {
  if (okLane(__func__, lane))
    encodeAmplitudeBack(__func__, psi, lam, n, qs, k, x, len, gx, lane);
}

extern "C" void MASQ_RTC_SYM(encode_angle)(Real *psi, int32_t n, const int32_t *qs, int32_t k,
                                      const double *x, int32_t axis, double scale) {
  const char *fn = __func__;
  if (masq::dmode::active() && (k == 0 || x) && okAxis(fn, axis))
    return masq::dmode::encodeAngle(qs, k, x, axis, scale);
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

extern "C" void MASQ_RTC_SYM(encode_angle_back)(const Real *psi, const Real *lam, int32_t n,
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
  if (masq::dmode::distributed())
    return masq::dmode::encodeAngleBack(qs, k, x, axis, scale, gx);
  // psi = f_i(0)|0>r + f_i(1)|1>r on qubit qs[i], r = conj(f0) p0 + conj(f1) p1;
  // d psi / d a_i replaces f_i by df_i: dL/dx_i = scale * 2 Re <lam| df_i r>.
  const Amp *P = C(psi), *L = C(lam);
  for (int32_t i = 0; i < k; ++i) {
    cplx f[2], df[2];
    angleFactor(Kind(axis), scale * x[i], f, df);
    const cplx cf0 = std::conj(f[0]), cf1 = std::conj(f[1]);
    double acc = 0;
    const size_t s = size_t(1) << qs[i];
    v2d d0 = {}, d1 = {};
    loop1<v2d>(n, qs[i], d0, d1, [&](size_t a, v2d &) {
      const size_t b = a + s;
      const cplx r = cf0 * cplx(P[a]) + cf1 * cplx(P[b]);
      const cplx t = std::conj(cplx(L[a])) * df[0] + std::conj(cplx(L[b])) * df[1];
      acc += (t * r).real();
    });
    gx[i] += scale * 2 * acc;
  }
}

#ifndef MASQ_RTC_SINGLE // no state: in the complex128 build only
//=== masks ====================================================================//

extern "C" void MASQ_RTC_SYM(mask)(const double *x, int32_t len, const double *pattern,
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
    out[p] = s < 0 ? x[p] : fill ? fill[fill_len == 1 ? 0 : s] : fill_const;
  }
}

extern "C" void MASQ_RTC_SYM(mask_back)(const double *x, int32_t len, const double *pattern,
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
      gfill[fill_len == 1 ? 0 : s] += gout[p];
    }
  }
}
#endif

//=== observables ==============================================================//

namespace masq {
namespace rtc {
inline namespace MASQ_RTC_PREC {
double sampled(double v, bool signedObs) {
  masq::noise::observe(&v, 1); // a trajectory's value, or the replay's mean (Noise.h)
  if (masq::noise::collecting())
    return v;
  if (masq::shots::active() && !std::isnan(v))
    v = signedObs ? masq::shots::signedMean(v) : masq::shots::probability(v);
  masq::ps::record(&v, 1); // a parameter-shift run keeps it (ParamShift.h)
  return v;
}
} // namespace MASQ_RTC_PREC
} // namespace rtc
} // namespace masq

namespace {

/// Calls f(c, i) for the local states c = 0 .. len-1 of the fidelity's
/// qubits on slice b of the other qubits: i indexes the amplitude's real part.
template <class F> void forSlice(const Spread &sp, size_t b, int32_t len, F &&f) {
  uint64_t off = 0;
  for (int32_t c = 0; c < len; ++c) {
    f(c, 2 * (b | off));
    off = sp.next(off, uint64_t(c));
  }
}
/// <ref|psi_b> (unnormalised, ref real) on slice b.
void overlap(const Real *psi, const Spread &sp, size_t b, const double *ref, int32_t len,
             double &re, double &im) {
  re = 0, im = 0;
  forSlice(sp, b, len, [&](int32_t c, size_t i) {
    re += ref[c] * psi[i], im += ref[c] * psi[i + 1];
  });
}

double fidelity(const char *fn, const Real *psi, int32_t n, const int32_t *qs, int32_t k,
                const double *ref, int32_t len, int lane) {
  uint64_t mask = 0;
  double inv = 0;
  if (!psi) {
    report(Status::BadArgument, fn, "null state pointer");
    return kNaN;
  }
  if (!okList(fn, n, qs, k, mask) || !okVector(fn, "reference vector", ref, len, k, inv))
    return kNaN;
  const double wr = lane == 1 ? 0.0 : 1.0, wi = lane == 0 ? 0.0 : 1.0;
  const Spread sp(qs, k);
  double f = 0;
  forGroups(n, mask, [&](size_t b) {
    double re, im;
    overlap(psi, sp, b, ref, len, re, im);
    f += wr * re * re + wi * im * im;
  });
  return f * inv * inv;
}

void seedFidelity(const char *fn, const Real *psi, Real *lam, int32_t n,
                  const int32_t *qs, int32_t k, const double *ref, int32_t len, double g,
                  int lane) {
  uint64_t mask = 0;
  double inv = 0;
  if (!psi || !lam) {
    report(Status::BadArgument, fn, "null state or adjoint pointer");
    return;
  }
  if (!okList(fn, n, qs, k, mask) || !okVector(fn, "reference vector", ref, len, k, inv) ||
      !okFinite(fn, "weight", g))
    return;
  if (lane < 0 && masq::dmode::distributed())
    return masq::dmode::seedFidelity(qs, k, ref, len, g);
  // F = sum_b |<r|psi_b>|^2: dF/dpsi^* = <r|psi_b> r on slice b.
  const Spread sp(qs, k);
  const double w = g * inv * inv;
  const double wr = lane == 1 ? 0.0 : w, wi = lane == 0 ? 0.0 : w;
  forGroups(n, mask, [&](size_t b) {
    double re, im;
    overlap(psi, sp, b, ref, len, re, im);
    re *= wr, im *= wi;
    forSlice(sp, b, len, [&](int32_t c, size_t i) {
      lam[i] += re * ref[c], lam[i + 1] += im * ref[c];
    });
  });
}

/// F = sum_b |c_b|^2, c_b = <phi|psi_b> over the slices b of the other
/// qubits (a lane: the real state in that lane, c_b real). With lam, adds
/// g c_b phi to lam on slice b and g sum_b conj(c_b) psi_b to lam_phi.
/// Lane is a template parameter: no branch in the loops.
template <int Lane>
double fidelityStateT(int32_t n, uint64_t mask, const int32_t *qs, int32_t k,
                      const Real *psi, Real *lam, const Real *phi, Real *lamPhi,
                      double g) {
  const uint64_t len = uint64_t(1) << k;
  const Spread sp(qs, k);
  double f = 0;
  forGroups(n, mask, [&](size_t b) {
    double re = 0, im = 0;
    uint64_t off = 0;
    for (uint64_t c = 0; c < len; ++c) {
      const Real *s = psi + 2 * (b | off);
      if (Lane < 0)
        re += phi[2 * c] * s[0] + phi[2 * c + 1] * s[1],
            im += phi[2 * c] * s[1] - phi[2 * c + 1] * s[0];
      else
        re += phi[2 * c + Lane] * s[Lane];
      off = sp.next(off, c);
    }
    f += re * re + im * im;
    if (!lam)
      return;
    const double cr = g * re, ci = g * im;
    off = 0;
    for (uint64_t c = 0; c < len; ++c) {
      const Real *s = psi + 2 * (b | off);
      Real *l = lam + 2 * (b | off);
      if (Lane < 0) {
        const double pr = phi[2 * c], pi = phi[2 * c + 1];
        l[0] += cr * pr - ci * pi, l[1] += cr * pi + ci * pr;
        lamPhi[2 * c] += s[0] * cr + s[1] * ci, lamPhi[2 * c + 1] += s[1] * cr - s[0] * ci;
      } else {
        l[Lane] += cr * phi[2 * c + Lane], lamPhi[2 * c + Lane] += cr * s[Lane];
      }
      off = sp.next(off, c);
    }
  });
  return f;
}

double fidelityState(const char *fn, const Real *psi, Real *lam, int32_t n,
                     const int32_t *qs, int32_t k, const Real *phi, Real *lamPhi,
                     double g, int lane) {
  uint64_t mask = 0;
  if (!psi || !phi || (lam && !lamPhi)) {
    report(Status::BadArgument, fn, "null state or adjoint pointer");
    return kNaN;
  }
  if (!okList(fn, n, qs, k, mask) || !okFinite(fn, "weight", g))
    return kNaN;
  if (lane == 0)
    return fidelityStateT<0>(n, mask, qs, k, psi, lam, phi, lamPhi, g);
  if (lane == 1)
    return fidelityStateT<1>(n, mask, qs, k, psi, lam, phi, lamPhi, g);
  return fidelityStateT<-1>(n, mask, qs, k, psi, lam, phi, lamPhi, g);
}

} // namespace

extern "C" double MASQ_RTC_SYM(fidelity_state)(const Real *psi, int32_t n, const int32_t *qs,
                                          int32_t k, const Real *phi) {
  if (masq::dmode::active()) {
    report(Status::BadArgument, __func__, "%s",
           masq::dmode::distributed()
               ? "a fidelity between two registers is not evaluated on a state "
                 "distributed over processes; run it without mpirun"
               : "a fidelity between two registers is not evaluated on the density "
                 "matrix; give trajectories (--trajectories T)");
    return kNaN;
  }
  return sampled(fidelityState(__func__, psi, nullptr, n, qs, k, phi, nullptr, 0.0, -1), true);
}

extern "C" void MASQ_RTC_SYM(seed_fidelity_state)(const Real *psi, Real *lam, int32_t n,
                                             const int32_t *qs, int32_t k, const Real *phi,
                                             Real *lam_phi, double g) {
  if (!lam)
    report(Status::BadArgument, __func__, "null state or adjoint pointer");
  else
    fidelityState(__func__, psi, lam, n, qs, k, phi, lam_phi, g, -1);
}

extern "C" double MASQ_RTC_SYM(fidelity_state_lane)(const Real *psi, int32_t n,
                                               const int32_t *qs, int32_t k,
                                               const Real *phi, int32_t lane) {
  return okLane(__func__, lane)
             ? fidelityState(__func__, psi, nullptr, n, qs, k, phi, nullptr, 0.0, lane)
             : kNaN;
}

extern "C" void MASQ_RTC_SYM(seed_fidelity_state_lane)(const Real *psi, Real *lam, int32_t n,
                                                  const int32_t *qs, int32_t k,
                                                  const Real *phi, Real *lam_phi,
                                                  double g, int32_t lane) {
  if (!lam)
    report(Status::BadArgument, __func__, "null state or adjoint pointer");
  else if (okLane(__func__, lane))
    fidelityState(__func__, psi, lam, n, qs, k, phi, lam_phi, g, lane);
}

namespace {
/// gref += g dF/dref for F = fidelity(psi, ..., ref, len, lane).
void fidelityRefBack(const char *fn, const Real *psi, int32_t n, const int32_t *qs,
                     int32_t k, const double *ref, int32_t len, double g, double *gref,
                     int lane) {
  uint64_t mask = 0;
  double inv = 0;
  if (!psi || !gref) {
    report(Status::BadArgument, fn, "null state or gradient pointer");
    return;
  }
  if (!okList(fn, n, qs, k, mask) || !okVector(fn, "reference vector", ref, len, k, inv) ||
      !okFinite(fn, "weight", g))
    return;
  if (lane < 0 && masq::dmode::distributed())
    return masq::dmode::fidelityRefBack(qs, k, ref, len, g, gref);
  // F = S / |x|^2, S = sum_b |a_b|^2, a_b = sum_c x_c psi_(c,b) (a lane: the
  // real or imaginary part only): dF/dx_c = (dS/dx_c - 2 x_c F) / |x|^2,
  // dS/dx_c = 2 sum_b Re(conj(a_b) psi_(c,b)).
  const double wr = lane == 1 ? 0.0 : 1.0, wi = lane == 0 ? 0.0 : 1.0;
  const Spread sp(qs, k);
  std::vector<double> half(size_t(len), 0.0); // dS/dx / 2
  double S = 0;
  forGroups(n, mask, [&](size_t b) {
    double re, im;
    overlap(psi, sp, b, ref, len, re, im);
    re *= wr, im *= wi;
    S += re * re + im * im;
    forSlice(sp, b, len, [&](int32_t c, size_t i) {
      half[size_t(c)] += re * psi[i] + im * psi[i + 1];
    });
  });
  const double inv2 = inv * inv, F = S * inv2;
  for (int32_t c = 0; c < len; ++c)
    gref[c] += g * 2 * inv2 * (half[size_t(c)] - ref[c] * F);
}
} // namespace

extern "C" void MASQ_RTC_SYM(fidelity_ref_back)(const Real *psi, int32_t n, const int32_t *qs,
                                           int32_t k, const double *ref, int32_t len,
                                           double g, double *gref) {
  fidelityRefBack(__func__, psi, n, qs, k, ref, len, g, gref, -1);
}

extern "C" void MASQ_RTC_SYM(fidelity_ref_back_lane)(const Real *psi, int32_t n,
                                                const int32_t *qs, int32_t k,
                                                const double *ref, int32_t len, double g,
                                                double *gref, int32_t lane) {
  if (okLane(__func__, lane))
    fidelityRefBack(__func__, psi, n, qs, k, ref, len, g, gref, lane);
}

extern "C" double MASQ_RTC_SYM(fidelity)(const Real *psi, int32_t n, const int32_t *qs,
                                    int32_t k, const double *ref, int32_t len) {
  if (masq::dmode::active()) // the exact mixed-state value (DensityMode.h)
    return sampled(masq::dmode::fidelity(qs, k, ref, len), true);
  return sampled(fidelity(__func__, psi, n, qs, k, ref, len, -1), true);
}

extern "C" void MASQ_RTC_SYM(seed_fidelity)(const Real *psi, Real *lam, int32_t n,
                                       const int32_t *qs, int32_t k, const double *ref,
                                       int32_t len, double g) {
  seedFidelity(__func__, psi, lam, n, qs, k, ref, len, g, -1);
}

extern "C" double MASQ_RTC_SYM(fidelity_lane)(const Real *psi, int32_t n, const int32_t *qs,
                                         int32_t k, const double *ref, int32_t len,
                                         int32_t lane) {
  return okLane(__func__, lane) ? fidelity(__func__, psi, n, qs, k, ref, len, lane) : kNaN;
}

extern "C" void MASQ_RTC_SYM(seed_fidelity_lane)(const Real *psi, Real *lam, int32_t n,
                                            const int32_t *qs, int32_t k, const double *ref,
                                            int32_t len, double g, int32_t lane) {
  if (okLane(__func__, lane))
    seedFidelity(__func__, psi, lam, n, qs, k, ref, len, g, lane);
}

extern "C" double MASQ_RTC_SYM(expval_z)(const Real *psi, int32_t n, const int32_t *qs,
                                    int32_t k) {
  if (masq::dmode::active())
    return sampled(masq::dmode::expvalZ(qs, k), true);
  uint64_t mask = 0;
  if (!psi) {
    report(Status::BadArgument, __func__, "null state pointer");
    return kNaN;
  }
  if (!okList(__func__, n, qs, k, mask))
    return kNaN;
  double v = kNaN;
  guarded(__func__, [&] { v = masq::rt::expvalZ(C(psi), n, mask); });
  return sampled(v, true);
}

extern "C" void MASQ_RTC_SYM(seed_expval_z)(const Real *psi, Real *lam, int32_t n,
                                       const int32_t *qs, int32_t k, double g) {
  uint64_t mask = 0;
  if (!psi || !lam) {
    report(Status::BadArgument, __func__, "null state or adjoint pointer");
    return;
  }
  if (!okList(__func__, n, qs, k, mask) || !okFinite(__func__, "weight", g))
    return;
  if (masq::dmode::distributed())
    return masq::dmode::seedExpvalZ(qs, k, g);
  guarded(__func__, [&] { masq::rt::addZCotangent(C(psi), C(lam), n, mask, g); });
}

extern "C" double MASQ_RTC_SYM(prob_zero)(const Real *psi, int32_t n, const int32_t *qs,
                                     int32_t k) {
  if (masq::dmode::active())
    return sampled(masq::dmode::probZero(qs, k), false);
  uint64_t mask = 0;
  if (!psi) {
    report(Status::BadArgument, __func__, "null state pointer");
    return kNaN;
  }
  if (!okList(__func__, n, qs, k, mask))
    return kNaN;
  double v = kNaN;
  guarded(__func__, [&] { v = masq::rt::probZero(C(psi), n, mask); });
  return sampled(v, false);
}

extern "C" void MASQ_RTC_SYM(seed_prob_zero)(const Real *psi, Real *lam, int32_t n,
                                        const int32_t *qs, int32_t k, double g) {
  uint64_t mask = 0;
  if (!psi || !lam) {
    report(Status::BadArgument, __func__, "null state or adjoint pointer");
    return;
  }
  if (!okList(__func__, n, qs, k, mask) || !okFinite(__func__, "weight", g))
    return;
  if (masq::dmode::distributed())
    return masq::dmode::seedProbZero(qs, k, g);
  guarded(__func__, [&] { masq::rt::addProbZeroCotangent(C(psi), C(lam), n, mask, g); });
}

namespace {

// Marginals of the lane(s): out[c] = sum over the other qubits of |psi|^2 at
// local index c (bit j of c = qubit qs[j]).
void probabilities(const char *fn, const Real *psi, int32_t n, const int32_t *qs,
                   int32_t k, double *out, int lane) {
  uint64_t mask = 0;
  if (!out) {
    report(Status::BadArgument, fn, "null output pointer");
    return;
  }
  if (!psi || !okList(fn, n, qs, k, mask)) {
    if (!psi)
      report(Status::BadArgument, fn, "null state pointer");
    if (k >= 0 && k <= kMaxN)
      for (size_t j = 0; j < (size_t(1) << k); ++j)
        out[j] = kNaN;
    return;
  }
  const double wr = lane == 1 ? 0.0 : 1.0, wi = lane == 0 ? 0.0 : 1.0;
  const Spread sp(qs, k);
  const uint64_t C = uint64_t(1) << k;
  std::fill(out, out + C, 0.0);
  forGroups(n, mask, [&](size_t b) {
    uint64_t off = 0;
    for (uint64_t c = 0; c < C; ++c) {
      const double re = psi[2 * (b | off)], im = psi[2 * (b | off) + 1];
      out[c] += wr * re * re + wi * im * im;
      off = sp.next(off, c);
    }
  });
}

// lam += sum_c g[c] dP_c/dpsi^* = g[c] psi at the amplitudes of outcome c.
void seedProbabilities(const char *fn, const Real *psi, Real *lam, int32_t n,
                       const int32_t *qs, int32_t k, const double *g, int lane) {
  uint64_t mask = 0;
  if (!psi || !lam || !g) {
    report(Status::BadArgument, fn, "null state, adjoint or weight pointer");
    return;
  }
  if (!okList(fn, n, qs, k, mask))
    return;
  const uint64_t C = uint64_t(1) << k;
  for (uint64_t j = 0; j < C; ++j)
    if (!okFinite(fn, "weight", g[j]))
      return;
  if (lane < 0 && masq::dmode::distributed())
    return masq::dmode::seedProbabilities(qs, k, g);
  const double wr = lane == 1 ? 0.0 : 1.0, wi = lane == 0 ? 0.0 : 1.0;
  const Spread sp(qs, k);
  forGroups(n, mask, [&](size_t b) {
    uint64_t off = 0;
    for (uint64_t c = 0; c < C; ++c) {
      const size_t i = b | off;
      lam[2 * i] += wr * g[c] * psi[2 * i];
      lam[2 * i + 1] += wi * g[c] * psi[2 * i + 1];
      off = sp.next(off, c);
    }
  });
}

} // namespace

extern "C" void MASQ_RTC_SYM(probabilities)(const Real *psi, int32_t n, const int32_t *qs,
                                       int32_t k, double *out) {
  if (masq::dmode::active() && out && k >= 0 && k <= kMaxN)
    masq::dmode::probabilities(qs, k, out);
  else
    probabilities(__func__, psi, n, qs, k, out, -1);
  if (!out || k < 0 || k > kMaxN)
    return;
  masq::noise::observe(out, int64_t(1) << k);
  if (masq::noise::collecting())
    return;
  if (masq::shots::active())
    masq::shots::distribution(out, int64_t(1) << k);
  masq::ps::record(out, int64_t(1) << k);
}

extern "C" void MASQ_RTC_SYM(seed_probabilities)(const Real *psi, Real *lam, int32_t n,
                                            const int32_t *qs, int32_t k, const double *g) {
  seedProbabilities(__func__, psi, lam, n, qs, k, g, -1);
}

extern "C" void MASQ_RTC_SYM(probabilities_lane)(const Real *psi, int32_t n, const int32_t *qs,
                                            int32_t k, double *out, int32_t lane) {
  if (okLane(__func__, lane)) {
    probabilities(__func__, psi, n, qs, k, out, lane);
  } else if (out && k >= 0 && k <= kMaxN) {
    for (size_t j = 0; j < (size_t(1) << k); ++j)
      out[j] = kNaN;
  }
}

extern "C" void MASQ_RTC_SYM(seed_probabilities_lane)(const Real *psi, Real *lam, int32_t n,
                                                 const int32_t *qs, int32_t k,
                                                 const double *g, int32_t lane) {
  if (okLane(__func__, lane))
    seedProbabilities(__func__, psi, lam, n, qs, k, g, lane);
}
