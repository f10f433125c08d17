//===- Noise.h - noise channels by quantum trajectories -----------*- C++ -*-===//
//
// A model's noise channels (masq.channel, masq/Core/Channels.h) run on the
// state vector as quantum trajectories: each masq_rtc_channel call draws
// one Kraus branch K_i with probability |K_i psi|^2 and applies it,
// renormalised. A value of a noisy model is the mean over trajectories:
// noise::averaged(T, run) runs the sample T times, every observable
// accumulating its value by its position in the sample, then once more
// (the replay) with every observable returning its mean, so the loss and
// derived outputs are computed from the means (for a loss nonlinear in the
// observables this is the loss of the estimated expectations, not the mean
// of per-trajectory losses). Shots, when on, are drawn in the replay from
// the mean distribution: the mixed state a device measures.
//
// Streams: the branch of channel call c of trajectory t of run r of
// sample s under seed S comes from a generator keyed by (S, s, r, t, c):
// the same for any thread count or batch split. A channel outside a
// TrajectoryScope reports an error (a noisy model needs trajectories).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_NOISE_H
#define MASQ_RUNTIME_NOISE_H

#include <cstdint>
#include <functional>

namespace masq {

class TrajectoryScope {
public:
  /// trajectories > 0 per value; one scope per thread at a time.
  TrajectoryScope(long long trajectories, uint64_t seed);
  ~TrajectoryScope();
  TrajectoryScope(const TrajectoryScope &) = delete;
  TrajectoryScope &operator=(const TrajectoryScope &) = delete;
  /// The sample whose runs come next on this thread (run 0).
  static void beginSample(int64_t index);
  /// Another run of the sample (a parameter-shift circuit, run > 0).
  static void beginRun(uint64_t run);
};

namespace noise {
/// Whether a scope is open on this thread.
bool active();
/// `run` as the open scope's trajectories then the replay (see above);
/// without a scope, once.
void averaged(const std::function<void()> &run);
/// Whether the run under way is one of the trajectories (not the replay):
/// its observables are exact per trajectory, drawn nothing from shots and
/// recorded by nobody else.
bool collecting();
/// The observable hook: `n` values at the next position of the run.
void observe(double *v, int64_t n);
} // namespace noise

} // namespace masq

#endif // MASQ_RUNTIME_NOISE_H
