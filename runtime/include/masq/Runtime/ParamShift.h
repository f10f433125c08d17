//===- ParamShift.h - the runtime side of parameter-shift gradients -*- C++ -*-===//
//
// A model compiled with the param-shift option has a per-sample function
// whose reverse asks the runtime, angle occurrence by angle occurrence, for
// d loss / d(angle) (Compiled.h: masq_rtc_ps_*). While a ShiftSweep is open
// on a thread, that answer comes from running the sample again with the
// angle shifted, once per term of the gate's shift rule (gates::shiftRule),
// and combining the observables those runs record with the adjoints the
// reverse has seeded so far: sum_t c_t sum_i g_i . O_i(angle + s_t). Only
// the observables after the gate are seeded when its turn comes, so the
// sum is exactly the chain rule. Occurrences whose later observables all
// have zero adjoint are not run. Under a ShotScope every run (the sample's
// own and each shifted one) is sampled from a stream of its own
// (ShotScope::beginRun), so each shifted circuit is measured with the
// given shots as on a device.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_PARAMSHIFT_H
#define MASQ_RUNTIME_PARAMSHIFT_H

#include <cstdint>
#include <functional>

namespace masq {

class ShiftSweep {
public:
  /// `rerun` runs the sample's parameter-shift function again, forward
  /// only (masq_rtc_ps_reverse() is 0 inside it), on buffers of its own.
  explicit ShiftSweep(std::function<void()> rerun);
  ~ShiftSweep();
  ShiftSweep(const ShiftSweep &) = delete;
  ShiftSweep &operator=(const ShiftSweep &) = delete;
  /// Shifted circuits run so far.
  uint64_t runs() const;
};

namespace ps {
/// Called by every observable of compiled code with the value it returns
/// (n values for probabilities): kept when a shifted run is under way.
void record(const double *v, int64_t n);
} // namespace ps

} // namespace masq

#endif // MASQ_RUNTIME_PARAMSHIFT_H
