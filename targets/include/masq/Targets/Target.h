//===- Target.h - a device's qubits, gates and connectivity -----*- C++ -*-===//
//
// A hardware target as data (issue 22): the number of physical qubits, the
// native gate set (names from masq's gate table, masq/Core/Gates.h), the
// coupling map (which pairs a two-qubit gate may act on; directed or not),
// and optionally error rates and durations. Read from a TOML file
// (targets/*.toml documents the format) or built in:
//   heavy-hex-27  IBM's 27-qubit Falcon map, rz sx x cx (targets/heavy-hex-27.toml)
//   line:N        N qubits in a line, rz sx x cx, undirected
//   grid:RxC      an R x C grid, rz sx x cx, undirected
//   ion:N         N qubits, all-to-all, rz rx ry cz (a trapped-ion style device)
// Plain C++17; the TOML reader is toml++.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TARGETS_TARGET_H
#define MASQ_TARGETS_TARGET_H

#include <string>
#include <utility>
#include <vector>

namespace masq {
namespace targets {

struct Target {
  std::string name;   // "heavy-hex-27", "line:8", or the file's `name`
  std::string source; // the file it was read from, or "built-in"
  int numQubits = 0;
  std::vector<std::string> basis; // masq gate names
  bool directed = false;          // a two-qubit gate only from edge.first to edge.second
  bool allToAll = false;          // every pair is an edge (edges left empty)
  std::vector<std::pair<int, int>> edges;
  // Per gate / per measured qubit (0: not given), and durations in seconds.
  double error1q = 0, error2q = 0, errorReadout = 0;
  double time1q = 0, time2q = 0;

  /// Whether a two-qubit gate may act on (a, b), in either direction (the
  /// direction of a directed edge is fixed by the basis translation).
  bool coupled(int a, int b) const;
  /// Hops between physical qubits over the coupling map (undirected).
  std::vector<std::vector<int>> distances() const;
  /// The neighbours of each physical qubit.
  std::vector<std::vector<int>> neighbours() const;
  bool hasGate(const std::string &gate) const;
};

/// Reads a target: a built-in name (above) or a path to a TOML file. False
/// with `error` naming the file, line and column (or the built-in's
/// parameter) for a malformed file, an unknown gate in the basis, a qubit
/// out of range in the coupling map, a self-loop, or a coupling map that is
/// not connected.
bool loadTarget(const std::string &spec, Target &target, std::string &error);

/// The built-in names, for messages.
std::string builtinNames();

/// Refuses a target with fewer physical qubits than the model needs.
bool checkFits(const Target &target, int logicalQubits, std::string &error);

} // namespace targets
} // namespace masq

#endif // MASQ_TARGETS_TARGET_H
