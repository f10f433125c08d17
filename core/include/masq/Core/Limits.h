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
/// (256 KiB; psi + lam chunks 512 KiB, in L2; runtime/sim/CompiledBlock.cpp),
/// so a block in place holds at most this many qubits (masq-fuse-gates).
/// (13 until 2026-12-05: with gathered blocks of 13 qubits, 14 made the
/// layered ansatz's whole circuit at 22 qubits 4 blocks instead of 7.)
constexpr int kChunkQubits = 14;

/// A gathered block (qubits anywhere) holds at most this many qubits: the
/// runtime adds qubits 0 and 1 to its chunks (whole 64-byte lines), so its
/// chunks have at most kGatheredQubits + 2 = 15 qubits (512 KiB).
constexpr int kGatheredQubits = 13;

} // namespace masq

#endif // MASQ_CORE_LIMITS_H
