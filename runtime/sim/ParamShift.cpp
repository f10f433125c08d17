//===- ParamShift.cpp - the runtime side of parameter-shift gradients -----===//
#include "masq/Runtime/ParamShift.h"

#include "CompiledSupport.h"
#include "masq/Core/Gates.h"
#include "masq/Runtime/Compiled.h"
#include "masq/Runtime/Noise.h"
#include "masq/Runtime/Shots.h"

#include <vector>

namespace masq {
namespace {

struct Sweep {
  std::function<void()> rerun;
  bool shifted = false; // a shifted run is under way
  int64_t occurrence = -1;
  double shift = 0;
  std::vector<std::vector<double>> seeds;    // by observable position
  std::vector<std::vector<double>> recorded; // the shifted run's observables
  size_t numRecorded = 0;
  uint64_t runs = 0;
};
thread_local Sweep *current = nullptr;

} // namespace

ShiftSweep::ShiftSweep(std::function<void()> rerun) {
  current = new Sweep{};
  current->rerun = std::move(rerun);
}
ShiftSweep::~ShiftSweep() {
  delete current;
  current = nullptr;
}
uint64_t ShiftSweep::runs() const { return current ? current->runs : 0; }

namespace ps {
void record(const double *v, int64_t n) {
  Sweep *s = current;
  if (!s || !s->shifted)
    return;
  if (s->recorded.size() <= s->numRecorded)
    s->recorded.resize(s->numRecorded + 1);
  s->recorded[s->numRecorded++].assign(v, v + n);
}
} // namespace ps

} // namespace masq

using masq::current;
using masq::rt::Status;
using masq::rtc::kNaN;
using masq::rtc::report;

extern "C" double masq_rtc_ps_shift(int64_t k) {
  const masq::Sweep *s = current;
  return s && s->shifted && s->occurrence == k ? s->shift : 0.0;
}

extern "C" int32_t masq_rtc_ps_reverse(void) {
  // Not in a shifted run, nor in one of a noisy run's trajectories (the
  // replay, with the means, runs the reverse).
  return (current && current->shifted) || masq::noise::collecting() ? 0 : 1;
}

extern "C" void masq_rtc_ps_seed_vec(int64_t i, const double *g, int64_t len) {
  masq::Sweep *s = current;
  if (!s || i < 0 || len < 0 || (len > 0 && !g))
    return report(Status::BadArgument, __func__,
                  "a parameter-shift gradient runs only inside a ShiftSweep");
  if (s->seeds.size() <= size_t(i))
    s->seeds.resize(size_t(i) + 1);
  std::vector<double> &seed = s->seeds[size_t(i)];
  seed.resize(std::max(seed.size(), size_t(len)), 0.0);
  for (int64_t j = 0; j < len; ++j)
    seed[size_t(j)] += g[j];
}

extern "C" void masq_rtc_ps_seed(int64_t i, double g) { masq_rtc_ps_seed_vec(i, &g, 1); }

extern "C" double masq_rtc_ps_angle(int64_t k, int32_t kind) {
  masq::Sweep *s = current;
  if (!s) {
    report(Status::BadArgument, __func__,
           "a parameter-shift gradient runs only inside a ShiftSweep");
    return kNaN;
  }
  double c[4], sh[4];
  const int terms = kind >= 0 && kind < masq::gates::kNumKinds
                        ? masq::gates::shiftRule(masq::gates::Kind(kind), c, sh)
                        : 0;
  if (terms == 0) {
    report(Status::BadArgument, __func__, "gate kind %d has no shift rule", int(kind));
    return kNaN;
  }
  bool any = false;
  for (const auto &seed : s->seeds)
    for (double g : seed)
      any |= g != 0;
  if (!any) // no later observable reaches the loss
    return 0.0;
  double d = 0;
  for (int t = 0; t < terms; ++t) {
    s->shifted = true;
    s->occurrence = k;
    s->shift = sh[t];
    s->numRecorded = 0;
    masq::ShotScope::beginRun(++s->runs);
    masq::TrajectoryScope::beginRun(s->runs);
    s->rerun();
    s->shifted = false;
    double dot = 0;
    for (size_t i = 0; i < s->seeds.size() && i < s->numRecorded; ++i) {
      const auto &g = s->seeds[i], &o = s->recorded[i];
      for (size_t j = 0; j < g.size() && j < o.size(); ++j)
        dot += g[j] * o[j];
    }
    d += c[t] * dot;
  }
  return d;
}

namespace {
// The angles scale * x[i] + shift into a (no more angles than qubits;
// masq_rtc_encode_angle checks the rest); false after reporting.
bool shiftedAngles(const char *fn, int32_t k, const double *x, double scale, int64_t base,
                   double *a) {
  if (k < 0 || k > masq::rtc::kMaxN || (k > 0 && !x)) {
    report(Status::BadArgument, fn, "bad angle list (%d angles)", int(k));
    return false;
  }
  for (int32_t i = 0; i < k; ++i)
    a[i] = scale * x[i] + masq_rtc_ps_shift(base + i);
  return true;
}
} // namespace

extern "C" void masq_rtc_encode_angle_ps(double *psi, int32_t n, const int32_t *qs, int32_t k,
                                         const double *x, int32_t axis, double scale,
                                         int64_t base) {
  double a[masq::rtc::kMaxN];
  if (shiftedAngles(__func__, k, x, scale, base, a))
    masq_rtc_encode_angle(psi, n, qs, k, a, axis, 1.0);
}

extern "C" void masq_rtc_f32_encode_angle_ps(float *psi, int32_t n, const int32_t *qs,
                                             int32_t k, const double *x, int32_t axis,
                                             double scale, int64_t base) {
  double a[masq::rtc::kMaxN];
  if (shiftedAngles(__func__, k, x, scale, base, a))
    masq_rtc_f32_encode_angle(psi, n, qs, k, a, axis, 1.0);
}
