//===- Shots.cpp - finite-shot estimates of compiled observables ----------===//
#include "masq/Runtime/Shots.h"

#include "Streams.h"

#include <algorithm>
#include <random>

namespace masq {
namespace {

struct State {
  long long shots = 0; // 0: exact
  uint64_t seed = 0;
  int64_t sample = 0;
  uint64_t run = 0;   // 0: the sample's own run; else a shifted one
  uint64_t draws = 0; // observables drawn so far in this sample
};
thread_local State tls;

using streams::splitmix;
using streams::Stream;

/// The generator of the next observable of the current sample.
Stream nextStream() {
  uint64_t key = splitmix(tls.seed ^ 0x73686f7473000000ull);
  key = splitmix(key ^ uint64_t(tls.sample));
  if (tls.run != 0)
    key = splitmix(key ^ (tls.run * 0x9e3779b97f4a7c15ull));
  key = splitmix(key ^ tls.draws++);
  return Stream(key);
}

long long binomial(Stream &rng, long long n, double p) {
  p = std::clamp(p, 0.0, 1.0);
  if (n <= 0 || p <= 0)
    return 0;
  if (p >= 1)
    return n;
  return std::binomial_distribution<long long>(n, p)(rng);
}

} // namespace

ShotScope::ShotScope(long long shots, uint64_t seed) {
  tls = State{shots, seed, 0, 0, 0};
}
ShotScope::~ShotScope() { tls = State{}; }

void ShotScope::beginSample(int64_t index) {
  tls.sample = index;
  tls.run = 0;
  tls.draws = 0;
}

void ShotScope::beginRun(uint64_t run) {
  tls.run = run;
  tls.draws = 0;
}

namespace shots {

bool active() { return tls.shots > 0; }

double probability(double p) {
  Stream rng = nextStream();
  return double(binomial(rng, tls.shots, p)) / double(tls.shots);
}

double signedMean(double v) { return 2 * probability((1 + v) / 2) - 1; }

void distribution(double *out, int64_t n) {
  // Multinomial draws as a chain of binomials: outcome i gets
  // Binomial(left, p_i / mass left) of the shots not yet assigned.
  Stream rng = nextStream();
  double mass = 0;
  for (int64_t i = 0; i < n; ++i)
    mass += std::max(out[i], 0.0);
  long long left = tls.shots;
  for (int64_t i = 0; i < n; ++i) {
    const double p = std::max(out[i], 0.0);
    long long k = 0;
    if (left > 0 && mass > 0 && p > 0)
      k = binomial(rng, left, p / mass); // p / mass >= 1 (clamped): all that is left
    mass -= p;
    left -= k;
    out[i] = double(k) / double(tls.shots);
  }
}

} // namespace shots
} // namespace masq
