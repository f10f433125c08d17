//===- Shots.h - finite-shot estimates of compiled observables --*- C++ -*-===//
//
// While a ShotScope is open on a thread, every observable compiled code
// evaluates on that thread (masq_rtc_expval_z, masq_rtc_prob_zero,
// masq_rtc_probabilities, masq_rtc_fidelity, masq_rtc_fidelity_state)
// returns the estimate a device would report from `shots` measurements
// instead of its exact value: one pass computes the exact distribution,
// then binomial (multinomial for probabilities) draws sample it, not one
// simulation per shot. expval from +-1 outcomes, a fidelity from a SWAP
// test's ancilla (P(0) = (1 + F)/2), so estimates of signed observables may
// fall below zero as on hardware. Everything downstream (the loss and
// derived outputs) is computed from the estimates.
//
// Streams: each observable draws from its own generator, seeded from
// (seed, sample index, the observable's position in the sample), so an
// estimate depends on the seed and the sample, never on the thread or the
// batch split. The caller names the sample before running it
// (beginSample); batches evaluated with shots run one sample per call, so
// two-samples-per-state code (the _lane entry points) never runs under a
// scope.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_SHOTS_H
#define MASQ_RUNTIME_SHOTS_H

#include <cstdint>

namespace masq {

class ShotScope {
public:
  /// shots > 0; the scope nests nothing (one per thread at a time).
  ShotScope(long long shots, uint64_t seed);
  ~ShotScope();
  ShotScope(const ShotScope &) = delete;
  ShotScope &operator=(const ShotScope &) = delete;
  /// The sample whose observables come next on this thread.
  static void beginSample(int64_t index);
  /// Another run of the current sample (a parameter-shift circuit, run
  /// > 0): its observables draw from streams of their own; beginSample
  /// returns to run 0. Does nothing without an open scope.
  static void beginRun(uint64_t run);
};

namespace shots {
/// Whether a scope is open on this thread.
bool active();
/// The estimate of a probability p (clamped to [0, 1]) from the shots.
double probability(double p);
/// The estimate of a +-1-valued observable with mean v.
double signedMean(double v);
/// out[0..n) (a distribution) replaced by the empirical one of the shots.
void distribution(double *out, int64_t n);
} // namespace shots

} // namespace masq

#endif // MASQ_RUNTIME_SHOTS_H
