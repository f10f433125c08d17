//===- Observables.cpp - Measurements and their adjoint seeds -------------===//
#include "masq/Runtime/Observables.h"
#include "masq/Runtime/Status.h"
#include "Parallel.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace masq {
namespace rt {

uint64_t qubitMask(const int *qubits, int k) {
  uint64_t m = 0;
  for (int j = 0; j < k; ++j)
    m |= uint64_t(1) << qubits[j];
  return m;
}

void normalisedReference(const double *x, size_t len, int nSys, double *out) {
  const size_t dim = size_t(1) << nSys;
  if (!x || len == 0 || len > dim)
    fail(Status::BadArgument, "reference vector must have 1..2^n entries");
  double s = 0;
  for (size_t i = 0; i < len; ++i) {
    if (!std::isfinite(x[i]))
      fail(Status::NonFinite, "reference vector has a NaN or infinite entry");
    s += x[i] * x[i];
  }
  if (!(s > 0))
    fail(Status::ZeroNorm, "reference vector has zero norm");
  const double inv = 1.0 / std::sqrt(s);
  for (size_t i = 0; i < len; ++i)
    out[i] = x[i] * inv;
  std::fill(out + len, out + dim, 0.0);
}

double fidelity(const cplx *psi, int nSys, int nTotal, const double *ref) {
  const size_t N = size_t(1) << nSys, B = size_t(1) << (nTotal - nSys);
  double f = 0;
  for (size_t b = 0; b < B; ++b) {
    const cplx *slice = psi + b * N;
    double re = 0, im = 0;
    for (size_t i = 0; i < N; ++i)
      re += ref[i] * slice[i].real(), im += ref[i] * slice[i].imag();
    f += re * re + im * im;
  }
  return f;
}

namespace {
// The signs (-1)^parity(i & mask) of a Z string, by blocks of 64
// amplitudes (the whole state below 64): the block's bits give one sign
// for the whole block, a table the low bits' (the inner loops over a block
// then vectorise; a parity per amplitude kept the expectation value of a
// 22-qubit state at 3 ms).
constexpr int kSignBits = 6;
struct ZSigns {
  int bits;
  size_t len; // amplitudes per block
  uint64_t high;
  double low[size_t(1) << kSignBits];
  ZSigns(uint64_t mask, int nTotal)
      : bits(std::min(nTotal, kSignBits)), len(size_t(1) << bits), high(mask >> bits) {
    for (size_t j = 0; j < len; ++j)
      low[j] = __builtin_parityll(j & mask) ? -1.0 : 1.0;
  }
  size_t blocks(int nTotal) const { return size_t(1) << (nTotal - bits); }
  double of(size_t block) const { return __builtin_parityll(block & high) ? -1.0 : 1.0; }
};
} // namespace

// The sum over the amplitudes i of sign(i) * norm(i), by ZSigns' blocks;
// after(first, count) on each block once it is summed.
template <class Norm, class After>
double zSum(uint64_t mask, int nTotal, const Norm &norm, const After &after) {
  const ZSigns sg(mask, nTotal);
  return parallelSum(sg.blocks(nTotal), nTotal, [&](size_t b) {
    const size_t first = b * sg.len;
    double s = 0;
#ifdef MASQ_RT_HAVE_OPENMP
#pragma omp simd reduction(+ : s)
#endif
    for (size_t j = 0; j < sg.len; ++j)
      s += sg.low[j] * norm(first + j);
    after(first, sg.len);
    return sg.of(b) * s;
  });
}

template <class A> double expvalZ(const A *psi, int nTotal, uint64_t mask) {
  return zSum(
      mask, nTotal,
      [&](size_t i) {
        const double re = psi[i].real(), im = psi[i].imag();
        return re * re + im * im;
      },
      [](size_t, size_t) {});
}

template <class A> double probZero(const A *psi, int nTotal, uint64_t mask) {
  return parallelSum(size_t(1) << nTotal, nTotal, [&](size_t i) {
    return (i & mask) ? 0.0 : std::norm(cplx(psi[i]));
  });
}

namespace {
inline size_t gather(size_t i, const int *qubits, int k) {
  size_t r = 0;
  for (int j = 0; j < k; ++j)
    r |= ((i >> qubits[j]) & 1) << j;
  return r;
}
} // namespace

void probabilities(const cplx *psi, int nTotal, const int *qubits, int k, double *out) {
  std::fill(out, out + (size_t(1) << k), 0.0);
  const size_t N = size_t(1) << nTotal;
  for (size_t i = 0; i < N; ++i)
    out[gather(i, qubits, k)] += std::norm(psi[i]);
}

void sample(const cplx *psi, int nTotal, const int *qubits, int k, uint64_t shots,
            uint64_t seed, uint64_t *out) {
  if (!shots)
    return;
  const size_t N = size_t(1) << nTotal;
  double total = 0;
  size_t lastNonzero = 0;
  for (size_t i = 0; i < N; ++i) {
    const double p = std::norm(psi[i]);
    total += p;
    if (p > 0)
      lastNonzero = i;
  }
  std::mt19937_64 gen(seed);
  std::vector<double> u(shots);
  for (auto &x : u)
    x = double(gen() >> 11) * 0x1.0p-53 * total;
  std::vector<uint64_t> order(shots);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) { return u[a] < u[b]; });
  // One sweep of the cumulative distribution serves all sorted draws.
  size_t i = 0;
  double cum = 0;
  for (uint64_t s : order) {
    while (i < lastNonzero && cum + std::norm(psi[i]) <= u[s])
      cum += std::norm(psi[i++]);
    out[s] = gather(i, qubits, k);
  }
}

void addFidelityCotangent(const cplx *psi, cplx *lam, int nSys, int nTotal,
                          const double *ref, double w) {
  const size_t N = size_t(1) << nSys, B = size_t(1) << (nTotal - nSys);
  for (size_t b = 0; b < B; ++b) {
    const cplx *slice = psi + b * N;
    cplx ov = 0;
    for (size_t i = 0; i < N; ++i)
      ov += ref[i] * slice[i];
    ov *= w;
    cplx *l = lam + b * N;
    for (size_t i = 0; i < N; ++i)
      l[i] += ov * ref[i];
  }
}

template <class A>
void addZCotangent(const A *psi, A *lam, int nTotal, uint64_t mask, double w) {
  using T = typename A::value_type;
  const ZSigns sg(mask, nTotal);
  parallelFor(sg.blocks(nTotal), nTotal, [&](size_t b) {
    const double wb = sg.of(b) * w; // +-w, as c below: exact
    const A *p = psi + b * sg.len;
    A *l = lam + b * sg.len;
    for (size_t j = 0; j < sg.len; ++j) {
      const double c = sg.low[j] * wb;
      l[j] = A(T(double(l[j].real()) + c * double(p[j].real())),
               T(double(l[j].imag()) + c * double(p[j].imag())));
    }
  });
}

template <class A> bool packZSeed(const A *psi, A *v, int nTotal, uint64_t mask, double w) {
  using T = typename A::value_type;
  const ZSigns sg(mask, nTotal);
  const double complexBlocks = parallelSum(sg.blocks(nTotal), nTotal, [&](size_t b) {
    const double wb = sg.of(b) * w; // as addZCotangent's, so v's lam is its seed
    const A *p = psi + b * sg.len;
    A *o = v + b * sg.len;
    bool imag = false;
    for (size_t j = 0; j < sg.len; ++j) {
      imag |= p[j].imag() != 0;
      o[j] = A(p[j].real(), T(sg.low[j] * wb * double(p[j].real())));
    }
    return imag ? 1.0 : 0.0;
  });
  return complexBlocks == 0;
}

template <class T> double expvalZReal(const T *r, int nTotal, uint64_t mask, T *psi) {
  return zSum(
      mask, nTotal,
      [&](size_t i) {
        const double re = r[i];
        return re * re + 0.0 * 0.0; // as expvalZ's term
      },
      [&](size_t first, size_t count) {
        if (psi)
          for (size_t i = first; i < first + count; ++i)
            psi[2 * i] = r[i], psi[2 * i + 1] = 0;
      });
}

template <class T> void packZSeedReal(const T *r, T *v, int nTotal, uint64_t mask, double w) {
  const ZSigns sg(mask, nTotal);
  parallelFor(sg.blocks(nTotal), nTotal, [&](size_t b) {
    const double wb = sg.of(b) * w;
    const T *p = r + b * sg.len;
    T *o = v + 2 * b * sg.len;
    for (size_t j = 0; j < sg.len; ++j)
      o[2 * j] = p[j], o[2 * j + 1] = T(sg.low[j] * wb * double(p[j]));
  });
}

template <class A>
void addProbZeroCotangent(const A *psi, A *lam, int nTotal, uint64_t mask, double w) {
  parallelFor(size_t(1) << nTotal, nTotal, [&](size_t i) {
    if (!(i & mask))
      lam[i] = cplx(lam[i]) + w * cplx(psi[i]);
  });
}

#define MASQ_RT_INSTANTIATE(A)                                                        \
  template double expvalZ<A>(const A *, int, uint64_t);                               \
  template double probZero<A>(const A *, int, uint64_t);                              \
  template void addZCotangent<A>(const A *, A *, int, uint64_t, double);             \
  template bool packZSeed<A>(const A *, A *, int, uint64_t, double);                 \
  template void addProbZeroCotangent<A>(const A *, A *, int, uint64_t, double);
MASQ_RT_INSTANTIATE(cplx)
MASQ_RT_INSTANTIATE(cplxf)
template double expvalZReal<double>(const double *, int, uint64_t, double *);
template double expvalZReal<float>(const float *, int, uint64_t, float *);
template void packZSeedReal<double>(const double *, double *, int, uint64_t, double);
template void packZSeedReal<float>(const float *, float *, int, uint64_t, double);
#undef MASQ_RT_INSTANTIATE

void addProbabilitiesCotangent(const cplx *psi, cplx *lam, int nTotal,
                               const int *qubits, int k, const double *w) {
  parallelFor(size_t(1) << nTotal, nTotal, [&](size_t i) {
    lam[i] += w[gather(i, qubits, k)] * psi[i];
  });
}

} // namespace rt
} // namespace masq
