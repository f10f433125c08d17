//===- Density.h - an exact density-matrix engine for noisy circuits --*- C++ -*-===//
//
// rho as a dense 2^n x 2^n complex matrix (n <= kMaxDensityQubits), the
// exact reference for noise: gates from the one gate table (masq/Core/
// Gates.h) as rho -> U rho U^dagger, and channels as rho -> sum_i K_i rho
// K_i^dagger on one or two qubits, applied block by block in place (no copy
// of rho). Kraus operators follow PennyLane's conventions (Kraus below).
// Qubit q is bit q of a basis index, as in the statevector engine; a
// two-qubit operator's local index is bit(q0) + 2 bit(q1).
//
// Issue 19 builds noisy models on it: trajectories on the statevector
// engine are tested against it, and models of up to 12 qubits with
// channels are evaluated on it exactly.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_DENSITY_H
#define MASQ_RUNTIME_DENSITY_H

#include "masq/Core/Gates.h"

#include <complex>
#include <cstdint>
#include <string>
#include <vector>

namespace masq {
namespace dm {

using cplx = std::complex<double>;
constexpr int kMaxDensityQubits = 12;

/// Kraus operators of the standard channels, row-major 2x2 (4x4 for
/// two-qubit ones). False with `error` naming the parameter when it is
/// outside [0, 1].
struct Kraus {
  int qubits = 1;                         // 1 or 2
  std::vector<std::vector<cplx>> ops;     // each 4 (or 16) entries

  /// DepolarizingChannel(p): sqrt(1-p) I, sqrt(p/3) X, Y, Z.
  static bool depolarizing(double p, Kraus &out, std::string &error);
  /// Two-qubit depolarizing: sqrt(1-p) II and sqrt(p/15) for each of the
  /// 15 other Pauli products.
  static bool depolarizing2(double p, Kraus &out, std::string &error);
  /// AmplitudeDamping(g): [[1, 0], [0, sqrt(1-g)]], [[0, sqrt(g)], [0, 0]].
  static bool amplitudeDamping(double g, Kraus &out, std::string &error);
  /// PhaseDamping(g): [[1, 0], [0, sqrt(1-g)]], [[0, 0], [0, sqrt(g)]].
  static bool phaseDamping(double g, Kraus &out, std::string &error);
  /// BitFlip(p): sqrt(1-p) I, sqrt(p) X.  PhaseFlip(p): sqrt(1-p) I, sqrt(p) Z.
  static bool bitFlip(double p, Kraus &out, std::string &error);
  static bool phaseFlip(double p, Kraus &out, std::string &error);
  /// Reset to |0>: |0><0|, |0><1|.
  static Kraus reset();
  /// max |sum_i K_i^dagger K_i - I| (0 for a trace-preserving channel).
  double completenessError() const;
};

/// One quantum-trajectory step of channel k on qubits qs of the state psi
/// (2^n amplitudes): with probability p_i = |K_i psi|^2, psi becomes
/// K_i psi / sqrt(p_i); `u` in [0, 1) picks i (the first whose cumulative
/// probability exceeds u). Returns i. The mean over trajectories of any
/// observable is its value on the density matrix (DensityTest checks it).
int applyTrajectory(cplx *psi, int n, const Kraus &k, const int *qs, double u);

class DensityMatrix {
public:
  /// |0...0><0...0| on n qubits; n in 1..kMaxDensityQubits (checked by
  /// make()).
  static bool make(int n, DensityMatrix &out, std::string &error);
  /// |psi><psi| of a state vector of 2^n amplitudes.
  static bool fromState(const cplx *psi, int n, DensityMatrix &out, std::string &error);

  int numQubits() const { return n; }
  size_t dim() const { return size_t(1) << n; }
  cplx at(size_t row, size_t col) const { return rho[row * dim() + col]; }

  /// U rho U^dagger for a gate of the table on qubits qs (its arity).
  void applyGate(gates::Kind kind, const int *qs, const double *angles);
  /// sum_i K_i rho K_i^dagger on qubits qs (k.qubits of them).
  void applyChannel(const Kraus &k, const int *qs);

  double trace() const;
  /// Tr(rho Z_mask): <prod of Z over the qubits in mask>.
  double expvalZ(uint64_t mask) const;
  /// Probability that every qubit in mask reads 0.
  double probZero(uint64_t mask) const;
  /// The distribution of qubits qs[0..k) (local index bit j = qs[j]).
  std::vector<double> probabilities(const int *qs, int k) const;

  /// Back to |0...0><0...0|.
  void resetToZero();
  /// Prepares qubits qs[0..k), which must be |0> (not checked), in the
  /// state x / |x| (len <= 2^k real amplitudes, local index bit j = qs[j]):
  /// rho[(c,b),(c',b')] = x_c x_c' rho[(0,b),(0,b')] / |x|^2.
  void prepare(const int *qs, int k, const double *x, int len);
  /// <r| rho_qs |r> for a real reference r / |r| on qubits qs[0..k) (the
  /// other qubits traced out).
  double fidelity(const int *qs, int k, const double *ref, int len) const;

private:
  /// rho -> sum_i K_i rho K_i^dagger, K_i acting on the d = 2^qubits local
  /// states of qs, block by block.
  void transform(const std::vector<std::vector<cplx>> &ops, const int *qs, int qubits);

  int n = 0;
  std::vector<cplx> rho;
};

} // namespace dm
} // namespace masq

#endif // MASQ_RUNTIME_DENSITY_H
