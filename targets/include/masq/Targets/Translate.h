//===- Translate.h - a circuit in a target's native gates -------*- C++ -*-===//
//
// Basis translation and clean-up (issue 22), exact up to a global phase,
// in three steps around routing (Route.h):
//   decompose  every gate of masq's table, and cswap / ccx, into cx and
//              one-qubit gates of the table (textbook identities: cz = H cx H,
//              swap = 3 cx, crz = rz cx rz cx, rzz = cx rz cx, rxx = H rzz H,
//              cswap = cx ccx cx, ccx = 6 cx + 7 t/tdg + 2 h);
//   toNative   (after routing, on physical qubits) cx becomes the basis's
//              entangler (cx, or cz between Hadamards), turned around with
//              Hadamards on a directed edge that points the other way; each
//              one-qubit gate becomes the Euler form of its matrix in the
//              basis's one-qubit gates: rz sx rz sx rz (rz, sx; rz sx rz when
//              theta = pi/2, as for h), rz ry rz
//              (rz, ry) or rz rx rz (rz, rx), a single rz when it is
//              diagonal, x or sx when it is one of them;
//   simplify   merges neighbouring rz, drops rz(0 mod 2 pi), and cancels
//              pairs (cx cx on the same qubits, x x, cz cz; sx sx -> x).
// measure and reset pass through every step.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TARGETS_TRANSLATE_H
#define MASQ_TARGETS_TRANSLATE_H

#include "masq/Targets/Route.h"

namespace masq {
namespace targets {

/// False with `error` for a gate it does not know.
bool decompose(const std::vector<Op> &in, std::vector<Op> &out, std::string &error);

/// False with `error` when the basis has no entangler it can use (cx or cz)
/// or no complete set of one-qubit rotations (rz with sx, ry or rx), or a
/// two-qubit operation is on an uncoupled pair.
bool toNative(const std::vector<Op> &in, const Target &target, std::vector<Op> &out,
              std::string &error);

/// Peephole clean-up in the target's basis (sx sx -> x only when x is in it).
std::vector<Op> simplify(const std::vector<Op> &in, const Target &target);

} // namespace targets
} // namespace masq

#endif // MASQ_TARGETS_TRANSLATE_H
