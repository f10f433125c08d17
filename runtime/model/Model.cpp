//===- Model.cpp - calling a compiled model -------------------------------===//
#include "masq/Model/Model.h"
#include "masq/Runtime/Compiled.h"
#include "masq/Runtime/State.h"
#include "masq/Support/BoundedRead.h"
#include "masq/Support/Memory.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>
#include <thread>

namespace masq {
namespace {
using nlohmann::json;

double uniform01(std::mt19937_64 &rng) { return double(rng() >> 11) * 0x1.0p-53; }

json nested(const std::vector<int64_t> &shape, size_t dim, const double *&v) {
  if (dim == shape.size())
    return json(*v++);
  json arr = json::array();
  for (int64_t i = 0; i < shape[dim]; ++i)
    arr.push_back(nested(shape, dim + 1, v));
  return arr;
}

void flatten(const json &j, std::vector<double> &out, bool &ok) {
  if (j.is_array()) {
    for (const json &e : j)
      flatten(e, out, ok);
  } else if (j.is_number()) {
    out.push_back(j.get<double>());
  } else {
    ok = false;
  }
}
} // namespace

namespace {
constexpr int64_t kSamplesPerThread = 64;
/// The threads parallelChunks uses for `batch` samples.
int threadsFor(int64_t batch, int threads) {
  if (threads <= 0)
    threads = int(std::max(1u, std::thread::hardware_concurrency()));
  // A thread pays for itself only with enough samples (measured on the QMAE
  // example: a batch of 25 ran faster on one thread than on two).
  return int(std::min<int64_t>(threads, std::max<int64_t>(batch / kSamplesPerThread, 1)));
}
} // namespace

bool checkModelMemory(const ModelInfo &info, int64_t batch, int threads, ModelUse use,
                      std::string &error) {
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
  const double work = double(threads) * double(info.workSize()) * sizeof(double);
  std::string what = "model '" + info.name + "'";
  if (work >= params && work >= samples) {
    what += " on " + std::to_string(info.totalQubits) + " qubits (";
    if (info.totalQubits > info.numQubits)
      what += std::to_string(info.numQubits) + " and " +
              std::to_string(info.totalQubits - info.numQubits) + " reset ancillas; ";
    what += "a state and an adjoint vector";
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

std::vector<double> initialParams(const ModelInfo &info, uint64_t seed) {
  std::vector<double> theta(info.numParams, 0.0);
  std::mt19937_64 rng(seed);
  for (const ParamSlot &p : info.params)
    for (int64_t i = 0; i < p.size; ++i) {
      double x = p.a;
      if (p.init == "uniform") {
        x = p.a + (p.b - p.a) * uniform01(rng);
      } else if (p.init == "normal") {
        double u1 = std::max(uniform01(rng), 1e-300), u2 = uniform01(rng);
        x = p.a + p.b * std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * M_PI * u2);
      }
      theta[p.offset + i] = x;
    }
  return theta;
}

std::string nestedJson(const Slot &slot, const double *values) {
  const double *v = values;
  return nested(slot.shape, 0, v).dump();
}

std::string paramsJson(const ModelInfo &info, const double *theta) {
  json j = json::object();
  for (const ParamSlot &p : info.params) {
    const double *v = theta + p.offset;
    j[p.name] = nested(p.shape, 0, v);
  }
  return j.dump(1);
}

bool loadParams(const std::string &path, const ModelInfo &info,
                std::vector<double> &theta, std::string &error, bool allowPartial) {
  std::string text;
  if (!readFileBounded(path, kMaxParamsBytes, text, error)) {
    error = path + ": cannot read: " + error;
    return false;
  }
  json j;
  try {
    j = json::parse(text);
  } catch (const std::exception &e) {
    error = path + ": not valid JSON: " + e.what();
    return false;
  }
  if (!j.is_object()) {
    error = path + ": expected an object mapping parameter names to arrays";
    return false;
  }
  theta.resize(info.numParams);
  for (auto it = j.begin(); it != j.end(); ++it) {
    const ParamSlot *p = info.param(it.key());
    if (!p) {
      std::string names;
      for (const ParamSlot &q : info.params)
        names += (names.empty() ? "" : ", ") + q.name;
      error = path + ": unknown parameter '" + it.key() + "' (the model has: " + names + ")";
      return false;
    }
    std::vector<double> flat;
    bool ok = true;
    flatten(it.value(), flat, ok);
    if (!ok) {
      error = path + ": parameter '" + it.key() + "': values must be numbers";
      return false;
    }
    if (int64_t(flat.size()) != p->size) {
      error = path + ": parameter '" + it.key() + "' has " + std::to_string(flat.size()) +
              " values, the model needs " + std::to_string(p->size);
      return false;
    }
    for (double x : flat)
      if (!std::isfinite(x)) {
        error = path + ": parameter '" + it.key() + "': non-finite value";
        return false;
      }
    std::copy(flat.begin(), flat.end(), theta.begin() + p->offset);
  }
  if (!allowPartial)
    for (const ParamSlot &p : info.params)
      if (!j.contains(p.name)) {
        error = path + ": parameter '" + p.name + "' is missing (give it, or pass "
                "--allow-partial-params to keep the initial values of the missing ones)";
        return false;
      }
  return true;
}

void drawMasks(const ModelInfo &info, std::mt19937_64 &rng, double *sampleInputs) {
  for (const MaskSlot &m : info.masks) {
    double *pat = sampleInputs + m.offset;
    int64_t n = m.size;
    int64_t hidden = std::llround(m.ratio * double(n));
    hidden = std::min(std::max<int64_t>(hidden, 0), n);
    std::vector<int64_t> idx(n);
    for (int64_t i = 0; i < n; ++i)
      idx[i] = i;
    // Partial Fisher-Yates with our own bounded draws (portable results).
    for (int64_t i = 0; i < hidden; ++i) {
      int64_t j = i + int64_t(uniform01(rng) * double(n - i));
      std::swap(idx[i], idx[std::min(j, n - 1)]);
    }
    std::fill(pat, pat + n, 0.0);
    for (int64_t i = 0; i < hidden; ++i)
      pat[idx[i]] = 1.0;
  }
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
    std::vector<std::thread> pool;
    int64_t per = (batch + threads - 1) / threads;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        int64_t first = std::min(batch, t * per);
        int64_t count = std::min(batch - first, per);
        if (count > 0)
          fn(first, count, t);
        errors[t] = takeRuntimeError();
      });
    for (std::thread &th : pool)
      th.join();
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
double *workBuffer(const ModelInfo &info, std::string &error) {
  thread_local masq::rt::AlignedBuffer buf;
  static const bool poison = [] {
    const char *v = std::getenv("MASQ_POISON_WORK");
    return v && *v && std::strcmp(v, "0") != 0;
  }();
  const size_t doubles = size_t(info.workSize()), complexes = (doubles + 1) / 2;
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
bool withWork(const ModelInfo &info, int64_t batch, int threads, std::string &error, Fn fn) {
  std::vector<std::string> errors;
  std::string memError;
  std::mutex memMutex;
  const bool ok = parallelChunks(batch, threads, errors, [&](int64_t first, int64_t count,
                                                             int t) {
    std::string e;
    double *work = workBuffer(info, e);
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
} // namespace

bool forwardBatch(const CompiledModel &m, const double *theta, const double *inputs,
                  int64_t batch, double *values, int threads, std::string &error) {
  const ModelInfo &info = m.info;
  return withWork(info, batch, threads, error,
                  [&](int64_t first, int64_t count, int, double *work) {
                    m.forward(theta, inputs + first * info.inputSize, count,
                              values + first * info.numValues, work);
                  });
}

bool gradientBatch(const CompiledModel &m, const double *theta, const double *inputs,
                   int64_t batch, double *values, double *gtheta, int threads,
                   std::string &error) {
  const ModelInfo &info = m.info;
  if (!m.gradient) {
    error = "model '" + info.name + "' has no loss to differentiate";
    return false;
  }
  int nthreads = threadsFor(batch, threads);
  std::vector<std::vector<double>> partial(nthreads,
                                           std::vector<double>(info.numParams, 0.0));
  if (!withWork(info, batch, nthreads, error,
                [&](int64_t first, int64_t count, int t, double *work) {
                  m.gradient(theta, inputs + first * info.inputSize, count,
                             values + first * info.numValues, partial[t].data(), work);
                }))
    return false;
  std::fill(gtheta, gtheta + info.numParams, 0.0);
  for (const auto &p : partial)
    for (int64_t i = 0; i < info.numParams; ++i)
      gtheta[i] += p[i];
  return true;
}

} // namespace masq
