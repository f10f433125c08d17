//===- DensityMode.cpp - compiled models on the density matrix ------------===//
#include "masq/Runtime/DensityMode.h"

#include "CompiledSupport.h"
#include "masq/Core/Channels.h"
#include "masq/Runtime/Density.h"
#include "masq/Runtime/Distributed.h"

#include <memory>

namespace masq {
namespace {
thread_local std::unique_ptr<dm::DensityMatrix> current;
thread_local std::unique_ptr<rt::DistributedState> spread; // a DistributedScope's

/// Runs fn on the distributed state; an Error becomes the compiled code's
/// error (nothing may unwind through JIT frames).
template <class F>
auto onSpread(const char *fn, F &&f) -> decltype(f(*spread)) {
  try {
    return f(*spread);
  } catch (...) {
    rtc::reportException(fn);
    return decltype(f(*spread))();
  }
}

uint64_t maskOf(const int32_t *qs, int32_t k) {
  uint64_t m = 0;
  for (int32_t j = 0; j < k; ++j)
    m |= uint64_t(1) << qs[j];
  return m;
}
std::vector<int> ints(const int32_t *qs, int32_t k) { return std::vector<int>(qs, qs + k); }
} // namespace

DensityScope::DensityScope(int n) {
  auto m = std::make_unique<dm::DensityMatrix>();
  if (dm::DensityMatrix::make(n, *m, error_))
    current = std::move(m);
}
DensityScope::~DensityScope() { current.reset(); }

DistributedScope::DistributedScope(int n, rt::Exchange &ex) {
  try {
    spread = std::make_unique<rt::DistributedState>(n, ex);
  } catch (const std::exception &e) {
    error_ = e.what();
  }
}
DistributedScope::~DistributedScope() { spread.reset(); }

namespace dmode {

bool active() { return current != nullptr || spread != nullptr; }

void init() {
  if (spread)
    return spread->setZero();
  current->resetToZero();
}

void gate(gates::Kind kind, const int32_t *qs, const double *angles) {
  const std::vector<int> q = ints(qs, gates::info(kind).numQubits);
  if (spread)
    return onSpread("masq_rtc_gate", [&](rt::DistributedState &d) {
      d.applyGate(kind, q.data(), angles);
    });
  current->applyGate(kind, q.data(), angles);
}

void block(const int32_t *qs, const int32_t *desc, int32_t ngates, const double *angles) {
  for (int32_t g = 0; g < ngates; ++g) {
    const auto kind = gates::Kind(desc[3 * g]);
    int q[2] = {qs[desc[3 * g + 1]], desc[3 * g + 2] >= 0 ? qs[desc[3 * g + 2]] : -1};
    if (spread)
      onSpread("masq_rtc_block", [&](rt::DistributedState &d) { d.applyGate(kind, q, angles); });
    else
      current->applyGate(kind, q, angles);
    angles += gates::info(kind).numParams;
  }
}

void encodeAmplitude(const int32_t *qs, int32_t k, const double *x, int32_t len) {
  const std::vector<int> q = ints(qs, k);
  if (spread)
    return onSpread("masq_rtc_encode_amplitude", [&](rt::DistributedState &d) {
      d.encodeAmplitude(q.data(), k, x, size_t(len));
    });
  current->prepare(q.data(), k, x, len);
}

void encodeAngle(const int32_t *qs, int32_t k, const double *x, int32_t axis, double scale) {
  for (int32_t i = 0; i < k; ++i) {
    const double a = scale * x[i];
    const int q = qs[i];
    if (spread)
      onSpread("masq_rtc_encode_angle", [&](rt::DistributedState &d) {
        d.applyGate(gates::Kind(axis), &q, &a);
      });
    else
      current->applyGate(gates::Kind(axis), &q, &a);
  }
}

bool channel(int32_t kind, const int32_t *qs, int32_t k, double p) {
  if (spread) {
    rtc::report(rt::Status::BadArgument, "masq_rtc_channel",
           "noise channels are not simulated on a state distributed over processes");
    return true; // reported here
  }
  dm::Kraus kraus;
  std::string error;
  bool ok = false;
  switch (channels::Kind(kind)) {
  case channels::Kind::Depolarize: ok = dm::Kraus::depolarizing(p, kraus, error); break;
  case channels::Kind::Depolarize2: ok = dm::Kraus::depolarizing2(p, kraus, error); break;
  case channels::Kind::AmplitudeDamp: ok = dm::Kraus::amplitudeDamping(p, kraus, error); break;
  case channels::Kind::PhaseDamp: ok = dm::Kraus::phaseDamping(p, kraus, error); break;
  case channels::Kind::BitFlip: ok = dm::Kraus::bitFlip(p, kraus, error); break;
  case channels::Kind::PhaseFlip: ok = dm::Kraus::phaseFlip(p, kraus, error); break;
  }
  if (!ok)
    return false;
  const std::vector<int> q = ints(qs, k);
  current->applyChannel(kraus, q.data());
  return true;
}

double expvalZ(const int32_t *qs, int32_t k) {
  if (spread) {
    const std::vector<int> q = ints(qs, k);
    return onSpread("masq_rtc_expval_z",
                    [&](rt::DistributedState &d) { return d.expvalZ(q.data(), k); });
  }
  return current->expvalZ(maskOf(qs, k));
}
double probZero(const int32_t *qs, int32_t k) {
  if (spread) {
    const std::vector<int> q = ints(qs, k);
    return onSpread("masq_rtc_prob_zero",
                    [&](rt::DistributedState &d) { return d.probZero(q.data(), k); });
  }
  return current->probZero(maskOf(qs, k));
}

void probabilities(const int32_t *qs, int32_t k, double *out) {
  const std::vector<int> q = ints(qs, k);
  const std::vector<double> p =
      spread ? onSpread("masq_rtc_probabilities",
                        [&](rt::DistributedState &d) { return d.probabilities(q.data(), k); })
             : current->probabilities(q.data(), k);
  for (size_t i = 0; i < p.size(); ++i)
    out[i] = p[i];
}

double fidelity(const int32_t *qs, int32_t k, const double *ref, int32_t len) {
  const std::vector<int> q = ints(qs, k);
  if (spread)
    return onSpread("masq_rtc_fidelity", [&](rt::DistributedState &d) {
      return d.fidelity(q.data(), k, ref, size_t(len));
    });
  return current->fidelity(q.data(), k, ref, len);
}

} // namespace dmode
} // namespace masq
