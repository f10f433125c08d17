//===- CompiledBench.cpp - compiled QMAE gradient vs the runtime's tape ---===//
//
// The same QMAE circuit, batch 256, one thread, forward + gradient of
// 1 - fidelity, samples per second, in one binary and one run:
//   BM_CompiledQmaeTrain  bench/qmae_tape.masq compiled by `masq compile
//                         --emit=obj` (-O: two samples per state), called
//                         through masq_model_gradient
//   BM_TapeQmaeTrain/paired  the runtime's batched adjoint on the tape of
//                         test/runtime/Qmae.h (paired:1 = two samples per
//                         state, its default; 0 = one per state)
// compiled_over_tape (in BM_CompiledQmaeTrain) is the ratio of the compiled
// rate to the paired tape rate measured in the same iteration loop, so
// host drift cancels.
//
//===----------------------------------------------------------------------===//
#include "Qmae.h"
#include "masq/Model/Model.h"
#include "masq/Oracle/Tape.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" {
void masq_model_forward(const double *, const double *, int64_t, double *, double *);
void masq_model_gradient(const double *, const double *, int64_t, double *, double *,
                         double *);
extern const char masq_model_info[];
}

namespace {

constexpr int B = 256;

struct Batch {
  std::vector<double> theta, tapeInputs, inputs;
};

// One data set for both: the tape's inputs (image, mask pattern, clean
// image) and the compiled model's (image, mask pattern); the compiled
// model's theta is (token, angles), the tape's (angles, token).
Batch makeBatch(const masq::ModelInfo &info) {
  Batch b;
  std::vector<double> tapeTheta;
  qmae::randomData(B, 1, tapeTheta, b.tapeInputs);
  b.theta.assign(info.numParams, 0.0);
  for (int k = 0; k < 4; ++k)
    b.theta[k] = tapeTheta[qmae::kTokenOffset + k];
  for (int i = 0; i < qmae::kTokenOffset; ++i)
    b.theta[4 + i] = tapeTheta[i];
  b.inputs.assign(size_t(B) * info.inputSize, 0.0);
  for (int s = 0; s < B; ++s)
    for (int j = 0; j < 80; ++j)
      b.inputs[size_t(s) * info.inputSize + j] = b.tapeInputs[size_t(s) * qmae::kInput + j];
  // The tape reads its theta from tapeTheta: keep it with the inputs.
  b.tapeInputs.insert(b.tapeInputs.begin(), tapeTheta.begin(), tapeTheta.end());
  return b;
}

masq::ModelInfo loadInfo() {
  masq::ModelInfo info;
  std::string error;
  if (!masq::fromJson(masq_model_info, info, error) || info.inputSize != 80 ||
      info.numParams != qmae::kParams) {
    std::fprintf(stderr, "bench: unexpected compiled model (%s)\n", error.c_str());
    std::exit(1);
  }
  return info;
}

double compiledStep(const masq::ModelInfo &info, Batch &b, std::vector<double> &work,
                    std::vector<double> &values, std::vector<double> &g) {
  auto t0 = std::chrono::steady_clock::now();
  std::fill(g.begin(), g.end(), 0.0);
  masq_model_gradient(b.theta.data(), b.inputs.data(), B, values.data(), g.data(),
                      work.data());
  benchmark::DoNotOptimize(g.data());
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double tapeStep(const masq::rt::Tape &t, Batch &b, std::vector<double> &values,
                std::vector<double> &g) {
  const masq::rt::Loss loss{{-1.0}, 1.0};
  const double *theta = b.tapeInputs.data();
  const double *inputs = theta + qmae::kParams;
  auto t0 = std::chrono::steady_clock::now();
  masq::rt::gradient(t, theta, inputs, B, loss, values.data(), nullptr, g.data(), nullptr);
  benchmark::DoNotOptimize(g.data());
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void BM_CompiledQmaeTrain(benchmark::State &st) {
  const masq::ModelInfo info = loadInfo();
  Batch b = makeBatch(info);
  std::vector<double> work(info.workSize()), values(size_t(B) * info.numValues),
      g(info.numParams), tv(B), tg(qmae::kParams);
  const masq::rt::Tape t = qmae::buildTape();
  masq::rt::setNumThreads(1);
  masq::rt::setSamplePairing(true);
  double compiled = 0, tape = 0;
  for (auto _ : st) {
    compiled += compiledStep(info, b, work, values, g);
    st.PauseTiming();
    tape += tapeStep(t, b, tv, tg);
    st.ResumeTiming();
  }
  masq::rt::setNumThreads(0);
  // Same circuit, same data: the losses must agree.
  if (std::abs(values[0] - (1 - tv[0])) > 1e-9) {
    st.SkipWithError("compiled and tape losses differ");
    return;
  }
  st.counters["samples_per_s"] =
      benchmark::Counter(B, benchmark::Counter::kIsIterationInvariantRate);
  st.counters["compiled_over_tape"] = tape / compiled;
}

void BM_TapeQmaeTrain(benchmark::State &st) {
  const masq::ModelInfo info = loadInfo();
  Batch b = makeBatch(info);
  std::vector<double> tv(B), tg(qmae::kParams);
  const masq::rt::Tape t = qmae::buildTape();
  masq::rt::setNumThreads(1);
  masq::rt::setSamplePairing(st.range(0) != 0);
  for (auto _ : st)
    tapeStep(t, b, tv, tg);
  masq::rt::setNumThreads(0);
  masq::rt::setSamplePairing(true);
  st.counters["samples_per_s"] =
      benchmark::Counter(B, benchmark::Counter::kIsIterationInvariantRate);
}

} // namespace

BENCHMARK(BM_CompiledQmaeTrain)->UseRealTime();
BENCHMARK(BM_TapeQmaeTrain)->ArgName("paired")->Arg(1)->Arg(0)->UseRealTime();
BENCHMARK_MAIN();
