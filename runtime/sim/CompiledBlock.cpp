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
// Consecutive blocks form runs (masq_rtc_block_run, RunBuffer): a real
// state stays packed in memory between them, half the bytes per sweep
// (BlockChunks.h moves the chunks).
//
//===----------------------------------------------------------------------===//
#include "BlockChunks.h"
#include "BlockRuns.h"
#include "CompiledKernels.h"
#include "KernelTable.h"
#include "PackedChunk.h"
#include "PackedKernels.h"
#include "Parallel.h"
#include "masq/Runtime/Compiled.h"
#include "masq/Runtime/DensityMode.h"
#include "masq/Runtime/Observables.h"
#include "masq/Runtime/State.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <vector>

using namespace masq::rtc;
using namespace masq::rt::packed;
using namespace masq::rtc::blocks;
namespace pk = masq::rt::pk;

namespace {

// A block may span a whole chunk (the fuser's in-place blocks on qubits
// 0..13, passes/lib/FuseGates.cpp).
constexpr int kMaxBlockQubits = kChunkQubits;

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

constexpr bool kSingle = std::is_same<Real, float>::value;

// The packed ops on a packed chunk v of M reals: with the float kernels
// (kf, a complex64 state's), the AVX-512 double ones (kd) or the runtime's.
template <class T>
void runPackedChunk(const pk::Kernels<float> *kf, const pk::Kernels<double> *kd,
                    const std::vector<PackedOp> &ops, T *v, size_t M) {
  if (kf)
    runPackedWith(*kf, ops, reinterpret_cast<std::complex<float> *>(v), M / 2);
  else if (kd)
    runPackedWith(*kd, ops, reinterpret_cast<cplx *>(v), M / 2);
  else
    runPacked(ops, reinterpret_cast<cplx *>(v), M / 2);
}

// A block of a run on packed real chunks, read from the buffer (inPacked)
// or psi and written to the buffer (out) or psi. True when it ran so
// (rb.packed then says where the state is); false, with nothing changed,
// where a gate has no packed form or the state is not real.
bool forwardRun(int32_t n, Real *psi, const int32_t *qs, int32_t k,
                const std::vector<LocalGate> &gs, const double *angles, bool inPacked, bool out,
                RunBuffer &rb) {
  if (!inPacked && !out)
    return false;
  const pk::Kernels<float> *kf = kSingle ? pk::floatKernels() : nullptr;
  // Runs of whole 64-byte lines of reals: qubits 0..2 (0..3 in float).
  Chunks ch(n, qs, k, kSingle ? kLineQubits + 2 : kLineQubits + 1);
  const size_t M = size_t(1) << ch.m;
  ChunkOps ops;
  chunkOps(gs, ch, angles, false, ops);
  masq::rt::mergeRotationCX(ops.fwd);
  std::vector<PackedOp> packed;
  if (ch.m < 4 || !packOps(ops.fwd, packed) || (kSingle && !(kf && M / 2 >= pk::kMinCount)))
    return false;
  const pk::Kernels<double> *kd = !kSingle && M / 2 >= pk::kMinCount ? pk::doubleKernels() : nullptr;
  Real *R = rb.reserve(size_t(1) << n);
  if (!R)
    return false;
  Side in, to;
  in.p = inPacked ? R : nullptr, in.c[0] = inPacked ? nullptr : psi;
  to.p = out ? R : nullptr, to.c[0] = out ? nullptr : psi;
  const bool ok =
      ch.eachPacked<1>(n, in, to, [&](Real *v, int) { runPackedChunk(kf, kd, packed, v, M); });
  if (ok)
    rb.packed = out;
  return ok;
}

} // namespace

namespace masq {
namespace rtc {
inline namespace MASQ_RTC_PREC {

RunBuffer &runBuffer(bool backward) {
  thread_local RunBuffer forward, back;
  return backward ? back : forward;
}

bool runsOn() {
  static const bool on = !(std::getenv("MASQ_RT_BLOCK_RUNS") &&
                           std::getenv("MASQ_RT_BLOCK_RUNS")[0] == '0');
  return on;
}

void blockForward(const char *fn, Real *psi, int32_t n, const int32_t *qs, int32_t k,
                  const int32_t *desc, int32_t ngates, const double *angles, int32_t run) {
  std::vector<LocalGate> gs;
  uint64_t mask = 0;
  if (!psi) {
    report(Status::BadArgument, fn, "null state pointer");
    return;
  }
  if (!prepare(fn, n, qs, k, desc, ngates, angles, gs, mask))
    return;
  if (run) {
    RunBuffer &rb = runBuffer(false);
    const bool inPacked = run != kRunFirst && rb.psi == psi && rb.packed;
    rb.psi = run == kRunLast ? nullptr : psi;
    bool done = false;
    guarded(fn, [&] {
      done = forwardRun(n, psi, qs, k, gs, angles, inPacked, run != kRunLast, rb);
      if (!done && inPacked)
        unpackRun<1>(n, rb.reserve(size_t(1) << n), psi, nullptr);
    });
    if (done || tCode)
      return;
    rb.packed = false;
  }
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
          runPackedChunk(kf, nullptr, packed, v.data(), M);
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
          runPackedChunk(nullptr, kd, packed, v.data(), M);
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
                   double *dangles, int32_t run) {
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
    // A packed chunk v = psi + i lam (M complex numbers) on the float
    // kernels, the AVX-512 double ones or the runtime's.
    auto packedSweep = [&](auto *v, double *row) {
      if (kf)
        kernelSweep(*kf, reinterpret_cast<std::complex<float> *>(v), row, kL1Bits + 1);
      else if (kd)
        kernelSweep(*kd, reinterpret_cast<cplx *>(v), row, kL1Bits);
      else
        sweep(reinterpret_cast<cplx *>(v), nullptr, row);
    };
    // In a run (RunBuffer): psi and lam packed as one array between the
    // blocks, where the chunks are real and run packed.
    if (run) {
      RunBuffer &rb = runBuffer(true);
      // A dead state (kRunLastDead) is swept in place in the buffer, or
      // read from it and not written, and the buffer is then let go.
      const bool dead = run == kRunLastDead;
      const bool inPacked = run != kRunFirst && rb.psi == psi && rb.packed,
                 out = run != kRunLast && !(dead && inPacked);
      rb.psi = out && !dead ? psi : nullptr, rb.packed = false;
      Real *P = (inPacked || out) && (kf || (!kSingle && packable && M >= 4))
                    ? rb.reserve(size_t(2) << n)
                    : nullptr;
      if (P) {
        Side in, to;
        in.p = inPacked ? P : nullptr, to.p = out ? P : nullptr;
        if (!inPacked)
          in.c[0] = psi, in.c[1] = lam;
        if (!out && !dead)
          to.c[0] = psi, to.c[1] = lam;
        if (dead && inPacked && ch.contiguous)
          to.p = P; // in place: nothing moves
        if (ch.eachPacked<2>(n, in, to, [&](Real *v, int t) {
              packedSweep(v, &acc[size_t(t) * stride]);
            })) {
          rb.packed = out && !dead;
          return;
        }
        std::fill(acc.begin(), acc.end(), 0.0); // not real: psi and lam as they were
      } else if (inPacked) {
        unpackRun<2>(n, rb.reserve(size_t(2) << n), psi, lam);
      }
    }
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
        packedSweep(v.data(), row);
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
          packedSweep(v.data(), row);
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

extern "C" void MASQ_RTC_SYM(block_run)(Real *psi, int32_t n, const int32_t *qs, int32_t k,
                                   const int32_t *desc, int32_t ngates, const double *angles,
                                   int32_t run) {
  if (masq::dmode::active() && qs && desc)
    return masq::dmode::block(qs, k, desc, ngates, angles);
  if (run < 0 || run > kRunLast) {
    report(Status::BadArgument, __func__, "bad run position %d (0..3)", run);
    return;
  }
  blockForward(__func__, psi, n, qs, k, desc, ngates, angles, runsOn() ? run : 0);
}

extern "C" void MASQ_RTC_SYM(block_back)(Real *psi, Real *lam, int32_t n, const int32_t *qs,
                                    int32_t k, const int32_t *desc, int32_t ngates,
                                    const double *angles, double *dangles) {
  if (masq::dmode::distributed() && qs && desc)
    return masq::dmode::blockBack(qs, k, desc, ngates, angles, dangles);
  blockBackward(__func__, psi, lam, n, qs, k, desc, ngates, angles, dangles);
}

extern "C" void MASQ_RTC_SYM(block_back_run)(Real *psi, Real *lam, int32_t n, const int32_t *qs,
                                        int32_t k, const int32_t *desc, int32_t ngates,
                                        const double *angles, double *dangles, int32_t run) {
  if (masq::dmode::distributed() && qs && desc)
    return masq::dmode::blockBack(qs, k, desc, ngates, angles, dangles);
  if (run < 0 || run > kRunLastDead) {
    report(Status::BadArgument, __func__, "bad run position %d (0..4)", run);
    return;
  }
  blockBackward(__func__, psi, lam, n, qs, k, desc, ngates, angles, dangles, runsOn() ? run : 0);
}
