//===- ExecImpl.h - forSamples (template body) ----------------------------===//
#ifndef MASQ_ORACLE_EXECIMPL_H
#define MASQ_ORACLE_EXECIMPL_H

#ifdef MASQ_RT_HAVE_OPENMP
#include <omp.h>
#endif

namespace masq {
namespace rt {

// Per-thread scratch kept between calls (training calls run/gradient in a
// loop); buffers above 2^20 amplitudes are released after each call.
inline Workspace &threadWorkspace() {
  static thread_local Workspace ws;
  return ws;
}

template <class F>
void forSamples(const Tape &tape, int batch, bool withLambda, const F &body) {
  const int T = sampleThreads(tape, batch);
  if (T <= 1) {
    Workspace &ws = threadWorkspace();
    ws.prepare(tape, withLambda);
    struct Trim {
      Workspace &w;
      ~Trim() { w.trim(); }
    } trim{ws};
    for (int s = 0; s < batch; ++s)
      body(s, ws, 0);
    return;
  }
  // Exceptions must not leave an OpenMP region: keep the first, rethrow.
  std::exception_ptr error;
  std::mutex mu;
#ifdef MASQ_RT_HAVE_OPENMP
#pragma omp parallel num_threads(T)
  {
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    try {
      Workspace &ws = threadWorkspace();
      ws.prepare(tape, withLambda);
      // Static contiguous blocks: deterministic assignment of samples.
      const int b = int(int64_t(batch) * t / nt), e = int(int64_t(batch) * (t + 1) / nt);
      for (int s = b; s < e; ++s)
        body(s, ws, t);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!error)
        error = std::current_exception();
    }
  }
#endif
  if (error)
    std::rethrow_exception(error);
}

} // namespace rt
} // namespace masq

#endif
