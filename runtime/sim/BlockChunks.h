//===- BlockChunks.h - a fused block's chunks (internal) --------*- C++ -*-===//
//
// How CompiledBlock.cpp's fused blocks cut a state into chunks of 2^m
// amplitudes (the block's qubits filled up with the lowest others), and
// move them between memory and a cache-resident buffer: as complex chunks
// of the state (Chunks::each), or, in a run of consecutive blocks on a real
// state (masq_rtc_block_run), as packed real chunks read from and written
// to the state or a packed array that holds it between the blocks
// (Chunks::eachPacked: half the bytes of every sweep).
//
// Compiled twice, with CompiledBlock.cpp (Real: double or float).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_SIM_BLOCKCHUNKS_H
#define MASQ_RUNTIME_SIM_BLOCKCHUNKS_H

#include "CompiledKernels.h"
#include "PackedChunk.h"
#include "Parallel.h"

#include <algorithm>
#include <atomic>
#include <type_traits>
#include <vector>

namespace masq {
namespace rtc {
inline namespace MASQ_RTC_PREC {
namespace blocks {

constexpr int kChunkQubits = masq::kChunkQubits; // psi + lam chunks: 512 KiB, in L2
constexpr int kMaxThreads = masq::rt::kMaxChunks; // slices of a block's chunks
constexpr int kLineQubits = 2; // 4 complex128 amplitudes: a 64-byte line (half
                               // one for a complex64 state, but for its float
                               // chunks, blockForward)

// Where Chunks::eachPacked reads a block's chunks from or writes them to:
// the state (c[0] = psi, and c[1] = lam in the backward sweep: complex
// arrays whose imaginary parts are 0), or a packed array p of U reals per
// amplitude (psi's real parts; psi's and lam's interleaved).
struct Side {
  Real *c[2] = {nullptr, nullptr};
  Real *p = nullptr;
};

// Copies a run of a gathered chunk (len values, a multiple of 8: chunks
// hold kLineQubits). Short runs in 64-byte pieces inline: a library call
// per 64-byte run took a quarter of a 22-qubit forward pass.
template <class S, class D> inline void copyRun(const S *src, D *dst, size_t len) {
  if (len > 64 || len % 8 != 0) {
    std::copy(src, src + len, dst);
    return;
  }
  for (size_t i = 0; i < len; i += 8)
    for (size_t j = 0; j < 8; ++j)
      dst[i + j] = D(src[i + j]);
}

// The chunk layout of a block: chunk qubits (sorted), the chunk position of
// each block qubit, and whether chunks are contiguous (qubits 0..m-1).
struct Chunks {
  std::vector<int32_t> qubits;
  std::vector<int> pos; // per block qubit
  uint64_t mask = 0;
  int m = 0;
  bool contiguous = false;
  int run = 0;                // chunk qubits 0..run-1 are qubits 0..run-1
  std::vector<uint64_t> offs; // start of each run of 2^run amplitudes

  Chunks(int32_t n, const int32_t *qs, int32_t k, int lineQubits = kLineQubits) {
    qubits.assign(qs, qs + k);
    // Gathered chunks always hold qubits 0 and 1 (kLineQubits), so they are
    // read and written in whole 64-byte lines, however high the block's
    // qubits lie: a block of 13 qubits above them gets a chunk of 15 (512
    // KiB, in this machine's 1 MiB L2; a float chunk of a complex64 state
    // holds qubits 0..2 instead, 16 qubits for such a block, as many
    // bytes).
    int fill = std::max<int>(k, kChunkQubits);
    if (*std::max_element(qs, qs + k) >= fill) { // gathered: the fillers are the lowest
      int missing = 0;                            // qubits not in the block
      for (int32_t q = 0; q < lineQubits; ++q)
        missing += std::find(qs, qs + k, q) == qs + k;
      fill = std::max<int>(fill, k + missing);
    }
    m = std::min<int>(n, fill);
    for (int32_t q = 0; int(qubits.size()) < m; ++q)
      if (std::find(qubits.begin(), qubits.end(), q) == qubits.end())
        qubits.push_back(q);
    std::sort(qubits.begin(), qubits.end());
    for (int32_t j = 0; j < k; ++j)
      pos.push_back(int(std::find(qubits.begin(), qubits.end(), qs[j]) - qubits.begin()));
    contiguous = qubits.back() == m - 1;
    for (int32_t q : qubits)
      mask |= uint64_t(1) << q;
    if (!contiguous) {
      while (run < m && qubits[size_t(run)] == run)
        ++run;
      const Spread sp(qubits.data() + run, m - run);
      offs.resize(size_t(1) << (m - run));
      uint64_t off = 0;
      for (size_t c = 0; c < offs.size(); ++c) {
        offs[c] = off;
        off = sp.next(off, c);
      }
    }
  }

  // Threads each() splits the chunks of a state of n qubits over.
  int threads(int32_t n) const {
    return int(std::min<size_t>(size_t(1) << (n - m),
                                size_t(std::min(kMaxThreads, std::max(1, masq::rt::threadsFor(n))))));
  }
  // Chunks per group, the unit a thread takes: the threads take groups as
  // they get free rather than a fixed half each (on this shared VM one core
  // is at times slowed by another tenant, and with fixed halves the other
  // then waited: a 20-qubit fused pass ran in 7.7 or 11.3 ms from one run
  // to the next). One group when the state runs on one thread.
  size_t groupSize(int32_t n) const {
    const size_t count = size_t(1) << (n - m);
    const int T = threads(n);
    return T > 1 ? std::max<size_t>(1, count / (size_t(T) * 16)) : count;
  }
  // Number of groups: the slots a caller keeps per-group sums in.
  int slots(int32_t n) const {
    const size_t count = size_t(1) << (n - m), g = groupSize(n);
    return int((count + g - 1) / g);
  }

  // f(chunk of a, chunk of b or null, slot) on every chunk of the given
  // buffers, in place or through thread-local copies, group by group over
  // the threads the runtime uses for a state this large (one inside a
  // sample-parallel loop). `slot` is the chunk's group: a group's chunks
  // always come in the same order, so sums kept per slot and added in slot
  // order do not depend on which thread took which group.
  // Chunks are of type B: double (complex128) unless the caller asks for
  // the state's own.
  template <class B = double, class F> void each(int32_t n, Real *a, Real *b, F &&f) {
    groups(n, [&](size_t c0, size_t c1, int t) { sliceOf<B>(n, a, b, f, c0, c1, t); });
  }

  // g(c0, c1, slot) on the groups of chunks [c0, c1), over the threads.
  template <class G> void groups(int32_t n, const G &g) const {
    const size_t count = size_t(1) << (n - m), group = groupSize(n);
    const int T = threads(n), S = slots(n);
    if (T <= 1) {
      g(size_t(0), count, 0);
      return;
    }
#ifdef MASQ_RT_HAVE_OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(T)
#endif
    for (int j = 0; j < S; ++j) {
      const size_t c0 = size_t(j) * group;
      g(c0, std::min(count, c0 + group), j);
    }
  }

  // f on chunks [c0, c1) (slot t), in place or through thread-local
  // copies. With B = double, f gets complex128 chunks: those of a complex64
  // state are copied, widened, and rounded back (in L2, so the sweep over
  // memory still moves the state's own bytes once each way).
  template <class B, class F>
  void sliceOf(int32_t n, Real *a, Real *b, F &f, size_t c0, size_t c1, int t) const {
    const size_t M = size_t(1) << m;
    if (contiguous && std::is_same<Real, B>::value) {
      for (size_t c = c0; c < c1; ++c)
        f(reinterpret_cast<B *>(a + (2 * c << m)),
          b ? reinterpret_cast<B *>(b + (2 * c << m)) : nullptr, t);
      return;
    }
    thread_local std::vector<B> ta, tb;
    ta.resize(2 * M), tb.resize(b ? 2 * M : 0);
    if (contiguous) {
      for (size_t c = c0; c < c1; ++c) {
        Real *x = a + (2 * c << m), *y = b ? b + (2 * c << m) : nullptr;
        std::copy(x, x + 2 * M, ta.data());
        if (y)
          std::copy(y, y + 2 * M, tb.data());
        f(ta.data(), y ? tb.data() : nullptr, t);
        std::copy(ta.begin(), ta.end(), x);
        if (y)
          std::copy(tb.begin(), tb.end(), y);
      }
      return;
    }
    // Gathered, in runs of 2^run amplitudes (at least a 64-byte line).
    // (Prefetching short runs ahead, or gathering batches of neighbouring
    // chunks together so that their runs are read as one stretch, were
    // measured: no gain beyond the noise at 20-22 qubits.)
    const size_t len = size_t(2) << run; // values per run
    const size_t R = offs.size();
    auto move = [&](size_t g, bool in) {
      for (size_t j = 0; j < R; ++j) {
        const size_t i = 2 * (g | offs[j]);
        if (in) {
          copyRun(a + i, ta.data() + j * len, len);
          if (b)
            copyRun(b + i, tb.data() + j * len, len);
        } else {
          copyRun(ta.data() + j * len, a + i, len);
          if (b)
            copyRun(tb.data() + j * len, b + i, len);
        }
      }
    };
    size_t g = deposit(c0, ~mask & ((uint64_t(1) << n) - 1));
    for (size_t c = c0; c < c1; ++c, g = ((g | mask) + 1) & ~mask) {
      move(g, true);
      f(ta.data(), b ? tb.data() : nullptr, t);
      move(g, false);
    }
  }

  // f(v, slot) on every chunk as a packed array v of U * 2^m reals, U per
  // amplitude in the chunk's order, read from `in` and written to `out` (in
  // place when both are one packed array and chunks are contiguous). False,
  // at the first chunk of a complex `in` with an imaginary part that is not
  // 0: the chunks then written to out.p are to be dropped (in is not
  // written: out must be packed when in is complex).
  template <int U, class F> bool eachPacked(int32_t n, const Side &in, const Side &out, F &&f) {
    const size_t M = size_t(1) << m, len = contiguous ? M : size_t(1) << run;
    const size_t R = contiguous ? 1 : offs.size();
    const bool inPlace = contiguous && in.p && in.p == out.p;
    std::atomic<bool> real{true};
    groups(n, [&](size_t c0, size_t c1, int t) {
      thread_local std::vector<Real> tv;
      tv.resize(inPlace ? 0 : U * M);
      uint64_t g = contiguous ? c0 << m : deposit(c0, ~mask & ((uint64_t(1) << n) - 1));
      for (size_t c = c0; c < c1 && real.load(std::memory_order_relaxed); ++c) {
        if (inPlace) {
          f(in.p + U * (c << m), t);
          continue;
        }
        const uint64_t base = contiguous ? c << m : g;
        if (!contiguous)
          g = ((g | mask) + 1) & ~mask;
        if (!gather<U>(in, base, len, R, tv.data())) {
          real = false;
          return;
        }
        f(tv.data(), t);
        scatter<U>(tv.data(), base, len, R, out);
      }
    });
    return real;
  }

  template <int U> bool gather(const Side &in, uint64_t base, size_t len, size_t R, Real *v) const {
    decltype(masq::rt::packed::magnitudeBits(Real())) any = 0;
    for (size_t j = 0; j < R; ++j) {
      const size_t i = R > 1 ? base | offs[j] : base;
      Real *d = v + U * j * len;
      if (in.p) {
        copyRun(in.p + U * i, d, U * len);
        continue;
      }
      for (int u = 0; u < U; ++u) {
        const Real *s = in.c[u] + 2 * i;
        for (size_t a = 0; a < len; ++a)
          d[U * a + u] = s[2 * a], any |= masq::rt::packed::magnitudeBits(s[2 * a + 1]);
      }
    }
    return any == 0;
  }

  template <int U>
  void scatter(const Real *v, uint64_t base, size_t len, size_t R, const Side &out) const {
    for (size_t j = 0; j < R; ++j) {
      const size_t i = R > 1 ? base | offs[j] : base;
      const Real *s = v + U * j * len;
      if (out.p) {
        copyRun(s, out.p + U * i, U * len);
        continue;
      }
      for (int u = 0; u < U; ++u) {
        Real *d = out.c[u] + 2 * i;
        for (size_t a = 0; a < len; ++a)
          d[2 * a] = s[U * a + u], d[2 * a + 1] = 0;
      }
    }
  }

  // The c-th number whose bits lie in free (c's bits deposited into them).
  static uint64_t deposit(uint64_t c, uint64_t free) {
    uint64_t r = 0;
    for (uint64_t bit = 1; free; free &= free - 1, bit <<= 1)
      if (c & bit)
        r |= free & -free;
    return r;
  }
};

} // namespace blocks
} // namespace MASQ_RTC_PREC
} // namespace rtc
} // namespace masq

#endif
