//===- PackedChunk.h - real chunks worked on packed (internal) ------------===//
//
// A chunk whose amplitudes are all real (every imaginary part exactly 0:
// a real circuit, such as the layered ansatz, from |0>) is worked on packed:
// v[j] = psi[2j] + i psi[2j+1], half as many complex numbers, with chunk
// qubit 0 in the real/imaginary split. A real gate on qubit q >= 1 acts on
// v as the same gate on qubit q - 1 (a real matrix treats the real and
// imaginary parts alike): half the arithmetic and half the memory. What
// touches qubit 0 becomes an operation within or across the complex
// numbers (below). The arithmetic is the unpacked kernels' own, so a packed
// chunk comes out as the unpacked one does.
//
// CompiledBlock.cpp's fused blocks use these on the chunks of a block.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_SIM_PACKEDCHUNK_H
#define MASQ_RUNTIME_SIM_PACKEDCHUNK_H

#include "KernelTable.h"
#include "PackedKernels.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace masq {
namespace rt {
namespace packed {

enum class PForm : uint8_t {
  Op,       // `op` on v as is (a gate on qubits >= 1, renumbered)
  Real0,    // real 2x2 r on qubit 0: (x, y) -> (r0 x + r1 y, r2 x + r3 y) per v[j]
  SwapReIm, // CX(c -> 0), or RealCX(c -> 0): (r on qubit 0, and) the two parts
            // of v[j] swapped where bit c - 1 of j is 1
  SwapIm,   // CX(0 -> t): swap imaginary parts of the pairs of v on t - 1
  RealSwapIm, // RealCX(0 -> t): r on t - 1 (both parts), imaginary parts
              // swapped after (or, cxFirst, before)
};

struct PackedOp {
  PForm form = PForm::Op;
  GateOp op;
  int t = 0;
};

// The packed form of each op, or false when some op has none (a complex
// gate: the block then runs unpacked).
bool packOps(const std::vector<GateOp> &ops, std::vector<PackedOp> &out);

// The highest bit of v's index a packed op reads (-1: none, within each
// complex number).
int topBit(const PackedOp &p);

// Runs the packed ops on v (count complex numbers). A chunk sits in L2;
// consecutive ops that read only bits below kL1Bits (double) or
// kL1Bits + 1 (float) run in L1, slice by slice (32 KiB), each op's sweep
// over a slice before the next op's.
constexpr int kL1Bits = 11;
// In double (count >= 4), with the runtime's kernels.
void runPacked(const std::vector<PackedOp> &ops, cplx *v, size_t count);
// With the kernels of PackedKernels.h (count >= pk::kMinCount): in float
// for a complex64 state's real chunks, or in double with AVX-512.
template <class T>
void runPackedWith(const pk::Kernels<T> &k, const std::vector<PackedOp> &ops,
                   std::complex<T> *v, size_t count);

// Packs a chunk of M amplitudes into v (M / 2 complex numbers); false,
// leaving the chunk as it was, when an imaginary part is not 0.
// (Branch-free so that it vectorises: an imaginary part is 0 when its bits
// without the sign bit are, as for -0.0.)
inline uint64_t magnitudeBits(double x) {
  uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b << 1;
}
inline uint32_t magnitudeBits(float x) {
  uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b << 1;
}
template <class T> bool packChunk(const T *p, size_t M, T *v) {
  decltype(magnitudeBits(T())) any = 0;
  for (size_t i = 0; i < M; ++i) {
    v[i] = p[2 * i];
    any |= magnitudeBits(p[2 * i + 1]);
  }
  return any == 0;
}

template <class T> void unpackChunk(const T *v, size_t M, T *p) {
  for (size_t i = 0; i < M; ++i)
    p[2 * i] = v[i], p[2 * i + 1] = 0;
}

// The backward sweep of a real chunk packs psi and lambda instead, both
// real there: v = psi + i lam (the runtime's packed adjoint sweep,
// Paired.cpp): one array, each real inverse gate one forward kernel on it,
// each RY one packed backward step.

// v[j] = psi[j] + i lam[j] for a chunk of M amplitudes; false (nothing
// changed) when an imaginary part of either is not 0.
template <class T> bool packPair(const T *p, const T *l, size_t M, T *v) {
  decltype(magnitudeBits(T())) any = 0;
  for (size_t i = 0; i < M; ++i) {
    v[2 * i] = p[2 * i], v[2 * i + 1] = l[2 * i];
    any |= magnitudeBits(p[2 * i + 1]) | magnitudeBits(l[2 * i + 1]);
  }
  return any == 0;
}

template <class T> void unpackPair(const T *v, size_t M, T *p, T *l) {
  for (size_t i = 0; i < M; ++i)
    p[2 * i] = v[2 * i], p[2 * i + 1] = 0, l[2 * i] = v[2 * i + 1], l[2 * i + 1] = 0;
}

// The backward sweep's real inverse gates on v with PackedKernels.h's
// kernels (KForm Real1, X1 or CX: kernelInverse), and whether an op is one
// of them.
bool kernelInverse(const GateOp &op);
template <class T>
void inverseWith(const pk::Kernels<T> &k, const GateOp &op, std::complex<T> *v, size_t count);

} // namespace packed
} // namespace rt
} // namespace masq

#endif
