//===- Compiled.cpp - ABI called by JIT-compiled model code ---------------===//
//
// Per-sample, per-operation entry points (see Compiled.h): errors, state
// set-up and the gates (encoders, masks and observables are in
// CompiledData.cpp, two samples per state in CompiledPair.cpp, fused blocks
// in CompiledBlock.cpp). The typical model has 6-10 qubits and a few hundred
// gates per sample, so the call overhead dominates: the gates are written
// here as direct loops over amplitude pairs / quadruples with the
// trigonometry done once per call, no GateOp / BwdOp construction, no heap,
// and validation reduced to a few compares. Each kernel is one template
// instantiated for SSE2 (baseline) and for AVX2/FMA (used when the runtime's
// SIMD switch is on, see CompiledKernels.h). From kDelegateQubits qubits on,
// the gates go through the runtime's compiled kernels (SIMD, OpenMP for
// large states) instead.
//
//===----------------------------------------------------------------------===//
#include "CompiledKernels.h"
#include "Parallel.h"
#include "masq/Runtime/DensityMode.h"

using namespace masq::rtc;


#ifndef MASQ_RTC_SINGLE // functions without a state: in the complex128 build only
//=== errors ===================================================================//

extern "C" const char *MASQ_RTC_SYM(error)(void) { return tCode ? tMsg : nullptr; }
extern "C" int32_t MASQ_RTC_SYM(error_code)(void) { return tCode; }
extern "C" void MASQ_RTC_SYM(clear_error)(void) {
  tCode = 0;
  tMsg[0] = 0;
}

#endif

//=== set-up ===================================================================//

extern "C" void MASQ_RTC_SYM(init)(Real *psi, int32_t n) {
  if (!psi || uint32_t(n) > uint32_t(kMaxN)) {
    badArgs(__func__, psi, nullptr, false, n, 0, 0, 0);
    return;
  }
  if (masq::dmode::active()) // the density matrix instead (DensityMode.h)
    return masq::dmode::init();
  masq::rt::parallelZero(psi, size_t(2) << n, n);
  psi[0] = 1;
}

#ifndef MASQ_RTC_SINGLE
extern "C" void MASQ_RTC_SYM(zero)(double *buf, int64_t count) {
  if (count < 0 || (count > 0 && !buf)) {
    report(Status::BadArgument, __func__, "bad buffer (count %lld%s)", (long long)count,
           buf ? "" : ", null pointer");
    return;
  }
  if (masq::dmode::zeroAdjoint(buf)) // the distributed adjoint vector instead
    return;
  // Over the threads for a large buffer, as a state of as many amplitudes
  // (two doubles each) would be.
  if (count >= 2)
    masq::rt::parallelZero(buf, size_t(count), 63 - __builtin_clzll(uint64_t(count) / 2));
  else if (count)
    buf[0] = 0;
}
#endif

//=== gates: a forward entry point and a backward step per MASQ_GATES row =====//
//
// masq_rtc_<name> and masq_rtc_<name>_back are generated from the gate table
// (masq/Core/Gates.h) with the signature its (qubits, params) pair picks (see
// Compiled.h). Small states run a hand-written pair operation when the gate
// has one (Fast<K> below); a gate without one runs through its matrix from
// Gates.h (one-qubit gates) or the runtime's kernels (two-qubit gates, and
// the backward steps of rotations), which is what every gate does from
// kDelegateQubits qubits on. A backward step applies U^dagger to psi and lam
// and, for a rotation, returns dL/dangle.

namespace {

// Which amplitudes a pair operation of a two-qubit gate acts on: the target
// pair where the control (q0) is 1, the pair (01, 10), or the whole quad.
enum class Pairs { One, Controlled, Swapped, Quad };

// Hand-written small-state kernels. A fixed gate has fwd() and inv() (the
// pair operation of U and of U^dagger), a rotation fwd(c, s) and the fused
// backward operation back(c, s), c = cos(a/2), s = sin(a/2).
template <Kind K> struct Fast {
  static constexpr bool kHas = false;
};
#define MASQ_FAST_FIXED(K, PAIRS, FWD, INV)                                           \
  template <> struct Fast<Kind::K> {                                                  \
    static constexpr bool kHas = true;                                                \
    static constexpr Pairs kPairs = Pairs::PAIRS;                                     \
    static auto fwd() { return FWD; }                                                 \
    static auto inv() { return INV; }                                                 \
  };
#define MASQ_FAST_ROTATION(K, PAIRS, FWD, BACK)                                       \
  template <> struct Fast<Kind::K> {                                                  \
    static constexpr bool kHas = true;                                                \
    static constexpr Pairs kPairs = Pairs::PAIRS;                                     \
    static auto fwd(double c, double s) { return FWD; }                               \
    static auto back(double c, double s) { return BACK; }                             \
  };
MASQ_FAST_FIXED(H, One, OpH{}, OpH{})
MASQ_FAST_FIXED(X, One, OpX{}, OpX{})
MASQ_FAST_FIXED(Y, One, OpY{}, OpY{})
MASQ_FAST_FIXED(Z, One, OpZ{}, OpZ{})
MASQ_FAST_FIXED(S, One, OpS{}, OpSdg{})
MASQ_FAST_FIXED(Sdg, One, OpSdg{}, OpS{})
MASQ_FAST_FIXED(T, One, (OpPhase{Cx(kSqrtHalf, kSqrtHalf)}),
                (OpPhase{Cx(kSqrtHalf, -kSqrtHalf)}))
MASQ_FAST_FIXED(Tdg, One, (OpPhase{Cx(kSqrtHalf, -kSqrtHalf)}),
                (OpPhase{Cx(kSqrtHalf, kSqrtHalf)}))
MASQ_FAST_FIXED(CX, Controlled, OpX{}, OpX{})
MASQ_FAST_FIXED(CY, Controlled, OpY{}, OpY{})
MASQ_FAST_FIXED(CZ, Controlled, OpZ{}, OpZ{})
MASQ_FAST_FIXED(SWAP, Swapped, OpX{}, OpX{})
MASQ_FAST_ROTATION(RX, One, (OpRX{c, s}), (BackRX{c, s}))
MASQ_FAST_ROTATION(RY, One, (OpReal{c, -s, s, c}), (BackRY{c, s}))
MASQ_FAST_ROTATION(RZ, One, (OpDiag{Cx(c, -s), Cx(c, s)}), (BackRZ{c, s}))
MASQ_FAST_ROTATION(CRX, Controlled, (OpRX{c, s}), (BackRX{c, s}))
MASQ_FAST_ROTATION(CRY, Controlled, (OpReal{c, -s, s, c}), (BackRY{c, s}))
MASQ_FAST_ROTATION(CRZ, Controlled, (OpDiag{Cx(c, -s), Cx(c, s)}), (BackRZ{c, s}))
// e^{-+i a/2}: even / odd parity
MASQ_FAST_ROTATION(RZZ, Quad, (OpRZZ{Cx(c, -s), Cx(c, s)}), (BackRZZ{c, s}))
#undef MASQ_FAST_FIXED
#undef MASQ_FAST_ROTATION

template <Kind K> constexpr int kQubits = masq::gates::info(K).numQubits;
template <Kind K> constexpr int kParams = masq::gates::info(K).numParams;

// The pair offsets (u, v) of a two-qubit gate's pair operation.
template <Kind K> MASQ_INLINE void pairOffsets(const int32_t *q, size_t &u, size_t &v) {
  const size_t b0 = size_t(1) << q[0], b1 = size_t(1) << q[1];
  if (Fast<K>::kPairs == Pairs::Swapped)
    u = b0, v = b1;
  else
    u = b0, v = b0 | b1;
}

// The pair operation op on psi.
template <Kind K, class Op>
MASQ_INLINE void run(Real *psi, int n, const int32_t *q, Op op) {
  if constexpr (Fast<K>::kPairs == Pairs::One) {
    k1(psi, n, q[0], op);
  } else if constexpr (Fast<K>::kPairs == Pairs::Quad) {
    kq4(psi, n, q[0], q[1], op);
  } else {
    size_t u, v;
    pairOffsets<K>(q, u, v);
    kq(psi, n, q[0], q[1], u, v, op);
  }
}
// The pair operation op on psi and lam.
template <Kind K, class Op>
MASQ_INLINE void run2(Real *psi, Real *lam, int n, const int32_t *q, Op op) {
  if constexpr (Fast<K>::kPairs == Pairs::One) {
    k1x2(psi, lam, n, q[0], op);
  } else {
    size_t u, v;
    pairOffsets<K>(q, u, v);
    kqx2(psi, lam, n, q[0], q[1], u, v, op);
  }
}
// The fused backward operation op; returns dL/dangle.
template <Kind K, class B>
MASQ_INLINE double runBack(Real *psi, Real *lam, int n, const int32_t *q, B op) {
  if constexpr (Fast<K>::kPairs == Pairs::One) {
    return kb1(psi, lam, n, q[0], op);
  } else if constexpr (Fast<K>::kPairs == Pairs::Quad) {
    return kbq4(psi, lam, n, q[0], q[1], op);
  } else {
    size_t u, v;
    pairOffsets<K>(q, u, v);
    return kbq(psi, lam, n, q[0], q[1], u, v, op);
  }
}

// A one-qubit gate's matrix (Gates.h) as a pair operation.
MASQ_INLINE OpMat matrixOp(Kind k, const double *angles) {
  cplx m[4];
  masq::gates::matrix(k, angles, m);
  return OpMat{Cx(m[0]), Cx(m[1]), Cx(m[2]), Cx(m[3])};
}

template <Kind K> MASQ_INLINE bool okQubits(const char *fn, const Real *psi, int32_t n,
                                           const int32_t *q) {
  return kQubits<K> == 1 ? ok1(fn, psi, n, q[0]) : ok2(fn, psi, n, q[0], q[1]);
}
template <Kind K> MASQ_INLINE bool okQubits(const char *fn, const Real *psi,
                                           const Real *lam, int32_t n,
                                           const int32_t *q) {
  return kQubits<K> == 1 ? ok1b(fn, psi, lam, n, q[0])
                         : ok2b(fn, psi, lam, n, q[0], q[1]);
}
template <Kind K> MASQ_INLINE bool okAngles(const char *fn, const double *a) {
  for (int p = 0; p < kParams<K>; ++p)
    if (!okAngle(fn, a[p]))
      return false;
  return true;
}

template <Kind K> MASQ_INLINE void forward(const char *fn, Real *psi, int32_t n,
                                          const int32_t *q, const double *a) {
  if (!okQubits<K>(fn, psi, n, q) || !okAngles<K>(fn, a))
    return;
  if (masq::dmode::active())
    return masq::dmode::gate(K, q, a);
  if (n >= kDelegateQubits)
    return bigForward(fn, K, psi, n, q, a);
  if constexpr (Fast<K>::kHas && kParams<K> == 0) {
    run<K>(psi, n, q, Fast<K>::fwd());
  } else if constexpr (Fast<K>::kHas) {
    run<K>(psi, n, q, Fast<K>::fwd(std::cos(a[0] / 2), std::sin(a[0] / 2)));
  } else if constexpr (kQubits<K> == 1) {
    k1(psi, n, q[0], matrixOp(K, a));
  } else {
    bigForward(fn, K, psi, n, q, a);
  }
}

// Backward step of a fixed gate: U^dagger on psi and lam.
template <Kind K> MASQ_INLINE void inverse(const char *fn, Real *psi, Real *lam,
                                          int32_t n, const int32_t *q) {
  if (!okQubits<K>(fn, psi, lam, n, q))
    return;
  if (masq::dmode::distributed())
    return masq::dmode::gateBack(K, q, nullptr, nullptr);
  if (n >= kDelegateQubits)
    return bigInverse2(fn, K, psi, lam, n, q);
  if constexpr (Fast<K>::kHas)
    run2<K>(psi, lam, n, q, Fast<K>::inv());
  else if constexpr (kQubits<K> == 1)
    k1x2(psi, lam, n, q[0], matrixOp(masq::gates::info(K).adjoint, nullptr));
  else
    bigInverse2(fn, K, psi, lam, n, q);
}

// Backward step of a one-angle rotation; returns dL/dangle.
template <Kind K> MASQ_INLINE double backward(const char *fn, Real *psi, Real *lam,
                                             int32_t n, const int32_t *q, double a) {
  if (!okQubits<K>(fn, psi, lam, n, q) || !okAngle(fn, a))
    return 0;
  double d = 0;
  if (masq::dmode::distributed()) {
    masq::dmode::gateBack(K, q, &a, &d);
    return d;
  }
  if constexpr (Fast<K>::kHas) {
    if (n < kDelegateQubits)
      return runBack<K>(psi, lam, n, q, Fast<K>::back(std::cos(a / 2), std::sin(a / 2)));
  }
  bigBackward(fn, K, psi, lam, n, q, &a, &d);
  return d;
}

// Backward step of a gate with several angles: d[p] = dL/dangle_p (written,
// zeros on error), the runtime's fused backward kernel at every size.
template <Kind K> MASQ_INLINE void backwardN(const char *fn, Real *psi, Real *lam,
                                            int32_t n, const int32_t *q, const double *a,
                                            double *dOut) {
  double d[3] = {0, 0, 0};
  if (!dOut) {
    report(Status::BadArgument, fn, "null derivative output");
    return;
  }
  if (okQubits<K>(fn, psi, lam, n, q) && okAngles<K>(fn, a)) {
    if (masq::dmode::distributed())
      masq::dmode::gateBack(K, q, a, d);
    else
      bigBackward(fn, K, psi, lam, n, q, a, d);
  }
  for (int p = 0; p < kParams<K>; ++p)
    dOut[p] = d[p];
}

} // namespace

// The entry points, by (qubits, params): the signatures of Compiled.h.
#define MASQ_RTC_GATE_1_0(NAME, K)                                                    \
  extern "C" void MASQ_RTC_SYM(NAME)(Real *psi, int32_t n, int32_t q) {                \
    forward<Kind::K>(__func__, psi, n, &q, nullptr);                                  \
  }                                                                                   \
  extern "C" void MASQ_RTC_SYM(NAME##_back)(Real *psi, Real *lam, int32_t n,         \
                                         int32_t q) {                                 \
    inverse<Kind::K>(__func__, psi, lam, n, &q);                                      \
  }
#define MASQ_RTC_GATE_1_1(NAME, K)                                                    \
  extern "C" void MASQ_RTC_SYM(NAME)(Real *psi, int32_t n, int32_t q, double a) {      \
    forward<Kind::K>(__func__, psi, n, &q, &a);                                       \
  }                                                                                   \
  extern "C" double MASQ_RTC_SYM(NAME##_back)(Real *psi, Real *lam, int32_t n,       \
                                           int32_t q, double a) {                     \
    return backward<Kind::K>(__func__, psi, lam, n, &q, a);                           \
  }
#define MASQ_RTC_GATE_1_3(NAME, K)                                                    \
  extern "C" void MASQ_RTC_SYM(NAME)(Real *psi, int32_t n, int32_t q, double a,        \
                                  double b, double c) {                               \
    const double ang[3] = {a, b, c};                                                  \
    forward<Kind::K>(__func__, psi, n, &q, ang);                                      \
  }                                                                                   \
  extern "C" void MASQ_RTC_SYM(NAME##_back)(Real *psi, Real *lam, int32_t n,         \
                                         int32_t q, double a, double b, double c,     \
                                         double *d3) {                                \
    const double ang[3] = {a, b, c};                                                  \
    backwardN<Kind::K>(__func__, psi, lam, n, &q, ang, d3);                           \
  }
#define MASQ_RTC_GATE_2_0(NAME, K)                                                    \
  extern "C" void MASQ_RTC_SYM(NAME)(Real *psi, int32_t n, int32_t q0, int32_t q1) {   \
    const int32_t q[2] = {q0, q1};                                                    \
    forward<Kind::K>(__func__, psi, n, q, nullptr);                                   \
  }                                                                                   \
  extern "C" void MASQ_RTC_SYM(NAME##_back)(Real *psi, Real *lam, int32_t n,         \
                                         int32_t q0, int32_t q1) {                    \
    const int32_t q[2] = {q0, q1};                                                    \
    inverse<Kind::K>(__func__, psi, lam, n, q);                                       \
  }
#define MASQ_RTC_GATE_2_1(NAME, K)                                                    \
  extern "C" void MASQ_RTC_SYM(NAME)(Real *psi, int32_t n, int32_t q0, int32_t q1,     \
                                  double a) {                                         \
    const int32_t q[2] = {q0, q1};                                                    \
    forward<Kind::K>(__func__, psi, n, q, &a);                                        \
  }                                                                                   \
  extern "C" double MASQ_RTC_SYM(NAME##_back)(Real *psi, Real *lam, int32_t n,       \
                                           int32_t q0, int32_t q1, double a) {        \
    const int32_t q[2] = {q0, q1};                                                    \
    return backward<Kind::K>(__func__, psi, lam, n, q, a);                            \
  }
#define MASQ_RTC_GATE(K, NAME, OP, QASM, QUBITS, PARAMS, ...)                         \
  MASQ_RTC_GATE_##QUBITS##_##PARAMS(NAME, K)
MASQ_GATES(MASQ_RTC_GATE)
