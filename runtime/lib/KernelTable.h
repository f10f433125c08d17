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

struct KernelTable {
  void (*mat1)(cplx *, int, const cplx *, size_t, size_t);
  void (*real1)(cplx *, int, const double *, size_t, size_t);
  void (*diag1)(cplx *, int, const cplx *, size_t, size_t);
  void (*x1)(cplx *, int, size_t, size_t);
  void (*cx)(cplx *, int, int, size_t, size_t);
  void (*swap)(cplx *, int, int, size_t, size_t);
  void (*cmat1)(cplx *, int, int, const cplx *, size_t, size_t);
  void (*diag2)(cplx *, int, int, const cplx *, size_t, size_t);
  void (*mat2)(cplx *, int, int, const cplx *, size_t, size_t);
  void (*matk)(cplx *, const int *, int, const cplx *, size_t, size_t);
  // Backward: acc[p] += Re <lam|M_p psi>, then psi, lam <- V.
  void (*bReal1)(cplx *, cplx *, int, const double *, const double *, double *,
                 size_t, size_t);
  void (*bMat1)(cplx *, cplx *, int, const cplx *, const cplx (*)[16], int,
                double *, size_t, size_t);
  void (*bDiag1)(cplx *, cplx *, int, const cplx *, const cplx (*)[16], int,
                 double *, size_t, size_t);
  void (*bDiag2)(cplx *, cplx *, int, int, const cplx *, const cplx (*)[16], int,
                 double *, size_t, size_t);
  void (*bMat2)(cplx *, cplx *, int, int, const cplx *, const cplx (*)[16], int,
                double *, size_t, size_t);
};

const KernelTable &scalarKernels();
// Null when the AVX2 kernels were not compiled in.
const KernelTable *avx2Kernels();

} // namespace rt
} // namespace masq

#endif
