//===- QasmTarget.h - an emitted circuit on a device (private) --*- C++ -*-===//
//
// EmitQasm records the circuit it writes (every gate, the SWAP test's
// cswap, measure and reset, on named qubits) when a target is given; this
// takes it through the targets library (masq/Targets): decomposition into
// cx and one-qubit gates, layout and routing (SABRE, or the trivial router
// for comparison), the target's native gates and a peephole clean-up, and
// writes the result on the target's physical qubits.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_PASSES_QASMTARGET_H
#define MASQ_PASSES_QASMTARGET_H

#include "masq/Targets/Route.h"

#include <map>
#include <string>
#include <vector>

namespace masq {

struct TargetedCircuit {
  std::vector<std::string> body;            // OpenQASM statements
  std::map<std::string, unsigned> counts;   // per gate, measure, reset
  unsigned depth = 0;
  int swaps = 0, twoQubit = 0;
  double successProbability = 1; // from the target's error rates (1 when none)
  std::vector<std::string> notes; // the layouts, the SWAPs, the basis
  std::string initialLayout, finalLayout; // "q[0]->q[5], ..." (model -> physical)
};

/// x in the shortest form that reads back to the same double (OpenQASM angles).
std::string shortestNumber(double x);

/// `names[i]` is logical qubit i's name (q[3], r[0], anc[0]); `clbits[k]`
/// the classical bit a measure with clbit k writes. False with `error`.
bool compileForTarget(const std::vector<targets::Op> &circuit,
                      const std::vector<std::string> &names,
                      const std::vector<std::string> &clbits, const targets::Target &target,
                      const std::string &router, int version, TargetedCircuit &out,
                      std::string &error);

} // namespace masq

#endif // MASQ_PASSES_QASMTARGET_H
