//===- Batch.h - B states advanced through the same gates -------*- C++ -*-===//
//
// One state per data sample. Gates take shared angles (ansatz) or one angle
// set per sample (encoders). Small states are processed in parallel across
// samples; large ones one after the other with amplitude-parallel kernels.
// Whole programs run as compiled models (Compiled.h), which keep each
// sample's state in cache for the entire circuit.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_BATCH_H
#define MASQ_RUNTIME_BATCH_H

#include "masq/Runtime/State.h"

#include <vector>

namespace masq {
namespace rt {

class Batch {
public:
  Batch(int numQubits, int batchSize);

  int size() const { return int(states_.size()); }
  int numQubits() const { return n_; }
  StateVector &state(int i) { return states_.at(size_t(i)); }
  const StateVector &state(int i) const { return states_.at(size_t(i)); }

  /// angles: numParams values (shared) or batch x numParams (perSample).
  void applyGate(gates::Kind kind, const int *qubits, const double *angles,
                 bool perSample = false);
  void applyUnitary(const int *qubits, int k, const cplx *m);
  /// x: batch x len, row-major.
  void encodeAmplitude(const double *x, size_t len);
  /// x: batch x k.
  void encodeAngle(const double *x, const int *qubits, int k, gates::Kind axis,
                   double scale);
  void reset(const int *qubits, int k);

  // One value per sample into out[batch].
  void fidelity(const double *refs, size_t len, double *out) const;
  void expvalZ(const int *qubits, int k, double *out) const;
  void probZero(const int *qubits, int k, double *out) const;

private:
  template <class F> void each(const F &f);
  template <class F> void each(const F &f) const;
  int n_;
  std::vector<StateVector> states_;
};

} // namespace rt
} // namespace masq

#endif // MASQ_RUNTIME_BATCH_H
