//===- Route.h - placing a circuit on a coupling map ------------*- C++ -*-===//
//
// Layout and routing (issue 22): a circuit of one- and two-qubit operations
// on logical qubits becomes one on the target's physical qubits in which
// every two-qubit operation acts on a coupled pair, with SWAPs inserted.
//   routeSabre    SABRE (Li, Ding and Xie, ASPLOS 2019): a front layer of
//                 operations whose predecessors are done; when none of its
//                 two-qubit operations is on an edge, the SWAP on an edge next
//                 to the front that most lowers the distance of the front
//                 (plus W = 0.5 times that of the next 20 two-qubit
//                 operations), with a decay that spreads SWAPs over qubits;
//                 the initial layout from forward-backward-forward passes,
//                 the best of several trials.
//   routeTrivial  the baseline: logical i on physical i, and before each
//                 two-qubit operation whose qubits are apart, SWAPs along a
//                 shortest path until they are adjacent.
// Measurements and resets are one-qubit operations like gates (name
// "measure" / "reset"); an operation's `clbit` rides along.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TARGETS_ROUTE_H
#define MASQ_TARGETS_ROUTE_H

#include "masq/Targets/Target.h"

#include <cstdint>
#include <string>
#include <vector>

namespace masq {
namespace targets {

struct Op {
  std::string gate;          // a gate name, or "measure" / "reset"
  std::vector<int> qubits;   // one or two
  std::vector<double> params;
  int clbit = -1;            // measure: the classical bit
};

struct Routed {
  std::vector<Op> ops;       // on physical qubits; inserted SWAPs are "swap"
  std::vector<int> initial;  // logical -> physical before the first op
  std::vector<int> final;    // logical -> physical after the last op
  int swaps = 0;
};

/// False with `error` when an operation has more than two qubits, a qubit
/// index is out of range, or the target has fewer qubits than the circuit.
bool routeSabre(const std::vector<Op> &circuit, int logicalQubits, const Target &target,
                Routed &out, std::string &error, int trials = 4, uint64_t seed = 0);
bool routeTrivial(const std::vector<Op> &circuit, int logicalQubits, const Target &target,
                  Routed &out, std::string &error);

/// Checks that `r` implements `circuit`: every two-qubit operation of
/// r.ops is on a coupled pair, and replaying r.ops from r.initial (SWAPs
/// move logical qubits) gives every logical qubit the same sequence of
/// operations as in `circuit` and ends in r.final. (Equal per-qubit
/// sequences are the same dependency graph, so the same unitary up to the
/// final permutation.) False with the first difference.
bool verifyRouted(const std::vector<Op> &circuit, int logicalQubits, const Target &target,
                  const Routed &r, std::string &error);

} // namespace targets
} // namespace masq

#endif // MASQ_TARGETS_ROUTE_H
