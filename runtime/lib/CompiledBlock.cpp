//===- CompiledBlock.cpp - fused gate blocks of the compiled-code ABI -----===//
//
// A block is a sequence of gates on k qubits applied in ONE sweep over the
// state (cache blocking): the state is cut into chunks of 2^m amplitudes
// that differ only in m chunk qubits (the block's qubits, filled up with the
// lowest other qubits to m = 12, 64 KiB); each chunk is gathered into a
// buffer (or used in place when the chunk qubits are 0..m-1), every gate of
// the block runs on it with the one-gate SIMD kernels as on a small state,
// and it is scattered back. The backward step does the adjoint sweep of the
// block's gates chunk by chunk the same way (un-compute psi and lam, sum
// each angle's derivative over the chunks), so a block stays exactly
// differentiable in every angle. What it saves is memory traffic: worth it
// once the state does not fit the caches (the compiler's cost model,
// passes/lib/FuseGates.cpp, decides).
//
//===----------------------------------------------------------------------===//
#include "CompiledKernels.h"
#include "masq/Runtime/Compiled.h"

#include <algorithm>
#include <vector>

using namespace masq::rtc;

namespace {

constexpr int kMaxBlockQubits = 10;

constexpr int kChunkQubits = 13; // psi + lam chunks: 256 KiB, in L2

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

// One gate on a chunk of m qubits (q0, q1 chunk positions).
void forward(Kind k, double *p, int m, int q0, int q1, const double *a) {
  switch (k) {
  case Kind::H: return masq_rtc_h(p, m, q0);
  case Kind::X: return masq_rtc_x(p, m, q0);
  case Kind::Y: return masq_rtc_y(p, m, q0);
  case Kind::Z: return masq_rtc_z(p, m, q0);
  case Kind::S: return masq_rtc_s(p, m, q0);
  case Kind::Sdg: return masq_rtc_sdg(p, m, q0);
  case Kind::T: return masq_rtc_t(p, m, q0);
  case Kind::Tdg: return masq_rtc_tdg(p, m, q0);
  case Kind::RX: return masq_rtc_rx(p, m, q0, a[0]);
  case Kind::RY: return masq_rtc_ry(p, m, q0, a[0]);
  case Kind::RZ: return masq_rtc_rz(p, m, q0, a[0]);
  case Kind::U3: return masq_rtc_u3(p, m, q0, a[0], a[1], a[2]);
  case Kind::CX: return masq_rtc_cx(p, m, q0, q1);
  case Kind::CY: return masq_rtc_cy(p, m, q0, q1);
  case Kind::CZ: return masq_rtc_cz(p, m, q0, q1);
  case Kind::SWAP: return masq_rtc_swap(p, m, q0, q1);
  case Kind::CRX: return masq_rtc_crx(p, m, q0, q1, a[0]);
  case Kind::CRY: return masq_rtc_cry(p, m, q0, q1, a[0]);
  case Kind::CRZ: return masq_rtc_crz(p, m, q0, q1, a[0]);
  case Kind::RZZ: return masq_rtc_rzz(p, m, q0, q1, a[0]);
  }
}

// Its backward step; d[0..numParams) gets this chunk's dL/dangle.
void backward(Kind k, double *p, double *l, int m, int q0, int q1, const double *a,
              double *d) {
  switch (k) {
  case Kind::H: return masq_rtc_h_back(p, l, m, q0);
  case Kind::X: return masq_rtc_x_back(p, l, m, q0);
  case Kind::Y: return masq_rtc_y_back(p, l, m, q0);
  case Kind::Z: return masq_rtc_z_back(p, l, m, q0);
  case Kind::S: return masq_rtc_s_back(p, l, m, q0);
  case Kind::Sdg: return masq_rtc_sdg_back(p, l, m, q0);
  case Kind::T: return masq_rtc_t_back(p, l, m, q0);
  case Kind::Tdg: return masq_rtc_tdg_back(p, l, m, q0);
  case Kind::RX: d[0] = masq_rtc_rx_back(p, l, m, q0, a[0]); return;
  case Kind::RY: d[0] = masq_rtc_ry_back(p, l, m, q0, a[0]); return;
  case Kind::RZ: d[0] = masq_rtc_rz_back(p, l, m, q0, a[0]); return;
  case Kind::U3: return masq_rtc_u3_back(p, l, m, q0, a[0], a[1], a[2], d);
  case Kind::CX: return masq_rtc_cx_back(p, l, m, q0, q1);
  case Kind::CY: return masq_rtc_cy_back(p, l, m, q0, q1);
  case Kind::CZ: return masq_rtc_cz_back(p, l, m, q0, q1);
  case Kind::SWAP: return masq_rtc_swap_back(p, l, m, q0, q1);
  case Kind::CRX: d[0] = masq_rtc_crx_back(p, l, m, q0, q1, a[0]); return;
  case Kind::CRY: d[0] = masq_rtc_cry_back(p, l, m, q0, q1, a[0]); return;
  case Kind::CRZ: d[0] = masq_rtc_crz_back(p, l, m, q0, q1, a[0]); return;
  case Kind::RZZ: d[0] = masq_rtc_rzz_back(p, l, m, q0, q1, a[0]); return;
  }
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

  Chunks(int32_t n, const int32_t *qs, int32_t k) {
    m = std::min<int>(n, std::max<int>(k, kChunkQubits));
    qubits.assign(qs, qs + k);
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

  // f(chunk pointers...) on every chunk of the given buffers, in place or
  // through thread-local copies.
  template <class F> void each(int32_t n, double *a, double *b, F &&f) {
    const size_t M = size_t(1) << m;
    if (contiguous) {
      for (size_t base = 0; base < (size_t(1) << n); base += M)
        f(a + 2 * base, b ? b + 2 * base : nullptr);
      return;
    }
    thread_local std::vector<double> ta, tb;
    ta.resize(2 * M), tb.resize(b ? 2 * M : 0);
    const size_t len = size_t(2) << run; // doubles per run
    forGroups(n, mask, [&](size_t g) {
      for (size_t j = 0; j < offs.size(); ++j) {
        const size_t i = 2 * (g | offs[j]);
        std::copy(a + i, a + i + len, ta.data() + j * len);
        if (b)
          std::copy(b + i, b + i + len, tb.data() + j * len);
      }
      f(ta.data(), b ? tb.data() : nullptr);
      for (size_t j = 0; j < offs.size(); ++j) {
        const size_t i = 2 * (g | offs[j]);
        std::copy(ta.data() + j * len, ta.data() + (j + 1) * len, a + i);
        if (b)
          std::copy(tb.data() + j * len, tb.data() + (j + 1) * len, b + i);
      }
    });
  }
};

} // namespace

extern "C" void masq_rtc_block(double *psi, int32_t n, const int32_t *qs, int32_t k,
                               const int32_t *desc, int32_t ngates, const double *angles) {
  const char *fn = __func__;
  std::vector<LocalGate> gs;
  uint64_t mask = 0;
  if (!psi) {
    report(Status::BadArgument, fn, "null state pointer");
    return;
  }
  if (!prepare(fn, n, qs, k, desc, ngates, angles, gs, mask))
    return;
  Chunks ch(n, qs, k);
  ch.each(n, psi, nullptr, [&](double *p, double *) {
    for (const LocalGate &g : gs)
      forward(g.kind, p, ch.m, ch.pos[size_t(g.a)], g.b < 0 ? -1 : ch.pos[size_t(g.b)],
              angles + g.firstAngle);
  });
}

extern "C" void masq_rtc_block_back(double *psi, double *lam, int32_t n, const int32_t *qs,
                                    int32_t k, const int32_t *desc, int32_t ngates,
                                    const double *angles, double *dangles) {
  const char *fn = __func__;
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
  std::vector<double> acc(size_t(numAngles), 0.0);
  Chunks ch(n, qs, k);
  ch.each(n, psi, lam, [&](double *p, double *l) {
    double d[3];
    for (auto it = gs.rbegin(); it != gs.rend(); ++it) {
      const LocalGate &g = *it;
      backward(g.kind, p, l, ch.m, ch.pos[size_t(g.a)], g.b < 0 ? -1 : ch.pos[size_t(g.b)],
               angles + g.firstAngle, d);
      for (int q = 0; q < g.numParams; ++q)
        acc[size_t(g.firstAngle + q)] += d[q];
    }
  });
  if (dangles)
    for (int i = 0; i < numAngles; ++i)
      dangles[i] = acc[size_t(i)];
}
