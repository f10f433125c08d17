//===- Encoders.h - Data encoders and input masks ---------------*- C++ -*-===//
//
// Masks act on the classical input vector before it is encoded. The hidden
// positions get either a constant or a learnable "mask token" (entries of
// the trainable parameter vector theta), so the gradient w.r.t. the token is
// the sum of the input gradients at the positions it fills.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_ENCODERS_H
#define MASQ_RUNTIME_ENCODERS_H

#include "masq/Core/Gates.h"
#include "masq/Core/Mask.h"
#include "masq/Runtime/Kernels.h"

#include <cstddef>
#include <vector>

namespace masq {
namespace rt {

/// None, Patches (geometry rows x cols, side `patch`), Pixels, Fixed (the
/// list `indices`): masq/Core/Mask.h.
using MaskKind = mask::Kind;

struct MaskSpec {
  MaskKind kind = MaskKind::None;
  int rows = 0, cols = 0, patch = 1; // Patches geometry
  std::vector<int> indices;          // Fixed
  bool parametric = false;           // fill from theta instead of `fill`
  double fill = 0.0;                 // constant fill
  int fillOffset = 0;                // parametric: theta[fillOffset + j]
  int fillSize = 0;                  //   j < fillSize
};
// Fill index of a hidden position: Patches -> (row within patch) * patch +
// (column within patch), i.e. row-major inside the patch (fillSize must be
// patch*patch); Pixels -> p % fillSize; Fixed -> (list position) % fillSize.

/// Length of the per-sample pattern the mask reads (0 for None/Fixed).
size_t maskPatternLength(const MaskSpec &m, size_t inputLength);
/// Throws Error(BadArgument) if the mask does not fit an input of `len`
/// values or a parameter vector of `numParams` entries.
void validateMask(const MaskSpec &m, size_t len, size_t numParams);
/// out = masked copy of x. slot[p] (if non-null) = -1 for visible positions,
/// the fill index for hidden ones (-2 when the fill is a constant).
void applyMask(const MaskSpec &m, const double *x, size_t len, const double *pattern,
               const double *theta, double *out, int *slot);

/// psi (2^n, no ancillas) = x / |x| zero-padded. Returns |x|.
/// Throws Error(ZeroNorm) for a zero vector, NonFinite for NaN/inf, and
/// BadArgument when len > 2^n.
double encodeAmplitude(const double *x, size_t len, cplx *psi, int n);
/// Product state, qubits[i] <- R_axis(scale * x[i])|0> (axis RX, RY or RZ).
void encodeAngle(const double *x, const int *qubits, int k, gates::Kind axis,
                 double scale, cplx *psi, int n);

/// dL/dx for amplitude encoding given lam = dL/dpsi^* (the adjoint vector at
/// the encoder): gx[j] += (g_j - psi_j <psi, g>) / |x| with g = 2 Re lam.
void encodeAmplitudeGrad(const double *x, size_t len, double norm, const cplx *lam,
                         double *gx);
/// dL/dx_i = scale * 2 Re <lam| d psi / d angle_i> for angle encoding.
void encodeAngleGrad(const double *x, const int *qubits, int k, gates::Kind axis,
                     double scale, const cplx *lam, int n, double *gx);

} // namespace rt
} // namespace masq

#endif // MASQ_RUNTIME_ENCODERS_H
