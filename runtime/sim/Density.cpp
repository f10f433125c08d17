//===- Density.cpp - an exact density-matrix engine for noisy circuits ----===//
#include "masq/Runtime/Density.h"
#include "masq/Support/Memory.h"

#include <cmath>

namespace masq {
namespace dm {
namespace {

const cplx I1(0, 1);
const cplx kPauli[4][4] = {{1, 0, 0, 1}, {0, 1, 1, 0}, {0, -I1, I1, 0}, {1, 0, 0, -1}};

bool checkProbability(double p, const char *what, std::string &error) {
  if (!(p >= 0 && p <= 1)) { // NaN fails too
    error = std::string(what) + " must lie in [0, 1], got " + std::to_string(p);
    return false;
  }
  return true;
}

std::vector<cplx> scaled(const cplx *m, int entries, double s) {
  std::vector<cplx> out(m, m + entries);
  for (cplx &x : out)
    x *= s;
  return out;
}

/// Pauli mixture: sqrt(1 - p) I and sqrt(p / |others|) for each Pauli in
/// `others` (indices into kPauli).
Kraus pauliMixture(double p, std::initializer_list<int> others) {
  Kraus k;
  k.ops.push_back(scaled(kPauli[0], 4, std::sqrt(1 - p)));
  for (int o : others)
    k.ops.push_back(scaled(kPauli[o], 4, std::sqrt(p / double(others.size()))));
  return k;
}

} // namespace

bool Kraus::depolarizing(double p, Kraus &out, std::string &error) {
  if (!checkProbability(p, "depolarizing probability", error))
    return false;
  out = pauliMixture(p, {1, 2, 3});
  return true;
}

bool Kraus::depolarizing2(double p, Kraus &out, std::string &error) {
  if (!checkProbability(p, "two-qubit depolarizing probability", error))
    return false;
  out = Kraus{};
  out.qubits = 2;
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 4; ++b) {
      // P_a on operand 0 (bit 0), P_b on operand 1 (bit 1): entry
      // [r][c] = P_a[r0][c0] P_b[r1][c1].
      std::vector<cplx> m(16);
      for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c)
          m[r * 4 + c] = kPauli[a][(r & 1) * 2 + (c & 1)] * kPauli[b][(r >> 1) * 2 + (c >> 1)];
      const double w = a == 0 && b == 0 ? std::sqrt(1 - p) : std::sqrt(p / 15);
      for (cplx &x : m)
        x *= w;
      out.ops.push_back(std::move(m));
    }
  return true;
}

bool Kraus::amplitudeDamping(double g, Kraus &out, std::string &error) {
  if (!checkProbability(g, "amplitude damping rate", error))
    return false;
  out = Kraus{};
  out.ops = {{1, 0, 0, std::sqrt(1 - g)}, {0, std::sqrt(g), 0, 0}};
  return true;
}

bool Kraus::phaseDamping(double g, Kraus &out, std::string &error) {
  if (!checkProbability(g, "phase damping rate", error))
    return false;
  out = Kraus{};
  out.ops = {{1, 0, 0, std::sqrt(1 - g)}, {0, 0, 0, std::sqrt(g)}};
  return true;
}

bool Kraus::bitFlip(double p, Kraus &out, std::string &error) {
  if (!checkProbability(p, "bit flip probability", error))
    return false;
  out = pauliMixture(p, {1});
  return true;
}

bool Kraus::phaseFlip(double p, Kraus &out, std::string &error) {
  if (!checkProbability(p, "phase flip probability", error))
    return false;
  out = pauliMixture(p, {3});
  return true;
}

Kraus Kraus::reset() {
  Kraus k;
  k.ops = {{1, 0, 0, 0}, {0, 1, 0, 0}};
  return k;
}

double Kraus::completenessError() const {
  const int d = 1 << qubits;
  double worst = 0;
  for (int r = 0; r < d; ++r)
    for (int c = 0; c < d; ++c) {
      cplx s = 0;
      for (const auto &k : ops)
        for (int j = 0; j < d; ++j)
          s += std::conj(k[j * d + r]) * k[j * d + c];
      worst = std::max(worst, std::abs(s - cplx(r == c ? 1 : 0)));
    }
  return worst;
}

namespace {
/// fn(group base, local offsets) over the groups of 2^qubits amplitudes of
/// qs: every index whose qs bits are zero.
template <class F> void forGroupsOf(int n, const int *qs, int qubits, F &&fn) {
  uint64_t mask = 0;
  size_t off[4];
  for (int j = 0; j < (1 << qubits); ++j) {
    off[j] = 0;
    for (int b = 0; b < qubits; ++b)
      if (j >> b & 1)
        off[j] |= size_t(1) << qs[b];
  }
  for (int b = 0; b < qubits; ++b)
    mask |= uint64_t(1) << qs[b];
  for (size_t base = 0; base < (size_t(1) << n); ++base)
    if (!(base & mask))
      fn(base, off);
}
} // namespace

int applyTrajectory(cplx *psi, int n, const Kraus &k, const int *qs, double u) {
  const int d = 1 << k.qubits;
  auto apply = [&](const std::vector<cplx> &K, size_t base, const size_t *off, cplx *out) {
    for (int i = 0; i < d; ++i) {
      cplx s = 0;
      for (int l = 0; l < d; ++l)
        s += K[i * d + l] * psi[base | off[l]];
      out[i] = s;
    }
  };
  // The probability of each Kraus operator, then the chosen one applied.
  std::vector<double> prob(k.ops.size(), 0.0);
  for (size_t i = 0; i < k.ops.size(); ++i)
    forGroupsOf(n, qs, k.qubits, [&](size_t base, const size_t *off) {
      cplx v[4];
      apply(k.ops[i], base, off, v);
      for (int j = 0; j < d; ++j)
        prob[i] += std::norm(v[j]);
    });
  double total = 0;
  for (double p : prob)
    total += p;
  size_t chosen = 0;
  double acc = 0;
  for (; chosen + 1 < prob.size(); ++chosen) {
    acc += prob[chosen];
    if (u * total < acc)
      break;
  }
  while (chosen > 0 && prob[chosen] == 0) // never a branch of probability 0
    --chosen;
  const double scale = 1 / std::sqrt(prob[chosen]);
  forGroupsOf(n, qs, k.qubits, [&](size_t base, const size_t *off) {
    cplx v[4];
    apply(k.ops[chosen], base, off, v);
    for (int j = 0; j < d; ++j)
      psi[base | off[j]] = v[j] * scale;
  });
  return int(chosen);
}

bool DensityMatrix::make(int n, DensityMatrix &out, std::string &error) {
  if (n < 1 || n > kMaxDensityQubits) {
    error = "the density-matrix engine takes 1 to " + std::to_string(kMaxDensityQubits) +
            " qubits, got " + std::to_string(n);
    return false;
  }
  const double bytes = double(size_t(1) << (2 * n)) * sizeof(cplx);
  if (!fitsInMemory(bytes, "the density matrix", error))
    return false;
  out.n = n;
  out.rho.assign(size_t(1) << (2 * n), cplx(0));
  out.rho[0] = 1;
  return true;
}

bool DensityMatrix::fromState(const cplx *psi, int n, DensityMatrix &out,
                              std::string &error) {
  if (!make(n, out, error))
    return false;
  const size_t d = out.dim();
  for (size_t r = 0; r < d; ++r)
    for (size_t c = 0; c < d; ++c)
      out.rho[r * d + c] = psi[r] * std::conj(psi[c]);
  return true;
}

void DensityMatrix::transform(const std::vector<std::vector<cplx>> &ops, const int *qs,
                              int qubits) {
  const int d = 1 << qubits;
  const size_t D = dim();
  cplx block[16], acc[16], tmp[16];
  forGroupsOf(n, qs, qubits, [&](size_t r0, const size_t *off) {
    forGroupsOf(n, qs, qubits, [&](size_t c0, const size_t *) {
      for (int i = 0; i < d; ++i)
        for (int j = 0; j < d; ++j)
          block[i * d + j] = rho[(r0 | off[i]) * D + (c0 | off[j])];
      std::fill(acc, acc + d * d, cplx(0));
      for (const auto &K : ops) {
        // tmp = K block; acc += tmp K^dagger.
        for (int i = 0; i < d; ++i)
          for (int j = 0; j < d; ++j) {
            cplx s = 0;
            for (int l = 0; l < d; ++l)
              s += K[i * d + l] * block[l * d + j];
            tmp[i * d + j] = s;
          }
        for (int i = 0; i < d; ++i)
          for (int j = 0; j < d; ++j) {
            cplx s = 0;
            for (int l = 0; l < d; ++l)
              s += tmp[i * d + l] * std::conj(K[j * d + l]);
            acc[i * d + j] += s;
          }
      }
      for (int i = 0; i < d; ++i)
        for (int j = 0; j < d; ++j)
          rho[(r0 | off[i]) * D + (c0 | off[j])] = acc[i * d + j];
    });
  });
}

void DensityMatrix::applyGate(gates::Kind kind, const int *qs, const double *angles) {
  const int q = gates::info(kind).numQubits, d = 1 << q;
  std::vector<cplx> u(size_t(d * d));
  gates::matrix(kind, angles, u.data());
  transform({u}, qs, q);
}

void DensityMatrix::applyChannel(const Kraus &k, const int *qs) {
  transform(k.ops, qs, k.qubits);
}

double DensityMatrix::trace() const {
  double t = 0;
  for (size_t i = 0; i < dim(); ++i)
    t += rho[i * dim() + i].real();
  return t;
}

double DensityMatrix::expvalZ(uint64_t mask) const {
  double e = 0;
  for (size_t i = 0; i < dim(); ++i)
    e += (__builtin_popcountll(i & mask) % 2 ? -1.0 : 1.0) * rho[i * dim() + i].real();
  return e;
}

double DensityMatrix::probZero(uint64_t mask) const {
  double p = 0;
  for (size_t i = 0; i < dim(); ++i)
    if (!(i & mask))
      p += rho[i * dim() + i].real();
  return p;
}

std::vector<double> DensityMatrix::probabilities(const int *qs, int k) const {
  std::vector<double> out(size_t(1) << k, 0.0);
  for (size_t i = 0; i < dim(); ++i) {
    size_t local = 0;
    for (int j = 0; j < k; ++j)
      local |= size_t(i >> qs[j] & 1) << j;
    out[local] += rho[i * dim() + i].real();
  }
  return out;
}

void DensityMatrix::resetToZero() {
  std::fill(rho.begin(), rho.end(), cplx(0));
  rho[0] = 1;
}

namespace {
/// The index of local state c of qubits qs on top of rest b (qs bits clear).
size_t spread(size_t b, size_t c, const int *qs, int k) {
  for (int j = 0; j < k; ++j)
    if (c >> j & 1)
      b |= size_t(1) << qs[j];
  return b;
}
double norm2(const double *x, int len) {
  double s = 0;
  for (int i = 0; i < len; ++i)
    s += x[i] * x[i];
  return s;
}
} // namespace

void DensityMatrix::prepare(const int *qs, int k, const double *x, int len) {
  size_t mask = 0;
  for (int j = 0; j < k; ++j)
    mask |= size_t(1) << qs[j];
  const double inv = 1 / norm2(x, len);
  std::vector<cplx> out(rho.size(), cplx(0));
  const size_t d = dim();
  for (size_t b = 0; b < d; ++b) {
    if (b & mask)
      continue;
    for (size_t b2 = 0; b2 < d; ++b2) {
      if (b2 & mask)
        continue;
      const cplx base = rho[b * d + b2] * inv; // rho[(0,b),(0,b')]
      if (base == cplx(0))
        continue;
      for (int c = 0; c < len; ++c)
        for (int c2 = 0; c2 < len; ++c2)
          out[spread(b, size_t(c), qs, k) * d + spread(b2, size_t(c2), qs, k)] =
              x[c] * x[c2] * base;
    }
  }
  rho.swap(out);
}

double DensityMatrix::fidelity(const int *qs, int k, const double *ref, int len) const {
  size_t mask = 0;
  for (int j = 0; j < k; ++j)
    mask |= size_t(1) << qs[j];
  const size_t d = dim();
  cplx f = 0;
  for (size_t b = 0; b < d; ++b) {
    if (b & mask)
      continue;
    for (int c = 0; c < len; ++c)
      for (int c2 = 0; c2 < len; ++c2)
        f += ref[c] * ref[c2] * rho[spread(b, size_t(c), qs, k) * d + spread(b, size_t(c2), qs, k)];
  }
  return f.real() / norm2(ref, len);
}

} // namespace dm
} // namespace masq
