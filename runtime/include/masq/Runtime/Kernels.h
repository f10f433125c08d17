//===- Kernels.h - Gate kernels on raw amplitude arrays ---------*- C++ -*-===//
//
// A gate is first "compiled" into a GateOp: the cheapest kernel form that
// represents it (permutation, diagonal phase, real rotation, dense matrix)
// with its numbers taken from Gates.h. apply() then runs that form over an
// amplitude array with the SIMD (AVX2/FMA) or scalar kernels and, for large
// states, OpenMP across amplitudes.
//
// The backward (adjoint-differentiation) step of a parametrised gate is a
// BwdOp: one sweep over the state psi and the adjoint vector lambda that
//   1. accumulates acc[p] += Re <lambda| M_p psi>, M_p = dU/dangle_p U^dagger
//      (so that with psi the state after the gate, M_p psi = dU psi_before),
//   2. un-computes psi <- U^dagger psi and lambda <- U^dagger lambda.
// Fusing the three keeps the gradient within ~2 extra state sweeps per gate.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_KERNELS_H
#define MASQ_RUNTIME_KERNELS_H

#include "masq/Core/Gates.h"
#include "masq/Core/Limits.h"

#include <complex>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace masq {
namespace rt {

using cplx = std::complex<double>;
/// Single-precision (complex64) amplitudes. The array functions below take
/// either storage type A = cplx or cplxf and compute in double: a complex64
/// state is widened on load and rounded on store, so it moves half the bytes
/// of a complex128 one through the same kernels (--precision single).
using cplxf = std::complex<float>;
constexpr int kMaxQubits = masq::kMaxQubits; // masq/Core/Limits.h
constexpr int kMaxFusedQubits = 5;

//--- run-time configuration (process-wide) ---------------------------------//

/// Threads for amplitude- and sample-parallel loops; 0 = OpenMP default.
void setNumThreads(int n);
int numThreads();
/// States with at least this many qubits are split across threads (default
/// 16: on the 2-core development VM a 14-qubit gate ran faster on one
/// thread); smaller states run on one thread and batches go sample-parallel.
void setParallelQubits(int n);
int parallelQubits();
/// Use the AVX2/FMA kernels when the CPU has them (default: yes).
void setSimdEnabled(bool on);
bool simdEnabled();
bool simdSupported();
/// Let fused blocks run their real chunks on AVX-512 kernels (float for
/// complex64 states, double for complex128 ones) where the CPU has
/// AVX-512F (default: yes, unless the environment has MASQ_RT_AVX512=0;
/// AVX2 ones otherwise): for tests and A/B measurements. avx512Active():
/// whether they are in use now.
void setAvx512Enabled(bool on);
bool avx512Active();

//--- compiled gates ---------------------------------------------------------//

enum class KForm : uint8_t {
  Mat1,  // dense 2x2 on q[0]
  Real1, // real 2x2 on q[0] (RY, H)
  Diag1, // diag(d0, d1) on q[0]
  X1,    // bit flip on q[0]
  CX,    // control q[0], target q[1]
  Swap,  // q[0] <-> q[1]
  CMat1, // 2x2 m on target q[1] where control q[0] is 1
  Diag2, // diag over local index bit(q0) + 2 bit(q1)
  Mat2,  // dense 4x4 over local index bit(q0) + 2 bit(q1)
  MatK,  // dense 2^k x 2^k, k <= kMaxFusedQubits, operand j = local bit j
  // Real 2x2 r on target q[1] merged with CX(q[0] -> q[1]): r then the CX,
  // or (cxFirst) the CX then r. One sweep instead of two: the CX only
  // renames the pair's outputs (or inputs) where the control is 1.
  RealCX,
};

struct GateOp {
  KForm form = KForm::Mat1;
  int k = 1;                     // number of qubits
  bool cxFirst = false;          // RealCX: the CX comes before r
  int q[kMaxFusedQubits] = {};   // operands
  // Only the entries of the form are set (no zero fill: plans hold many ops).
  alignas(32) cplx m[16];        // Mat1/CMat1: 4, Diag1: 2, Diag2: 4, Mat2: 16
  alignas(32) double r[4];       // Real1, RealCX
  std::vector<cplx> big;         // MatK
};

/// Gate `kind` on `qubits` with `angles` (numbers from gates::matrix()).
GateOp compileGate(gates::Kind kind, const int *qubits, const double *angles);
/// The inverse gate (adjoint kind, adjoint angles).
GateOp compileInverse(gates::Kind kind, const int *qubits, const double *angles);
/// A dense row-major unitary on k qubits (operand 0 = least significant).
GateOp compileUnitary(const int *qubits, int k, const cplx *m);
/// U^dagger of any compiled op.
GateOp inverseOf(const GateOp &op);
/// Merges each CX with a real one-qubit op (Real1) on its target into one
/// RealCX sweep, where the Real1 is the target's nearest op before the CX
/// (or, failing that, after it): nothing in between touches the target, so
/// moving it next to the CX changes nothing. Keeps the order of the rest.
void mergeRotationCX(std::vector<GateOp> &ops);
/// Runs op on psi (2^nTotal amplitudes, qubits assumed validated).
template <class A> void apply(const GateOp &op, A *psi, int nTotal);
/// Runs op on two arrays (state and adjoint vector) in one pass.
template <class A> void apply2(const GateOp &op, A *a, A *b, int nTotal);

enum class BForm : uint8_t { Real1, Mat1, Diag1, Diag2, Mat2 };

struct BwdOp {
  BForm form = BForm::Mat1;
  int q[2] = {};
  int np = 0;                       // number of angles (1..3)
  alignas(32) cplx v[16];           // U^dagger in the form's layout
  alignas(32) cplx m[3][16];        // dU/dangle_p U^dagger, same layout
  alignas(32) double rv[4];         // Real1: V
  alignas(32) double rm[4];         // Real1: M (one angle)
};

/// Qubits a backward op acts on (its form's arity).
inline int bwdArity(const BwdOp &op) {
  return op.form == BForm::Diag2 || op.form == BForm::Mat2 ? 2 : 1;
}

/// Backward step of a parametrised gate (numParams > 0).
BwdOp compileBackward(gates::Kind kind, const int *qubits, const double *angles);
/// acc[p] += Re <lam| M_p psi> for p < np, then psi, lam <- U^dagger (psi, lam).
template <class A>
void applyBackward(const BwdOp &op, A *psi, A *lam, int nTotal, double *acc);
/// Packed backward step for real circuits, where psi and lam are both real
/// and travel as one vector v = psi + i lam: acc[p] += Re <lam| M_p psi>,
/// then v <- U^dagger v, in one sweep over one array. Requires
/// packableBackward(op) (real U^dagger and M_p: RY, CRY).
template <class A> void applyBackwardPacked(const BwdOp &op, A *v, int nTotal, double *acc);
bool packableBackward(const BwdOp &op);
/// True when op's matrix is real (it then acts alike on the real and the
/// imaginary parts of an array: the packed sweeps' condition).
bool realOp(const GateOp &op);

//--- cache blocking ---------------------------------------------------------//

/// Runs of consecutive gates that together touch few qubits are executed
/// block by block: a block is 2^kBlockBits amplitudes (128 KiB; the blocks of
/// the state and of the adjoint vector fit in L2 together) spanned by the
/// local qubits 0 .. lowBits-1 plus the run's "high" qubits; the other bits
/// are fixed per block. Each block goes through the whole run before the next
/// is touched, so a run of g gates costs one pass over memory instead of g.
/// With no high qubits the blocks are contiguous and worked on in place;
/// otherwise they are gathered into a per-thread scratch buffer in chunks of
/// 2^lowBits contiguous amplitudes (lowBits >= kMinLowBits) and scattered
/// back, the gates' qubits renumbered to local positions.
constexpr int kBlockBits = 13;
constexpr int kMinLowBits = 6;

struct BlockLayout {
  int lowBits = kBlockBits;   // global qubits 0 .. lowBits-1 stay in place
  std::vector<int> high;      // local qubit lowBits + r = global high[r]
};

/// ops (local qubit numbering) in order, block by block; nTotal > kBlockBits.
template <class A>
void applyBlocked(const BlockLayout &layout, const GateOp *const *ops, int count, A *psi,
                  int nTotal);
/// The backward sweep over the same run, last gate first: gate j uses
/// bwd[j] (parametrised, accumulating acc[3j..3j+2]) or inv[j].
/// lam == nullptr: the packed sweep (lambda in psi's imaginary parts, see
/// applyBackwardPacked).
template <class A>
void backwardBlocked(const BlockLayout &layout, const GateOp *const *inv,
                     const BwdOp *const *bwd, int count, A *psi, A *lam, int nTotal,
                     double *acc);

/// Checks qubit operands: range [0, n), no duplicates. Throws Error.
void checkQubits(const int *qubits, int k, int n);
/// Throws Error(NonUnitary) unless max |U U^dagger - I| <= 1e-9.
void checkUnitary(const cplx *m, int dim);

} // namespace rt
} // namespace masq

#endif // MASQ_RUNTIME_KERNELS_H
