//===- BlockRuns.h - runs of fused blocks (internal) ------------*- C++ -*-===//
//
// The per-thread buffers that keep a real state packed between the steps
// of a run (CompiledBlock.cpp's blocks; CompiledRuns.cpp's |0>, expectation
// value and adjoint seed that start or end one). Built with the compiled-
// code ABI's sources, once per precision (CompiledSupport.h's Real).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_SIM_BLOCKRUNS_H
#define MASQ_RUNTIME_SIM_BLOCKRUNS_H

#include "BlockChunks.h"
#include "CompiledSupport.h"
#include "masq/Runtime/State.h"

namespace masq {
namespace rtc {
inline namespace MASQ_RTC_PREC {

// A run of consecutive blocks on one state (masq_rtc_block_run; the
// compiler marks them, passes/lib/MarkRuns.cpp): while the state is
// real, it stays packed between them in a buffer of the calling thread
// (the forward sweep's: psi's real parts; the backward's: psi's and lam's
// interleaved), so each block moves half the bytes; the first block reads
// the state and the last writes it back. `packed` says whether the buffer
// holds the state of `psi` now.
struct RunBuffer {
  const Real *psi = nullptr;
  bool packed = false;
  masq::rt::AlignedBuffer buf;

  // The buffer's size (in complex128 numbers) for `reals` values.
  static size_t sizeFor(size_t reals) {
    return (reals * sizeof(Real) + sizeof(cplx) - 1) / sizeof(cplx);
  }
  // The buffer for `reals` values, or null (no memory for it: the blocks
  // then work on the state).
  Real *reserve(size_t reals) {
    const size_t need = sizeFor(reals);
    if (buf.size() < need) {
      try {
        buf.allocate(need);
      } catch (const masq::rt::Error &) {
        buf.allocate(0);
        return nullptr;
      }
    }
    return reinterpret_cast<Real *>(buf.data());
  }
  // The buffer when it holds psi's state of `reals` values, else null.
  Real *holding(const Real *state, size_t reals) {
    return packed && state && psi == state && buf.size() >= sizeFor(reals)
               ? reinterpret_cast<Real *>(buf.data())
               : nullptr;
  }
};

// The calling thread's buffer of forward runs, or of backward ones.
RunBuffer &runBuffer(bool backward);

// False with MASQ_RT_BLOCK_RUNS=0 in the environment: the blocks of a run
// then run each on its own (the A/B baseline of bench/ab.py).
bool runsOn();

// The state of a run back in psi (and lam): the buffer unpacked.
template <int U> void unpackRun(int32_t n, Real *packed, Real *psi, Real *lam) {
  const int32_t q0 = 0;
  blocks::Chunks ch(n, &q0, 1);
  blocks::Side in, out;
  in.p = packed, out.c[0] = psi, out.c[1] = lam;
  ch.eachPacked<U>(n, in, out, [](Real *, int) {});
}

} // namespace MASQ_RTC_PREC
} // namespace rtc
} // namespace masq

#endif
