//===- Parallel.h - OpenMP helpers for amplitude loops (internal) ---------===//
#ifndef MASQ_RUNTIME_LIB_PARALLEL_H
#define MASQ_RUNTIME_LIB_PARALLEL_H

#include "masq/Runtime/Kernels.h"

#include <algorithm>
#include <cstddef>
#ifdef MASQ_RT_HAVE_OPENMP
#include <omp.h>
#endif

namespace masq {
namespace rt {

// True when a loop over 2^nTotal amplitudes should be split across threads
// (large state, not already inside a parallel region).
inline bool splitAmplitudes(int nTotal) {
#ifdef MASQ_RT_HAVE_OPENMP
  return nTotal >= parallelQubits() && numThreads() > 1 && !omp_in_parallel();
#else
  (void)nTotal;
  return false;
#endif
}

// sum_{i < N} f(i), threaded for large states. Static schedule, so the
// result is reproducible for a given thread count.
template <class F> double parallelSum(size_t N, int nTotal, const F &f) {
  double s = 0;
  if (splitAmplitudes(nTotal)) {
#ifdef MASQ_RT_HAVE_OPENMP
#pragma omp parallel for schedule(static) reduction(+ : s) num_threads(numThreads())
    for (long long i = 0; i < (long long)N; ++i)
      s += f(size_t(i));
#endif
    return s;
  }
  for (size_t i = 0; i < N; ++i)
    s += f(i);
  return s;
}

template <class F> void parallelFor(size_t N, int nTotal, const F &f) {
  if (splitAmplitudes(nTotal)) {
#ifdef MASQ_RT_HAVE_OPENMP
#pragma omp parallel for schedule(static) num_threads(numThreads())
    for (long long i = 0; i < (long long)N; ++i)
      f(size_t(i));
#endif
    return;
  }
  for (size_t i = 0; i < N; ++i)
    f(i);
}

// Zeroes count doubles, in slices over the threads for a large state (a
// single-threaded clear of a 20-qubit state left the other core waiting).
template <class T> inline void parallelZero(T *p, size_t count, int nTotal) {
  const size_t slices = splitAmplitudes(nTotal) ? size_t(numThreads()) : 1;
  parallelFor(slices, nTotal, [&](size_t s) {
    const size_t b = count * s / slices, e = count * (s + 1) / slices;
    std::fill(p + b, p + e, T(0));
  });
}

} // namespace rt
} // namespace masq

#endif
