//===- Gates.h - The one table of gate numbers ------------------*- C++ -*-===//
//
// Every gate of the masq language: arity, parameter count, OpenQASM name,
// adjoint rule, matrix and derivative. The dialect's folders, the OpenQASM
// emitter and the statevector runtime all read this header; nothing restates
// these numbers. Dependency-free (standard library only) on purpose: it is
// part of masq_core, which the compiler and the runtime both build on.
//
// Conventions: rotations are exp(-i theta/2 G) for a Pauli-product generator
// G. Matrices are row-major over the gate's local basis where the gate's
// operand k is bit k of the local index (operand 0 = least significant), the
// same little-endian order as the register (q[0] = least significant bit).
// For a controlled gate operand 0 is the control, operand 1 the target.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_CORE_GATES_H
#define MASQ_CORE_GATES_H

/* The gate list, one G(Kind, name, Op, qasm, qubits, params, adjoint,
 * diagonal) per gate:
 *   Kind      the enumerator of masq::gates::Kind;
 *   name      the masq spelling as a bare token: the op mnemonic, the
 *             string #name, and the runtime entry points masq_rtc_<name>
 *             and masq_rtc_<name>_back (masq/Runtime/Compiled.h);
 *   Op        the dialect's op class (`def Masq_<Op>` in MasqOps.td);
 *   qasm      the qelib1.inc / stdgates.inc spelling;
 *   qubits, params  arity and number of angles; the pair picks the
 *             signature of the runtime entry points, one of (1, 0), (1, 1),
 *             (1, 3), (2, 0), (2, 1) (a new pair needs a new signature in
 *             Compiled.h and Compiled.cpp);
 *   adjoint   the Kind of the inverse gate (parameterised gates: the same
 *             Kind with angles from adjointAngles());
 *   diagonal  whether the gate is diagonal in the computational basis.
 * Expand it wherever a list of gates is needed (the gate kinds and table
 * below, the dialect's op construction and canonicalisers, the runtime's
 * entry points and the JIT's symbol list); the order fixes the Kind values
 * (the C ABI's gate numbers): append new gates. Plain preprocessor, so C
 * code can expand it too (Compiled.h is C); the rest of this header is C++. */
#define MASQ_GATES(G)                                                          \
  G(H, h, HOp, "h", 1, 0, H, false)                                            \
  G(X, x, XOp, "x", 1, 0, X, false)                                            \
  G(Y, y, YOp, "y", 1, 0, Y, false)                                            \
  G(Z, z, ZOp, "z", 1, 0, Z, true)                                             \
  G(S, s, SOp, "s", 1, 0, Sdg, true)                                           \
  G(Sdg, sdg, SdgOp, "sdg", 1, 0, S, true)                                     \
  G(T, t, TOp, "t", 1, 0, Tdg, true)                                           \
  G(Tdg, tdg, TdgOp, "tdg", 1, 0, T, true)                                     \
  G(RX, rx, RXOp, "rx", 1, 1, RX, false)                                       \
  G(RY, ry, RYOp, "ry", 1, 1, RY, false)                                       \
  G(RZ, rz, RZOp, "rz", 1, 1, RZ, true)                                        \
  /* u3(t, p, l)^-1 = u3(-t, -l, -p): adjointAngles() */                       \
  G(U3, u3, U3Op, "u3", 1, 3, U3, false)                                       \
  G(CX, cx, CXOp, "cx", 2, 0, CX, false)                                       \
  G(CY, cy, CYOp, "cy", 2, 0, CY, false)                                       \
  G(CZ, cz, CZOp, "cz", 2, 0, CZ, true)                                        \
  G(SWAP, swap, SwapOp, "swap", 2, 0, SWAP, false)                             \
  G(CRX, crx, CRXOp, "crx", 2, 1, CRX, false)                                  \
  G(CRY, cry, CRYOp, "cry", 2, 1, CRY, false)                                  \
  G(CRZ, crz, CRZOp, "crz", 2, 1, CRZ, true)                                   \
  G(RZZ, rzz, RZZOp, "rzz", 2, 1, RZZ, true)                                   \
  /* appended (not next to s/t) so the earlier Kind numbers stay put */        \
  G(SX, sx, SXOp, "sx", 1, 0, SXdg, false)                                     \
  G(SXdg, sxdg, SXdgOp, "sxdg", 1, 0, SX, false)                              \
  G(RXX, rxx, RXXOp, "rxx", 2, 1, RXX, false)

#ifdef __cplusplus

#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace masq {
namespace gates {

using cplx = std::complex<double>;

enum class Kind : uint8_t {
#define MASQ_GATE_KIND(K, ...) K,
  MASQ_GATES(MASQ_GATE_KIND)
#undef MASQ_GATE_KIND
};
#define MASQ_GATE_COUNT(...) +1
constexpr int kNumKinds = 0 MASQ_GATES(MASQ_GATE_COUNT);
#undef MASQ_GATE_COUNT

struct Info {
  Kind kind;
  const char *name;     // the masq spelling (also the op mnemonic)
  const char *qasm;     // the qelib1.inc / stdgates.inc spelling
  uint8_t numQubits;
  uint8_t numParams;
  Kind adjoint;         // the kind of the inverse gate
  bool diagonal;        // diagonal in the computational basis
};

// Indexed by Kind.
constexpr Info kInfo[kNumKinds] = {
#define MASQ_GATE_INFO(K, name, Op, qasm, nq, np, adj, diag)                    \
  {Kind::K, #name, qasm, nq, np, Kind::adj, diag},
    MASQ_GATES(MASQ_GATE_INFO)
#undef MASQ_GATE_INFO
};

constexpr const Info &info(Kind k) { return kInfo[static_cast<int>(k)]; }

/// Looks a gate up by its masq spelling; returns false if there is none.
inline bool lookup(std::string_view name, Kind &out) {
  for (const Info &i : kInfo)
    if (name == i.name) {
      out = i.kind;
      return true;
    }
  return false;
}

/// Angles of the inverse gate (kind info(k).adjoint). `in` and `out` may alias.
inline void adjointAngles(Kind k, const double *in, double *out) {
  if (k == Kind::U3) {
    double t = in[0], p = in[1], l = in[2];
    out[0] = -t;
    out[1] = -l;
    out[2] = -p;
    return;
  }
  for (int i = 0; i < info(k).numParams; ++i)
    out[i] = -in[i];
}

/// For U3 the inverse swaps the 2nd and 3rd angles: operand i of the inverse
/// takes (negated) angle adjointAngleSource(k, i) of the original.
inline int adjointAngleSource(Kind k, int i) {
  if (k == Kind::U3 && i > 0)
    return i == 1 ? 2 : 1;
  return i;
}

namespace detail {
inline void identity(int dim, cplx *m) {
  for (int i = 0; i < dim * dim; ++i)
    m[i] = 0;
  for (int i = 0; i < dim; ++i)
    m[i * dim + i] = 1;
}
// Writes the 2x2 block u into the target (operand 1) of a controlled gate:
// local index = c + 2 t, control set when bit 0 is 1 (indices 1 and 3).
inline void controlled(const cplx *u, cplx *m) {
  identity(4, m);
  m[1 * 4 + 1] = u[0];
  m[1 * 4 + 3] = u[1];
  m[3 * 4 + 1] = u[2];
  m[3 * 4 + 3] = u[3];
}
inline void rot1(Kind axis, double th, cplx *u) {
  const double c = std::cos(th / 2), s = std::sin(th / 2);
  const cplx I(0, 1);
  switch (axis) {
  case Kind::RX:
    u[0] = c, u[1] = -I * s, u[2] = -I * s, u[3] = c;
    break;
  case Kind::RY:
    u[0] = c, u[1] = -s, u[2] = s, u[3] = c;
    break;
  default: // RZ
    u[0] = std::exp(-I * (th / 2)), u[1] = 0, u[2] = 0,
    u[3] = std::exp(I * (th / 2));
    break;
  }
}
// d/dtheta of rot1: -i/2 G exp(-i theta/2 G) = rotation by theta + pi, halved.
inline void drot1(Kind axis, double th, cplx *u) {
  rot1(axis, th + M_PI, u);
  for (int i = 0; i < 4; ++i)
    u[i] *= 0.5;
}
} // namespace detail

/// The gate's unitary, dimension 2^numQubits, row-major, into m.
inline void matrix(Kind k, const double *angles, cplx *m) {
  const cplx I(0, 1);
  const double r = 1.0 / std::sqrt(2.0);
  cplx u[4];
  switch (k) {
  case Kind::H:
    m[0] = r, m[1] = r, m[2] = r, m[3] = -r;
    return;
  case Kind::X:
    m[0] = 0, m[1] = 1, m[2] = 1, m[3] = 0;
    return;
  case Kind::Y:
    m[0] = 0, m[1] = -I, m[2] = I, m[3] = 0;
    return;
  case Kind::Z:
    m[0] = 1, m[1] = 0, m[2] = 0, m[3] = -1;
    return;
  case Kind::S:
  case Kind::Sdg:
  case Kind::T:
  case Kind::Tdg: {
    double ph = (k == Kind::S || k == Kind::Sdg) ? M_PI / 2 : M_PI / 4;
    if (k == Kind::Sdg || k == Kind::Tdg)
      ph = -ph;
    m[0] = 1, m[1] = 0, m[2] = 0, m[3] = std::exp(I * ph);
    return;
  }
  case Kind::SX:
  case Kind::SXdg: {
    // sqrt(X) = (1/2) [[1+i, 1-i], [1-i, 1+i]]; its inverse is the conjugate.
    const cplx a(0.5, k == Kind::SX ? 0.5 : -0.5), b(0.5, k == Kind::SX ? -0.5 : 0.5);
    m[0] = a, m[1] = b, m[2] = b, m[3] = a;
    return;
  }
  case Kind::RX:
  case Kind::RY:
  case Kind::RZ:
    detail::rot1(k, angles[0], m);
    return;
  case Kind::U3: {
    const double t = angles[0], p = angles[1], l = angles[2];
    m[0] = std::cos(t / 2);
    m[1] = -std::exp(I * l) * std::sin(t / 2);
    m[2] = std::exp(I * p) * std::sin(t / 2);
    m[3] = std::exp(I * (p + l)) * std::cos(t / 2);
    return;
  }
  case Kind::CX:
  case Kind::CY:
  case Kind::CZ: {
    Kind one = k == Kind::CX ? Kind::X : k == Kind::CY ? Kind::Y : Kind::Z;
    matrix(one, nullptr, u);
    detail::controlled(u, m);
    return;
  }
  case Kind::SWAP:
    detail::identity(4, m);
    m[1 * 4 + 1] = 0, m[2 * 4 + 2] = 0, m[1 * 4 + 2] = 1, m[2 * 4 + 1] = 1;
    return;
  case Kind::CRX:
  case Kind::CRY:
  case Kind::CRZ:
    detail::rot1(k == Kind::CRX ? Kind::RX : k == Kind::CRY ? Kind::RY : Kind::RZ,
                 angles[0], u);
    detail::controlled(u, m);
    return;
  case Kind::RZZ: {
    detail::identity(4, m);
    const cplx a = std::exp(-I * (angles[0] / 2)), b = std::exp(I * (angles[0] / 2));
    m[0] = a, m[5] = b, m[10] = b, m[15] = a; // parity 0 -> a, parity 1 -> b
    return;
  }
  case Kind::RXX: {
    // exp(-i t/2 X X) = cos(t/2) I - i sin(t/2) X X; X X maps i to 3 - i.
    detail::identity(4, m);
    const double c = std::cos(angles[0] / 2), s = std::sin(angles[0] / 2);
    for (int i = 0; i < 4; ++i)
      m[i * 4 + i] = c, m[i * 4 + (3 - i)] = -I * s;
    return;
  }
  }
}

namespace detail {
// Properties read off the matrices (at angles where no rotation is trivial)
// instead of restated per gate.
struct Derived {
  bool real[kNumKinds], controlled[kNumKinds];
  Derived() {
    const double probe[3] = {0.3, 0.7, 1.1};
    for (int i = 0; i < kNumKinds; ++i) {
      const Kind k = static_cast<Kind>(i);
      const int dim = 1 << info(k).numQubits;
      cplx m[16];
      matrix(k, probe, m);
      real[i] = true;
      for (int j = 0; j < dim * dim; ++j)
        real[i] = real[i] && m[j].imag() == 0;
      // Identity on the local states where operand 0 (bit 0) is 0.
      controlled[i] = dim == 4;
      for (int r = 0; r < dim; ++r)
        for (int c = 0; c < dim; ++c)
          if (dim == 4 && (r % 2 == 0 || c % 2 == 0))
            controlled[i] = controlled[i] && m[r * 4 + c] == cplx(r == c ? 1 : 0);
    }
  }
};
inline const Derived &derived() {
  static const Derived d;
  return d;
}
} // namespace detail

/// Whether the gate's matrix is real at every angle: it maps real amplitudes
/// to real amplitudes (two real samples can share one complex state).
inline bool isReal(Kind k) { return detail::derived().real[static_cast<int>(k)]; }

/// Whether a two-qubit gate is controlled by operand 0: it acts only where
/// that qubit is 1.
inline bool isControlled(Kind k) {
  return detail::derived().controlled[static_cast<int>(k)];
}

/// d matrix / d angles[p], same layout as matrix(). For gates without
/// parameters the result is zero.
inline void derivative(Kind k, const double *angles, int p, cplx *m) {
  const cplx I(0, 1);
  const int dim = 1 << info(k).numQubits;
  cplx u[4];
  switch (k) {
  case Kind::RX:
  case Kind::RY:
  case Kind::RZ:
    detail::drot1(k, angles[0], m);
    return;
  case Kind::U3: {
    const double t = angles[0], ph = angles[1], l = angles[2];
    const double c = std::cos(t / 2), s = std::sin(t / 2);
    if (p == 0) {
      m[0] = -s / 2;
      m[1] = -std::exp(I * l) * c / 2.0;
      m[2] = std::exp(I * ph) * c / 2.0;
      m[3] = -std::exp(I * (ph + l)) * s / 2.0;
    } else if (p == 1) {
      m[0] = 0, m[1] = 0;
      m[2] = I * std::exp(I * ph) * s;
      m[3] = I * std::exp(I * (ph + l)) * c;
    } else {
      m[0] = 0;
      m[1] = -I * std::exp(I * l) * s;
      m[2] = 0;
      m[3] = I * std::exp(I * (ph + l)) * c;
    }
    return;
  }
  case Kind::CRX:
  case Kind::CRY:
  case Kind::CRZ:
    detail::drot1(k == Kind::CRX ? Kind::RX : k == Kind::CRY ? Kind::RY : Kind::RZ,
                  angles[0], u);
    for (int i = 0; i < 16; ++i)
      m[i] = 0;
    m[1 * 4 + 1] = u[0], m[1 * 4 + 3] = u[1], m[3 * 4 + 1] = u[2],
              m[3 * 4 + 3] = u[3];
    return;
  case Kind::RZZ: {
    for (int i = 0; i < 16; ++i)
      m[i] = 0;
    const cplx a = -I / 2.0 * std::exp(-I * (angles[0] / 2));
    const cplx b = I / 2.0 * std::exp(I * (angles[0] / 2));
    m[0] = a, m[5] = b, m[10] = b, m[15] = a;
    return;
  }
  case Kind::RXX: {
    // -1/2 sin(t/2) I - i/2 cos(t/2) X X
    for (int i = 0; i < 16; ++i)
      m[i] = 0;
    const double c = std::cos(angles[0] / 2), s = std::sin(angles[0] / 2);
    for (int i = 0; i < 4; ++i)
      m[i * 4 + i] = -s / 2, m[i * 4 + (3 - i)] = -I * (c / 2);
    return;
  }
  default:
    for (int i = 0; i < dim * dim; ++i)
      m[i] = 0;
    return;
  }
}

/// Parameter-shift rule of a one-parameter gate: d<f>/dtheta =
/// sum_j c_j <f>(theta + s_j). Two terms for Pauli rotations (eigenvalues
/// +-1/2), four terms for controlled rotations (eigenvalues 0, +-1/2), see
/// Anselmetti et al. 2021. Returns the number of terms.
inline int shiftRule(Kind k, double *coeffs, double *shifts) {
  switch (k) {
  case Kind::RX:
  case Kind::RY:
  case Kind::RZ:
  case Kind::RZZ:
  case Kind::RXX:
  case Kind::U3: // each angle: a Z or Y rotation, up to a global phase
    coeffs[0] = 0.5, shifts[0] = M_PI / 2;
    coeffs[1] = -0.5, shifts[1] = -M_PI / 2;
    return 2;
  case Kind::CRX:
  case Kind::CRY:
  case Kind::CRZ: {
    const double cp = (std::sqrt(2.0) + 1) / (4 * std::sqrt(2.0));
    const double cm = (std::sqrt(2.0) - 1) / (4 * std::sqrt(2.0));
    coeffs[0] = cp, shifts[0] = M_PI / 2;
    coeffs[1] = -cp, shifts[1] = -M_PI / 2;
    coeffs[2] = -cm, shifts[2] = 3 * M_PI / 2;
    coeffs[3] = cm, shifts[3] = -3 * M_PI / 2;
    return 4;
  }
  default:
    return 0;
  }
}

} // namespace gates
} // namespace masq

#endif // __cplusplus

#endif // MASQ_CORE_GATES_H
