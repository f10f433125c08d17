//===- Blocking.cpp - Cache-blocked execution of gate runs -----------------===//
//
// See Kernels.h (kBlockBits): a run of gates executed block by block
// (applyBlocked, backwardBlocked), contiguous blocks in place or gathered
// blocks through a per-thread scratch buffer.
//
//===----------------------------------------------------------------------===//
#include "KernelTable.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#ifdef MASQ_RT_HAVE_OPENMP
#include <omp.h>
#endif

namespace masq {
namespace rt {

//--- cache blocking ---------------------------------------------------------//

namespace {
// f(blockBegin, blockEnd, chunk) over chunks of blocks, one contiguous slice
// per thread for large states; returns the number of chunks used.
template <class F> int forBlocks(size_t nb, int nTotal, const F &f) {
  const int T = threadsFor(nTotal);
  if (T <= 1 || nb < 2) {
    f(size_t(0), nb, 0);
    return 1;
  }
  const int C = int(std::min<size_t>(nb, size_t(std::min(kMaxChunks, T))));
#ifdef MASQ_RT_HAVE_OPENMP
#pragma omp parallel for schedule(static, 1) num_threads(C)
  for (int c = 0; c < C; ++c)
    f(nb * size_t(c) / size_t(C), nb * size_t(c + 1) / size_t(C), c);
#endif
  return C;
}

// Addresses of one block: `base` for the fixed (non-local) bits and the
// offsets of its 2^|high| contiguous chunks.
struct Blocks {
  int lowBits, nh;
  size_t chunkLen;
  std::vector<size_t> chunkOff; // chunk c -> offset of its first amplitude
  std::vector<int> fixedPos;    // global positions of the block index bits
  Blocks(const BlockLayout &l, int n) : lowBits(l.lowBits), nh(int(l.high.size())) {
    chunkLen = size_t(1) << lowBits;
    chunkOff.resize(size_t(1) << nh);
    for (size_t c = 0; c < chunkOff.size(); ++c) {
      size_t o = 0;
      for (int r = 0; r < nh; ++r)
        if (c >> r & 1)
          o |= size_t(1) << l.high[size_t(r)];
      chunkOff[c] = o;
    }
    for (int q = lowBits; q < n; ++q)
      if (std::find(l.high.begin(), l.high.end(), q) == l.high.end())
        fixedPos.push_back(q);
  }
  size_t base(size_t b) const {
    size_t a = 0;
    for (size_t j = 0; j < fixedPos.size(); ++j)
      if (b >> j & 1)
        a |= size_t(1) << fixedPos[j];
    return a;
  }
  template <class A> void gather(const A *src, size_t base, A *dst) const {
    for (size_t c = 0; c < chunkOff.size(); ++c)
      std::memcpy(dst + c * chunkLen, src + base + chunkOff[c], chunkLen * sizeof(A));
  }
  template <class A> void scatter(const A *src, size_t base, A *dst) const {
    for (size_t c = 0; c < chunkOff.size(); ++c)
      std::memcpy(dst + base + chunkOff[c], src + c * chunkLen, chunkLen * sizeof(A));
  }
};

// Per-thread scratch for gathered blocks (state and adjoint vector), sized
// for complex128 blocks (a complex64 block uses its first half).
cplx *scratchBuffer(int which) {
  struct Scratch {
    cplx *p[2] = {nullptr, nullptr};
    ~Scratch() {
      std::free(p[0]);
      std::free(p[1]);
    }
  };
  static thread_local Scratch s;
  if (!s.p[which]) {
    s.p[which] = static_cast<cplx *>(
        std::aligned_alloc(64, (size_t(1) << kBlockBits) * sizeof(cplx)));
    if (!s.p[which])
      throw std::bad_alloc();
  }
  return s.p[which];
}
template <class A> A *blockScratch(int which) {
  return reinterpret_cast<A *>(scratchBuffer(which));
}
} // namespace

template <class A>
void applyBlocked(const BlockLayout &layout, const GateOp *const *ops, int count, A *psi,
                  int n) {
  const Blocks blk(layout, n);
  const size_t nb = size_t(1) << (n - kBlockBits);
  const bool inPlace = blk.nh == 0;
  forBlocks(nb, n, [&](size_t b0, size_t b1, int) {
    A *buf = inPlace ? nullptr : blockScratch<A>(0);
    for (size_t b = b0; b < b1; ++b) {
      const size_t base = blk.base(b);
      A *x = inPlace ? psi + base : buf;
      if (!inPlace)
        blk.gather(psi, base, buf);
      for (int j = 0; j < count; ++j) {
        const size_t K = size_t(1) << (kBlockBits - ops[j]->k);
        applyRange(tableFor<A>(K), *ops[j], x, 0, K);
      }
      if (!inPlace)
        blk.scatter(buf, base, psi);
    }
  });
}

template <class A>
void backwardBlocked(const BlockLayout &layout, const GateOp *const *inv,
                     const BwdOp *const *bwd, int count, A *psi, A *lam, int n,
                     double *acc) {
  const Blocks blk(layout, n);
  const size_t nb = size_t(1) << (n - kBlockBits);
  const bool inPlace = blk.nh == 0;
  // Partial sums per (chunk, gate), added in chunk order: reproducible.
  std::vector<double> part(size_t(kMaxChunks) * size_t(count) * 3, 0.0);
  const int C = forBlocks(nb, n, [&](size_t b0, size_t b1, int c) {
    double *pc = &part[size_t(c) * size_t(count) * 3];
    A *bp = inPlace ? nullptr : blockScratch<A>(0);
    A *bl = inPlace || !lam ? nullptr : blockScratch<A>(1);
    for (size_t b = b0; b < b1; ++b) {
      const size_t base = blk.base(b);
      A *x = inPlace ? psi + base : bp;
      A *y = !lam ? nullptr : inPlace ? lam + base : bl;
      if (!inPlace) {
        blk.gather(psi, base, bp);
        if (lam)
          blk.gather(lam, base, bl);
      }
      for (int j = count - 1; j >= 0; --j) {
        if (bwd[j]) {
          const size_t K = size_t(1) << (kBlockBits - bwdArity(*bwd[j]));
          if (lam)
            backwardRange(tableFor<A>(K), *bwd[j], x, y, pc + 3 * j, 0, K);
          else
            packedRange(tableFor<A>(K), *bwd[j], x, pc + 3 * j, 0, K);
        } else {
          const size_t K = size_t(1) << (kBlockBits - inv[j]->k);
          if (lam)
            apply2Range(tableFor<A>(K), *inv[j], x, y, 0, K);
          else
            applyRange(tableFor<A>(K), *inv[j], x, 0, K);
        }
      }
      if (!inPlace) {
        blk.scatter(bp, base, psi);
        if (lam)
          blk.scatter(bl, base, lam);
      }
    }
  });
  for (int c = 0; c < C; ++c)
    for (int j = 0; j < 3 * count; ++j)
      acc[j] += part[size_t(c) * size_t(count) * 3 + size_t(j)];
}

#define MASQ_RT_INSTANTIATE(A)                                                        \
  template void applyBlocked<A>(const BlockLayout &, const GateOp *const *, int, A *,  \
                                int);                                                 \
  template void backwardBlocked<A>(const BlockLayout &, const GateOp *const *,        \
                                   const BwdOp *const *, int, A *, A *, int, double *);
MASQ_RT_INSTANTIATE(cplx)
MASQ_RT_INSTANTIATE(cplxf)
#undef MASQ_RT_INSTANTIATE

} // namespace rt
} // namespace masq
