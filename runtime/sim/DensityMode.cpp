//===- DensityMode.cpp - compiled models on the density matrix ------------===//
#include "masq/Runtime/DensityMode.h"

#include "CompiledSupport.h"
#include "masq/Core/Channels.h"
#include "masq/Runtime/Density.h"
#include "masq/Runtime/Distributed.h"

#include <algorithm>
#include <functional>
#include <memory>

namespace masq {
namespace {
thread_local std::unique_ptr<dm::DensityMatrix> current;
thread_local std::unique_ptr<rt::DistributedState> spread; // a DistributedScope's
// Its adjoint vector (made at the first backward call), whether it is to be
// zeroed before the next use, and the work buffer's lam.
thread_local std::unique_ptr<rt::DistributedState> spreadLam;
thread_local bool lamStale = true;
thread_local const double *lamBuffer = nullptr;

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
DistributedScope::~DistributedScope() {
  spread.reset();
  spreadLam.reset();
  lamBuffer = nullptr;
}
void DistributedScope::setWork(double *work) {
  if (spread)
    lamBuffer = work + (size_t(2) << spread->numQubits());
}

namespace dmode {

bool active() { return current != nullptr || spread != nullptr; }

void init() {
  lamStale = true;
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

void block(const int32_t *qs, int32_t k, const int32_t *desc, int32_t ngates,
           const double *angles) {
  if (spread) // the block's qubits made local, then its fused kernel on the rank's part
    return onSpread("masq_rtc_block", [&](rt::DistributedState &d) {
      const std::vector<int> q = ints(qs, k);
      d.onLocal(q.data(), k, nullptr, [&](rt::cplx *psi, rt::cplx *, int nl, const int *local) {
        const std::vector<int32_t> lq(local, local + k);
        rtc::blockForward("masq_rtc_block", reinterpret_cast<double *>(psi), nl, lq.data(), k,
                          desc, ngates, angles);
      });
    });
  for (int32_t g = 0; g < ngates; ++g) {
    const auto kind = gates::Kind(desc[3 * g]);
    int q[2] = {qs[desc[3 * g + 1]], desc[3 * g + 2] >= 0 ? qs[desc[3 * g + 2]] : -1};
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

//=== the adjoint sweep on the distributed state ===============================//

namespace {
/// fn(psi, lam) with lam zeroed in psi's layout if it is stale.
template <class F> void onBoth(const char *name, F &&f) {
  onSpread(name, [&](rt::DistributedState &psi) {
    if (!spreadLam)
      spreadLam = std::make_unique<rt::DistributedState>(psi.numQubits(), psi.exchange());
    if (lamStale)
      psi.zeroLike(*spreadLam), lamStale = false;
    f(psi, *spreadLam);
  });
}
} // namespace

bool distributed() { return spread != nullptr; }

bool zeroAdjoint(const double *buf) {
  if (!spread || buf != lamBuffer)
    return false;
  lamStale = true;
  return true;
}

void gateBack(gates::Kind kind, const int32_t *qs, const double *angles, double *d) {
  const gates::Info &g = gates::info(kind);
  const std::vector<int> q = ints(qs, g.numQubits);
  double acc[3] = {0, 0, 0};
  onBoth("masq_rtc_gate_back", [&](rt::DistributedState &psi, rt::DistributedState &lam) {
    psi.applyBackward(kind, q.data(), angles, lam, acc);
  });
  for (int p = 0; p < g.numParams; ++p)
    d[p] = 2 * acc[p]; // dL/dangle = 2 Re <lam| dU psi>
}

void blockBack(const int32_t *qs, int32_t k, const int32_t *desc, int32_t ngates,
               const double *angles, double *dangles) {
  int numAngles = 0;
  for (int32_t g = 0; g < ngates; ++g)
    numAngles += gates::info(gates::Kind(desc[3 * g])).numParams;
  std::vector<double> d(size_t(numAngles), 0.0);
  onBoth("masq_rtc_block_back", [&](rt::DistributedState &psi, rt::DistributedState &lam) {
    const std::vector<int> q = ints(qs, k);
    psi.onLocal(q.data(), k, &lam, [&](rt::cplx *p, rt::cplx *l, int nl, const int *local) {
      const std::vector<int32_t> lq(local, local + k);
      rtc::blockBackward("masq_rtc_block_back", reinterpret_cast<double *>(p),
                         reinterpret_cast<double *>(l), nl, lq.data(), k, desc, ngates, angles,
                         d.data());
    });
    psi.exchange().sum(d.data(), d.size()); // the ranks' parts, in rank order
  });
  if (dangles)
    std::copy(d.begin(), d.end(), dangles);
}

namespace {
void seedWeighted(const char *fn, const int32_t *qs, int32_t k,
                  const std::function<double(uint64_t)> &w) {
  const std::vector<int> q = ints(qs, k);
  onBoth(fn, [&](rt::DistributedState &psi, rt::DistributedState &lam) {
    psi.addWeighted(lam, q.data(), k, w);
  });
}
} // namespace

void seedExpvalZ(const int32_t *qs, int32_t k, double g) {
  seedWeighted("masq_rtc_seed_expval_z", qs, k,
               [g](uint64_t o) { return __builtin_parityll(o) ? -g : g; });
}
void seedProbZero(const int32_t *qs, int32_t k, double g) {
  seedWeighted("masq_rtc_seed_prob_zero", qs, k, [g](uint64_t o) { return o ? 0.0 : g; });
}
void seedProbabilities(const int32_t *qs, int32_t k, const double *g) {
  seedWeighted("masq_rtc_seed_probabilities", qs, k, [g](uint64_t o) { return g[o]; });
}

void seedFidelity(const int32_t *qs, int32_t k, const double *ref, int32_t len, double g) {
  const std::vector<int> q = ints(qs, k);
  onBoth("masq_rtc_seed_fidelity", [&](rt::DistributedState &psi, rt::DistributedState &lam) {
    psi.addFidelityCotangent(lam, q.data(), k, ref, size_t(len), g);
  });
}

void fidelityRefBack(const int32_t *qs, int32_t k, const double *ref, int32_t len, double g,
                     double *gref) {
  const std::vector<int> q = ints(qs, k);
  onSpread("masq_rtc_fidelity_ref_back", [&](rt::DistributedState &psi) {
    psi.fidelityRefBack(q.data(), k, ref, size_t(len), g, gref);
  });
}

void encodeAngleBack(const int32_t *qs, int32_t k, const double *x, int32_t axis,
                     double scale, double *gx) {
  // Rotations on qubits at |0>, one per input: their backward steps, last
  // first (they commute; each un-computes its own).
  for (int32_t i = k; i-- > 0;) {
    const double a = scale * x[i];
    double d[3] = {0, 0, 0};
    gateBack(gates::Kind(axis), &qs[i], &a, d);
    gx[i] += scale * d[0];
  }
}

void encodeAmplitudeBack(const int32_t *qs, int32_t k, const double *x, int32_t len,
                         double *gx) {
  const std::vector<int> q = ints(qs, k);
  onBoth("masq_rtc_encode_amplitude_back",
         [&](rt::DistributedState &psi, rt::DistributedState &lam) {
           psi.encodeAmplitudeBack(lam, q.data(), k, x, size_t(len), gx);
         });
}

} // namespace dmode
} // namespace masq
