//===- Distributed.h - a statevector split over processes -------*- C++ -*-===//
//
// The state of n qubits over R = 2^k processes (issue 23): each rank holds
// 2^(n-k) amplitudes. The physical index of an amplitude is
// (rank << (n-k)) | local, so the top k physical bits are "global" (they
// are the rank's bits) and the others local. Logical qubits map to physical
// bits through a permutation that starts as the identity.
//
// A gate whose qubits are all local runs the ordinary kernels on the local
// amplitudes. A gate on a global qubit first swaps that qubit with a local
// one the gate does not use (the index-bit swap of QuEST, cuStateVec's
// distributed index-bit swap, Aer's cache blocking): each rank exchanges
// half of its amplitudes with the rank that differs in that global bit,
// and the permutation records the move. Nothing moves back, so a run of
// gates on the same qubits pays one exchange. Observables reduce their
// local parts over the ranks.
//
// Communication is an Exchange (masq/Model/Dist.h implements it over MPI);
// the runtime itself does not know MPI.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_DISTRIBUTED_H
#define MASQ_RUNTIME_DISTRIBUTED_H

#include "masq/Runtime/State.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace masq {
namespace rt {

/// The calls a distributed state makes; every rank makes the same calls in
/// the same order.
class Exchange {
public:
  virtual ~Exchange() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// Sends `count` amplitudes to `partner` and receives as many from it.
  virtual void sendrecv(const cplx *send, cplx *recv, size_t count, int partner) = 0;
  /// data[i] summed over the ranks (the same on every rank).
  virtual void sum(double *data, size_t n) = 0;
};

class DistributedState {
public:
  /// n qubits over ex.size() ranks; throws Error when the rank count is
  /// not a power of two or leaves fewer than kMinLocalQubits local qubits.
  DistributedState(int n, Exchange &ex);
  static constexpr int kMinLocalQubits = 2;
  /// The most amplitudes one message of an index-bit swap carries (16 MiB).
  static constexpr uint64_t kExchangeChunk = uint64_t(1) << 20;

  /// Lazy (the default): a global qubit swapped in stays local. SwapBack:
  /// the layout is restored after every gate (the plain exchange scheme,
  /// for comparison in bench/DistributedBench.cpp).
  enum class Policy { Lazy, SwapBack };
  void setPolicy(Policy p) { policy_ = p; }

  int numQubits() const { return n_; }
  Exchange &exchange() const { return ex_; }
  int localQubits() const { return nl_; }
  /// Index-bit swaps (each one exchange of half the local amplitudes) so far.
  int64_t exchanges() const { return exchanges_; }
  /// The physical bit of logical qubit q (>= localQubits(): global).
  int physical(int q) const { return where_[size_t(q)]; }

  void setZero(); // |0...0>
  /// The logical amplitudes amps[0 .. 2^n) (every rank passes them all).
  void setAmplitudes(const cplx *amps);
  void applyGate(gates::Kind kind, const int *qubits, const double *angles);
  /// Adjoint step of a gate, `lam` the adjoint vector of as many qubits:
  /// acc[p] += Re <lam| M_p psi> summed over the ranks, then psi, lam <-
  /// U^dagger (psi, lam). lam is first brought to psi's layout if its
  /// qubits sit elsewhere.
  void applyBackward(gates::Kind kind, const int *qubits, const double *angles,
                     DistributedState &lam, double *acc);

  /// Brings qubits qs local (lam along, in this layout, when given: every
  /// exchange the k qubits need, before any of f's work) and runs
  /// f(psi, lam, localQubits, local) on this rank's amplitudes, local[j]
  /// the bit of qs[j]: a fused block's kernels on the rank's part. Throws
  /// Error on bad qubits or k > localQubits().
  void onLocal(const int *qs, int k, DistributedState *lam,
               const std::function<void(cplx *, cplx *, int, const int *)> &f);

  double expvalZ(const int *qubits, int k);
  double probZero(const int *qubits, int k);
  std::vector<double> probabilities(const int *qubits, int k);
  /// <ref| rho_qs |ref>, ref = x / |x| zero-padded to 2^k on qubits qs
  /// (bit j of ref's index = qs[j]), rho_qs the state of qs with the
  /// other qubits traced out.
  double fidelity(const int *qs, int k, const double *x, size_t len);
  /// Amplitude encoding x / |x| on qs (bit j of x's index = qs[j]); the
  /// state must be |0...0> (an encoder before any gate): throws Error
  /// otherwise.
  void encodeAmplitude(const int *qs, int k, const double *x, size_t len);
  double normSquared();

  // The adjoint sweep's seeds and the encoders' backward steps (the
  // compiled adjoint gradient on a distributed state, DensityMode.cpp).
  // `lam` is an adjoint vector of as many qubits; each call first brings it
  // to this state's layout.

  /// lam = 0 in this state's layout (no exchange).
  void zeroLike(DistributedState &lam) const;
  /// lam += w(o) psi at every amplitude whose qubits qs read outcome o
  /// (bit j of o = qubit qs[j]): the cotangent of sum_o w(o) P(o) / 2.
  void addWeighted(DistributedState &lam, const int *qs, int k,
                   const std::function<double(uint64_t)> &w);
  /// lam += g dF/dpsi^* of F = fidelity(qs, k, x, len).
  void addFidelityCotangent(DistributedState &lam, const int *qs, int k, const double *x,
                            size_t len, double g);
  /// gx[c] += g dF/dx_c of F = fidelity(qs, k, x, len) (the reference's
  /// gradient).
  void fidelityRefBack(const int *qs, int k, const double *x, size_t len, double g,
                       double *gx);
  /// gx[j] += dL/dx_j of an amplitude encoding x on qs, this state being
  /// what the encoder made and lam the adjoint vector there.
  void encodeAmplitudeBack(DistributedState &lam, const int *qs, int k, const double *x,
                           size_t len, double *gx);

  /// The whole state in logical order, on every rank (tests; 2^n amplitudes).
  std::vector<cplx> gather();

private:
  /// Brings logical qubits qs[0..k) to local bits.
  void makeLocal(const int *qs, int k, DistributedState *also);
  void swapBits(int local, int global);
  /// This state's qubits moved to the physical bits `where` gives them.
  void alignTo(const std::vector<int> &where);
  /// The logical index of local amplitude i on this rank.
  uint64_t logicalIndex(uint64_t i) const;
  /// Brings qs local (lam along, in this layout) and returns the local
  /// offsets of their 2^k values (bit j of c = qubit qs[j]) and their mask;
  /// throws Error when k exceeds the local qubits.
  std::vector<uint64_t> localSlices(const int *qs, int k, DistributedState *lam,
                                    uint64_t &mask);

  int n_, nl_;
  Exchange &ex_;
  std::vector<int> where_; // logical qubit -> physical bit
  std::vector<int64_t> used_; // per physical local bit: when a gate last used it
  AlignedBuffer amps_;
  int64_t exchanges_ = 0, clock_ = 0;
  Policy policy_ = Policy::Lazy;
};

} // namespace rt
} // namespace masq

#endif // MASQ_RUNTIME_DISTRIBUTED_H
