//===- FusionCosts.h - measured costs of fused and unfused gates -*- C++ -*-===//
//
// The cost model of masq-fuse-gates, measured on the machine (`masq
// calibrate`, runtime/sim/FusionCosts.cpp) instead of fixed qubit
// thresholds. For each state size n the table holds the time of one gate
// swept over the whole state on its own, and the time of a fused block as
// fixed + gates * perGate, for the two kinds of block (in place on qubits
// below kChunkQubits, and gathered). A block of g gates is formed where
// fixed + g * perGate < g * gate. Shared text form (a pass option, so the
// compiled-model cache keys on the numbers): rows "n:gate:inFixed:inGate:
// gaFixed:gaGate" joined by ','; times in ns.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_CORE_FUSIONCOSTS_H
#define MASQ_CORE_FUSIONCOSTS_H

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace masq {

struct FusionCostRow {
  int n = 0;
  double gate = 0;            // one unfused gate over the state
  double inPlaceFixed = 0;    // in-place block: fixed part
  double inPlaceGate = 0;     //   and per gate
  double gatheredFixed = 0;   // gathered block: fixed part
  double gatheredGate = 0;    //   and per gate
};

class FusionCosts {
public:
  std::vector<FusionCostRow> rows; // ascending n, no gaps needed

  bool empty() const { return rows.empty(); }

  std::string toText() const {
    std::string out;
    char buf[192];
    for (const FusionCostRow &r : rows) {
      std::snprintf(buf, sizeof buf, "%s%d:%.6g:%.6g:%.6g:%.6g:%.6g", out.empty() ? "" : ",",
                    r.n, r.gate, r.inPlaceFixed, r.inPlaceGate, r.gatheredFixed,
                    r.gatheredGate);
      out += buf;
    }
    return out;
  }

  /// Parses toText's form; false (with `why`) on anything else: rows out of
  /// order, n outside [1, 30], a time that is negative or not finite.
  static bool parse(const std::string &text, FusionCosts &out, std::string &why) {
    out.rows.clear();
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find(',', pos);
      if (end == std::string::npos)
        end = text.size();
      const std::string row = text.substr(pos, end - pos);
      FusionCostRow r;
      char tail = 0;
      if (std::sscanf(row.c_str(), "%d:%lf:%lf:%lf:%lf:%lf%c", &r.n, &r.gate, &r.inPlaceFixed,
                      &r.inPlaceGate, &r.gatheredFixed, &r.gatheredGate, &tail) != 6) {
        why = "fusion cost row '" + row + "' is not n:gate:inFixed:inGate:gaFixed:gaGate";
        return false;
      }
      for (double v : {r.gate, r.inPlaceFixed, r.inPlaceGate, r.gatheredFixed, r.gatheredGate})
        if (!std::isfinite(v) || v < 0) {
          why = "fusion cost row '" + row + "' has a negative or non-finite time";
          return false;
        }
      if (r.n < 1 || r.n > 30 || (!out.rows.empty() && r.n <= out.rows.back().n)) {
        why = "fusion cost row '" + row + "': n must rise, within [1, 30]";
        return false;
      }
      out.rows.push_back(r);
      pos = end + 1;
    }
    return true;
  }

  /// What a block of `gates` gates on a state of n qubits saves against the
  /// gates one by one, in ns (negative: it costs more). A size without a
  /// row uses the nearest row below it (beyond the table, its last row),
  /// scaled by 2^(n - that row's n): both sides are sweeps of the state, so
  /// the sign is that row's. Below the table, the first row as it is.
  double saving(int n, int gates, bool inPlace) const {
    if (rows.empty())
      return 0;
    const FusionCostRow *r = &rows.front();
    for (const FusionCostRow &x : rows)
      if (x.n <= n)
        r = &x;
    const double scale = n > r->n ? std::ldexp(1.0, n - r->n) : 1.0;
    const double unfused = gates * r->gate;
    const double fused = inPlace ? r->inPlaceFixed + gates * r->inPlaceGate
                                 : r->gatheredFixed + gates * r->gatheredGate;
    return scale * (unfused - fused);
  }

  /// Whether such a block is cheaper than its gates one by one.
  bool pays(int n, int gates, bool inPlace) const {
    return gates >= 2 && saving(n, gates, inPlace) > 0;
  }
};

} // namespace masq

#endif // MASQ_CORE_FUSIONCOSTS_H
