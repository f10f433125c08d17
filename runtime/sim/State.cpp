//===- State.cpp - StateVector, aligned storage, reset purification -------===//
#include "masq/Runtime/State.h"
#include "masq/Runtime/Encoders.h"
#include "masq/Runtime/Observables.h"
#include "masq/Runtime/Status.h"
#include "masq/Support/Memory.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

namespace masq {
namespace rt {

//--- AlignedBuffer ----------------------------------------------------------//

// Against the physical memory, the cgroup limit and ulimit -v / -d
// (masq/Support/Memory.h).
void checkMemory(double bytes, const char *what) {
  std::string error;
  if (!fitsInMemory(bytes, what, error))
    fail(Status::OutOfMemory, error);
}

AlignedBuffer::~AlignedBuffer() { std::free(p_); }

AlignedBuffer::AlignedBuffer(const AlignedBuffer &o) {
  allocate(o.n_);
  if (o.n_)
    std::memcpy(p_, o.p_, o.n_ * sizeof(cplx));
}

AlignedBuffer &AlignedBuffer::operator=(const AlignedBuffer &o) {
  if (this != &o) {
    AlignedBuffer t(o);
    *this = std::move(t);
  }
  return *this;
}

AlignedBuffer &AlignedBuffer::operator=(AlignedBuffer &&o) noexcept {
  if (this != &o) {
    std::free(p_);
    p_ = o.p_, n_ = o.n_;
    o.p_ = nullptr, o.n_ = 0;
  }
  return *this;
}

void AlignedBuffer::allocate(size_t count) {
  std::free(p_);
  p_ = nullptr, n_ = 0;
  if (!count)
    return;
  // Large requests only: the limit reads /proc and /sys.
  if (count >= (size_t(64) << 20) / sizeof(cplx))
    checkMemory(double(count) * sizeof(cplx),
                ("a state of " + std::to_string(count) + " amplitudes").c_str());
  // Large states: 2 MiB aligned and backed by transparent huge pages where
  // the kernel only grants them on request (THP "madvise"); gates on high
  // qubits touch two far-apart streams, and 4 KiB pages make them TLB-bound.
  const size_t huge = size_t(2) << 20;
  const bool big = count * sizeof(cplx) >= 2 * huge;
  const size_t align = big ? huge : 64;
  const size_t bytes = (count * sizeof(cplx) + align - 1) / align * align;
  void *p = std::aligned_alloc(align, bytes);
  if (!p)
    fail(Status::OutOfMemory, "allocation of " + std::to_string(bytes) + " bytes failed");
#ifdef MADV_HUGEPAGE
  if (big)
    madvise(p, bytes, MADV_HUGEPAGE);
#endif
  std::memset(p, 0, bytes);
  p_ = static_cast<cplx *>(p);
  n_ = count;
}

//--- reset purification -----------------------------------------------------//

namespace {
// Spreads the bits of b onto the qubit positions.
inline size_t spread(size_t b, const int *qubits, int k) {
  size_t r = 0;
  for (int j = 0; j < k; ++j)
    if (b >> j & 1)
      r |= size_t(1) << qubits[j];
  return r;
}
// Loops over x in [0, 2^n) with the qubit bits zero.
template <class F> void forZeroed(int n, const int *qubits, int k, const F &f) {
  int sorted[kMaxQubits];
  std::copy(qubits, qubits + k, sorted);
  std::sort(sorted, sorted + k);
  const size_t count = size_t(1) << (n - k);
  for (size_t c = 0; c < count; ++c) {
    size_t x = c;
    for (int j = 0; j < k; ++j)
      x = ((x >> sorted[j]) << (sorted[j] + 1)) | (x & ((size_t(1) << sorted[j]) - 1));
    f(x);
  }
}
} // namespace

void resetEmbed(cplx *psi, int n, const int *qubits, int k) {
  const size_t N = size_t(1) << n, B = size_t(1) << k;
  std::fill(psi + N, psi + N * B, cplx(0));
  forZeroed(n, qubits, k, [&](size_t x) {
    for (size_t b = 1; b < B; ++b) {
      const size_t src = x | spread(b, qubits, k);
      psi[b * N + x] = psi[src];
      psi[src] = 0;
    }
  });
}

void resetUnembed(cplx *psi, int n, const int *qubits, int k) {
  const size_t N = size_t(1) << n, B = size_t(1) << k;
  forZeroed(n, qubits, k, [&](size_t x) {
    for (size_t b = 1; b < B; ++b)
      psi[x | spread(b, qubits, k)] = psi[b * N + x];
  });
}

//--- StateVector ------------------------------------------------------------//

StateVector::StateVector(int numQubits) : n_(numQubits) {
  if (numQubits < 1 || numQubits > kMaxQubits)
    fail(numQubits > kMaxQubits ? Status::OutOfMemory : Status::BadArgument,
         "number of qubits must be in [1, " + std::to_string(kMaxQubits) + "], got " + std::to_string(numQubits));
  buf_.allocate(size_t(1) << numQubits);
  buf_.data()[0] = 1;
}

void StateVector::setZero() {
  anc_ = 0;
  std::fill(data(), data() + size(), cplx(0));
  data()[0] = 1;
}

void StateVector::setAmplitudes(const cplx *amps, size_t count) {
  if (!amps || count != (size_t(1) << n_))
    fail(Status::BadArgument, "expected 2^n amplitudes");
  for (size_t i = 0; i < count; ++i)
    if (!std::isfinite(amps[i].real()) || !std::isfinite(amps[i].imag()))
      fail(Status::NonFinite, "amplitude is NaN or infinite");
  anc_ = 0;
  std::copy(amps, amps + count, data());
}

namespace {
void checkAngles(gates::Kind kind, const double *angles) {
  const int np = gates::info(kind).numParams;
  if (np && !angles)
    fail(Status::BadArgument, "null angle list");
  for (int i = 0; i < np; ++i)
    if (!std::isfinite(angles[i]))
      fail(Status::NonFinite, std::string("angle of ") + gates::info(kind).name +
                                  " is NaN or infinite");
}
} // namespace

void StateVector::applyGate(gates::Kind kind, const int *qubits, const double *angles) {
  if (static_cast<int>(kind) >= gates::kNumKinds)
    fail(Status::BadArgument, "unknown gate kind");
  checkQubits(qubits, gates::info(kind).numQubits, n_);
  checkAngles(kind, angles);
  rt::apply(compileGate(kind, qubits, angles), data(), totalQubits());
}

void StateVector::applyGate(gates::Kind kind, std::initializer_list<int> qubits,
                            std::initializer_list<double> angles) {
  if (int(qubits.size()) != gates::info(kind).numQubits ||
      int(angles.size()) != gates::info(kind).numParams)
    fail(Status::BadArgument, "wrong number of operands or angles");
  applyGate(kind, qubits.begin(), angles.begin());
}

void StateVector::applyUnitary(const int *qubits, int k, const cplx *m) {
  if (k < 1 || k > kMaxFusedQubits || !m)
    fail(Status::BadArgument, "fused unitary needs 1..5 qubits and a matrix");
  checkQubits(qubits, k, n_);
  checkUnitary(m, 1 << k);
  rt::apply(compileUnitary(qubits, k, m), data(), totalQubits());
}

void StateVector::encodeAmplitude(const double *x, size_t len) {
  anc_ = 0;
  rt::encodeAmplitude(x, len, data(), n_);
}

void StateVector::encodeAngle(const double *x, const int *qubits, int k,
                              gates::Kind axis, double scale) {
  checkQubits(qubits, k, n_);
  anc_ = 0;
  rt::encodeAngle(x, qubits, k, axis, scale, data(), n_);
}

void StateVector::reset(const int *qubits, int k) {
  if (k < 1)
    fail(Status::BadArgument, "reset needs at least one qubit");
  checkQubits(qubits, k, n_);
  const int nt = totalQubits();
  if (nt + k > kMaxQubits)
    fail(Status::OutOfMemory, "reset would need more than " + std::to_string(kMaxQubits) + " qubits in total");
  const size_t need = size_t(1) << (nt + k);
  if (buf_.size() < need) {
    AlignedBuffer bigger(need);
    std::copy(data(), data() + size(), bigger.data());
    buf_ = std::move(bigger);
  }
  resetEmbed(data(), nt, qubits, k);
  anc_ += k;
}

double StateVector::fidelity(const double *ref, size_t len) const {
  std::vector<double> r(size_t(1) << n_);
  normalisedReference(ref, len, n_, r.data());
  return rt::fidelity(data(), n_, totalQubits(), r.data());
}

double StateVector::expvalZ(const int *qubits, int k) const {
  checkQubits(qubits, k, n_);
  return rt::expvalZ(data(), totalQubits(), qubitMask(qubits, k));
}

double StateVector::probZero(const int *qubits, int k) const {
  checkQubits(qubits, k, n_);
  return rt::probZero(data(), totalQubits(), qubitMask(qubits, k));
}

std::vector<double> StateVector::probabilities(const int *qubits, int k) const {
  checkQubits(qubits, k, n_);
  if (k > 26)
    fail(Status::BadArgument, "probabilities of more than 26 qubits");
  std::vector<double> out(size_t(1) << k);
  rt::probabilities(data(), totalQubits(), qubits, k, out.data());
  return out;
}

std::vector<uint64_t> StateVector::sample(const int *qubits, int k, uint64_t shots,
                                          uint64_t seed) const {
  checkQubits(qubits, k, n_);
  std::vector<uint64_t> out(shots);
  rt::sample(data(), totalQubits(), qubits, k, shots, seed, out.data());
  return out;
}

double StateVector::normSquared() const {
  double s = 0;
  for (size_t i = 0; i < size(); ++i)
    s += std::norm(data()[i]);
  return s;
}

} // namespace rt
} // namespace masq
