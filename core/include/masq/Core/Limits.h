//===- Limits.h - the numbers compiler and runtime must agree on -*- C++ -*-===//
//
// Written once here; the frontend, the dialect's verifiers, the passes and
// the runtime's checks all read them.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_CORE_LIMITS_H
#define MASQ_CORE_LIMITS_H

namespace masq {

/// Qubits of a statevector (register + reset ancillas): 2^30 amplitudes,
/// 16 GiB, the runtime's limit.
constexpr int kMaxQubits = 30;

/// Fused blocks run on cache-resident chunks of 2^kChunkQubits amplitudes
/// (psi + lam chunks: 256 KiB, in L2; runtime/sim/CompiledBlock.cpp), so a
/// block in place holds at most this many qubits (masq-fuse-gates).
constexpr int kChunkQubits = 13;

} // namespace masq

#endif // MASQ_CORE_LIMITS_H
