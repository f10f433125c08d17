//===- FusionCosts.h - measuring the fuser's cost model ---------*- C++ -*-===//
//
// masq calibrate: times, on this machine and with the threads compiled
// models use, the gates of a layered circuit (RY on each qubit, then a CX
// ladder) one by one and as fused blocks (masq_rtc_block), in place on the
// low qubits and gathered over qubits spread across the state, for each
// state size. The table (masq/Core/FusionCosts.h) is what masq-fuse-gates
// decides by.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_FUSIONCOSTS_H
#define MASQ_RUNTIME_FUSIONCOSTS_H

#include "masq/Core/FusionCosts.h"

#include <functional>

namespace masq {
namespace rt {

/// One row per n in [nmin, nmax] (1 <= nmin <= nmax <= 26); `row` is
/// called as each is done. Each figure is the median of `rounds`
/// interleaved rounds. Throws Error on bad sizes or when memory is short.
FusionCosts measureFusionCosts(int nmin, int nmax, int rounds,
                               const std::function<void(const FusionCostRow &)> &row);

} // namespace rt
} // namespace masq

#endif // MASQ_RUNTIME_FUSIONCOSTS_H
