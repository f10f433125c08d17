//===- CompiledBlock.cpp - fused gate blocks of the compiled-code ABI -----===//
//
// A block is a sequence of gates on k qubits applied in ONE sweep over the
// state (cache blocking): the state is cut into chunks of 2^m amplitudes
// that differ only in m chunk qubits (the block's qubits, filled up with the
// lowest other qubits to m = 14: 256 KiB, 512 KiB with the adjoint vector,
// in L2; a gathered chunk always holds qubits 0 and 1, so a 13-qubit block
// above them gets m = 15); each chunk is gathered into a buffer (or used in
// place when the chunk qubits are 0..m-1, always the case for blocks on
// qubits below 14), every gate of the block runs on it with the runtime's
// kernels (Kernels.h, compiled once per call; an RY and the CX on its
// target merged into one sweep, mergeRotationCX), and it is scattered
// back. A chunk of a real state is worked on packed, two real amplitudes
// per complex number, its gates on low chunk qubits slice by slice in L1
// (PackedChunk.h); a complex64 state's in float arithmetic, a complex128
// one's with AVX-512 where the CPU has it (PackedKernels.h). Chunks are
// split over the threads the runtime uses for a state of this size. The
// backward step does the adjoint sweep of the block's gates chunk by chunk
// the same way (un-compute psi and lam, packed as one array when both are
// real, sum each angle's derivative over the chunks; on the packed kernels
// an RY's step and the inverse of the CX on its target in one sweep,
// backPlan), so a block stays exactly differentiable in
// every angle. What it saves is memory traffic: worth it once the state
// does not fit the caches (the compiler's cost model,
// passes/lib/FuseGates.cpp, decides; bench/fuse_k.sh measures block sizes).
//
//===----------------------------------------------------------------------===//
#include "CompiledKernels.h"
#include "KernelTable.h"
#include "PackedChunk.h"
#include "PackedKernels.h"
#include "Parallel.h"
#include "masq/Runtime/Compiled.h"
#include "masq/Runtime/DensityMode.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

using namespace masq::rtc;
using namespace masq::rt::packed;
namespace pk = masq::rt::pk;

namespace {

constexpr int kChunkQubits = masq::kChunkQubits; // psi + lam chunks: 512 KiB, in L2
// A block may span a whole chunk (the fuser's in-place blocks on qubits
// 0..13, passes/lib/FuseGates.cpp).
constexpr int kMaxBlockQubits = kChunkQubits;
constexpr int kMaxThreads = masq::rt::kMaxChunks; // slices of a block's chunks
constexpr int kLineQubits = 2; // 4 complex128 amplitudes: a 64-byte line (half
                               // one for a complex64 state, but for its float
                               // chunks, blockForward)

struct LocalGate {
  Kind kind;
  int a, b;       // positions in the block's qubit list (b = -1: one qubit)
  int numParams;
  int firstAngle; // index into the block's angles
};

// Validates the block and builds its local gates. False with the error
// recorded.
bool prepare(const char *fn, int32_t n, const int32_t *qs, int32_t k, const int32_t *desc,
             int32_t ngates, const double *angles, std::vector<LocalGate> &gs,
             uint64_t &mask) {
  if (!okList(fn, n, qs, k, mask))
    return false;
  if (k < 1 || k > kMaxBlockQubits) {
    report(Status::BadArgument, fn, "a block acts on 1..%d qubits, not %d", kMaxBlockQubits,
           k);
    return false;
  }
  if (ngates < 0 || (ngates > 0 && !desc)) {
    report(Status::BadArgument, fn, "bad gate list (%d gates)", ngates);
    return false;
  }
  gs.resize(size_t(ngates));
  int next = 0;
  for (int32_t g = 0; g < ngates; ++g) {
    LocalGate &lg = gs[size_t(g)];
    const int32_t kind = desc[3 * g], a = desc[3 * g + 1], b = desc[3 * g + 2];
    if (kind < 0 || kind >= masq::gates::kNumKinds) {
      report(Status::BadArgument, fn, "gate %d: unknown gate kind %d", g, kind);
      return false;
    }
    lg.kind = Kind(kind);
    const masq::gates::Info &info = masq::gates::info(lg.kind);
    const bool two = info.numQubits == 2;
    if (a < 0 || a >= k || (two && (b < 0 || b >= k || b == a)) || (!two && b != -1)) {
      report(Status::BadArgument, fn, "gate %d (%s): bad local qubits %d, %d", g, info.name,
             a, b);
      return false;
    }
    lg.a = a, lg.b = two ? b : -1;
    lg.numParams = info.numParams;
    lg.firstAngle = next;
    if (info.numParams > 0 && !angles) {
      report(Status::BadArgument, fn, "gate %d (%s): null angle list", g, info.name);
      return false;
    }
    for (int p = 0; p < info.numParams; ++p)
      if (!okAngle(fn, angles[next + p]))
        return false;
    next += info.numParams;
  }
  return true;
}

// The block's gates in the runtime's compiled kernel forms (Kernels.h), on
// chunk positions, built once per call: per chunk a gate is then one kernel
// call (the runtime's AVX2 kernels ran 1.6-1.9x faster on a chunk than the
// per-gate entry points, which recompute their matrix on every call).
struct ChunkOps {
  std::vector<masq::rt::GateOp> fwd, inv; // inv: parameter-free gates
  std::vector<masq::rt::BwdOp> bwd;       // parametrised gates
  std::vector<int> aux;                   // per gate: index into inv or bwd
};

template <class Ch>
void chunkOps(const std::vector<LocalGate> &gs, const Ch &ch, const double *angles,
              bool backward, ChunkOps &out) {
  for (const LocalGate &g : gs) {
    const int q[2] = {ch.pos[size_t(g.a)], g.b < 0 ? 0 : ch.pos[size_t(g.b)]};
    const double *a = angles + g.firstAngle;
    if (!backward) {
      out.fwd.push_back(masq::rt::compileGate(g.kind, q, a));
    } else if (g.numParams > 0) {
      out.aux.push_back(int(out.bwd.size()));
      out.bwd.push_back(masq::rt::compileBackward(g.kind, q, a));
    } else {
      out.aux.push_back(int(out.inv.size()));
      out.inv.push_back(masq::rt::compileInverse(g.kind, q, nullptr));
    }
  }
}

// Chunks are complex128 whatever the state's precision (Chunks::sliceOf).
inline cplx *Cd(double *p) { return reinterpret_cast<cplx *>(p); }

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

inline size_t freeOf(int m, int k) { return (size_t(1) << m) >> k; }

// A block's gates last first through gate(j, base, count) on a chunk of M
// amplitudes. With sliced (a packed chunk: one array), consecutive gates
// on chunk positions below `bits` (top: per gate, its highest) run slice
// by slice in L1, as PackedChunk.h's runPacked.
template <class G>
void backSweep(const std::vector<int> &top, size_t M, int bits, bool sliced, const G &gate) {
  const size_t slice = size_t(1) << bits;
  for (size_t j = top.size(); j > 0;) {
    size_t i = j;
    while (sliced && M > slice && i > 0 && top[i - 1] < bits)
      --i;
    if (j - i < 2) {
      gate(--j, 0, M);
      continue;
    }
    for (size_t base = 0; base < M; base += slice)
      for (size_t g = j; g-- > i;)
        gate(g, base, slice);
    j = i;
  }
}

// A step of the backward sweep: one gate, or (with PackedKernels.h's
// kernels) an RY-form gate and a CX on its target in one sweep, as the
// forward's mergeRotationCX: the CX's inverse before the gate's step
// (first: the gate came first in the block) or after it, at the CX's place
// (the gates the RY moves past do not touch its qubit, so they commute with
// it, and its derivative does not change).
struct BackStep {
  int gate, cx = -1;
  bool first = false;
};

// The backward steps in the gates' order; merged where `merge` and the
// forms allow.
std::vector<BackStep> backPlan(const std::vector<LocalGate> &gs, const ChunkOps &ops,
                               bool merge) {
  const int count = int(gs.size());
  std::vector<char> gone(size_t(count), 0);
  std::vector<int> partner(size_t(count), -1);
  auto ryForm = [&](int j) {
    const LocalGate &g = gs[size_t(j)];
    return g.numParams == 1 && g.b < 0 &&
           ops.bwd[size_t(ops.aux[size_t(j)])].form == masq::rt::BForm::Real1;
  };
  for (int i = 0; merge && i < count; ++i) {
    const LocalGate &g = gs[size_t(i)];
    if (g.numParams != 0 || ops.inv[size_t(ops.aux[size_t(i)])].form != masq::rt::KForm::CX)
      continue;
    const int t = g.b;
    auto nearest = [&](int from, int step) {
      for (int j = from; j >= 0 && j < count; j += step)
        if (!gone[size_t(j)] && (gs[size_t(j)].a == t || gs[size_t(j)].b == t))
          return ryForm(j) ? j : -1;
      return -1;
    };
    int j = nearest(i - 1, -1);
    if (j < 0)
      j = nearest(i + 1, +1);
    if (j >= 0)
      gone[size_t(j)] = 1, partner[size_t(i)] = j;
  }
  std::vector<BackStep> plan;
  for (int i = 0; i < count; ++i) {
    if (gone[size_t(i)])
      continue;
    const int j = partner[size_t(i)];
    plan.push_back(j < 0 ? BackStep{i} : BackStep{j, i, j < i});
  }
  return plan;
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
    const size_t count = size_t(1) << (n - m), group = groupSize(n);
    const int T = threads(n), groups = slots(n);
    if (T <= 1) {
      sliceOf<B>(n, a, b, f, 0, count, 0);
      return;
    }
#ifdef MASQ_RT_HAVE_OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(T)
#endif
    for (int j = 0; j < groups; ++j) {
      const size_t c0 = size_t(j) * group;
      sliceOf<B>(n, a, b, f, c0, std::min(count, c0 + group), j);
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

  // The c-th number whose bits lie in free (c's bits deposited into them).
  static uint64_t deposit(uint64_t c, uint64_t free) {
    uint64_t r = 0;
    for (uint64_t bit = 1; free; free &= free - 1, bit <<= 1)
      if (c & bit)
        r |= free & -free;
    return r;
  }
};

} // namespace

namespace masq {
namespace rtc {
inline namespace MASQ_RTC_PREC {

void blockForward(const char *fn, Real *psi, int32_t n, const int32_t *qs, int32_t k,
                  const int32_t *desc, int32_t ngates, const double *angles) {
  std::vector<LocalGate> gs;
  uint64_t mask = 0;
  if (!psi) {
    report(Status::BadArgument, fn, "null state pointer");
    return;
  }
  if (!prepare(fn, n, qs, k, desc, ngates, angles, gs, mask))
    return;
  // Real chunks run on PackedKernels.h's kernels where there are some: a
  // complex64 state's in float, in chunks of whole 64-byte lines, and
  // (AVX-512) those of complex128 chunks; the rest widened to double and
  // on the runtime's kernels.
  const pk::Kernels<float> *kf = std::is_same<Real, float>::value ? pk::floatKernels() : nullptr;
  Chunks ch(n, qs, k, kf ? kLineQubits + 1 : kLineQubits);
  ChunkOps ops;
  guarded(fn, [&] {
    std::vector<PackedOp> packed;
    bool packable = false;
    auto build = [&] {
      ops = ChunkOps();
      chunkOps(gs, ch, angles, false, ops);
      masq::rt::mergeRotationCX(ops.fwd); // RY then CX on its target: one sweep
      packable = ch.m >= 4 && packOps(ops.fwd, packed);
    };
    build();
    if (kf && !(packable && (size_t(1) << ch.m) / 2 >= pk::kMinCount)) {
      kf = nullptr;
      ch = Chunks(n, qs, k);
      build();
    }
    const size_t M = size_t(1) << ch.m;
    const pk::Kernels<double> *kd =
        packable && M / 2 >= pk::kMinCount ? pk::doubleKernels() : nullptr;
    auto unpacked = [&](double *p) {
      for (const masq::rt::GateOp &op : ops.fwd) {
        const size_t K = freeOf(ch.m, op.k);
        masq::rt::applyRange(masq::rt::tableFor<cplx>(K), op, Cd(p), 0, K);
      }
    };
    if (kf) {
      ch.each<float>(n, psi, nullptr, [&](float *p, float *, int) {
        thread_local std::vector<float> v;
        v.resize(M);
        if (packChunk(p, M, v.data())) {
          runPackedWith(*kf, packed, reinterpret_cast<std::complex<float> *>(v.data()), M / 2);
          unpackChunk(v.data(), M, p);
          return;
        }
        thread_local std::vector<double> w;
        w.assign(p, p + 2 * M);
        unpacked(w.data());
        std::copy(w.begin(), w.end(), p);
      });
      return;
    }
    auto run = [&](double *p, double *, int) {
      if (packable) {
        thread_local std::vector<double> v;
        v.resize(M);
        if (packChunk(p, M, v.data())) {
          if (kd)
            runPackedWith(*kd, packed, Cd(v.data()), M / 2);
          else
            runPacked(packed, Cd(v.data()), M / 2);
          unpackChunk(v.data(), M, p);
          return;
        }
      }
      unpacked(p);
    };
    ch.each(n, psi, nullptr, run);
  });
}

void blockBackward(const char *fn, Real *psi, Real *lam, int32_t n, const int32_t *qs,
                   int32_t k, const int32_t *desc, int32_t ngates, const double *angles,
                   double *dangles) {
  std::vector<LocalGate> gs;
  uint64_t mask = 0;
  if (!psi || !lam) {
    report(Status::BadArgument, fn, "null state or adjoint pointer");
    return;
  }
  if (!prepare(fn, n, qs, k, desc, ngates, angles, gs, mask))
    return;
  int numAngles = 0;
  for (const LocalGate &g : gs)
    numAngles += g.numParams;
  // A complex64 state's real chunks run on PackedKernels.h's float kernels
  // (as blockForward) when every gate has a form there.
  const pk::Kernels<float> *kf = std::is_same<Real, float>::value ? pk::floatKernels() : nullptr;
  Chunks ch(n, qs, k, kf ? kLineQubits + 1 : kLineQubits);
  // Per-slot sums (Chunks::each), rows padded to whole cache lines, added
  // in slot order (reproducible whichever thread ran which group).
  const size_t stride = size_t(numAngles + 7) / 8 * 8 + 8;
  int S = 0;
  std::vector<double> acc;
  ChunkOps ops;
  guarded(fn, [&] {
    bool packable = false, kernelForms = false;
    auto build = [&] {
      ops = ChunkOps();
      chunkOps(gs, ch, angles, true, ops);
      packable = kernelForms = true;
      for (const masq::rt::GateOp &op : ops.inv)
        packable = packable && masq::rt::realOp(op), kernelForms = kernelForms && kernelInverse(op);
      for (const masq::rt::BwdOp &op : ops.bwd)
        packable = packable && masq::rt::packableBackward(op),
        kernelForms = kernelForms && op.form == masq::rt::BForm::Real1;
      kernelForms = kernelForms && packable && (size_t(1) << ch.m) >= pk::kMinCount;
    };
    build();
    if (kf && !kernelForms) {
      kf = nullptr;
      ch = Chunks(n, qs, k);
      build();
    }
    // Complex128 chunks on the AVX-512 double kernels where there are some,
    // else on the runtime's AVX2 ones (without merged steps).
    const pk::Kernels<double> *kd = !kf && kernelForms ? pk::doubleKernels() : nullptr;
    const std::vector<BackStep> plan = backPlan(gs, ops, kf || kd);
    S = ch.slots(n);
    acc.assign(size_t(S) * stride, 0.0);
    const size_t M = size_t(1) << ch.m;
    std::vector<int> top; // per step, its highest chunk position
    auto highest = [&](int j) {
      const LocalGate &g = gs[size_t(j)];
      return std::max(ch.pos[size_t(g.a)], g.b < 0 ? 0 : ch.pos[size_t(g.b)]);
    };
    for (const BackStep &st : plan)
      top.push_back(std::max(highest(st.gate), st.cx < 0 ? 0 : highest(st.cx)));
    // Gate j backward on count amplitudes of psi and lam (x, y), or packed
    // on v = x (y null), with the runtime's kernels; its derivatives into
    // row.
    auto gate = [&](int j, cplx *x, cplx *y, size_t count, double *row) {
      const LocalGate &g = gs[size_t(j)];
      if (g.numParams == 0) {
        const masq::rt::GateOp &op = ops.inv[size_t(ops.aux[size_t(j)])];
        const size_t K = count >> op.k;
        if (y)
          masq::rt::apply2Range(masq::rt::tableFor<cplx>(K), op, x, y, 0, K);
        else
          masq::rt::applyRange(masq::rt::tableFor<cplx>(K), op, x, 0, K);
        return;
      }
      const masq::rt::BwdOp &op = ops.bwd[size_t(ops.aux[size_t(j)])];
      const size_t K = count >> masq::rt::bwdArity(op);
      double d[3] = {0, 0, 0};
      if (y)
        masq::rt::backwardRange(masq::rt::tableFor<cplx>(K), op, x, y, d, 0, K);
      else
        masq::rt::packedRange(masq::rt::tableFor<cplx>(K), op, x, d, 0, K);
      for (int q = 0; q < g.numParams; ++q)
        row[g.firstAngle + q] += 2 * d[q]; // dL/dangle = 2 Re<lam|M psi>
    };
    auto sweep = [&](cplx *x, cplx *y, double *row) {
      backSweep(top, M, kL1Bits, !y, [&](size_t j, size_t base, size_t count) {
        const BackStep &st = plan[j];
        if (st.cx >= 0 && st.first)
          gate(st.cx, x + base, y ? y + base : nullptr, count, row);
        gate(st.gate, x + base, y ? y + base : nullptr, count, row);
        if (st.cx >= 0 && !st.first)
          gate(st.cx, x + base, y ? y + base : nullptr, count, row);
      });
    };
    // A packed chunk v on PackedKernels.h's kernels, step by step.
    auto kernelSweep = [&](const auto &kern, auto *v, double *row, int bits) {
      using T = typename std::remove_reference_t<decltype(kern)>::C::value_type;
      backSweep(top, M, bits, true, [&](size_t j, size_t base, size_t count) {
        const BackStep &st = plan[j];
        const LocalGate &g = gs[size_t(st.gate)];
        if (g.numParams == 0)
          return inverseWith(kern, ops.inv[size_t(ops.aux[size_t(st.gate)])], v + base, count);
        const masq::rt::BwdOp &op = ops.bwd[size_t(ops.aux[size_t(st.gate)])];
        const T V[4] = {T(op.rv[0]), T(op.rv[1]), T(op.rv[2]), T(op.rv[3])};
        const int c = st.cx < 0 ? -1 : ops.inv[size_t(ops.aux[size_t(st.cx)])].q[0];
        double d = 0;
        kern.back(v + base, count, op.q[0], V, op.rm, &d, c, st.first);
        row[g.firstAngle] += 2 * d;
      });
    };
    if (kf) {
      ch.each<float>(n, psi, lam, [&](float *p, float *l, int t) {
        double *row = &acc[size_t(t) * stride];
        thread_local std::vector<float> v;
        v.resize(2 * M);
        if (!packPair(p, l, M, v.data())) { // not real: in double
          thread_local std::vector<double> wp, wl;
          wp.assign(p, p + 2 * M), wl.assign(l, l + 2 * M);
          sweep(Cd(wp.data()), Cd(wl.data()), row);
          std::copy(wp.begin(), wp.end(), p), std::copy(wl.begin(), wl.end(), l);
          return;
        }
        kernelSweep(*kf, reinterpret_cast<std::complex<float> *>(v.data()), row, kL1Bits + 1);
        unpackPair(v.data(), M, p, l);
      });
      return;
    }
    ch.each(n, psi, lam, [&](double *p, double *l, int t) {
      double *row = &acc[size_t(t) * stride];
      if (packable && M >= 4) {
        thread_local std::vector<double> v;
        v.resize(2 * M);
        if (packPair(p, l, M, v.data())) {
          if (kd)
            kernelSweep(*kd, Cd(v.data()), row, kL1Bits);
          else
            sweep(Cd(v.data()), nullptr, row);
          unpackPair(v.data(), M, p, l);
          return;
        }
      }
      sweep(Cd(p), Cd(l), row);
    });
  });
  if (dangles)
    for (int i = 0; i < numAngles; ++i) {
      double sum = 0;
      for (int t = 0; t < S; ++t)
        sum += acc[size_t(t) * stride + size_t(i)];
      dangles[i] = sum;
    }
}

} // namespace MASQ_RTC_PREC
} // namespace rtc
} // namespace masq

extern "C" void MASQ_RTC_SYM(block)(Real *psi, int32_t n, const int32_t *qs, int32_t k,
                               const int32_t *desc, int32_t ngates, const double *angles) {
  if (masq::dmode::active() && qs && desc)
    return masq::dmode::block(qs, k, desc, ngates, angles);
  blockForward(__func__, psi, n, qs, k, desc, ngates, angles);
}

extern "C" void MASQ_RTC_SYM(block_back)(Real *psi, Real *lam, int32_t n, const int32_t *qs,
                                    int32_t k, const int32_t *desc, int32_t ngates,
                                    const double *angles, double *dangles) {
  if (masq::dmode::distributed() && qs && desc)
    return masq::dmode::blockBack(qs, k, desc, ngates, angles, dangles);
  blockBackward(__func__, psi, lam, n, qs, k, desc, ngates, angles, dangles);
}
