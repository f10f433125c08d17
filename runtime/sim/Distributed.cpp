//===- Distributed.cpp - a statevector split over processes ---------------===//
#include "masq/Runtime/Distributed.h"
#include "masq/Runtime/Status.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace masq {
namespace rt {

DistributedState::DistributedState(int n, Exchange &ex) : n_(n), ex_(ex) {
  const int r = ex.size();
  if (r < 1 || (r & (r - 1)))
    throw Error(Status::BadArgument,
                "a distributed state needs a power-of-two number of processes, not " +
                    std::to_string(r) + " (run mpirun -n 1, 2, 4, 8, ...)");
  int k = 0;
  while ((1 << k) < r)
    ++k;
  nl_ = n - k;
  if (n < 1 || n > kMaxQubits + k)
    throw Error(Status::OutOfMemory, "a distributed state of " + std::to_string(n) +
                                         " qubits over " + std::to_string(r) + " processes");
  if (nl_ < kMinLocalQubits)
    throw Error(Status::BadArgument,
                std::to_string(r) + " processes for a state of " + std::to_string(n) +
                    " qubits leave " + std::to_string(std::max(nl_, 0)) +
                    " local qubits on each; at most " +
                    std::to_string(1 << std::max(n - kMinLocalQubits, 0)) +
                    " processes (each needs 2^" + std::to_string(kMinLocalQubits) +
                    " amplitudes)");
  where_.resize(size_t(n));
  for (int q = 0; q < n; ++q)
    where_[size_t(q)] = q;
  used_.assign(size_t(nl_), 0);
  amps_.allocate(size_t(1) << nl_);
  setZero();
}

void DistributedState::setZero() {
  std::fill(amps_.data(), amps_.data() + amps_.size(), cplx(0));
  if (ex_.rank() == 0)
    amps_.data()[0] = 1;
}

uint64_t DistributedState::logicalIndex(uint64_t i) const {
  const uint64_t p = (uint64_t(ex_.rank()) << nl_) | i;
  uint64_t l = 0;
  for (int q = 0; q < n_; ++q)
    l |= ((p >> where_[size_t(q)]) & 1) << q;
  return l;
}

void DistributedState::setAmplitudes(const cplx *amps) {
  for (uint64_t i = 0; i < amps_.size(); ++i)
    amps_.data()[i] = amps[logicalIndex(i)];
}

std::vector<cplx> DistributedState::gather() {
  // Every rank contributes its amplitudes at their logical places; a sum
  // over ranks assembles the whole state (each place has one owner).
  std::vector<double> all(size_t(2) << n_, 0.0);
  for (uint64_t i = 0; i < amps_.size(); ++i) {
    const uint64_t l = logicalIndex(i);
    all[2 * l] = amps_.data()[i].real(), all[2 * l + 1] = amps_.data()[i].imag();
  }
  ex_.sum(all.data(), all.size());
  std::vector<cplx> out(size_t(1) << n_);
  for (size_t l = 0; l < out.size(); ++l)
    out[l] = cplx(all[2 * l], all[2 * l + 1]);
  return out;
}

void DistributedState::swapBits(int local, int global) {
  // Physical bits `local` (< nl) and `global` (>= nl) trade places. This
  // rank's global bit is b: its amplitudes with the local bit equal to b
  // stay; those with the local bit 1 - b are exchanged with the partner
  // (global bit 1 - b), which sends its amplitudes whose local bit is b.
  const int j = global - nl_;
  const int partner = ex_.rank() ^ (1 << j);
  const uint64_t b = uint64_t((ex_.rank() >> j) & 1), bit = uint64_t(1) << local;
  const uint64_t half = amps_.size() / 2, low = bit - 1;
  cplx *a = amps_.data();
  auto at = [&](uint64_t m) { // the m-th amplitude whose local bit is 1 - b
    return ((m & ~low) << 1) | (m & low) | ((1 - b) << local);
  };
  // In chunks of at most kExchangeChunk amplitudes, through two buffers
  // this thread's states share: the memory of a rank is its part of each
  // state and 2 x 16 MiB.
  const uint64_t chunk = std::min<uint64_t>(half, kExchangeChunk);
  thread_local AlignedBuffer bufs;
  if (bufs.size() < 2 * chunk)
    bufs.allocate(2 * chunk);
  cplx *s = bufs.data(), *r = bufs.data() + chunk;
  for (uint64_t m0 = 0; m0 < half; m0 += chunk) {
    for (uint64_t m = 0; m < chunk; ++m)
      s[m] = a[at(m0 + m)];
    ex_.sendrecv(s, r, chunk, partner);
    for (uint64_t m = 0; m < chunk; ++m)
      a[at(m0 + m)] = r[m];
  }
  for (int &w : where_)
    w = w == local ? global : w == global ? local : w;
  ++exchanges_;
}

void DistributedState::alignTo(const std::vector<int> &target) {
  auto logicalAt = [](const std::vector<int> &where, int bit) {
    return int(std::find(where.begin(), where.end(), bit) - where.begin());
  };
  // The global bits first: exchanges, through a local bit when a qubit must
  // go from one global bit to another.
  for (int g = nl_; g < n_; ++g) {
    const int q = logicalAt(target, g), p = where_[size_t(q)];
    if (p == g)
      continue;
    if (p < nl_) {
      swapBits(p, g);
    } else {
      swapBits(nl_ - 1, p);
      swapBits(nl_ - 1, g);
    }
  }
  // Then the local bits: SWAP gates on this rank's amplitudes.
  for (int b = 0; b < nl_; ++b) {
    const int q = logicalAt(target, b), p = where_[size_t(q)];
    if (p == b)
      continue;
    const int qs[2] = {b, p};
    apply(compileGate(gates::Kind::SWAP, qs, nullptr), amps_.data(), nl_);
    for (int &w : where_)
      w = w == b ? p : w == p ? b : w;
  }
}

void DistributedState::makeLocal(const int *qs, int k, DistributedState *also) {
  for (int j = 0; j < k; ++j) {
    const int g = where_[size_t(qs[j])];
    if (g < nl_)
      continue;
    // The local bit a gate used least recently (none of this gate's).
    auto mine = [&](int bit) {
      for (int i = 0; i < k; ++i)
        if (where_[size_t(qs[i])] == bit)
          return true;
      return false;
    };
    int l = -1;
    for (int b = nl_ - 1; b >= 0; --b)
      if (!mine(b) && (l < 0 || used_[size_t(b)] > used_[size_t(l)]))
        l = b;
    swapBits(l, g);
    if (also)
      also->swapBits(l, g);
  }
}

void DistributedState::applyGate(gates::Kind kind, const int *qubits, const double *angles) {
  const int k = gates::info(kind).numQubits;
  const std::vector<int> before = policy_ == Policy::SwapBack ? where_ : std::vector<int>();
  makeLocal(qubits, k, nullptr);
  int local[2];
  for (int j = 0; j < k; ++j)
    used_[size_t(local[j] = where_[size_t(qubits[j])])] = ++clock_;
  apply(compileGate(kind, local, angles), amps_.data(), nl_);
  if (policy_ == Policy::SwapBack && where_ != before) {
    alignTo(before);
  }
}

void DistributedState::onLocal(const int *qs, int k, DistributedState *lam,
                               const std::function<void(cplx *, cplx *, int, const int *)> &f) {
  uint64_t seen = 0;
  for (int j = 0; j < k; ++j) {
    if (qs[j] < 0 || qs[j] >= n_ || (seen >> qs[j] & 1))
      throw Error(Status::BadQubit, "bad or repeated qubit " + std::to_string(qs[j]) +
                                        " in a block of a " + std::to_string(n_) +
                                        "-qubit distributed state");
    seen |= uint64_t(1) << qs[j];
  }
  uint64_t mask = 0;
  localSlices(qs, k, lam, mask); // the exchanges, all before the block
  std::vector<int> local(static_cast<size_t>(k), 0);
  for (int j = 0; j < k; ++j)
    local[size_t(j)] = where_[size_t(qs[j])];
  f(amps_.data(), lam ? lam->amps_.data() : nullptr, nl_, local.data());
}

void DistributedState::applyBackward(gates::Kind kind, const int *qubits, const double *angles,
                                     DistributedState &lam, double *acc) {
  const gates::Info &g = gates::info(kind);
  if (lam.n_ != n_)
    throw Error(Status::BadArgument, "applyBackward: an adjoint vector of another size");
  if (lam.where_ != where_)
    lam.alignTo(where_);
  makeLocal(qubits, g.numQubits, &lam);
  int local[2];
  for (int j = 0; j < g.numQubits; ++j)
    used_[size_t(local[j] = where_[size_t(qubits[j])])] = ++clock_;
  if (g.numParams == 0) {
    GateOp inv = compileInverse(kind, local, angles);
    apply2(inv, amps_.data(), lam.amps_.data(), nl_);
    return;
  }
  double part[3] = {0, 0, 0};
  rt::applyBackward(compileBackward(kind, local, angles), amps_.data(), lam.amps_.data(), nl_,
                    part);
  ex_.sum(part, size_t(g.numParams));
  for (int p = 0; p < g.numParams; ++p)
    acc[p] += part[p];
}

std::vector<double> DistributedState::probabilities(const int *qubits, int k) {
  std::vector<double> p(size_t(1) << k, 0.0);
  const uint64_t rankBits = uint64_t(ex_.rank()) << nl_;
  for (uint64_t i = 0; i < amps_.size(); ++i) {
    const uint64_t phys = rankBits | i;
    uint64_t o = 0;
    for (int j = 0; j < k; ++j)
      o |= ((phys >> where_[size_t(qubits[j])]) & 1) << j;
    p[o] += std::norm(amps_.data()[i]);
  }
  ex_.sum(p.data(), p.size());
  return p;
}

double DistributedState::expvalZ(const int *qubits, int k) {
  std::vector<double> p = probabilities(qubits, k);
  double e = 0;
  for (size_t o = 0; o < p.size(); ++o)
    e += (__builtin_popcountll(o) & 1) ? -p[o] : p[o];
  return e;
}

double DistributedState::probZero(const int *qubits, int k) {
  return probabilities(qubits, k)[0];
}

double DistributedState::normSquared() {
  double s = 0;
  for (uint64_t i = 0; i < amps_.size(); ++i)
    s += std::norm(amps_.data()[i]);
  ex_.sum(&s, 1);
  return s;
}

namespace {
double normOf(const double *x, size_t len, int k, const char *what) {
  if (len == 0 || len > (size_t(1) << k))
    throw Error(Status::BadArgument, std::string(what) + ": " + std::to_string(len) +
                                         " values for " + std::to_string(k) + " qubits");
  double norm2 = 0;
  for (size_t i = 0; i < len; ++i)
    norm2 += x[i] * x[i];
  if (!(norm2 > 0) || !std::isfinite(norm2))
    throw Error(Status::ZeroNorm, std::string(what) + ": a zero or non-finite vector");
  return norm2;
}
/// f(b, <x|psi_b>) for every slice b (the local indices with no bit of
/// mask) of the local amplitudes a; offs[c] the offset of value c.
template <class F>
void eachSlice(const cplx *a, uint64_t size, uint64_t mask, const std::vector<uint64_t> &offs,
               const double *x, size_t len, F &&f) {
  for (uint64_t b = 0; b < size; ++b) {
    if (b & mask)
      continue;
    cplx ip = 0;
    for (size_t c = 0; c < len; ++c)
      ip += x[c] * a[b | offs[c]];
    f(b, ip);
  }
}
} // namespace

std::vector<uint64_t> DistributedState::localSlices(const int *qs, int k,
                                                   DistributedState *lam, uint64_t &mask) {
  if (k > nl_)
    throw Error(Status::BadArgument,
                "a fidelity, encoder or fused block on " + std::to_string(k) +
                    " qubits on a state with " + std::to_string(nl_) +
                    " local qubits per process; use fewer processes");
  if (lam && lam->where_ != where_)
    lam->alignTo(where_);
  makeLocal(qs, k, lam);
  mask = 0;
  std::vector<uint64_t> offs(size_t(1) << k, 0);
  for (int j = 0; j < k; ++j) {
    const int p = where_[size_t(qs[j])];
    used_[size_t(p)] = ++clock_;
    mask |= uint64_t(1) << p;
    for (size_t c = 0; c < offs.size(); ++c)
      if (c >> j & 1)
        offs[c] |= uint64_t(1) << p;
  }
  return offs;
}

double DistributedState::fidelity(const int *qs, int k, const double *x, size_t len) {
  const double norm2 = normOf(x, len, k, "fidelity");
  if (k <= nl_) {
    // qs local: each slice (a value of the other qubits) lies on one rank.
    uint64_t mask = 0;
    const std::vector<uint64_t> offs = localSlices(qs, k, nullptr, mask);
    double f = 0;
    eachSlice(amps_.data(), amps_.size(), mask, offs, x, len,
              [&](uint64_t, cplx ip) { f += std::norm(ip); });
    ex_.sum(&f, 1);
    return f / norm2;
  }
  // More fidelity qubits than local ones: <ref|psi_r> for every value r of
  // the other qubits (fewer than the ranks' bits), then sum_r |.|^2.
  uint64_t inMask = 0;
  for (int j = 0; j < k; ++j)
    inMask |= uint64_t(1) << qs[j];
  std::vector<int> rest;
  for (int q = 0; q < n_; ++q)
    if (!(inMask >> q & 1))
      rest.push_back(q);
  std::vector<double> ip(size_t(2) << rest.size(), 0.0);
  for (uint64_t i = 0; i < amps_.size(); ++i) {
    const uint64_t l = logicalIndex(i);
    uint64_t j = 0, r = 0;
    for (int b = 0; b < k; ++b)
      j |= ((l >> qs[b]) & 1) << b;
    if (j >= len)
      continue;
    for (size_t b = 0; b < rest.size(); ++b)
      r |= ((l >> rest[b]) & 1) << b;
    ip[2 * r] += x[j] * amps_.data()[i].real();
    ip[2 * r + 1] += x[j] * amps_.data()[i].imag();
  }
  ex_.sum(ip.data(), ip.size());
  double f = 0;
  for (size_t r = 0; r < ip.size(); r += 2)
    f += ip[r] * ip[r] + ip[r + 1] * ip[r + 1];
  return f / norm2;
}

void DistributedState::zeroLike(DistributedState &lam) const {
  if (lam.n_ != n_)
    throw Error(Status::BadArgument, "an adjoint vector of another size");
  std::fill(lam.amps_.data(), lam.amps_.data() + lam.amps_.size(), cplx(0));
  lam.where_ = where_;
}

void DistributedState::addWeighted(DistributedState &lam, const int *qs, int k,
                                   const std::function<double(uint64_t)> &w) {
  if (lam.where_ != where_)
    lam.alignTo(where_);
  const uint64_t rankBits = uint64_t(ex_.rank()) << nl_;
  const cplx *a = amps_.data();
  cplx *l = lam.amps_.data();
  for (uint64_t i = 0; i < amps_.size(); ++i) {
    const uint64_t phys = rankBits | i;
    uint64_t o = 0;
    for (int j = 0; j < k; ++j)
      o |= ((phys >> where_[size_t(qs[j])]) & 1) << j;
    l[i] += w(o) * a[i];
  }
}

void DistributedState::addFidelityCotangent(DistributedState &lam, const int *qs, int k,
                                            const double *x, size_t len, double g) {
  // F = sum_b |<x|psi_b>|^2 / |x|^2: dF/dpsi^* = <x|psi_b> x / |x|^2 on slice b.
  const double w = g / normOf(x, len, k, "fidelity");
  uint64_t mask = 0;
  const std::vector<uint64_t> offs = localSlices(qs, k, &lam, mask);
  cplx *l = lam.amps_.data();
  eachSlice(amps_.data(), amps_.size(), mask, offs, x, len, [&](uint64_t b, cplx ip) {
    for (size_t c = 0; c < len; ++c)
      l[b | offs[c]] += x[c] * w * ip;
  });
}

void DistributedState::fidelityRefBack(const int *qs, int k, const double *x, size_t len,
                                       double g, double *gx) {
  // F = S / |x|^2, S = sum_b |a_b|^2, a_b = sum_c x_c psi_(c,b): dF/dx_c =
  // (dS/dx_c - 2 x_c F) / |x|^2, dS/dx_c = 2 sum_b Re(conj(a_b) psi_(c,b)).
  const double norm2 = normOf(x, len, k, "fidelity");
  uint64_t mask = 0;
  const std::vector<uint64_t> offs = localSlices(qs, k, nullptr, mask);
  const cplx *a = amps_.data();
  std::vector<double> half(len + 1, 0.0); // dS/dx / 2, then S
  eachSlice(a, amps_.size(), mask, offs, x, len, [&](uint64_t b, cplx ab) {
    half[len] += std::norm(ab);
    for (size_t c = 0; c < len; ++c)
      half[c] += (std::conj(ab) * a[b | offs[c]]).real();
  });
  ex_.sum(half.data(), half.size());
  const double F = half[len] / norm2;
  for (size_t c = 0; c < len; ++c)
    gx[c] += g * 2 * (half[c] - x[c] * F) / norm2;
}

void DistributedState::encodeAmplitudeBack(DistributedState &lam, const int *qs, int k,
                                           const double *x, size_t len, double *gx) {
  // psi[b | c] = a_b v_c, v = x / |x|: G_c = dL/dv_c = 2 Re sum_b
  // conj(lam[b | c]) a_b with a_b = sum_c v_c psi[b | c], and dL/dx_j =
  // (G_j - v_j (v . G)) / |x|.
  const double inv = 1 / std::sqrt(normOf(x, len, k, "amplitude encoding"));
  uint64_t mask = 0;
  const std::vector<uint64_t> offs = localSlices(qs, k, &lam, mask);
  const cplx *l = lam.amps_.data();
  std::vector<double> G(len, 0.0);
  eachSlice(amps_.data(), amps_.size(), mask, offs, x, len, [&](uint64_t b, cplx ip) {
    const cplx ab = inv * ip;
    for (size_t c = 0; c < len; ++c)
      G[c] += 2 * (std::conj(l[b | offs[c]]) * ab).real();
  });
  ex_.sum(G.data(), G.size());
  double dot = 0;
  for (size_t c = 0; c < len; ++c)
    dot += x[c] * inv * G[c];
  for (size_t c = 0; c < len; ++c)
    gx[c] += (G[c] - x[c] * inv * dot) * inv;
}

void DistributedState::encodeAmplitude(const int *qs, int k, const double *x, size_t len) {
  const double norm = std::sqrt(normOf(x, len, k, "amplitude encoding"));
  // |0...0>: the logical amplitude 0 carries the whole norm.
  double p0 = 0;
  for (uint64_t i = 0; i < amps_.size(); ++i)
    if (logicalIndex(i) == 0)
      p0 = std::norm(amps_.data()[i]);
  ex_.sum(&p0, 1);
  if (std::abs(p0 - 1) > 1e-10)
    throw Error(Status::BadArgument,
                "amplitude encoding on a distributed state must come before any gate "
                "(the state must be |0...0>)");
  for (uint64_t i = 0; i < amps_.size(); ++i) {
    const uint64_t l = logicalIndex(i);
    uint64_t j = 0, others = l;
    for (int b = 0; b < k; ++b) {
      j |= ((l >> qs[b]) & 1) << b;
      others &= ~(uint64_t(1) << qs[b]);
    }
    amps_.data()[i] = others == 0 && j < len ? cplx(x[j] / norm) : cplx(0);
  }
}

} // namespace rt
} // namespace masq
