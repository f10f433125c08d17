//===- Compiled.cpp - ABI called by JIT-compiled model code ---------------===//
//
// Per-sample, per-operation entry points (see Compiled.h). The typical model
// has 6-10 qubits and a few hundred gates per sample, so the call overhead
// dominates: the gates are written here as direct loops over amplitude
// pairs / quadruples with the trigonometry done once per call, no GateOp /
// BwdOp construction, no heap, and validation reduced to a few compares.
// Each kernel is one template instantiated for SSE2 (baseline) and for
// AVX2/FMA (used when the runtime's SIMD switch is on, see below). From
// kDelegateQubits qubits on, the gates go through the runtime's compiled
// kernels (SIMD, OpenMP for large states) instead.
//
//===----------------------------------------------------------------------===//
#include "CompiledKernels.h"
#include "Parallel.h"

using namespace masq::rtc;


//=== errors ===================================================================//

extern "C" const char *masq_rtc_error(void) { return tCode ? tMsg : nullptr; }
extern "C" int32_t masq_rtc_error_code(void) { return tCode; }
extern "C" void masq_rtc_clear_error(void) {
  tCode = 0;
  tMsg[0] = 0;
}

//=== set-up ===================================================================//

extern "C" void masq_rtc_init(double *psi, int32_t n) {
  if (!psi || uint32_t(n) > uint32_t(kMaxN)) {
    badArgs(__func__, psi, nullptr, false, n, 0, 0, 0);
    return;
  }
  masq::rt::parallelZero(psi, size_t(2) << n, n);
  psi[0] = 1;
}

extern "C" void masq_rtc_zero(double *buf, int64_t count) {
  if (count < 0 || (count > 0 && !buf)) {
    report(Status::BadArgument, __func__, "bad buffer (count %lld%s)", (long long)count,
           buf ? "" : ", null pointer");
    return;
  }
  if (count)
    std::memset(buf, 0, size_t(count) * sizeof(double));
}

//=== forward gates ============================================================//

#define MASQ_FIXED1(NAME, KIND, OP)                                                   \
  extern "C" void masq_rtc_##NAME(double *psi, int32_t n, int32_t q) {                \
    if (!ok1(__func__, psi, n, q))                                                    \
      return;                                                                         \
    if (n >= kDelegateQubits)                                                         \
      return bigForward(__func__, KIND, psi, n, &q, nullptr);                         \
    k1(psi, n, q, OP);                                                                \
  }

MASQ_FIXED1(h, Kind::H, OpH{})
MASQ_FIXED1(x, Kind::X, OpX{})
MASQ_FIXED1(y, Kind::Y, OpY{})
MASQ_FIXED1(z, Kind::Z, OpZ{})
MASQ_FIXED1(s, Kind::S, OpS{})
MASQ_FIXED1(sdg, Kind::Sdg, OpSdg{})
MASQ_FIXED1(t, Kind::T, (OpPhase{Cx(kSqrtHalf, kSqrtHalf)}))
MASQ_FIXED1(tdg, Kind::Tdg, (OpPhase{Cx(kSqrtHalf, -kSqrtHalf)}))
MASQ_FIXED1(sx, Kind::SX, (OpMat{Cx(.5, .5), Cx(.5, -.5), Cx(.5, -.5), Cx(.5, .5)}))
MASQ_FIXED1(sxdg, Kind::SXdg, (OpMat{Cx(.5, -.5), Cx(.5, .5), Cx(.5, .5), Cx(.5, -.5)}))

extern "C" void masq_rtc_rx(double *psi, int32_t n, int32_t q, double a) {
  if (!ok1(__func__, psi, n, q) || !okAngle(__func__, a))
    return;
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::RX, psi, n, &q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  k1(psi, n, q, OpRX{c, s});
}

extern "C" void masq_rtc_ry(double *psi, int32_t n, int32_t q, double a) {
  if (!ok1(__func__, psi, n, q) || !okAngle(__func__, a))
    return;
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::RY, psi, n, &q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  k1(psi, n, q, OpReal{c, -s, s, c});
}

extern "C" void masq_rtc_rz(double *psi, int32_t n, int32_t q, double a) {
  if (!ok1(__func__, psi, n, q) || !okAngle(__func__, a))
    return;
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::RZ, psi, n, &q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  k1(psi, n, q, OpDiag{Cx(c, -s), Cx(c, s)});
}

extern "C" void masq_rtc_u3(double *psi, int32_t n, int32_t q, double a, double b,
                            double c) {
  if (!ok1(__func__, psi, n, q) || !okAngle(__func__, a) || !okAngle(__func__, b) ||
      !okAngle(__func__, c))
    return;
  const double ang[3] = {a, b, c};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::U3, psi, n, &q, ang);
  cplx m[4];
  masq::gates::matrix(Kind::U3, ang, m);
  k1(psi, n, q, OpMat{Cx(m[0]), Cx(m[1]), Cx(m[2]), Cx(m[3])});
}

extern "C" void masq_rtc_cx(double *psi, int32_t n, int32_t q0, int32_t q1) {
  if (!ok2(__func__, psi, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CX, psi, n, q, nullptr);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpX{});
}

extern "C" void masq_rtc_cy(double *psi, int32_t n, int32_t q0, int32_t q1) {
  if (!ok2(__func__, psi, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CY, psi, n, q, nullptr);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpY{});
}

extern "C" void masq_rtc_cz(double *psi, int32_t n, int32_t q0, int32_t q1) {
  if (!ok2(__func__, psi, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CZ, psi, n, q, nullptr);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpZ{});
}

extern "C" void masq_rtc_swap(double *psi, int32_t n, int32_t q0, int32_t q1) {
  if (!ok2(__func__, psi, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::SWAP, psi, n, q, nullptr);
  const size_t b0 = size_t(1) << q0, b1 = size_t(1) << q1;
  kq(psi, n, q0, q1, b0, b1, OpX{});
}

extern "C" void masq_rtc_crx(double *psi, int32_t n, int32_t q0, int32_t q1, double a) {
  if (!ok2(__func__, psi, n, q0, q1) || !okAngle(__func__, a))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CRX, psi, n, q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpRX{c, s});
}

extern "C" void masq_rtc_cry(double *psi, int32_t n, int32_t q0, int32_t q1, double a) {
  if (!ok2(__func__, psi, n, q0, q1) || !okAngle(__func__, a))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CRY, psi, n, q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpReal{c, -s, s, c});
}

extern "C" void masq_rtc_crz(double *psi, int32_t n, int32_t q0, int32_t q1, double a) {
  if (!ok2(__func__, psi, n, q0, q1) || !okAngle(__func__, a))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::CRZ, psi, n, q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  kq(psi, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpDiag{Cx(c, -s), Cx(c, s)});
}

extern "C" void masq_rtc_rzz(double *psi, int32_t n, int32_t q0, int32_t q1, double a) {
  if (!ok2(__func__, psi, n, q0, q1) || !okAngle(__func__, a))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigForward(__func__, Kind::RZZ, psi, n, q, &a);
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  kq4(psi, n, q0, q1, OpRZZ{Cx(c, -s), Cx(c, s)}); // e^{-+i a/2}: even / odd parity
}

//=== backward steps ===========================================================//

// Fixed one-qubit gates: OP = U^dagger on both arrays.
#define MASQ_FIXED1_BACK(NAME, KIND, OP)                                              \
  extern "C" void masq_rtc_##NAME##_back(double *psi, double *lam, int32_t n,         \
                                         int32_t q) {                                 \
    if (!ok1b(__func__, psi, lam, n, q))                                              \
      return;                                                                         \
    if (n >= kDelegateQubits)                                                         \
      return bigInverse2(__func__, KIND, psi, lam, n, &q);                            \
    k1x2(psi, lam, n, q, OP);                                                         \
  }

MASQ_FIXED1_BACK(h, Kind::H, OpH{})
MASQ_FIXED1_BACK(x, Kind::X, OpX{})
MASQ_FIXED1_BACK(y, Kind::Y, OpY{})
MASQ_FIXED1_BACK(z, Kind::Z, OpZ{})
MASQ_FIXED1_BACK(s, Kind::S, OpSdg{})
MASQ_FIXED1_BACK(sdg, Kind::Sdg, OpS{})
MASQ_FIXED1_BACK(t, Kind::T, (OpPhase{Cx(kSqrtHalf, -kSqrtHalf)}))
MASQ_FIXED1_BACK(tdg, Kind::Tdg, (OpPhase{Cx(kSqrtHalf, kSqrtHalf)}))
MASQ_FIXED1_BACK(sx, Kind::SX, (OpMat{Cx(.5, -.5), Cx(.5, .5), Cx(.5, .5), Cx(.5, -.5)}))
MASQ_FIXED1_BACK(sxdg, Kind::SXdg, (OpMat{Cx(.5, .5), Cx(.5, -.5), Cx(.5, -.5), Cx(.5, .5)}))

extern "C" double masq_rtc_rx_back(double *psi, double *lam, int32_t n, int32_t q,
                                   double a) {
  if (!ok1b(__func__, psi, lam, n, q) || !okAngle(__func__, a))
    return 0;
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::RX, psi, lam, n, &q, &a, &d);
    return d;
  }
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  return kb1(psi, lam, n, q, BackRX{c, s});
}

extern "C" double masq_rtc_ry_back(double *psi, double *lam, int32_t n, int32_t q,
                                   double a) {
  if (!ok1b(__func__, psi, lam, n, q) || !okAngle(__func__, a))
    return 0;
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::RY, psi, lam, n, &q, &a, &d);
    return d;
  }
  return kb1(psi, lam, n, q, BackRY{std::cos(a / 2), std::sin(a / 2)});
}

extern "C" double masq_rtc_rz_back(double *psi, double *lam, int32_t n, int32_t q,
                                   double a) {
  if (!ok1b(__func__, psi, lam, n, q) || !okAngle(__func__, a))
    return 0;
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::RZ, psi, lam, n, &q, &a, &d);
    return d;
  }
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  return kb1(psi, lam, n, q, BackRZ{c, s});
}

extern "C" void masq_rtc_u3_back(double *psi, double *lam, int32_t n, int32_t q, double a,
                                 double b, double c, double *d3) {
  double d[3] = {0, 0, 0};
  if (!d3) {
    report(Status::BadArgument, __func__, "null derivative output");
    return;
  }
  if (ok1b(__func__, psi, lam, n, q) && okAngle(__func__, a) && okAngle(__func__, b) &&
      okAngle(__func__, c)) {
    // Not a hot gate: the runtime's fused backward kernel at every size.
    const double ang[3] = {a, b, c};
    bigBackward(__func__, Kind::U3, psi, lam, n, &q, ang, d);
  }
  d3[0] = d[0], d3[1] = d[1], d3[2] = d[2];
}

extern "C" void masq_rtc_cx_back(double *psi, double *lam, int32_t n, int32_t q0,
                                 int32_t q1) {
  if (!ok2b(__func__, psi, lam, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigInverse2(__func__, Kind::CX, psi, lam, n, q);
  kqx2(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpX{});
}

extern "C" void masq_rtc_cy_back(double *psi, double *lam, int32_t n, int32_t q0,
                                 int32_t q1) {
  if (!ok2b(__func__, psi, lam, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigInverse2(__func__, Kind::CY, psi, lam, n, q);
  kqx2(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpY{});
}

extern "C" void masq_rtc_cz_back(double *psi, double *lam, int32_t n, int32_t q0,
                                 int32_t q1) {
  if (!ok2b(__func__, psi, lam, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigInverse2(__func__, Kind::CZ, psi, lam, n, q);
  kqx2(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), OpZ{});
}

extern "C" void masq_rtc_swap_back(double *psi, double *lam, int32_t n, int32_t q0,
                                   int32_t q1) {
  if (!ok2b(__func__, psi, lam, n, q0, q1))
    return;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits)
    return bigInverse2(__func__, Kind::SWAP, psi, lam, n, q);
  const size_t b0 = size_t(1) << q0, b1 = size_t(1) << q1;
  kqx2(psi, lam, n, q0, q1, b0, b1, OpX{});
}

extern "C" double masq_rtc_crx_back(double *psi, double *lam, int32_t n, int32_t q0,
                                    int32_t q1, double a) {
  if (!ok2b(__func__, psi, lam, n, q0, q1) || !okAngle(__func__, a))
    return 0;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::CRX, psi, lam, n, q, &a, &d);
    return d;
  }
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  return kbq(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), BackRX{c, s});
}

extern "C" double masq_rtc_cry_back(double *psi, double *lam, int32_t n, int32_t q0,
                                    int32_t q1, double a) {
  if (!ok2b(__func__, psi, lam, n, q0, q1) || !okAngle(__func__, a))
    return 0;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::CRY, psi, lam, n, q, &a, &d);
    return d;
  }
  return kbq(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1),
             BackRY{std::cos(a / 2), std::sin(a / 2)});
}

extern "C" double masq_rtc_crz_back(double *psi, double *lam, int32_t n, int32_t q0,
                                    int32_t q1, double a) {
  if (!ok2b(__func__, psi, lam, n, q0, q1) || !okAngle(__func__, a))
    return 0;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::CRZ, psi, lam, n, q, &a, &d);
    return d;
  }
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  return kbq(psi, lam, n, q0, q1, size_t(1) << q0, (size_t(1) << q0) | (size_t(1) << q1), BackRZ{c, s});
}

extern "C" double masq_rtc_rzz_back(double *psi, double *lam, int32_t n, int32_t q0,
                                    int32_t q1, double a) {
  if (!ok2b(__func__, psi, lam, n, q0, q1) || !okAngle(__func__, a))
    return 0;
  const int q[2] = {q0, q1};
  if (n >= kDelegateQubits) {
    double d = 0;
    bigBackward(__func__, Kind::RZZ, psi, lam, n, q, &a, &d);
    return d;
  }
  const double c = std::cos(a / 2), s = std::sin(a / 2);
  return kbq4(psi, lam, n, q0, q1, BackRZZ{c, s});
}
