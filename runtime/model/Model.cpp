//===- Model.cpp - calling a compiled model -------------------------------===//
#include "masq/Model/Model.h"
#include "ThreadPool.h"
#include "masq/Model/Dist.h"
#include "masq/Runtime/Density.h"
#include "masq/Runtime/DensityMode.h"
#include "masq/Runtime/Noise.h"
#include "masq/Runtime/ParamShift.h"
#include "masq/Runtime/Shots.h"
#include "masq/Runtime/Compiled.h"
#include "masq/Runtime/State.h"
#include "masq/Support/Memory.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include <sys/mman.h>
#include <cerrno>

namespace masq {

namespace {
constexpr int64_t kSamplesPerThread = 16;
/// The threads parallelChunks uses for `batch` samples.
int threadsFor(int64_t batch, int threads) {
  if (threads <= 0)
    threads = int(std::max(1u, std::thread::hardware_concurrency()));
  // A thread pays for itself only with enough samples. With the threads
  // kept for the process (ThreadPool.h), 16 QMAE samples do: a batch of 32
  // on 2 threads trains 1.3-1.5x faster than on one (two runs)
  // (bench/threads.py; when each call started its threads, a batch of 25
  // ran faster on one thread, and the threshold was 64).
  return int(std::min<int64_t>(threads, std::max<int64_t>(batch / kSamplesPerThread, 1)));
}
} // namespace

bool checkModelMemory(const ModelInfo &info, int64_t batch, int threads, ModelUse use,
                      std::string &error, int ranks) {
  threads = threadsFor(batch, threads);
  // Copies of the parameter vector: values and a gradient; per thread a
  // partial gradient (and grad --check's perturbed copy); training adds the
  // optimizer's two moments and the checkpoint (JSON values and text, about
  // four more).
  const double copies = use == ModelUse::Forward ? 2
                        : use == ModelUse::Gradient ? 3 + threads
                                                    : 8 + threads;
  const double params = double(info.numParams) * sizeof(double) * copies;
  const double samples = double(std::max<int64_t>(batch, 1)) *
                         double(info.inputSize + info.numValues) * sizeof(double);
  double work = double(threads) * double(info.workSize()) * sizeof(double);
  if (ranks > 1) {
    // psi and lam (4 x 2^n doubles) only reserved; this rank's parts of
    // both instead (and 32 MiB of exchange buffers, Distributed.cpp).
    const double states = double(uint64_t(2 * info.stateDoubles) << info.totalQubits) * sizeof(double);
    work = work - states + 2 * states / ranks;
  }
  std::string what = "model '" + info.name + "'";
  if (work >= params && work >= samples) {
    what += " on " + std::to_string(info.totalQubits) + " qubits (";
    if (info.totalQubits > info.numQubits)
      what += std::to_string(info.numQubits) + " and " +
              std::to_string(info.totalQubits - info.numQubits) + " reset ancillas; ";
    what += "a state and an adjoint vector";
    if (ranks > 1)
      what += " split over " + std::to_string(ranks) + " processes";
    if (threads > 1)
      what += " on each of " + std::to_string(threads) + " threads";
    what += ")";
  } else if (params >= samples) {
    what += " with " + std::to_string(info.numParams) + " parameters";
  } else {
    what += " on " + std::to_string(batch) + " samples";
  }
  return fitsInMemory(params + samples + work, what, error);
}

std::string takeRuntimeError() {
  const char *e = masq_rtc_error();
  std::string out = e ? e : "";
  masq_rtc_clear_error();
  return out;
}

namespace {
/// Runs fn(first, count, threadIndex) over contiguous chunks.
template <typename Fn>
bool parallelChunks(int64_t batch, int threads, std::vector<std::string> &errors, Fn fn) {
  threads = threadsFor(batch, threads);
  errors.assign(threads, "");
  if (threads == 1) {
    fn(0, batch, 0);
    errors[0] = takeRuntimeError();
  } else {
    // The process's batch threads (ThreadPool.h): chunk t on thread t.
    const int64_t per = (batch + threads - 1) / threads;
    pool::run(threads, [&](int t) {
      const int64_t first = std::min(batch, t * per);
      const int64_t count = std::min(batch - first, per);
      if (count > 0)
        fn(first, count, t);
      errors[size_t(t)] = takeRuntimeError();
    });
  }
  for (const std::string &e : errors)
    if (!e.empty())
      return false;
  return true;
}
// The work memory of one call, kept per thread between calls: a large
// state's pages are faulted in (and backed by huge pages) once, not on every
// forward pass - at 20 qubits that was a fifth of a pass's time. It is not
// cleared between calls: the compiled code initialises every buffer it reads
// (sv.init, sv.zero, encoders that write whole inputs), and clearing it
// again cost an eighth of a fused forward pass at 20 qubits (perf). With
// MASQ_POISON_WORK=1 in the environment it is filled with NaN before each
// call instead, so a read of memory nothing wrote shows up in the results
// (the test suite runs the compiled models that way, test/CMakeLists.txt).
// Null with `error` set when the memory cannot be had.
//
// With `reserve` (a state distributed over processes, DensityMode.h), the
// buffer is only reserved address space: the compiled code's psi and lam
// parts are never touched there, so only the scratch after them takes memory.
double *workBuffer(const ModelInfo &info, std::string &error, int slot = 0,
                   bool reserve = false) {
  thread_local masq::rt::AlignedBuffer bufs[2]; // 1: parameter shift's reruns
  masq::rt::AlignedBuffer &buf = bufs[slot];
  static const bool poison = [] {
    const char *v = std::getenv("MASQ_POISON_WORK");
    return v && *v && std::strcmp(v, "0") != 0;
  }();
  const size_t doubles = size_t(info.workSize()), complexes = (doubles + 1) / 2;
  if (reserve) {
    struct Reserved {
      void *p = nullptr;
      size_t bytes = 0;
      ~Reserved() {
        if (p)
          munmap(p, bytes);
      }
    };
    thread_local Reserved res[2];
    Reserved &r = res[slot];
    if (r.bytes < doubles * sizeof(double)) {
      if (r.p)
        munmap(r.p, r.bytes);
      r.bytes = doubles * sizeof(double);
      r.p = mmap(nullptr, r.bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (r.p == MAP_FAILED) {
        r.p = nullptr, r.bytes = 0;
        error = "address space of " + std::to_string(doubles * 8) + " bytes for the work " +
                "buffer: " + std::strerror(errno);
        return nullptr;
      }
    }
    double *w = static_cast<double *>(r.p);
    const size_t states = size_t(2 * info.stateDoubles) << info.totalQubits; // psi and lam: untouched
    if (poison && doubles > states)
      std::fill(w + states, w + doubles, std::numeric_limits<double>::quiet_NaN());
    return w;
  }
  try {
    if (buf.size() < complexes)
      buf.allocate(complexes); // zeroed
    if (poison)
      std::fill_n(reinterpret_cast<double *>(buf.data()), doubles,
                  std::numeric_limits<double>::quiet_NaN());
  } catch (const std::exception &e) {
    error = std::string("work memory of ") + std::to_string(doubles * 8) +
            " bytes: " + e.what();
    return nullptr;
  }
  return reinterpret_cast<double *>(buf.data());
}

std::string firstError(const std::vector<std::string> &errors) {
  for (const std::string &e : errors)
    if (!e.empty())
      return e;
  return "";
}

/// parallelChunks with each chunk's work memory: fn(first, count, thread,
/// work). False with `error` set on failure.
template <typename Fn>
bool withWork(const ModelInfo &info, int64_t batch, int threads, std::string &error, Fn fn,
              bool reserve = false) {
  std::vector<std::string> errors;
  std::string memError;
  std::mutex memMutex;
  const bool ok = parallelChunks(batch, threads, errors, [&](int64_t first, int64_t count,
                                                             int t) {
    std::string e;
    double *work = workBuffer(info, e, 0, reserve);
    if (!work) {
      std::lock_guard<std::mutex> lock(memMutex);
      memError = e;
      return;
    }
    fn(first, count, t, work);
  });
  if (!memError.empty()) {
    error = memError;
    return false;
  }
  if (!ok)
    error = firstError(errors);
  return ok;
}
/// Runs fn(first, count, partial, work) over the batch's chunks, each
/// thread adding its d/dtheta into a partial sum of its own, then writes
/// their sum, in thread order, to gtheta.
template <class F>
bool withPartialSums(const ModelInfo &info, int64_t batch, int threads, double *gtheta,
                     std::string &error, F &&fn, bool reserve = false) {
  int nthreads = threadsFor(batch, threads);
  std::vector<std::vector<double>> partial(nthreads,
                                           std::vector<double>(info.numParams, 0.0));
  if (!withWork(info, batch, nthreads, error,
                [&](int64_t first, int64_t count, int t, double *work) {
                  fn(first, count, partial[t].data(), work);
                },
                reserve))
    return false;
  std::fill(gtheta, gtheta + info.numParams, 0.0);
  for (const auto &p : partial)
    for (int64_t i = 0; i < info.numParams; ++i)
      gtheta[i] += p[i];
  return true;
}
/// The first error a batch's threads met outside the compiled code (work
/// memory, a density matrix that could not be had).
struct ThreadErrors {
  std::mutex mu;
  std::string first;
  void set(const std::string &e) {
    std::lock_guard<std::mutex> lock(mu);
    if (first.empty())
      first = e;
  }
  /// `ok` unless a thread met an error (then `error` holds it).
  bool finish(bool ok, std::string &error) const {
    if (ok && !first.empty())
      error = first, ok = false;
    return ok;
  }
};

/// Whether a run of `m` goes on the density matrix: a noisy model without
/// trajectories (masq/Runtime/DensityMode.h). False with `error` set when
/// the model is too large for it.
bool densityRun(const CompiledModel &m, const ShotOptions &o, bool &density,
                std::string &error) {
  density = m.noisy && o.trajectories <= 0;
  if (density && m.info.totalQubits > dm::kMaxDensityQubits) {
    error = "model '" + m.info.name + "' has noise channels and " +
            std::to_string(m.info.totalQubits) + " qubits (with its reset ancillas): the " +
            "exact density matrix takes at most " + std::to_string(dm::kMaxDensityQubits) +
            "; evaluate it with quantum trajectories (--trajectories T)";
    return false;
  }
  return true;
}

/// The shots', the trajectories' and the density matrix's scopes a
/// device-like run opens on a thread (any may be off).
struct DeviceScopes {
  DeviceScopes(const ShotOptions &o, const ModelInfo &info, bool density) {
    if (o.shots > 0)
      shots.emplace(o.shots, o.seed);
    if (o.trajectories > 0)
      trajectories.emplace(o.trajectories, o.seed);
    if (density)
      rho.emplace(info.totalQubits);
    if (o.distributed)
      spread.emplace(info.totalQubits, dist::exchange());
  }
  /// Empty, or why the density matrix or the distributed state could not
  /// be had.
  std::string error() const {
    return rho && !rho->ok()         ? rho->error()
           : spread && !spread->ok() ? spread->error()
                                     : std::string();
  }
  /// The work buffer the compiled code gets (its psi and lam are the
  /// distributed state's, only reserved).
  void setWork(double *work) {
    if (spread)
      spread->setWork(work);
  }
  void beginSample(int64_t index) {
    if (shots)
      ShotScope::beginSample(index);
    if (trajectories)
      TrajectoryScope::beginSample(index);
  }
  std::optional<ShotScope> shots;
  std::optional<TrajectoryScope> trajectories;
  std::optional<DensityScope> rho;
  std::optional<DistributedScope> spread;
};

/// The batch through a parameter-shift function `fn(values_s, gtheta, work,
/// s)` (values_s null: the sample's own slot), with partial sums like
/// withPartialSums: each sample in a ShiftSweep whose reruns go to buffers
/// of their own (and under a ShotScope named for the sample with shots).
template <class F>
bool withShiftSweeps(const CompiledModel &m, int64_t batch, int threads, double *gtheta,
                     const ShotOptions &shots, std::string &error, F &&fn) {
  const ModelInfo &info = m.info;
  bool density = false;
  if (!densityRun(m, shots, density, error))
    return false;
  if (shots.distributed)
    threads = 1; // the ranks' collective calls go in step
  ThreadErrors errors;
  bool ok = withPartialSums(info, batch, threads, gtheta, error,
                            [&](int64_t first, int64_t count, double *partial, double *work) {
    std::string e;
    double *work2 = workBuffer(info, e, 1, shots.distributed);
    if (!work2)
      return errors.set(e);
    std::vector<double> values2(size_t(info.numValues)), unused(size_t(info.numParams));
    DeviceScopes scopes(shots, info, density);
    if (!scopes.error().empty())
      return errors.set(scopes.error());
    scopes.setWork(work); // the reverse runs in the sample's own call
    for (int64_t s = first; s < first + count; ++s) {
      scopes.beginSample(shots.first + s);
      ShiftSweep sweep(
          [&] { noise::averaged([&] { fn(values2.data(), unused.data(), work2, s); }); });
      noise::averaged([&] { fn(nullptr, partial, work, s); });
    }
  }, shots.distributed);
  return errors.finish(ok, error);
}

} // namespace

bool psGradientBatch(const CompiledModel &m, const double *theta, const double *inputs,
                     int64_t batch, double *values, double *gtheta, int threads,
                     std::string &error, const ShotOptions &shots) {
  const ModelInfo &info = m.info;
  if (!m.psGradient) {
    error = "model '" + info.name + "' was compiled without its parameter-shift gradient";
    return false;
  }
  return withShiftSweeps(m, batch, threads, gtheta, shots, error,
                         [&](double *vals, double *g, double *w, int64_t s) {
                           m.psGradient(theta, inputs + s * info.inputSize, 1,
                                        vals ? vals : values + s * info.numValues, g, w);
                         });
}

bool psVjpBatch(const CompiledModel &m, const double *theta, const double *inputs,
                int64_t batch, double *values, const double *gvalues, double *gtheta,
                double *ginputs, int threads, std::string &error, const ShotOptions &shots) {
  const ModelInfo &info = m.info;
  if (!m.psVjp) {
    error = "model '" + info.name +
            "' was compiled without its parameter-shift vector-Jacobian product";
    return false;
  }
  // The sample's reverse runs once (not in the shifted runs, nor in a noisy
  // run's trajectories): it adds to its own zeroed ginputs row.
  std::fill(ginputs, ginputs + batch * info.inputSize, 0.0);
  return withShiftSweeps(m, batch, threads, gtheta, shots, error,
                         [&](double *vals, double *g, double *w, int64_t s) {
                           m.psVjp(theta, inputs + s * info.inputSize, 1,
                                   vals ? vals : values + s * info.numValues,
                                   gvalues + s * info.numValues, g,
                                   ginputs + s * info.inputSize, w);
                         });
}

bool fdGradientBatch(const CompiledModel &m, const double *theta, const double *inputs,
                     int64_t batch, double *values, double *gtheta, int threads,
                     std::string &error, double h, const ShotOptions &shots) {
  const ModelInfo &info = m.info;
  if (!m.gradient && !m.psGradient) {
    error = "model '" + info.name + "' has no loss to differentiate";
    return false;
  }
  std::vector<double> tp(theta, theta + info.numParams);
  std::vector<double> side(size_t(batch * info.numValues));
  auto loss = [&](double &sum) {
    if (!forwardBatch(m, tp.data(), inputs, batch, side.data(), threads, error, shots))
      return false;
    sum = 0;
    for (int64_t s = 0; s < batch; ++s)
      sum += side[size_t(s * info.numValues)];
    return true;
  };
  for (int64_t j = 0; j < info.numParams; ++j) {
    double plus = 0, minus = 0;
    tp[j] = theta[j] + h;
    if (!loss(plus))
      return false;
    tp[j] = theta[j] - h;
    if (!loss(minus))
      return false;
    tp[j] = theta[j];
    gtheta[j] = (plus - minus) / (2 * h);
  }
  return forwardBatch(m, theta, inputs, batch, values, threads, error, shots);
}

bool forwardBatch(const CompiledModel &m, const double *theta, const double *inputs,
                  int64_t batch, double *values, int threads, std::string &error,
                  const ShotOptions &shots) {
  const ModelInfo &info = m.info;
  bool density = false;
  if (!densityRun(m, shots, density, error))
    return false;
  if (shots.distributed)
    threads = 1; // the ranks' collective calls go in step
  if (shots.shots > 0 || shots.trajectories > 0 || density || shots.distributed) {
    // One sample per call, each named before it runs: its streams do not
    // depend on the split (and no two samples share a state).
    ThreadErrors errors;
    bool ok = withWork(info, batch, threads, error,
                    [&](int64_t first, int64_t count, int, double *work) {
                      DeviceScopes scopes(shots, info, density);
                      if (!scopes.error().empty())
                        return errors.set(scopes.error());
                      scopes.setWork(work);
                      for (int64_t s = first; s < first + count; ++s) {
                        scopes.beginSample(shots.first + s);
                        noise::averaged([&] {
                          m.forward(theta, inputs + s * info.inputSize, 1,
                                    values + s * info.numValues, work);
                        });
                      }
                    },
                    shots.distributed);
    return errors.finish(ok, error);
  }
  return withWork(info, batch, threads, error,
                  [&](int64_t first, int64_t count, int, double *work) {
                    m.forward(theta, inputs + first * info.inputSize, count,
                              values + first * info.numValues, work);
                  });
}

namespace {
/// The compiled adjoint sweep fn(s, partial, work) of each sample on a
/// state distributed over the processes (one thread; DensityMode.h).
template <class F>
bool distributedSweeps(const ModelInfo &info, int64_t batch, double *gtheta,
                       const ShotOptions &device, std::string &error, F &&fn) {
  ThreadErrors errors;
  bool ok = withPartialSums(
      info, batch, 1, gtheta, error,
      [&](int64_t first, int64_t count, double *partial, double *work) {
        DeviceScopes scopes(device, info, false);
        if (!scopes.error().empty())
          return errors.set(scopes.error());
        scopes.setWork(work);
        for (int64_t s = first; s < first + count; ++s)
          fn(s, partial, work);
      },
      true);
  return errors.finish(ok, error);
}
} // namespace

bool gradientBatch(const CompiledModel &m, const double *theta, const double *inputs,
                   int64_t batch, double *values, double *gtheta, int threads,
                   std::string &error, const ShotOptions &device) {
  const ModelInfo &info = m.info;
  if (!m.gradient) {
    error = "model '" + info.name + "' has no loss to differentiate";
    return false;
  }
  if (device.distributed)
    return distributedSweeps(info, batch, gtheta, device, error,
                             [&](int64_t s, double *partial, double *work) {
                               m.gradient(theta, inputs + s * info.inputSize, 1,
                                          values + s * info.numValues, partial, work);
                             });
  return withPartialSums(info, batch, threads, gtheta, error,
                         [&](int64_t first, int64_t count, double *partial, double *work) {
                           m.gradient(theta, inputs + first * info.inputSize, count,
                                      values + first * info.numValues, partial, work);
                         });
}

bool vjpBatch(const CompiledModel &m, const double *theta, const double *inputs,
              int64_t batch, double *values, const double *gvalues, double *gtheta,
              double *ginputs, int threads, std::string &error, const ShotOptions &device) {
  const ModelInfo &info = m.info;
  if (!m.vjp) {
    error = "model '" + info.name + "' was compiled without its vector-Jacobian product";
    return false;
  }
  std::fill(ginputs, ginputs + batch * info.inputSize, 0.0);
  if (device.distributed)
    return distributedSweeps(info, batch, gtheta, device, error,
                             [&](int64_t s, double *partial, double *work) {
                               m.vjp(theta, inputs + s * info.inputSize, 1,
                                     values + s * info.numValues,
                                     gvalues + s * info.numValues, partial,
                                     ginputs + s * info.inputSize, work);
                             });
  return withPartialSums(info, batch, threads, gtheta, error,
                         [&](int64_t first, int64_t count, double *partial, double *work) {
                           m.vjp(theta, inputs + first * info.inputSize, count,
                                 values + first * info.numValues,
                                 gvalues + first * info.numValues, partial,
                                 ginputs + first * info.inputSize, work);
                         });
}

} // namespace masq
