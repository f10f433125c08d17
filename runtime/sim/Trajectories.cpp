//===- Trajectories.cpp - noise channels by quantum trajectories ----------===//
#include "masq/Runtime/Noise.h"
#include "masq/Runtime/DensityMode.h"

#include "CompiledSupport.h"
#include "Streams.h"
#include "masq/Core/Channels.h"
#include "masq/Runtime/Compiled.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <map>
#include <vector>

namespace masq {
namespace {

enum class Mode { Off, Collect, Replay };

struct State {
  bool active = false;
  long long trajectories = 0;
  uint64_t seed = 0;
  int64_t sample = 0;
  uint64_t run = 0;
  uint64_t trajectory = 0;
  uint64_t calls = 0; // channel calls so far in this trajectory
  Mode mode = Mode::Off;
  size_t position = 0; // observables so far in this run
  double weight = 1;   // trajectories the run under way stands for
  std::vector<std::vector<double>> sums;
  // Grouping: the channel calls of the first trajectory (kind, p), and the
  // branches forced on a run that stands for a group of trajectories.
  std::vector<std::pair<int32_t, double>> calls0;
  bool recording = false;
  const std::vector<int> *forced = nullptr;
};
thread_local State tls;

streams::Stream streamOf(uint64_t trajectory, uint64_t call) {
  uint64_t key = streams::splitmix(tls.seed ^ 0x6e6f697365000000ull);
  key = streams::splitmix(key ^ uint64_t(tls.sample));
  key = streams::splitmix(key ^ (tls.run * 0x9e3779b97f4a7c15ull));
  key = streams::splitmix(key ^ trajectory);
  return streams::Stream(streams::splitmix(key ^ call));
}

/// The branch a Pauli-mixture channel takes from its stream: 0 the
/// identity, else the Pauli (1-3 on one qubit; 1-15 as 4a + b on two);
/// -1 for a channel whose branch depends on the state (damping).
int pauliBranch(channels::Kind kind, double p, streams::Stream &rng) {
  const double u = rng.uniform();
  switch (kind) {
  case channels::Kind::Depolarize:
    return u >= 1 - p ? 1 + int(rng() % 3) : 0;
  case channels::Kind::Depolarize2:
    return u >= 1 - p ? 1 + int(rng() % 15) : 0;
  case channels::Kind::BitFlip:
    return u < p ? 1 : 0;
  case channels::Kind::PhaseFlip:
    return u < p ? 3 : 0;
  default:
    return -1;
  }
}

// The channels' Kraus branches on an interleaved state of n qubits.
using Amp = double *;
void pauli(double *psi, int n, int q, int which) { // 1 X, 2 Y, 3 Z
  const size_t dim = size_t(1) << n, bit = size_t(1) << q;
  for (size_t i = 0; i < dim; ++i) {
    if (i & bit)
      continue;
    Amp a0 = psi + 2 * i, a1 = psi + 2 * (i | bit);
    if (which == 1) {
      std::swap(a0[0], a1[0]), std::swap(a0[1], a1[1]);
    } else if (which == 2) { // Y: a0' = -i a1, a1' = i a0
      const double r0 = a0[0], i0 = a0[1], r1 = a1[0], i1 = a1[1];
      a0[0] = i1, a0[1] = -r1, a1[0] = -i0, a1[1] = r0;
    } else if (which == 3) {
      a1[0] = -a1[0], a1[1] = -a1[1];
    }
  }
}

double excited(const double *psi, int n, int q) {
  const size_t dim = size_t(1) << n, bit = size_t(1) << q;
  double p1 = 0;
  for (size_t i = 0; i < dim; ++i)
    if (i & bit)
      p1 += psi[2 * i] * psi[2 * i] + psi[2 * i + 1] * psi[2 * i + 1];
  return p1;
}

/// Branch b of a Pauli-mixture channel (pauliBranch).
void applyPauliBranch(double *psi, int n, const int32_t *qs, channels::Kind kind, int b) {
  if (kind == channels::Kind::Depolarize2) {
    pauli(psi, n, qs[0], b / 4);
    pauli(psi, n, qs[1], b % 4);
  } else if (b > 0) {
    pauli(psi, n, qs[0], b);
  }
}

/// Amplitude (move = true) or phase damping: the branch K1 with
/// probability g p1, else K0, renormalised.
void damping(double *psi, int n, int q, double g, double u, bool move) {
  const size_t dim = size_t(1) << n, bit = size_t(1) << q;
  const double p1 = excited(psi, n, q), jump = g * p1;
  if (u < jump) {
    const double s = 1 / std::sqrt(p1);
    for (size_t i = 0; i < dim; ++i) {
      if (i & bit)
        continue;
      Amp a0 = psi + 2 * i, a1 = psi + 2 * (i | bit);
      if (move) {
        a0[0] = s * a1[0], a0[1] = s * a1[1];
        a1[0] = a1[1] = 0;
      } else {
        a0[0] = a0[1] = 0;
        a1[0] *= s, a1[1] *= s;
      }
    }
    return;
  }
  const double keep = std::sqrt(1 - g), s = 1 / std::sqrt(1 - jump);
  for (size_t i = 0; i < dim; ++i) {
    const double f = (i & bit) ? keep * s : s;
    psi[2 * i] *= f, psi[2 * i + 1] *= f;
  }
}

} // namespace

TrajectoryScope::TrajectoryScope(long long trajectories, uint64_t seed) {
  tls = State{};
  tls.active = true;
  tls.trajectories = trajectories;
  tls.seed = seed;
}
TrajectoryScope::~TrajectoryScope() { tls = State{}; }
void TrajectoryScope::beginSample(int64_t index) {
  tls.sample = index;
  tls.run = 0;
}
void TrajectoryScope::beginRun(uint64_t run) { tls.run = run; }

namespace noise {

bool active() { return tls.active; }
bool collecting() { return tls.mode == Mode::Collect; }

void averaged(const std::function<void()> &run) {
  if (!tls.active || tls.trajectories <= 0) {
    run();
    return;
  }
  // Nested calls (a parameter-shift rerun from inside a replay) keep the
  // outer run's state.
  const State outer = tls;
  const uint64_t T = uint64_t(tls.trajectories);
  tls.sums.clear();
  auto trajectory = [&](uint64_t t, double weight, const std::vector<int> *forced) {
    tls.mode = Mode::Collect;
    tls.trajectory = t;
    tls.calls = 0;
    tls.position = 0;
    tls.weight = weight;
    tls.forced = forced;
    run();
    tls.forced = nullptr;
  };
  // The first trajectory records the channel calls. When every one is a
  // Pauli mixture, a trajectory's branches follow from its streams alone:
  // the others are grouped by their branch sequence and each sequence is
  // simulated once, weighted by how many trajectories drew it - the same
  // estimate as simulating every trajectory (the same streams).
  tls.calls0.clear();
  tls.recording = true;
  trajectory(0, 1.0, nullptr);
  tls.recording = false;
  // MASQ_NO_TRAJECTORY_GROUPING=1 simulates every trajectory (tests).
  static const bool grouping = [] {
    const char *v = std::getenv("MASQ_NO_TRAJECTORY_GROUPING");
    return !(v && *v && std::string(v) != "0");
  }();
  bool pauli = grouping;
  std::vector<int> first;
  for (size_t c = 0; c < tls.calls0.size() && pauli; ++c) {
    streams::Stream rng = streamOf(0, c);
    const int b = pauliBranch(channels::Kind(tls.calls0[c].first), tls.calls0[c].second, rng);
    pauli = b >= 0;
    first.push_back(b);
  }
  if (!pauli) {
    for (uint64_t t = 1; t < T; ++t)
      trajectory(t, 1.0, nullptr);
  } else {
    std::map<std::vector<int>, uint64_t> groups;
    for (uint64_t t = 1; t < T; ++t) {
      std::vector<int> seq(tls.calls0.size());
      for (size_t c = 0; c < seq.size(); ++c) {
        streams::Stream rng = streamOf(t, c);
        seq[c] = pauliBranch(channels::Kind(tls.calls0[c].first), tls.calls0[c].second, rng);
      }
      ++groups[seq];
    }
    // The first trajectory's group: its sums count once more per member.
    if (auto it = groups.find(first); it != groups.end()) {
      for (auto &s : tls.sums)
        for (double &x : s)
          x *= double(1 + it->second);
      groups.erase(it);
    }
    for (const auto &[seq, count] : groups)
      trajectory(T + 1, double(count), &seq); // (forced: its streams are not read)
  }
  tls.mode = Mode::Replay;
  tls.trajectory = T; // the replay's own draws
  tls.calls = 0;
  tls.position = 0;
  tls.weight = 1;
  run();
  tls = outer;
}

void observe(double *v, int64_t n) {
  if (tls.mode == Mode::Off)
    return;
  const size_t at = tls.position++;
  if (tls.mode == Mode::Collect) {
    if (tls.sums.size() <= at)
      tls.sums.resize(at + 1);
    std::vector<double> &s = tls.sums[at];
    s.resize(std::max(s.size(), size_t(n)), 0.0);
    for (int64_t j = 0; j < n; ++j)
      s[size_t(j)] += tls.weight * v[j];
    return;
  }
  if (at >= tls.sums.size())
    return; // an observable no trajectory reached: keep the replay's
  const std::vector<double> &s = tls.sums[at];
  const double inv = 1.0 / double(tls.trajectories);
  for (int64_t j = 0; j < n && size_t(j) < s.size(); ++j)
    v[j] = s[size_t(j)] * inv;
}

} // namespace noise
} // namespace masq

using masq::rt::Status;
using masq::rtc::report;

extern "C" void masq_rtc_channel(double *psi, int32_t n, const int32_t *qs, int32_t k,
                                 int32_t kind, double p) {
  namespace ch = masq::channels;
  if (!psi || !qs || n < 1 || n > masq::rtc::kMaxN)
    return report(Status::BadArgument, __func__, "bad state or qubit list");
  if (kind < 0 || kind >= ch::kNumKinds || ch::kInfo[kind].arity != k)
    return report(Status::BadArgument, __func__, "channel kind %d on %d qubit(s)", int(kind),
                  int(k));
  for (int32_t j = 0; j < k; ++j)
    if (qs[j] < 0 || qs[j] >= n || (j > 0 && qs[j] == qs[0]))
      return report(Status::BadArgument, __func__, "bad qubit %d", int(qs[j]));
  if (!(p >= 0 && p <= 1))
    return report(Status::BadArgument, __func__, "probability %g outside [0, 1]", p);
  if (masq::dmode::active()) { // exactly, on the density matrix
    if (!masq::dmode::channel(kind, qs, k, p))
      report(Status::BadArgument, __func__, "channel kind %d refused its parameter %g",
             int(kind), p);
    return;
  }
  if (!masq::tls.active)
    return report(Status::BadArgument, __func__,
                  "this model has noise channels: evaluate it with quantum trajectories "
                  "(masq run --trajectories T; Python trajectories=T)");
  if (masq::tls.recording)
    masq::tls.calls0.push_back({kind, p});
  const uint64_t call = masq::tls.calls++;
  if (const std::vector<int> *forced = masq::tls.forced) {
    // A run standing for a group of trajectories: the group's branches.
    return masq::applyPauliBranch(psi, n, qs, ch::Kind(kind),
                                  call < forced->size() ? (*forced)[call] : 0);
  }
  masq::streams::Stream rng = masq::streamOf(masq::tls.trajectory, call);
  if (const int b = masq::pauliBranch(ch::Kind(kind), p, rng); b >= 0)
    return masq::applyPauliBranch(psi, n, qs, ch::Kind(kind), b);
  const double u = rng.uniform();
  if (ch::Kind(kind) == ch::Kind::AmplitudeDamp)
    masq::damping(psi, n, qs[0], p, u, /*move=*/true);
  else
    masq::damping(psi, n, qs[0], p, u, /*move=*/false);
}
