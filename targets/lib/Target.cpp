//===- Target.cpp - reading hardware targets ------------------------------===//
#include "masq/Targets/Target.h"

#include "masq/Core/BoundedRead.h"
#include "masq/Core/Gates.h"

#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>

namespace masq {
namespace targets {

bool Target::coupled(int a, int b) const {
  if (a == b || a < 0 || b < 0 || a >= numQubits || b >= numQubits)
    return false;
  if (allToAll)
    return true;
  for (auto [x, y] : edges)
    if ((x == a && y == b) || (x == b && y == a))
      return true;
  return false;
}

std::vector<std::vector<int>> Target::neighbours() const {
  std::vector<std::vector<int>> n(static_cast<size_t>(numQubits));
  if (allToAll) {
    for (int a = 0; a < numQubits; ++a)
      for (int b = 0; b < numQubits; ++b)
        if (a != b)
          n[size_t(a)].push_back(b);
    return n;
  }
  for (auto [a, b] : edges) {
    if (std::find(n[size_t(a)].begin(), n[size_t(a)].end(), b) == n[size_t(a)].end())
      n[size_t(a)].push_back(b);
    if (std::find(n[size_t(b)].begin(), n[size_t(b)].end(), a) == n[size_t(b)].end())
      n[size_t(b)].push_back(a);
  }
  for (auto &v : n)
    std::sort(v.begin(), v.end());
  return n;
}

std::vector<std::vector<int>> Target::distances() const {
  const auto nb = neighbours();
  std::vector<std::vector<int>> d(static_cast<size_t>(numQubits),
                                 std::vector<int>(static_cast<size_t>(numQubits), -1));
  for (int s = 0; s < numQubits; ++s) {
    std::deque<int> q{s};
    d[size_t(s)][size_t(s)] = 0;
    while (!q.empty()) {
      int a = q.front();
      q.pop_front();
      for (int b : nb[size_t(a)])
        if (d[size_t(s)][size_t(b)] < 0) {
          d[size_t(s)][size_t(b)] = d[size_t(s)][size_t(a)] + 1;
          q.push_back(b);
        }
    }
  }
  return d;
}

bool Target::hasGate(const std::string &gate) const {
  return std::find(basis.begin(), basis.end(), gate) != basis.end();
}

std::string builtinNames() { return "heavy-hex-27, line:N, grid:RxC, ion:N"; }

namespace {

constexpr int kMaxTargetQubits = 4096;

std::string where(const std::string &path, const toml::source_region &r) {
  return path + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
}

/// The qubits a BFS from qubit 0 does not reach ("" when connected).
bool connected(const Target &t, std::string &error, const std::string &what) {
  if (t.allToAll || t.numQubits <= 1)
    return true;
  const auto d = t.distances();
  std::string missing;
  int count = 0;
  for (int q = 0; q < t.numQubits; ++q)
    if (d[0][size_t(q)] < 0) {
      if (++count <= 8)
        missing += (missing.empty() ? "" : ", ") + std::to_string(q);
    }
  if (!count)
    return true;
  error = what + ": the coupling map is not connected: qubit" + (count > 1 ? "s " : " ") +
          missing + (count > 8 ? ", ..." : "") + " cannot reach qubit 0, so no routing "
          "could bring every pair of qubits together";
  return false;
}

bool checkBasis(const Target &t, std::string &error, const std::string &what) {
  bool twoQubit = false;
  for (const std::string &g : t.basis) {
    gates::Kind k = gates::Kind::H;
    if (!gates::lookup(g, k)) {
      error = what + ": unknown gate '" + g + "' in the basis (masq's gates are h, x, y, z, "
              "s, sdg, t, tdg, sx, sxdg, rx, ry, rz, u3, cx, cy, cz, swap, crx, cry, crz, rzz, rxx)";
      return false;
    }
    twoQubit = twoQubit || gates::info(k).numQubits == 2;
  }
  if (!twoQubit && t.numQubits > 1) {
    error = what + ": the basis has no two-qubit gate, so no entangling circuit can run on it";
    return false;
  }
  return true;
}

bool builtin(const std::string &spec, Target &t, std::string &error) {
  auto number = [&](const std::string &text, int &out) {
    if (text.empty() || text.size() > 5 ||
        text.find_first_not_of("0123456789") != std::string::npos)
      return false;
    out = std::stoi(text);
    return out >= 1 && out <= kMaxTargetQubits;
  };
  t.source = "built-in";
  t.name = spec;
  t.directed = false;
  t.basis = {"rz", "sx", "x", "cx"};
  if (spec.rfind("line:", 0) == 0) {
    if (!number(spec.substr(5), t.numQubits)) {
      error = "--target " + spec + ": line:N takes a number of qubits from 1 to " +
              std::to_string(kMaxTargetQubits);
      return false;
    }
    for (int q = 0; q + 1 < t.numQubits; ++q)
      t.edges.push_back({q, q + 1});
    return true;
  }
  if (spec.rfind("grid:", 0) == 0) {
    const std::string rc = spec.substr(5);
    const size_t x = rc.find('x');
    int rows = 0, cols = 0;
    if (x == std::string::npos || !number(rc.substr(0, x), rows) ||
        !number(rc.substr(x + 1), cols) || rows * cols > kMaxTargetQubits) {
      error = "--target " + spec + ": grid:RxC takes rows and columns, as grid:3x4 (at most " +
              std::to_string(kMaxTargetQubits) + " qubits)";
      return false;
    }
    t.numQubits = rows * cols;
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const int q = r * cols + c;
        if (c + 1 < cols)
          t.edges.push_back({q, q + 1});
        if (r + 1 < rows)
          t.edges.push_back({q, q + cols});
      }
    return true;
  }
  if (spec.rfind("ion:", 0) == 0) {
    if (!number(spec.substr(4), t.numQubits)) {
      error = "--target " + spec + ": ion:N takes a number of qubits from 1 to " +
              std::to_string(kMaxTargetQubits);
      return false;
    }
    t.basis = {"rz", "rx", "ry", "cz"};
    t.allToAll = true;
    return true;
  }
  return false;
}

bool readFile(const std::string &path, Target &t, std::string &error) {
  std::string text;
  if (std::string why; !readFileBounded(path, uint64_t(1) << 20, text, why)) {
    error = path + ": cannot read the target: " + why;
    return false;
  }
  toml::parse_result parsed = toml::parse(text, path);
  if (!parsed) {
    error = where(path, parsed.error().source()) + ": " +
            std::string(parsed.error().description());
    return false;
  }
  const toml::table &root = parsed.table();
  t.source = path;
  bool haveQubits = false, haveBasis = false, haveCoupling = false;
  auto fail = [&](const toml::node &at, const std::string &what) {
    error = where(path, at.source()) + ": " + what;
    return false;
  };
  auto positive = [&](const toml::node &n, const char *key, double &out) {
    std::optional<double> v = n.value<double>();
    if (!v || !(*v >= 0) || !std::isfinite(*v))
      return fail(n, std::string(key) + " must be a number >= 0");
    out = *v;
    return true;
  };
  for (auto &&[key, value] : root) {
    const std::string k(key.str());
    if (k == "name") {
      auto v = value.value<std::string>();
      if (!v)
        return fail(value, "name must be a string");
      t.name = *v;
    } else if (k == "qubits") {
      auto v = value.value<int64_t>();
      if (!v || *v < 1 || *v > kMaxTargetQubits)
        return fail(value, "qubits must be a whole number from 1 to " +
                               std::to_string(kMaxTargetQubits));
      t.numQubits = int(*v);
      haveQubits = true;
    } else if (k == "basis") {
      const toml::array *a = value.as_array();
      if (!a || a->empty())
        return fail(value, "basis must be a list of gate names, as [\"rz\", \"sx\", \"x\", \"cx\"]");
      for (const toml::node &g : *a) {
        auto v = g.value<std::string>();
        if (!v)
          return fail(g, "basis must be a list of gate names");
        gates::Kind kind = gates::Kind::H;
        if (!gates::lookup(*v, kind))
          return fail(g, "unknown gate '" + *v + "' in the basis (masq's gates: h, x, y, z, "
                         "s, sdg, t, tdg, sx, sxdg, rx, ry, rz, u3, cx, cy, cz, swap, crx, "
                         "cry, crz, rzz, rxx)");
        t.basis.push_back(*v);
      }
      haveBasis = true;
    } else if (k == "directed") {
      auto v = value.value<bool>();
      if (!v)
        return fail(value, "directed must be true or false");
      t.directed = *v;
    } else if (k == "all_to_all") {
      auto v = value.value<bool>();
      if (!v)
        return fail(value, "all_to_all must be true or false");
      t.allToAll = *v;
      haveCoupling = haveCoupling || *v;
    } else if (k == "coupling") {
      const toml::array *a = value.as_array();
      if (!a)
        return fail(value, "coupling must be a list of qubit pairs, as [[0, 1], [1, 2]]");
      for (const toml::node &e : *a) {
        const toml::array *pair = e.as_array();
        std::optional<int64_t> x, y;
        if (pair && pair->size() == 2) {
          x = (*pair)[0].value<int64_t>();
          y = (*pair)[1].value<int64_t>();
        }
        if (!x || !y)
          return fail(e, "a coupling entry is a pair of qubit numbers, as [0, 1]");
        t.edges.push_back({int(*x), int(*y)});
        // Checked against `qubits` below, where both are known.
        (void)e;
      }
      haveCoupling = true;
    } else if (k == "errors" || k == "durations") {
      const toml::table *tab = value.as_table();
      if (!tab)
        return fail(value, k + " must be a table");
      for (auto &&[ek, ev] : *tab) {
        const std::string e(ek.str());
        double *slot = k == "errors"
                           ? (e == "one_qubit"   ? &t.error1q
                              : e == "two_qubit" ? &t.error2q
                              : e == "readout"   ? &t.errorReadout
                                                 : nullptr)
                           : (e == "one_qubit"   ? &t.time1q
                              : e == "two_qubit" ? &t.time2q
                                                 : nullptr);
        if (!slot)
          return fail(ev, "unknown key '" + e + "' in [" + k + "] (" +
                              (k == "errors" ? "one_qubit, two_qubit, readout"
                                             : "one_qubit, two_qubit") +
                              ")");
        if (!positive(ev, e.c_str(), *slot))
          return false;
        if (k == "errors" && *slot > 1)
          return fail(ev, e + " is a probability: at most 1");
      }
    } else {
      return fail(value, "unknown key '" + k +
                             "' (name, qubits, basis, directed, coupling, all_to_all, "
                             "errors, durations)");
    }
  }
  if (!haveQubits || !haveBasis || !haveCoupling) {
    error = path + ": a target needs " +
            std::string(!haveQubits ? "qubits" : !haveBasis ? "basis" : "coupling") +
            " (or all_to_all = true)";
    return false;
  }
  if (t.name.empty())
    t.name = path;
  // Edges against the qubit count, with the entry's place in the file.
  const toml::array *coupling = root["coupling"].as_array();
  for (size_t i = 0; i < t.edges.size(); ++i) {
    auto [a, b] = t.edges[i];
    const toml::node &at = coupling ? (*coupling)[i] : *root.get("coupling");
    if (a < 0 || b < 0 || a >= t.numQubits || b >= t.numQubits)
      return fail(at, "coupling [" + std::to_string(a) + ", " + std::to_string(b) +
                          "] names a qubit outside 0.." + std::to_string(t.numQubits - 1));
    if (a == b)
      return fail(at, "coupling [" + std::to_string(a) + ", " + std::to_string(b) +
                          "] couples a qubit with itself");
  }
  return true;
}

} // namespace

bool loadTarget(const std::string &spec, Target &target, std::string &error) {
  target = Target();
  if (spec.empty()) {
    error = "--target needs a name (" + builtinNames() + ") or a TOML file";
    return false;
  }
  bool isFile = spec.find('/') != std::string::npos ||
                (spec.size() > 5 && spec.compare(spec.size() - 5, 5, ".toml") == 0);
  if (!isFile) {
    if (spec == "heavy-hex-27") {
      if (!readFile(std::string(MASQ_TARGETS_DIR) + "/heavy-hex-27.toml", target, error))
        return false;
      target.name = spec;
    } else if (!builtin(spec, target, error)) {
      if (error.empty())
        error = "--target " + spec + ": unknown target (built-in: " + builtinNames() +
                "; or a path to a TOML file)";
      return false;
    }
  } else if (!readFile(spec, target, error)) {
    return false;
  }
  const std::string what = target.source == "built-in" ? "--target " + spec : target.source;
  return checkBasis(target, error, what) && connected(target, error, what);
}

bool checkFits(const Target &target, int logicalQubits, std::string &error) {
  if (logicalQubits <= target.numQubits)
    return true;
  error = "the circuit needs " + std::to_string(logicalQubits) +
          " qubits, the target has " + std::to_string(target.numQubits);
  return false;
}

} // namespace targets
} // namespace masq
