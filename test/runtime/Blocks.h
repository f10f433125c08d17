//===- Blocks.h - fused blocks for the runtime tests ------------*- C++ -*-===//
//
// A fused block as the compiled-code ABI takes it (masq_rtc_block: qubits,
// gate descriptor, angles), random gates for it, and the reference
// simulator's gate-by-gate application (RefSim.h).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TEST_RUNTIME_BLOCKS_H
#define MASQ_TEST_RUNTIME_BLOCKS_H

#include "RefSim.h"

#include <random>
#include <vector>

namespace reftest {

struct Block {
  std::vector<int32_t> qs, desc;
  std::vector<double> angles;
  int ngates = 0;
};

// Appends a gate of kind `kind` on random local qubits (of k) with random
// angles in [-3, 3).
inline void addRandomGate(Block &b, masq::gates::Kind kind, int k, std::mt19937_64 &rng) {
  std::uniform_real_distribution<double> ang(-3, 3);
  const int a = int(rng() % k);
  int c = -1;
  if (masq::gates::info(kind).numQubits == 2)
    do
      c = int(rng() % k);
    while (c == a);
  b.desc.insert(b.desc.end(), {int32_t(kind), a, c});
  for (int p = 0; p < masq::gates::info(kind).numParams; ++p)
    b.angles.push_back(ang(rng));
  ++b.ngates;
}

// The block applied gate by gate by the reference simulator.
inline void reference(const Block &b, const std::vector<double> &angles, Vec &psi) {
  size_t next = 0;
  for (int g = 0; g < b.ngates; ++g) {
    const masq::gates::Kind kind = masq::gates::Kind(b.desc[3 * g]);
    std::vector<int> q{b.qs[b.desc[3 * g + 1]]};
    if (masq::gates::info(kind).numQubits == 2)
      q.push_back(b.qs[b.desc[3 * g + 2]]);
    applyGate(psi, kind, q, angles.data() + next);
    next += masq::gates::info(kind).numParams;
  }
}

} // namespace reftest

#endif
