//===- FusionCosts.cpp - measuring the fuser's cost model -----------------===//
//
// See masq/Runtime/FusionCosts.h. The circuit is one layer (RY on each of
// the block's qubits, then CX between neighbours) or three; the same gates
// go through the compiled-code ABI one by one (masq_rtc_ry, masq_rtc_cx)
// and as one block (masq_rtc_block), so the figures are those of compiled
// models. A block's time is fitted as fixed + gates * perGate from the one-
// and three-layer blocks; an unfused gate's time is the three-layer
// circuit's time per gate, on the low or on the high qubits, whichever is
// less (gates on q0..q12 of a 22-qubit state cost twice those on the top
// qubits here, and a block must beat the gates where they are cheapest:
// with the mean, gathered blocks were formed at 20 qubits that made the
// layered ansatz 0.86x as fast as the fixed thresholds, bench/fusion_costs.py).
//
//===----------------------------------------------------------------------===//
#include "masq/Runtime/FusionCosts.h"
#include "masq/Core/Gates.h"
#include "masq/Core/Limits.h"
#include "masq/Runtime/Compiled.h"
#include "masq/Runtime/State.h"
#include "masq/Runtime/Status.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

namespace masq {
namespace rt {
namespace {

// A circuit of `layers` layers on the qubits qs: as the block ABI's arrays
// and as a list of (kind, qubit, qubit) for the unfused calls.
struct Circuit {
  std::vector<int32_t> qs, desc;
  std::vector<double> angles;
  int gates = 0;

  Circuit(std::vector<int32_t> qubits, int layers) : qs(std::move(qubits)) {
    const int k = int(qs.size());
    for (int l = 0; l < layers; ++l) {
      for (int j = 0; j < k; ++j) {
        desc.insert(desc.end(), {int32_t(gates::Kind::RY), j, -1});
        angles.push_back(0.1 + 0.01 * double(gates));
        ++gates;
      }
      for (int j = 0; j + 1 < k; ++j) {
        desc.insert(desc.end(), {int32_t(gates::Kind::CX), j, j + 1});
        ++gates;
      }
    }
  }

  void runUnfused(double *psi, int n) const {
    size_t a = 0;
    for (int g = 0; g < gates; ++g) {
      const int32_t *d = &desc[size_t(3 * g)];
      if (d[0] == int32_t(gates::Kind::RY))
        masq_rtc_ry(psi, n, qs[size_t(d[1])], angles[a++]);
      else
        masq_rtc_cx(psi, n, qs[size_t(d[1])], qs[size_t(d[2])]);
    }
  }
  void runBlock(double *psi, int n) const {
    masq_rtc_block(psi, n, qs.data(), int32_t(qs.size()), desc.data(), gates, angles.data());
  }
};

// Seconds per call of f, over enough calls to last about 2 ms.
template <class F> double timeOf(F &&f) {
  using clock = std::chrono::steady_clock;
  int reps = 1;
  for (;;) {
    const auto t0 = clock::now();
    for (int i = 0; i < reps; ++i)
      f();
    const double s = std::chrono::duration<double>(clock::now() - t0).count();
    if (s >= 2e-3 || reps >= (1 << 20))
      return s / reps;
    reps *= s > 0 ? std::min(16, std::max(2, int(std::ceil(2.5e-3 / s)))) : 16;
  }
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void check(const char *what) {
  if (const char *e = masq_rtc_error()) {
    std::string msg = std::string(what) + ": " + e;
    masq_rtc_clear_error();
    throw Error(Status::BadArgument, msg);
  }
}

} // namespace

FusionCosts measureFusionCosts(int nmin, int nmax, int rounds,
                               const std::function<void(const FusionCostRow &)> &row) {
  if (nmin < 1 || nmax > 26 || nmin > nmax || rounds < 1)
    throw Error(Status::BadArgument, "calibration sizes must satisfy 1 <= min <= max <= 26 "
                                     "and rounds >= 1");
  FusionCosts out;
  for (int n = nmin; n <= nmax; ++n) {
    AlignedBuffer buf(size_t(1) << n);
    double *psi = reinterpret_cast<double *>(buf.data());
    const double amp = 1.0 / std::sqrt(double(size_t(1) << n));
    for (size_t i = 0; i < (size_t(2) << n); ++i)
      psi[i] = (i & 1) ? 0.0 : amp;
    // In place: the lowest min(n, kChunkQubits) qubits; gathered: the
    // highest min(n, kGatheredQubits) qubits, the dearest blocks to gather
    // (each chunk is read in the shortest runs, 64-byte lines) and the ones
    // a ladder leaves above the in-place blocks.
    std::vector<int32_t> low, spread;
    for (int q = 0; q < std::min(n, kChunkQubits); ++q)
      low.push_back(q);
    for (int q = std::max(0, n - kGatheredQubits); q < n; ++q)
      spread.push_back(q);
    const Circuit in1(low, 1), in3(low, 3), ga1(spread, 1), ga3(spread, 3);
    std::vector<double> gate, inF, inG, gaF, gaG;
    for (int r = 0; r < rounds; ++r) {
      const double u = timeOf([&] { in3.runUnfused(psi, n); }) / in3.gates;
      const double ug = timeOf([&] { ga3.runUnfused(psi, n); }) / ga3.gates;
      const double b1 = timeOf([&] { in1.runBlock(psi, n); });
      const double b3 = timeOf([&] { in3.runBlock(psi, n); });
      const double g1 = timeOf([&] { ga1.runBlock(psi, n); });
      const double g3 = timeOf([&] { ga3.runBlock(psi, n); });
      check("calibration");
      // The cheaper of the two as the unfused price of either kind of block
      // (blocks must beat the gates where they are cheapest).
      gate.push_back(std::min(u, ug));
      const double ip = std::max(0.0, (b3 - b1) / double(in3.gates - in1.gates));
      inG.push_back(ip);
      inF.push_back(std::max(0.0, b1 - in1.gates * ip));
      const double gp = std::max(0.0, (g3 - g1) / double(ga3.gates - ga1.gates));
      gaG.push_back(gp);
      gaF.push_back(std::max(0.0, g1 - ga1.gates * gp));
    }
    FusionCostRow r;
    r.n = n;
    r.gate = median(gate) * 1e9;
    r.inPlaceFixed = median(inF) * 1e9;
    r.inPlaceGate = median(inG) * 1e9;
    r.gatheredFixed = median(gaF) * 1e9;
    r.gatheredGate = median(gaG) * 1e9;
    out.rows.push_back(r);
    if (row)
      row(r);
  }
  return out;
}

} // namespace rt
} // namespace masq
