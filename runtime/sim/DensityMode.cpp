//===- DensityMode.cpp - compiled models on the density matrix ------------===//
#include "masq/Runtime/DensityMode.h"

#include "masq/Core/Channels.h"
#include "masq/Runtime/Density.h"

#include <memory>

namespace masq {
namespace {
thread_local std::unique_ptr<dm::DensityMatrix> current;

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

namespace dmode {

bool active() { return current != nullptr; }

void init() { current->resetToZero(); }

void gate(gates::Kind kind, const int32_t *qs, const double *angles) {
  const std::vector<int> q = ints(qs, gates::info(kind).numQubits);
  current->applyGate(kind, q.data(), angles);
}

void block(const int32_t *qs, const int32_t *desc, int32_t ngates, const double *angles) {
  for (int32_t g = 0; g < ngates; ++g) {
    const auto kind = gates::Kind(desc[3 * g]);
    int q[2] = {qs[desc[3 * g + 1]], desc[3 * g + 2] >= 0 ? qs[desc[3 * g + 2]] : -1};
    current->applyGate(kind, q, angles);
    angles += gates::info(kind).numParams;
  }
}

void encodeAmplitude(const int32_t *qs, int32_t k, const double *x, int32_t len) {
  const std::vector<int> q = ints(qs, k);
  current->prepare(q.data(), k, x, len);
}

void encodeAngle(const int32_t *qs, int32_t k, const double *x, int32_t axis, double scale) {
  for (int32_t i = 0; i < k; ++i) {
    const double a = scale * x[i];
    const int q = qs[i];
    current->applyGate(gates::Kind(axis), &q, &a);
  }
}

bool channel(int32_t kind, const int32_t *qs, int32_t k, double p) {
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

double expvalZ(const int32_t *qs, int32_t k) { return current->expvalZ(maskOf(qs, k)); }
double probZero(const int32_t *qs, int32_t k) { return current->probZero(maskOf(qs, k)); }

void probabilities(const int32_t *qs, int32_t k, double *out) {
  const std::vector<int> q = ints(qs, k);
  const std::vector<double> p = current->probabilities(q.data(), k);
  for (size_t i = 0; i < p.size(); ++i)
    out[i] = p[i];
}

double fidelity(const int32_t *qs, int32_t k, const double *ref, int32_t len) {
  const std::vector<int> q = ints(qs, k);
  return current->fidelity(q.data(), k, ref, len);
}

} // namespace dmode
} // namespace masq
