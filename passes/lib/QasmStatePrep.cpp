//===- QasmStatePrep.cpp - amplitude encoding as gates --------------------===//
#include "QasmStatePrep.h"

#include <algorithm>
#include <cmath>

namespace masq {
namespace {

/// Uniformly controlled RY on `target` with angles[p] for each value p of
/// the controls (bit j of p = controls[j]); recursive halving on the last
/// control, nothing for all-zero angles.
void ucry(const std::vector<double> &angles, std::vector<std::string> controls,
          const std::string &target, GateSink gate) {
  if (std::all_of(angles.begin(), angles.end(), [](double a) { return a == 0; }))
    return;
  if (controls.empty()) {
    gate("ry", {angles[0]}, {target});
    return;
  }
  std::string c = controls.back();
  controls.pop_back();
  const size_t half = angles.size() / 2;
  std::vector<double> sum(half), diff(half);
  for (size_t p = 0; p < half; ++p)
    sum[p] = (angles[p] + angles[p + half]) / 2, diff[p] = (angles[p] - angles[p + half]) / 2;
  ucry(sum, controls, target, gate);
  if (std::any_of(diff.begin(), diff.end(), [](double a) { return a != 0; })) {
    gate("cx", {}, {c, target});
    ucry(diff, controls, target, gate);
    gate("cx", {}, {c, target});
  }
}

} // namespace

bool prepareAmplitudes(std::vector<double> x, const std::vector<std::string> &qubits,
                       GateSink gate) {
  const size_t k = qubits.size(), N = size_t(1) << k;
  x.resize(N, 0.0);
  double norm = 0;
  for (double v : x)
    norm += v * v;
  if (!(norm > 0))
    return false;
  // Level t (target qubits[t]) from the top: the controls are the qubits
  // above it; the angle for prefix p splits the weight of its subtree.
  for (int t = int(k) - 1; t >= 0; --t) {
    const size_t prefixes = size_t(1) << (k - 1 - size_t(t)), span = size_t(1) << t;
    std::vector<double> angles(prefixes);
    for (size_t p = 0; p < prefixes; ++p) {
      const size_t base = p << (t + 1);
      double a0, a1;
      if (t == 0) {
        a0 = x[base], a1 = x[base + 1];
      } else {
        double s0 = 0, s1 = 0;
        for (size_t i = 0; i < span; ++i)
          s0 += x[base + i] * x[base + i], s1 += x[base + span + i] * x[base + span + i];
        a0 = std::sqrt(s0), a1 = std::sqrt(s1);
      }
      angles[p] = (a0 == 0 && a1 == 0) ? 0.0 : 2 * std::atan2(a1, a0);
    }
    std::vector<std::string> controls(qubits.begin() + t + 1, qubits.end());
    ucry(angles, controls, qubits[size_t(t)], gate);
  }
  return true;
}

} // namespace masq
