//===- DensityMode.h - compiled models on the density matrix ------*- C++ -*-===//
//
// While a DensityScope is open on a thread, compiled code runs on that
// thread's density matrix (masq/Runtime/Density.h) instead of its state
// vector: every gate, fused block, encoder and noise channel the code calls
// acts on rho (channels exactly, as sum_i K_i rho K_i^dagger), and every
// observable is read from rho. This is the exact evaluation of a noisy model
// (up to kMaxDensityQubits qubits, its reset ancillas included), with no
// trajectories; parameter-shift gradients run on it the same way.
//
// A DistributedScope does the same with a statevector split over the
// processes of mpirun (masq/Runtime/Distributed.h): gates, fused blocks,
// encoders and observables act on it; forward passes, parameter-shift
// gradients and the compiled adjoint sweep run on it (the sweep's adjoint
// vector is a second distributed state; the `_back` and seed entry points
// go to it). Noise channels and two-register fidelities are refused there;
// every rank must run the same calls (one thread each).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_DENSITYMODE_H
#define MASQ_RUNTIME_DENSITYMODE_H

#include "masq/Core/Gates.h"

#include <cstdint>
#include <string>

namespace masq {

class DensityScope {
public:
  /// A density matrix of n qubits for this thread; ok() false (with the
  /// reason in error()) when n is out of range or it does not fit.
  explicit DensityScope(int n);
  ~DensityScope();
  DensityScope(const DensityScope &) = delete;
  DensityScope &operator=(const DensityScope &) = delete;
  bool ok() const { return error_.empty(); }
  const std::string &error() const { return error_; }

private:
  std::string error_;
};

namespace rt {
class Exchange;
}

class DistributedScope {
public:
  /// A distributed state of n qubits for this thread over ex's ranks; ok()
  /// false (with the reason) when the rank count does not suit n.
  DistributedScope(int n, rt::Exchange &ex);
  ~DistributedScope();
  DistributedScope(const DistributedScope &) = delete;
  DistributedScope &operator=(const DistributedScope &) = delete;
  bool ok() const { return error_.empty(); }
  const std::string &error() const { return error_; }
  /// The compiled code's work buffer (ModelInfo::workSize): its psi and
  /// lam parts are not touched while the scope is open (only reserved),
  /// and zeroing lam zeroes the distributed adjoint vector instead.
  void setWork(double *work);

private:
  std::string error_;
};

namespace dmode {
/// Whether a density or distributed scope is open on this thread (the
/// entry points' hook).
bool active();
void init();
void gate(gates::Kind kind, const int32_t *qs, const double *angles);
void block(const int32_t *qs, int32_t k, const int32_t *desc, int32_t ngates,
           const double *angles);
void encodeAmplitude(const int32_t *qs, int32_t k, const double *x, int32_t len);
void encodeAngle(const int32_t *qs, int32_t k, const double *x, int32_t axis, double scale);
/// A channel of masq/Core/Channels.h; false if its parameters are refused.
bool channel(int32_t kind, const int32_t *qs, int32_t k, double p);
double expvalZ(const int32_t *qs, int32_t k);
double probZero(const int32_t *qs, int32_t k);
void probabilities(const int32_t *qs, int32_t k, double *out);
double fidelity(const int32_t *qs, int32_t k, const double *ref, int32_t len);

// The adjoint sweep on a distributed state (only while a DistributedScope
// is open: distributed() is true).
bool distributed();
/// Whether buf is the work buffer's lam: zeroing it zeroes the adjoint vector.
bool zeroAdjoint(const double *buf);
/// The backward step of a gate: d[p] = dL/dangle_p (d unused when the gate
/// has no angles).
void gateBack(gates::Kind kind, const int32_t *qs, const double *angles, double *d);
/// A fused block's backward step on the rank's part (its qubits made local
/// first); dangles summed over the ranks.
void blockBack(const int32_t *qs, int32_t k, const int32_t *desc, int32_t ngates,
               const double *angles, double *dangles);
/// lam += g Z..Z psi, g psi where qs read 0, or g[o] psi where they read o.
void seedExpvalZ(const int32_t *qs, int32_t k, double g);
void seedProbZero(const int32_t *qs, int32_t k, double g);
void seedProbabilities(const int32_t *qs, int32_t k, const double *g);
void seedFidelity(const int32_t *qs, int32_t k, const double *ref, int32_t len, double g);
void fidelityRefBack(const int32_t *qs, int32_t k, const double *ref, int32_t len, double g,
                     double *gref);
void encodeAngleBack(const int32_t *qs, int32_t k, const double *x, int32_t axis,
                     double scale, double *gx);
void encodeAmplitudeBack(const int32_t *qs, int32_t k, const double *x, int32_t len,
                         double *gx);
} // namespace dmode

} // namespace masq

#endif // MASQ_RUNTIME_DENSITYMODE_H
