//===- Batch.cpp ----------------------------------------------------------===//
#include "masq/Runtime/Batch.h"
#include "masq/Runtime/Status.h"

#include <cmath>
#include <exception>
#include <mutex>
#include <string>

#ifdef MASQ_RT_HAVE_OPENMP
#include <omp.h>
#endif

namespace masq {
namespace rt {

Batch::Batch(int numQubits, int batchSize) : n_(numQubits) {
  if (batchSize < 1)
    fail(Status::BadArgument, "batch size must be positive");
  if (numQubits < 1 || numQubits > kMaxQubits)
    fail(numQubits > kMaxQubits ? Status::OutOfMemory : Status::BadArgument,
         "number of qubits must be in [1, " + std::to_string(kMaxQubits) + "]");
  checkMemory(double(batchSize) * std::ldexp(16.0, numQubits), "batch");
  states_.reserve(size_t(batchSize));
  for (int i = 0; i < batchSize; ++i)
    states_.emplace_back(numQubits);
}

// f(i) for every sample; sample-parallel for small states. Exceptions are
// collected and the first rethrown (never thrown out of an OpenMP region).
template <class F> void Batch::each(const F &f) {
  const bool par = size() > 1 && n_ < parallelQubits() && numThreads() > 1;
  if (!par) {
    for (int i = 0; i < size(); ++i)
      f(i);
    return;
  }
  std::exception_ptr err;
  std::mutex mu;
#ifdef MASQ_RT_HAVE_OPENMP
#pragma omp parallel for schedule(static) num_threads(numThreads())
  for (int i = 0; i < size(); ++i) {
    try {
      f(i);
    } catch (...) {
      std::lock_guard<std::mutex> l(mu);
      if (!err)
        err = std::current_exception();
    }
  }
#endif
  if (err)
    std::rethrow_exception(err);
}
template <class F> void Batch::each(const F &f) const {
  const_cast<Batch *>(this)->each(f);
}

void Batch::applyGate(gates::Kind kind, const int *qubits, const double *angles,
                      bool perSample) {
  if (static_cast<int>(kind) >= gates::kNumKinds)
    fail(Status::BadArgument, "unknown gate kind");
  const int np = gates::info(kind).numParams;
  checkQubits(qubits, gates::info(kind).numQubits, n_);
  if (np && !angles)
    fail(Status::BadArgument, "null angle list");
  const size_t count = perSample ? size_t(np) * size() : size_t(np);
  for (size_t i = 0; i < count; ++i)
    if (!std::isfinite(angles[i]))
      fail(Status::NonFinite, "gate angle is NaN or infinite");
  if (!perSample || np == 0) {
    const GateOp op = compileGate(kind, qubits, angles);
    each([&](int i) { states_[size_t(i)].apply(op); });
    return;
  }
  each([&](int i) {
    states_[size_t(i)].apply(compileGate(kind, qubits, angles + size_t(i) * np));
  });
}

void Batch::applyUnitary(const int *qubits, int k, const cplx *m) {
  if (k < 1 || k > kMaxFusedQubits || !m)
    fail(Status::BadArgument, "fused unitary needs 1..5 qubits and a matrix");
  checkQubits(qubits, k, n_);
  checkUnitary(m, 1 << k);
  const GateOp op = compileUnitary(qubits, k, m);
  each([&](int i) { states_[size_t(i)].apply(op); });
}

void Batch::encodeAmplitude(const double *x, size_t len) {
  if (!x)
    fail(Status::BadArgument, "null input");
  each([&](int i) { states_[size_t(i)].encodeAmplitude(x + size_t(i) * len, len); });
}

void Batch::encodeAngle(const double *x, const int *qubits, int k, gates::Kind axis,
                        double scale) {
  if (!x)
    fail(Status::BadArgument, "null input");
  checkQubits(qubits, k, n_);
  each([&](int i) {
    states_[size_t(i)].encodeAngle(x + size_t(i) * k, qubits, k, axis, scale);
  });
}

void Batch::reset(const int *qubits, int k) {
  checkQubits(qubits, k, n_);
  each([&](int i) { states_[size_t(i)].reset(qubits, k); });
}

void Batch::fidelity(const double *refs, size_t len, double *out) const {
  if (!refs || !out)
    fail(Status::BadArgument, "null argument");
  each([&](int i) { out[i] = states_[size_t(i)].fidelity(refs + size_t(i) * len, len); });
}

void Batch::expvalZ(const int *qubits, int k, double *out) const {
  if (!out)
    fail(Status::BadArgument, "null output");
  checkQubits(qubits, k, n_);
  each([&](int i) { out[i] = states_[size_t(i)].expvalZ(qubits, k); });
}

void Batch::probZero(const int *qubits, int k, double *out) const {
  if (!out)
    fail(Status::BadArgument, "null output");
  checkQubits(qubits, k, n_);
  each([&](int i) { out[i] = states_[size_t(i)].probZero(qubits, k); });
}

} // namespace rt
} // namespace masq
