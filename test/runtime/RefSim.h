//===- RefSim.h - Naive dense references for the runtime tests ------------===//
//
// Deliberately simple and independent of the runtime's kernels: a matrix on
// chosen qubits is applied by looping over all output/input index pairs, and
// mixed states are full density matrices.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TEST_RUNTIME_REFSIM_H
#define MASQ_TEST_RUNTIME_REFSIM_H

#include "masq/Core/Gates.h"

#include <complex>
#include <random>
#include <vector>

namespace reftest {

using cplx = std::complex<double>;
using Vec = std::vector<cplx>;

inline int localIndex(size_t i, const std::vector<int> &q) {
  int r = 0;
  for (size_t j = 0; j < q.size(); ++j)
    r |= int((i >> q[j]) & 1) << j;
  return r;
}
inline size_t withLocal(size_t i, const std::vector<int> &q, int c) {
  for (size_t j = 0; j < q.size(); ++j) {
    i &= ~(size_t(1) << q[j]);
    i |= size_t((c >> j) & 1) << q[j];
  }
  return i;
}

// psi <- M psi, M a 2^k x 2^k row-major matrix on qubits q.
inline void applyDense(Vec &psi, const std::vector<int> &q, const cplx *m) {
  const int dim = 1 << q.size();
  Vec out(psi.size(), 0.0);
  for (size_t i = 0; i < psi.size(); ++i) {
    const int r = localIndex(i, q);
    for (int c = 0; c < dim; ++c)
      out[i] += m[r * dim + c] * psi[withLocal(i, q, c)];
  }
  psi.swap(out);
}

inline void applyGate(Vec &psi, masq::gates::Kind k, const std::vector<int> &q,
                      const double *angles) {
  cplx m[16];
  masq::gates::matrix(k, angles, m);
  applyDense(psi, q, m);
}

inline Vec randomState(int n, std::mt19937_64 &rng) {
  std::normal_distribution<double> g;
  Vec v(size_t(1) << n);
  double s = 0;
  for (auto &a : v) {
    a = cplx(g(rng), g(rng));
    s += std::norm(a);
  }
  for (auto &a : v)
    a /= std::sqrt(s);
  return v;
}

// A random state with real amplitudes (real blocks run packed on it).
inline Vec realState(int n, std::mt19937_64 &rng) {
  Vec v = randomState(n, rng);
  double norm = 0;
  for (cplx &z : v)
    z = z.real(), norm += std::norm(z);
  for (cplx &z : v)
    z /= std::sqrt(norm);
  return v;
}

// Haar-ish random unitary by Gram-Schmidt on a Gaussian matrix.
inline std::vector<cplx> randomUnitary(int dim, std::mt19937_64 &rng) {
  std::normal_distribution<double> g;
  std::vector<cplx> m(size_t(dim) * dim);
  for (auto &a : m)
    a = cplx(g(rng), g(rng));
  for (int r = 0; r < dim; ++r) {
    for (int p = 0; p < r; ++p) {
      cplx d = 0;
      for (int c = 0; c < dim; ++c)
        d += std::conj(m[p * dim + c]) * m[r * dim + c];
      for (int c = 0; c < dim; ++c)
        m[r * dim + c] -= d * m[p * dim + c];
    }
    double s = 0;
    for (int c = 0; c < dim; ++c)
      s += std::norm(m[r * dim + c]);
    for (int c = 0; c < dim; ++c)
      m[r * dim + c] /= std::sqrt(s);
  }
  return m;
}

inline double maxDiff(const cplx *a, const cplx *b, size_t n) {
  double d = 0;
  for (size_t i = 0; i < n; ++i)
    d = std::max(d, std::abs(a[i] - b[i]));
  return d;
}

//--- density matrices ------------------------------------------------------//

struct Density {
  int n;
  std::vector<cplx> rho; // N x N row-major
  explicit Density(const Vec &psi) : n(0) {
    const size_t N = psi.size();
    while ((size_t(1) << n) < N)
      ++n;
    rho.resize(N * N);
    for (size_t r = 0; r < N; ++r)
      for (size_t c = 0; c < N; ++c)
        rho[r * N + c] = psi[r] * std::conj(psi[c]);
  }
  size_t N() const { return size_t(1) << n; }
  // rho <- U rho U^dagger, U = m on qubits q.
  void apply(const std::vector<int> &q, const cplx *m) {
    const size_t n2 = N();
    for (size_t c = 0; c < n2; ++c) { // U on every column
      Vec col(n2);
      for (size_t r = 0; r < n2; ++r)
        col[r] = rho[r * n2 + c];
      applyDense(col, q, m);
      for (size_t r = 0; r < n2; ++r)
        rho[r * n2 + c] = col[r];
    }
    for (size_t r = 0; r < n2; ++r) { // conj(U) on every row
      Vec row(n2);
      for (size_t c = 0; c < n2; ++c)
        row[c] = std::conj(rho[r * n2 + c]);
      applyDense(row, q, m);
      for (size_t c = 0; c < n2; ++c)
        rho[r * n2 + c] = std::conj(row[c]);
    }
  }
  void gate(masq::gates::Kind k, const std::vector<int> &q, const double *a) {
    cplx m[16];
    masq::gates::matrix(k, a, m);
    apply(q, m);
  }
  // Reset channel: sum_b K_b rho K_b^dagger, K_b = |0><b| on q.
  void reset(const std::vector<int> &q) {
    const size_t n2 = N();
    std::vector<cplx> out(n2 * n2, 0.0);
    for (size_t r = 0; r < n2; ++r)
      for (size_t c = 0; c < n2; ++c) {
        if (localIndex(r, q) != localIndex(c, q))
          continue; // same branch b only
        out[withLocal(r, q, 0) * n2 + withLocal(c, q, 0)] += rho[r * n2 + c];
      }
    rho = out;
  }
  double fidelity(const std::vector<double> &ref) const { // ref normalised, real
    cplx s = 0;
    for (size_t r = 0; r < N(); ++r)
      for (size_t c = 0; c < N(); ++c)
        s += ref[r] * rho[r * N() + c] * ref[c];
    return s.real();
  }
  double expvalZ(const std::vector<int> &q) const {
    double s = 0;
    for (size_t i = 0; i < N(); ++i) {
      int par = 0;
      for (int j : q)
        par ^= int(i >> j & 1);
      s += (par ? -1 : 1) * rho[i * N() + i].real();
    }
    return s;
  }
  double prob(size_t i) const { return rho[i * N() + i].real(); }
};

} // namespace reftest

#endif
