//===- Kernels.cpp - Gate compilation, dispatch and threading -------------===//
#include "masq/Runtime/Kernels.h"
#include "masq/Runtime/Status.h"
#include "KernelTable.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#ifdef MASQ_RT_HAVE_OPENMP
#include <omp.h>
#endif

namespace masq {
namespace rt {

//--- configuration -----------------------------------------------------------//

namespace {
std::atomic<int> gThreads{0};
std::atomic<int> gParallelQubits{16};

bool simdSupportedFlag() {
  static const bool s = [] {
#if defined(__x86_64__) || defined(__i386__)
    if (!avx2Kernels<cplx>())
      return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return false;
#endif
  }();
  return s;
}
// MASQ_RT_SIMD=0 in the environment forces the portable kernels.
bool detectSimd() {
  const char *env = std::getenv("MASQ_RT_SIMD");
  return simdSupportedFlag() && !(env && env[0] == '0');
}
std::atomic<bool> gSimd{detectSimd()};

} // namespace

template <class A> const KernelTable<A> &tableFor(size_t freeCount) {
  // The SIMD kernels work on pairs of free indices.
  if (gSimd.load(std::memory_order_relaxed) && freeCount >= 2)
    return *avx2Kernels<A>();
  return scalarKernels<A>();
}

namespace {

int hardwareThreads() {
#ifdef MASQ_RT_HAVE_OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

// Large loops give each thread one contiguous, cache-line aligned slice
// (static schedule: measured 2x faster here than finer dynamic chunks, which
// break the hardware prefetchers' long streams). Partial sums are kept per
// slice and added in slice order, so a given thread count always gives the
// same bits.
void chunkRange(size_t K, int c, int C, size_t &b, size_t &e) {
  const size_t blocks = (K + 63) / 64;
  b = std::min(K, blocks * size_t(c) / size_t(C) * 64);
  e = std::min(K, blocks * size_t(c + 1) / size_t(C) * 64);
}

template <class F> void forRange(size_t K, int nTotal, const F &f) {
  const int T = threadsFor(nTotal);
  if (T <= 1 || K < 8192) {
    f(size_t(0), K);
    return;
  }
#ifdef MASQ_RT_HAVE_OPENMP
  const int C = std::min(T, kMaxChunks);
#pragma omp parallel for schedule(static, 1) num_threads(C)
  for (int c = 0; c < C; ++c) {
    size_t b, e;
    chunkRange(K, c, C, b, e);
    if (b < e)
      f(b, e);
  }
#endif
}

// Same with an accumulator of 3 doubles.
template <class F> void forRangeAcc(size_t K, int nTotal, double *acc, const F &f) {
  const int T = threadsFor(nTotal);
  if (T <= 1 || K < 8192) {
    f(size_t(0), K, acc);
    return;
  }
#ifdef MASQ_RT_HAVE_OPENMP
  const int C = std::min(T, kMaxChunks);
  double part[kMaxChunks][4] = {};
#pragma omp parallel for schedule(static, 1) num_threads(C)
  for (int c = 0; c < C; ++c) {
    size_t b, e;
    chunkRange(K, c, C, b, e);
    if (b < e)
      f(b, e, part[c]);
  }
  for (int c = 0; c < C; ++c)
    for (int j = 0; j < 3; ++j)
      acc[j] += part[c][j];
#endif
}
} // namespace

int threadsFor(int nTotal) {
  if (nTotal < gParallelQubits.load(std::memory_order_relaxed))
    return 1;
#ifdef MASQ_RT_HAVE_OPENMP
  if (omp_in_parallel())
    return 1; // already inside a sample-parallel loop
#endif
  return numThreads();
}

void setNumThreads(int n) { gThreads = n < 0 ? 0 : n; }
int numThreads() {
  const int n = gThreads.load(std::memory_order_relaxed);
  return n > 0 ? n : hardwareThreads();
}
void setParallelQubits(int n) { gParallelQubits = std::max(1, n); }
int parallelQubits() { return gParallelQubits; }
void setSimdEnabled(bool on) { gSimd = on && simdSupportedFlag(); }
bool simdEnabled() { return gSimd; }
bool simdSupported() { return simdSupportedFlag(); }

//--- validation ------------------------------------------------------------//

void checkQubits(const int *qubits, int k, int n) {
  if (k > 0 && !qubits)
    fail(Status::BadArgument, "null qubit list");
  for (int i = 0; i < k; ++i) {
    if (qubits[i] < 0 || qubits[i] >= n)
      fail(Status::BadQubit, "qubit index " + std::to_string(qubits[i]) +
                                 " out of range [0, " + std::to_string(n) + ")");
    for (int j = 0; j < i; ++j)
      if (qubits[j] == qubits[i])
        fail(Status::DuplicateQubit,
             "qubit " + std::to_string(qubits[i]) + " used twice in one operation");
  }
}

void checkUnitary(const cplx *m, int dim) {
  for (int i = 0; i < dim * dim; ++i)
    if (!std::isfinite(m[i].real()) || !std::isfinite(m[i].imag()))
      fail(Status::NonFinite, "matrix entry is NaN or infinite");
  double worst = 0;
  for (int r = 0; r < dim; ++r)
    for (int c = 0; c < dim; ++c) {
      cplx s = 0;
      for (int j = 0; j < dim; ++j)
        s += m[r * dim + j] * std::conj(m[c * dim + j]);
      worst = std::max(worst, std::abs(s - (r == c ? 1.0 : 0.0)));
    }
  if (worst > 1e-9)
    fail(Status::NonUnitary, "matrix is not unitary: max |U U^dagger - I| = " +
                                 std::to_string(worst));
}

//--- compilation -----------------------------------------------------------//

GateOp compileGate(gates::Kind kind, const int *qubits, const double *angles) {
  using gates::Kind;
  GateOp op;
  const int nq = gates::info(kind).numQubits;
  op.k = nq;
  for (int i = 0; i < nq; ++i)
    op.q[i] = qubits[i];
  cplx m[16];
  gates::matrix(kind, angles, m);
  // The cheapest form, read off the gate table: the permutations X, CX and
  // SWAP have their own kernels; otherwise diagonal, then real (one qubit)
  // or controlled (two qubits), then dense.
  const bool diagonal = gates::info(kind).diagonal;
  if (kind == Kind::X) {
    op.form = KForm::X1;
  } else if (kind == Kind::CX) {
    op.form = KForm::CX;
  } else if (kind == Kind::SWAP) {
    op.form = KForm::Swap;
  } else if (nq == 1 && diagonal) {
    op.form = KForm::Diag1;
    op.m[0] = m[0], op.m[1] = m[3];
  } else if (nq == 1 && gates::isReal(kind)) {
    op.form = KForm::Real1;
    for (int i = 0; i < 4; ++i)
      op.r[i] = m[i].real();
  } else if (nq == 1) {
    op.form = KForm::Mat1;
    std::copy(m, m + 4, op.m);
  } else if (diagonal) {
    op.form = KForm::Diag2;
    op.m[0] = m[0], op.m[1] = m[5], op.m[2] = m[10], op.m[3] = m[15];
  } else if (gates::isControlled(kind)) {
    // Gates.h layout: the control-1 block sits at local indices 1 and 3.
    op.form = KForm::CMat1;
    op.m[0] = m[5], op.m[1] = m[7], op.m[2] = m[13], op.m[3] = m[15];
  } else {
    op.form = KForm::Mat2;
    std::copy(m, m + 16, op.m);
  }
  return op;
}

GateOp compileInverse(gates::Kind kind, const int *qubits, const double *angles) {
  double adj[3] = {0, 0, 0};
  if (gates::info(kind).numParams)
    gates::adjointAngles(kind, angles, adj);
  return compileGate(gates::info(kind).adjoint, qubits, adj);
}

GateOp compileUnitary(const int *qubits, int k, const cplx *m) {
  GateOp op;
  op.k = k;
  for (int i = 0; i < k; ++i)
    op.q[i] = qubits[i];
  if (k == 1) {
    op.form = KForm::Mat1;
    std::copy(m, m + 4, op.m);
  } else if (k == 2) {
    op.form = KForm::Mat2;
    std::copy(m, m + 16, op.m);
  } else {
    op.form = KForm::MatK;
    op.big.assign(m, m + (size_t(1) << (2 * k)));
  }
  return op;
}

GateOp inverseOf(const GateOp &op) {
  GateOp inv = op;
  auto adjoint = [](const cplx *in, cplx *out, int dim) {
    for (int r = 0; r < dim; ++r)
      for (int c = 0; c < dim; ++c)
        out[c * dim + r] = std::conj(in[r * dim + c]);
  };
  switch (op.form) {
  case KForm::X1: case KForm::CX: case KForm::Swap:
    break; // self-inverse permutations
  case KForm::Real1:
    inv.r[1] = op.r[2], inv.r[2] = op.r[1];
    break;
  case KForm::RealCX: // (CX r)^-1 = r^T CX
    inv.r[1] = op.r[2], inv.r[2] = op.r[1];
    inv.cxFirst = !op.cxFirst;
    break;
  case KForm::Diag1:
    inv.m[0] = std::conj(op.m[0]), inv.m[1] = std::conj(op.m[1]);
    break;
  case KForm::Diag2:
    for (int i = 0; i < 4; ++i)
      inv.m[i] = std::conj(op.m[i]);
    break;
  case KForm::Mat1: case KForm::CMat1:
    adjoint(op.m, inv.m, 2);
    break;
  case KForm::Mat2:
    adjoint(op.m, inv.m, 4);
    break;
  case KForm::MatK:
    adjoint(op.big.data(), inv.big.data(), 1 << op.k);
    break;
  }
  return inv;
}

void mergeRotationCX(std::vector<GateOp> &ops) {
  auto touches = [](const GateOp &op, int q) {
    return std::find(op.q, op.q + op.k, q) != op.q + op.k;
  };
  const int count = int(ops.size());
  std::vector<char> gone(size_t(count), 0);
  for (int i = 0; i < count; ++i) {
    GateOp &cx = ops[size_t(i)];
    if (cx.form != KForm::CX)
      continue;
    const int t = cx.q[1];
    // The target's nearest live op on either side (a merged Real1 is gone:
    // its effect now sits in the RealCX it joined).
    auto nearest = [&](int from, int step) {
      for (int j = from; j >= 0 && j < count; j += step)
        if (!gone[size_t(j)] && touches(ops[size_t(j)], t))
          return ops[size_t(j)].form == KForm::Real1 ? j : -1;
      return -1;
    };
    bool cxFirst = false;
    int j = nearest(i - 1, -1);
    if (j < 0)
      j = nearest(i + 1, +1), cxFirst = true;
    if (j < 0)
      continue;
    std::copy(ops[size_t(j)].r, ops[size_t(j)].r + 4, cx.r);
    cx.form = KForm::RealCX;
    cx.cxFirst = cxFirst;
    gone[size_t(j)] = 1;
  }
  size_t w = 0;
  for (int i = 0; i < count; ++i)
    if (!gone[size_t(i)])
      ops[w++] = std::move(ops[size_t(i)]);
  ops.resize(w);
}

size_t freeCount(const GateOp &op, int n) { return (size_t(1) << n) >> op.k; }

template <class A>
void applyRange(const KernelTable<A> &t, const GateOp &op, A *psi, size_t b, size_t e) {
  const int q0 = op.q[0], q1 = op.q[1];
  switch (op.form) {
  case KForm::Mat1: t.mat1(psi, q0, op.m, b, e); return;
  case KForm::Real1: t.real1(psi, q0, op.r, b, e); return;
  case KForm::Diag1: t.diag1(psi, q0, op.m, b, e); return;
  case KForm::X1: t.x1(psi, q0, b, e); return;
  case KForm::CX: t.cx(psi, q0, q1, b, e); return;
  case KForm::Swap: t.swap(psi, q0, q1, b, e); return;
  case KForm::CMat1: t.cmat1(psi, q0, q1, op.m, b, e); return;
  case KForm::Diag2: t.diag2(psi, q0, q1, op.m, b, e); return;
  case KForm::Mat2: t.mat2(psi, q0, q1, op.m, b, e); return;
  case KForm::MatK: t.matk(psi, op.q, op.k, op.big.data(), b, e); return;
  case KForm::RealCX: t.realcx(psi, q0, q1, op.r, op.cxFirst, b, e); return;
  }
}

template <class A> void apply(const GateOp &op, A *psi, int n) {
  const size_t K = freeCount(op, n);
  const KernelTable<A> &t = tableFor<A>(K);
  if (n < gParallelQubits.load(std::memory_order_relaxed)) {
    applyRange(t, op, psi, 0, K); // small state: no threading machinery
    return;
  }
  forRange(K, n, [&](size_t b, size_t e) { applyRange(t, op, psi, b, e); });
}

template <class A>
void apply2Range(const KernelTable<A> &t, const GateOp &op, A *a, A *c, size_t b, size_t e) {
  if (op.form == KForm::CX) { // the most common parameter-free gate: one loop
    t.cx2(a, c, op.q[0], op.q[1], b, e);
    return;
  }
  applyRange(t, op, a, b, e);
  applyRange(t, op, c, b, e);
}

template <class A> void apply2(const GateOp &op, A *a, A *c, int n) {
  const size_t K = freeCount(op, n);
  const KernelTable<A> &t = tableFor<A>(K);
  if (n < gParallelQubits.load(std::memory_order_relaxed)) {
    apply2Range(t, op, a, c, 0, K);
    return;
  }
  // Both arrays chunk by chunk inside one parallel region.
  forRange(K, n, [&](size_t b, size_t e) { apply2Range(t, op, a, c, b, e); });
}

//--- backward --------------------------------------------------------------//

BwdOp compileBackward(gates::Kind kind, const int *qubits, const double *angles) {
  const auto &inf = gates::info(kind);
  const int dim = 1 << inf.numQubits;
  BwdOp op;
  op.np = inf.numParams;
  for (int i = 0; i < inf.numQubits; ++i)
    op.q[i] = qubits[i];
  cplx u[16], v[16], d[16], md[3][16];
  gates::matrix(kind, angles, u);
  for (int r = 0; r < dim; ++r)
    for (int c = 0; c < dim; ++c)
      v[r * dim + c] = std::conj(u[c * dim + r]); // U^dagger
  for (int p = 0; p < op.np; ++p) {
    gates::derivative(kind, angles, p, d);
    for (int r = 0; r < dim; ++r)
      for (int c = 0; c < dim; ++c) {
        cplx s = 0;
        for (int j = 0; j < dim; ++j)
          s += d[r * dim + j] * v[j * dim + c];
        md[p][r * dim + c] = s;
      }
  }
  // As compileGate: diagonal, then real (one qubit, one angle), then dense.
  if (dim == 2 && inf.diagonal) {
    op.form = BForm::Diag1;
    op.v[0] = v[0], op.v[1] = v[3];
    for (int p = 0; p < op.np; ++p)
      op.m[p][0] = md[p][0], op.m[p][1] = md[p][3];
  } else if (dim == 2 && op.np == 1 && gates::isReal(kind)) {
    op.form = BForm::Real1;
    // dU/da U^dagger of a rotation exp(-i a G / 2) is -i G / 2 whatever
    // the angle (RY: [[0, -1/2], [1/2, 0]]); its zeros come out of the
    // product above as rounding (up to 1e-16), which is set to 0 so that
    // the backward kernels take their off-diagonal form (pReal1, and
    // PackedKernels.h's back: two terms of four).
    for (int i = 0; i < 4; ++i) {
      const double m = md[0][i].real();
      op.rv[i] = v[i].real(), op.rm[i] = std::abs(m) < 1e-14 ? 0.0 : m;
    }
  } else if (inf.diagonal) {
    op.form = BForm::Diag2;
    for (int i = 0; i < 4; ++i) {
      op.v[i] = v[i * 5];
      for (int p = 0; p < op.np; ++p)
        op.m[p][i] = md[p][i * 5];
    }
  } else {
    op.form = dim == 2 ? BForm::Mat1 : BForm::Mat2;
    std::copy(v, v + dim * dim, op.v);
    for (int p = 0; p < op.np; ++p)
      std::copy(md[p], md[p] + dim * dim, op.m[p]);
  }
  return op;
}

template <class A>
void backwardRange(const KernelTable<A> &t, const BwdOp &op, A *psi, A *lam, double *acc,
                   size_t b, size_t e) {
  const int q0 = op.q[0], q1 = op.q[1];
  switch (op.form) {
  case BForm::Real1: t.bReal1(psi, lam, q0, op.rv, op.rm, acc, b, e); return;
  case BForm::Mat1: t.bMat1(psi, lam, q0, op.v, op.m, op.np, acc, b, e); return;
  case BForm::Diag1: t.bDiag1(psi, lam, q0, op.v, op.m, op.np, acc, b, e); return;
  case BForm::Diag2: t.bDiag2(psi, lam, q0, q1, op.v, op.m, op.np, acc, b, e); return;
  case BForm::Mat2: t.bMat2(psi, lam, q0, q1, op.v, op.m, op.np, acc, b, e); return;
  }
}

template <class A>
void applyBackward(const BwdOp &op, A *psi, A *lam, int n, double *acc) {
  const size_t K = (size_t(1) << n) >> bwdArity(op);
  const KernelTable<A> &t = tableFor<A>(K);
  if (n < gParallelQubits.load(std::memory_order_relaxed)) {
    backwardRange(t, op, psi, lam, acc, 0, K);
    return;
  }
  forRangeAcc(K, n, acc, [&](size_t b, size_t e, double *a) {
    backwardRange(t, op, psi, lam, a, b, e);
  });
}

//--- packed backward (real circuits) ----------------------------------------//

namespace {
// acc[p] += Im(v)^T Re(M_p) Re(v) over the gate's local amplitudes, for the
// dense forms (CRY), free indices [b, e).
template <class A>
void packedDot(const BwdOp &op, const A *v, double *acc, size_t b, size_t e) {
  const bool two = op.form == BForm::Mat2;
  const int dim = two ? 4 : 2;
  const int lo = two ? std::min(op.q[0], op.q[1]) : op.q[0];
  const int hi = two ? std::max(op.q[0], op.q[1]) : op.q[0];
  const size_t off[4] = {0, size_t(1) << op.q[0], two ? size_t(1) << op.q[1] : 0,
                         two ? (size_t(1) << op.q[0]) | (size_t(1) << op.q[1]) : 0};
  double a[3] = {0, 0, 0};
  for (size_t k = b; k < e; ++k) {
    const size_t i = two ? insertZero2(k, lo, hi) : insertZero(k, lo);
    for (int p = 0; p < op.np; ++p)
      for (int r = 0; r < dim; ++r) {
        double s = 0;
        for (int c = 0; c < dim; ++c)
          s += op.m[p][r * dim + c].real() * v[i + off[c]].real();
        a[p] += v[i + off[r]].imag() * s;
      }
  }
  for (int p = 0; p < op.np; ++p)
    acc[p] += a[p];
}

bool real(const cplx *m, int count) {
  for (int i = 0; i < count; ++i)
    if (m[i].imag() != 0)
      return false;
  return true;
}
} // namespace

bool realOp(const GateOp &op) {
  switch (op.form) {
  case KForm::Real1: case KForm::X1: case KForm::CX: case KForm::Swap: case KForm::RealCX:
    return true;
  case KForm::Diag1:
    return real(op.m, 2);
  case KForm::Mat1: case KForm::CMat1: case KForm::Diag2:
    return real(op.m, 4);
  case KForm::Mat2:
    return real(op.m, 16);
  case KForm::MatK:
    return real(op.big.data(), int(op.big.size()));
  }
  return false;
}

bool packableBackward(const BwdOp &op) {
  switch (op.form) {
  case BForm::Real1:
    return true;
  case BForm::Mat1: case BForm::Mat2: {
    const int count = op.form == BForm::Mat1 ? 4 : 16;
    for (int p = 0; p < op.np; ++p)
      if (!real(op.m[p], count))
        return false;
    return real(op.v, count);
  }
  default:
    return false;
  }
}

template <class A>
void packedRange(const KernelTable<A> &t, const BwdOp &op, A *v, double *acc, size_t b,
                 size_t e) {
  switch (op.form) {
  case BForm::Real1:
    t.pReal1(v, op.q[0], op.rv, op.rm, acc, b, e);
    return;
  case BForm::Mat1:
    packedDot(op, v, acc, b, e);
    t.mat1(v, op.q[0], op.v, b, e);
    return;
  case BForm::Mat2:
    packedDot(op, v, acc, b, e);
    t.mat2(v, op.q[0], op.q[1], op.v, b, e);
    return;
  default:
    fail(Status::BadArgument, "packed backward step of a complex gate");
  }
}

template <class A> void applyBackwardPacked(const BwdOp &op, A *v, int n, double *acc) {
  const size_t K = (size_t(1) << n) >> bwdArity(op);
  const KernelTable<A> &t = tableFor<A>(K);
  if (n < gParallelQubits.load(std::memory_order_relaxed)) {
    packedRange(t, op, v, acc, 0, K);
    return;
  }
  forRangeAcc(K, n, acc, [&](size_t b, size_t e, double *a) { packedRange(t, op, v, a, b, e); });
}

// Both storage types (Kernels.h).
#define MASQ_RT_INSTANTIATE(A)                                                        \
  template const KernelTable<A> &tableFor<A>(size_t);                                \
  template void applyRange<A>(const KernelTable<A> &, const GateOp &, A *, size_t,    \
                              size_t);                                                \
  template void apply<A>(const GateOp &, A *, int);                                   \
  template void apply2Range<A>(const KernelTable<A> &, const GateOp &, A *, A *,      \
                               size_t, size_t);                                       \
  template void apply2<A>(const GateOp &, A *, A *, int);                             \
  template void backwardRange<A>(const KernelTable<A> &, const BwdOp &, A *, A *,     \
                                 double *, size_t, size_t);                           \
  template void applyBackward<A>(const BwdOp &, A *, A *, int, double *);            \
  template void packedRange<A>(const KernelTable<A> &, const BwdOp &, A *, double *,  \
                               size_t, size_t);                                       \
  template void applyBackwardPacked<A>(const BwdOp &, A *, int, double *);
MASQ_RT_INSTANTIATE(cplx)
MASQ_RT_INSTANTIATE(cplxf)
#undef MASQ_RT_INSTANTIATE

} // namespace rt
} // namespace masq
