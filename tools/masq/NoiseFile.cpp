//===- NoiseFile.cpp - a device's noise model, from TOML ------------------===//
#include "NoiseFile.h"

#include "masq/Core/BoundedRead.h"
#include "masq/Core/Channels.h"
#include "masq/Core/Gates.h"

#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace masq {
namespace {

std::string where(const std::string &path, const toml::source_region &r) {
  return path + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
}

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

struct Reader {
  const std::string &path;
  int numQubits;
  std::string &error;
  std::ostringstream spec;

  bool fail(const toml::node &at, const std::string &what) {
    error = where(path, at.source()) + ": " + what;
    return false;
  }
  bool probability(const toml::node &v, const std::string &what, double &p) {
    auto x = v.value<double>();
    if (!x || !(*x >= 0 && *x <= 1))
      return fail(v, what + " must be a probability in [0, 1]");
    p = *x;
    return true;
  }

  bool gatesTable(const toml::table &t) {
    for (auto &&[key, value] : t) {
      const std::string name(key.str());
      std::string gate = name == "one_qubit" ? "1q" : name == "two_qubit" ? "2q" : name;
      gates::Kind g = gates::Kind::H;
      if (gate != "1q" && gate != "2q" && !gates::lookup(gate, g))
        return fail(value, "unknown gate '" + name +
                               "' (one_qubit, two_qubit or a gate of the language)");
      const int arity = gate == "1q" ? 1 : gate == "2q" ? 2 : gates::info(g).numQubits;
      const toml::table *chans = value.as_table();
      if (!chans)
        return fail(value, "'" + name + "' must be a table of channels: { depolarize = 1e-3 }");
      for (auto &&[ck, cv] : *chans) {
        channels::Kind c;
        if (!channels::lookup(std::string(ck.str()), c))
          return fail(cv, "unknown channel '" + std::string(ck.str()) + "'");
        if (channels::info(c).arity > arity)
          return fail(cv, "a two-qubit channel after the one-qubit gate(s) of '" + name + "'");
        double p = 0;
        if (!probability(cv, "'" + std::string(ck.str()) + "'", p))
          return false;
        spec << "gate=" << gate << "," << ck.str() << "," << number(p) << ";";
      }
    }
    return true;
  }

  bool readout(const toml::table &t) {
    for (auto &&[key, value] : t) {
      if (key.str() == "p") {
        double p = 0;
        if (!probability(value, "'p'", p))
          return false;
        spec << "readout=*," << number(p) << ";";
      } else if (key.str() == "qubits") {
        const toml::table *qs = value.as_table();
        if (!qs)
          return fail(value, "'qubits' must be a table: { 3 = 0.05 }");
        for (auto &&[qk, qv] : *qs) {
          int q = -1;
          try {
            size_t used = 0;
            q = std::stoi(std::string(qk.str()), &used);
            if (used != qk.str().size())
              q = -1;
          } catch (...) {
            q = -1;
          }
          if (q < 0 || (numQubits >= 0 && q >= numQubits))
            return fail(qv, "qubit '" + std::string(qk.str()) + "' is not a qubit of the model" +
                                (numQubits >= 0 ? " (0 to " + std::to_string(numQubits - 1) + ")"
                                                : ""));
          double p = 0;
          if (!probability(qv, "the readout error of qubit " + std::to_string(q), p))
            return false;
          spec << "readout=" << q << "," << number(p) << ";";
        }
      } else {
        return fail(value, "unknown key '" + std::string(key.str()) + "' in [readout] (p, qubits)");
      }
    }
    return true;
  }

  bool relaxation(const toml::table &t) {
    double v[4] = {0, 0, 0, 0};
    const char *names[4] = {"t1", "t2", "time_1q", "time_2q"};
    for (auto &&[key, value] : t) {
      int i = 0;
      while (i < 4 && key.str() != names[i])
        ++i;
      if (i == 4)
        return fail(value, "unknown key '" + std::string(key.str()) +
                               "' in [relaxation] (t1, t2, time_1q, time_2q)");
      auto x = value.value<double>();
      if (!x || !(*x > 0) || !std::isfinite(*x))
        return fail(value, "'" + std::string(key.str()) + "' must be a time in seconds above 0");
      v[i] = *x;
    }
    if (!v[0] || !v[1] || (!v[2] && !v[3]))
      return fail(t, "[relaxation] needs t1, t2 and time_1q and/or time_2q");
    if (v[1] > 2 * v[0])
      return fail(t, "t2 cannot exceed 2 t1");
    const double rateDephase = 1 / v[1] - 1 / (2 * v[0]); // 1 / Tphi
    for (int k = 0; k < 2; ++k) {
      const double time = v[2 + k];
      if (!time)
        continue;
      const char *cls = k == 0 ? "1q" : "2q";
      spec << "gate=" << cls << ",amplitude_damp," << number(1 - std::exp(-time / v[0])) << ";";
      if (rateDephase > 0)
        spec << "gate=" << cls << ",phase_damp," << number(1 - std::exp(-2 * time * rateDephase))
             << ";";
    }
    return true;
  }
};

} // namespace

bool readNoiseFile(const std::string &path, int numQubits, std::string &spec,
                   std::string &error) {
  std::string text;
  if (std::string why; !readFileBounded(path, uint64_t(1) << 20, text, why)) {
    error = path + ": cannot read the noise model: " + why;
    return false;
  }
  toml::parse_result parsed = toml::parse(text, path);
  if (!parsed) {
    const toml::parse_error &e = parsed.error();
    error = where(path, e.source()) + ": " + std::string(e.description());
    return false;
  }
  Reader r{path, numQubits, error, {}};
  for (auto &&[key, value] : parsed.table()) {
    const toml::table *t = value.as_table();
    const std::string k(key.str());
    if (!t || (k != "gates" && k != "readout" && k != "relaxation")) {
      error = where(path, value.source()) + ": unknown section '" + k +
              "' (gates, readout, relaxation)";
      return false;
    }
    if ((k == "gates" && !r.gatesTable(*t)) || (k == "readout" && !r.readout(*t)) ||
        (k == "relaxation" && !r.relaxation(*t)))
      return false;
  }
  spec = r.spec.str();
  if (spec.empty()) {
    error = path + ": the noise model attaches no channel";
    return false;
  }
  return true;
}

} // namespace masq
