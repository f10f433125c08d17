//===- State.h - Statevector of up to 30 qubits -----------------*- C++ -*-===//
//
// 2^n complex<double> amplitudes, 64-byte aligned, q[0] = least significant
// bit of the basis index.
//
// A reset makes the state mixed. It is represented exactly by purification:
// reset of qubits R swaps them with |R| fresh ancilla qubits appended above
// the register (the isometry |x, R=b> -> |x, R=0> |b>_anc). Gates never touch
// ancillas and every observable traces them out, so an observable of the big
// pure state equals Tr(O rho) of the mixed state; the 2^|R| ancilla slices are
// the branches "project R on |b>, map to |0>". The map is an isometry, so the
// adjoint sweep can un-compute it exactly (R^dagger R = I).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_STATE_H
#define MASQ_RUNTIME_STATE_H

#include "masq/Core/Gates.h"
#include "masq/Runtime/Kernels.h"

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace masq {
namespace rt {

/// 64-byte aligned, zero-initialised amplitude storage.
class AlignedBuffer {
public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(size_t count) { allocate(count); }
  ~AlignedBuffer();
  AlignedBuffer(const AlignedBuffer &o);
  AlignedBuffer &operator=(const AlignedBuffer &o);
  AlignedBuffer(AlignedBuffer &&o) noexcept : p_(o.p_), n_(o.n_) { o.p_ = nullptr, o.n_ = 0; }
  AlignedBuffer &operator=(AlignedBuffer &&o) noexcept;
  /// Throws Error(OutOfMemory) when the request exceeds physical memory or
  /// the allocation fails. Contents are zeroed.
  void allocate(size_t count);
  cplx *data() { return p_; }
  const cplx *data() const { return p_; }
  size_t size() const { return n_; }

private:
  cplx *p_ = nullptr;
  size_t n_ = 0;
};

class StateVector {
public:
  /// |0...0> on numQubits (1..30) qubits. Throws Error on bad sizes / OOM.
  explicit StateVector(int numQubits);

  int numQubits() const { return n_; }     // the register
  int numAncillas() const { return anc_; } // added by resets
  int totalQubits() const { return n_ + anc_; }
  size_t size() const { return size_t(1) << (n_ + anc_); }
  cplx *data() { return buf_.data(); }
  const cplx *data() const { return buf_.data(); }

  /// Back to |0...0> without ancillas.
  void setZero();
  /// Sets the register to a given pure state of 2^n amplitudes (not checked
  /// for normalisation).
  void setAmplitudes(const cplx *amps, size_t count);

  void applyGate(gates::Kind kind, const int *qubits, const double *angles);
  void applyGate(gates::Kind kind, std::initializer_list<int> qubits,
                 std::initializer_list<double> angles = {});
  /// Row-major unitary on k <= 5 qubits (operand 0 = least significant).
  void applyUnitary(const int *qubits, int k, const cplx *m);
  /// Unchecked fast path for a compiled op.
  void apply(const GateOp &op) { rt::apply(op, data(), totalQubits()); }

  /// Amplitude encoding of x (zero-padded to 2^n, L2-normalised).
  void encodeAmplitude(const double *x, size_t len);
  /// Product state: qubits[i] gets R_axis(scale * x[i])|0>, others |0>.
  void encodeAngle(const double *x, const int *qubits, int k, gates::Kind axis,
                   double scale);
  /// Reset of the given qubits to |0> (exact channel, see file comment).
  void reset(const int *qubits, int k);

  double fidelity(const double *ref, size_t len) const;
  double expvalZ(const int *qubits, int k) const;
  double probZero(const int *qubits, int k) const;
  /// Marginal distribution of the qubits (outcome bit j = qubits[j]).
  std::vector<double> probabilities(const int *qubits, int k) const;
  /// `shots` outcomes drawn with std::mt19937_64(seed).
  std::vector<uint64_t> sample(const int *qubits, int k, uint64_t shots,
                               uint64_t seed) const;
  /// Sum of |amplitude|^2 over all branches (the trace of rho).
  double normSquared() const;

private:
  int n_, anc_ = 0;
  AlignedBuffer buf_;
};

/// Throws Error(OutOfMemory) when `bytes` exceed the machine's physical
/// memory (so that an oversized request fails cleanly instead of being
/// granted by overcommit and killed later).
void checkMemory(double bytes, const char *what);

/// Purification step of a reset on raw storage: psi holds 2^nTotal
/// amplitudes and has room for 2^(nTotal + k). Ancillas become qubits
/// nTotal .. nTotal + k - 1 (bit j of the slice index = qubits[j]).
void resetEmbed(cplx *psi, int nTotal, const int *qubits, int k);
/// Its adjoint R^dagger (2^(nTotal + k) -> 2^nTotal amplitudes), applied in
/// place; nTotal is the size before the reset.
void resetUnembed(cplx *psi, int nTotal, const int *qubits, int k);

} // namespace rt
} // namespace masq

#endif // MASQ_RUNTIME_STATE_H
