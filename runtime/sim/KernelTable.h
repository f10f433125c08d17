//===- KernelTable.h - The per-ISA kernel entry points (internal) ---------===//
//
// Every kernel works on the index range [k0, k1) of the "free" index k: the
// amplitude index with the gate's qubits removed. Ranges split across
// threads are even and the SIMD kernels need k1 - k0 even and >= 2; the
// dispatcher in Kernels.cpp guarantees both.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_LIB_KERNELTABLE_H
#define MASQ_RUNTIME_LIB_KERNELTABLE_H

#include "masq/Runtime/Kernels.h"

#include <complex>
#include <cstddef>

namespace masq {
namespace rt {

using cplx = std::complex<double>;

// Inserts a zero bit at position q into k.
inline size_t insertZero(size_t k, int q) {
  const size_t lo = k & ((size_t(1) << q) - 1);
  return ((k >> q) << (q + 1)) | lo;
}
// Inserts zero bits at positions lo < hi.
inline size_t insertZero2(size_t k, int lo, int hi) {
  return insertZero(insertZero(k, lo), hi);
}

// A is the storage type of the amplitudes (cplx or cplxf); the kernels
// compute in double either way.
template <class A> struct KernelTable {
  void (*mat1)(A *, int, const cplx *, size_t, size_t);
  void (*real1)(A *, int, const double *, size_t, size_t);
  void (*diag1)(A *, int, const cplx *, size_t, size_t);
  void (*x1)(A *, int, size_t, size_t);
  void (*cx)(A *, int, int, size_t, size_t);
  // CX on two arrays in one loop (the adjoint sweep's state and lambda).
  void (*cx2)(A *, A *, int, int, size_t, size_t);
  void (*swap)(A *, int, int, size_t, size_t);
  void (*cmat1)(A *, int, int, const cplx *, size_t, size_t);
  void (*diag2)(A *, int, int, const cplx *, size_t, size_t);
  void (*mat2)(A *, int, int, const cplx *, size_t, size_t);
  void (*matk)(A *, const int *, int, const cplx *, size_t, size_t);
  // Backward: acc[p] += Re <lam|M_p psi>, then psi, lam <- V.
  void (*bReal1)(A *, A *, int, const double *, const double *, double *,
                 size_t, size_t);
  void (*bMat1)(A *, A *, int, const cplx *, const cplx (*)[16], int,
                double *, size_t, size_t);
  void (*bDiag1)(A *, A *, int, const cplx *, const cplx (*)[16], int,
                 double *, size_t, size_t);
  void (*bDiag2)(A *, A *, int, int, const cplx *, const cplx (*)[16], int,
                 double *, size_t, size_t);
  void (*bMat2)(A *, A *, int, int, const cplx *, const cplx (*)[16], int,
                double *, size_t, size_t);
  // Packed backward of a real gate (v = psi + i lam, both real):
  // acc[0] += Im(v)^T M Re(v), then v <- V v (V, M real 2x2 on q).
  void (*pReal1)(A *, int, const double *, const double *, double *, size_t, size_t);
  // Real 2x2 r on target t and CX(c -> t) in one sweep (KForm::RealCX).
  void (*realcx)(A *, int c, int t, const double *r, bool cxFirst, size_t, size_t);
  // Packed real states (v = psi[2j] + i psi[2j+1], CompiledBlock.cpp):
  // swapim: over the pairs (v[i], v[i + 2^t]) (free index k as for a
  // one-qubit gate on t), r on both parts when r is given, and the two
  // imaginary parts swapped after it (before it with cxFirst).
  // reim: (re, im) of every v[k], k in [k0, k1), times the real 2x2 r (r
  // null: the identity); with c >= 0, where bit c of k is 1 the two parts
  // are swapped after that (before it with cxFirst).
  void (*reim)(A *, const double *r, int c, bool cxFirst, size_t, size_t);
  void (*swapim)(A *, int t, const double *r, bool cxFirst, size_t, size_t);
};

template <class A> const KernelTable<A> &scalarKernels();
// Null when the AVX2 kernels were not compiled in.
template <class A> const KernelTable<A> *avx2Kernels();

//--- shared by Kernels.cpp and Blocking.cpp ---------------------------------//

// Most slices a loop is cut into (one per thread).
constexpr int kMaxChunks = 256;
// The table to use for a loop over freeCount free indices (SIMD if enabled
// and the count is at least 2).
template <class A> const KernelTable<A> &tableFor(size_t freeCount);
// Threads for a loop over a state of nTotal qubits (1 below the threshold or
// inside a parallel region).
int threadsFor(int nTotal);
// One compiled op / backward op over free indices [b, e).
template <class A>
void applyRange(const KernelTable<A> &t, const GateOp &op, A *psi, size_t b, size_t e);
template <class A>
void backwardRange(const KernelTable<A> &t, const BwdOp &op, A *psi, A *lam, double *acc,
                   size_t b, size_t e);
// The packed form (lam inside psi's imaginary parts, see applyBackwardPacked).
template <class A>
void packedRange(const KernelTable<A> &t, const BwdOp &op, A *v, double *acc, size_t b,
                 size_t e);
// The same parameter-free op on two arrays (fused loop for CX).
template <class A>
void apply2Range(const KernelTable<A> &t, const GateOp &op, A *a, A *c, size_t b,
                 size_t e);

} // namespace rt
} // namespace masq

#endif
