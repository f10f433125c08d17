//===- RuntimeBench.cpp - Statevector runtime benchmarks ------------------===//
//
//   BM_Bandwidth/n        a[i] = s*a[i] + c over doubles the size of an n-qubit
//                         state (16 * 2^n bytes), same threads as the gates:
//                         the in-place bandwidth baseline (bytes = read + write)
//   BM_LayeredForward/n   10 layers of (RY on every qubit, CNOT ladder
//                         q0-q1, ..., q(n-2)-q(n-1)), then <Z0>; unfused, one
//                         kernel sweep per gate
//   BM_LayeredGradient/n  forward + adjoint gradient of <Z0> w.r.t. all angles
//   BM_QmaeTrain/threads  batched forward + gradient of the 6-qubit QMAE model
//
// Counters: ns_per_gate, GBps (each gate reads and writes the whole state,
// 2 * 16 * 2^n bytes), samples_per_s. bench/run_runtime.sh turns the JSON
// output into the table of docs/performance.md.
//
//===----------------------------------------------------------------------===//
#include "Qmae.h"
#include "masq/Runtime/Kernels.h"
#include "masq/Runtime/State.h"
#include "masq/Runtime/Tape.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

using namespace masq;
using namespace masq::rt;

namespace {

constexpr int kLayers = 10;

Tape layeredTape(int n) {
  Tape t(n, kLayers * n, 0);
  for (int l = 0; l < kLayers; ++l) {
    for (int q = 0; q < n; ++q)
      t.gate(gates::Kind::RY, {q}, {LinearForm::param(l * n + q)});
    for (int q = 0; q + 1 < n; ++q)
      t.gate(gates::Kind::CX, {q, q + 1});
  }
  t.observe(ObsKind::ExpvalZ, {0}, "z0");
  return t;
}
int layeredGates(int n) { return kLayers * (2 * n - 1); }

std::vector<double> layeredTheta(int n) {
  std::vector<double> th(size_t(kLayers) * n);
  for (size_t i = 0; i < th.size(); ++i)
    th[i] = 0.1 + 0.37 * double(i % 17);
  return th;
}

void setGateCounters(benchmark::State &st, int n, int gatesPerIter) {
  const double bytes = 2.0 * 16.0 * std::ldexp(1.0, n) * gatesPerIter;
  st.counters["gates"] = gatesPerIter;
  st.counters["ns_per_gate"] = benchmark::Counter(
      1e-9 * gatesPerIter, benchmark::Counter::kIsIterationInvariantRate |
                               benchmark::Counter::kInvert);
  st.counters["GBps"] = benchmark::Counter(bytes * 1e-9,
                                           benchmark::Counter::kIsIterationInvariantRate);
}

// The baseline loop, compiled for AVX2 like the gate kernels (when the CPU
// has it) so that it measures memory, not instruction throughput.
__attribute__((target("avx2,fma"))) void streamAvx2(double *a, size_t b, size_t e,
                                                    double s, double c) {
  for (size_t i = b; i < e; ++i)
    a[i] = s * a[i] + c;
}
void streamPortable(double *a, size_t b, size_t e, double s, double c) {
  for (size_t i = b; i < e; ++i)
    a[i] = s * a[i] + c;
}

// In-place streaming baseline with the threads the gate kernels use.
void BM_Bandwidth(benchmark::State &st) {
  const int n = int(st.range(0));
  const size_t count = size_t(2) << n; // doubles in a state of n qubits
  // Same storage as a state (AlignedBuffer: huge pages for large sizes).
  AlignedBuffer buf((count + 1) / 2);
  double *a = reinterpret_cast<double *>(buf.data());
  for (size_t i = 0; i < count; ++i)
    a[i] = 1.0 + 1e-9 * double(i % 1000);
  const double s = 0.999999, c = 1e-7;
  const bool par = n >= parallelQubits() && numThreads() > 1;
  auto stream = simdEnabled() ? streamAvx2 : streamPortable;
  for (auto _ : st) {
    if (par) {
#ifdef _OPENMP
#pragma omp parallel num_threads(numThreads())
      {
        const size_t t = size_t(omp_get_thread_num()), nt = size_t(omp_get_num_threads());
        stream(a, count * t / nt / 8 * 8, t + 1 == nt ? count : count * (t + 1) / nt / 8 * 8,
               s, c);
      }
#endif
    } else {
      stream(a, 0, count, s, c);
    }
    benchmark::DoNotOptimize(a);
    benchmark::ClobberMemory();
  }
  st.counters["GBps"] = benchmark::Counter(2.0 * count * sizeof(double) * 1e-9,
                                           benchmark::Counter::kIsIterationInvariantRate);
}

// RY on every qubit once: n full-state read+write sweeps, the cleanest
// "unfused gate vs bandwidth" figure (a CNOT only moves half the state).
void BM_RYSweep(benchmark::State &st) {
  const int n = int(st.range(0));
  StateVector sv(n);
  std::vector<GateOp> ops;
  for (int q = 0; q < n; ++q) {
    const double a = 0.3 + 0.1 * q;
    ops.push_back(compileGate(gates::Kind::RY, &q, &a));
  }
  for (auto _ : st)
    for (const GateOp &op : ops)
      sv.apply(op);
  setGateCounters(st, n, n);
}

// Arg "blocked": 1 = cache-blocked runs of low-qubit gates (the default),
// 0 = every gate its own sweep over the state.
void BM_LayeredForward(benchmark::State &st) {
  const int n = int(st.range(0));
  setCacheBlocking(st.range(1) != 0);
  const Tape t = layeredTape(n);
  const auto theta = layeredTheta(n);
  double v = 0;
  for (auto _ : st) {
    run(t, theta.data(), nullptr, 1, &v);
    benchmark::DoNotOptimize(v);
  }
  setCacheBlocking(true);
  setGateCounters(st, n, layeredGates(n));
}

void BM_LayeredGradient(benchmark::State &st) {
  const int n = int(st.range(0));
  setCacheBlocking(st.range(1) != 0);
  const Tape t = layeredTape(n);
  const auto theta = layeredTheta(n);
  std::vector<double> g(theta.size());
  const double cot = 1.0;
  double v = 0;
  for (auto _ : st) {
    vjp(t, theta.data(), nullptr, 1, &cot, &v, g.data(), nullptr);
    benchmark::DoNotOptimize(g.data());
  }
  setCacheBlocking(true);
  setGateCounters(st, n, layeredGates(n));
}

// Forward + gradient of loss = 1 - fidelity for a batch of 256 samples.
// Arg 1: 1 = two samples per complex state (the default for real circuits),
// 0 = the general one-sample-per-state path.
void BM_QmaeTrain(benchmark::State &st) {
  const int threads = int(st.range(0)), B = 256;
  setSamplePairing(st.range(1) != 0);
  const Tape t = qmae::buildTape();
  std::vector<double> theta, inputs, g(qmae::kParams), values(B);
  qmae::randomData(B, 1, theta, inputs);
  const Loss loss{{-1.0}, 1.0};
  setNumThreads(threads);
  for (auto _ : st) {
    gradient(t, theta.data(), inputs.data(), B, loss, values.data(), nullptr, g.data(),
             nullptr);
    benchmark::DoNotOptimize(g.data());
  }
  setNumThreads(0);
  setSamplePairing(true);
  st.counters["threads"] = threads;
  st.counters["samples_per_s"] =
      benchmark::Counter(B, benchmark::Counter::kIsIterationInvariantRate);
  st.counters["samples_per_s_per_core"] =
      benchmark::Counter(double(B) / threads, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_QmaeForward(benchmark::State &st) {
  const int threads = int(st.range(0)), B = 256;
  setSamplePairing(st.range(1) != 0);
  const Tape t = qmae::buildTape();
  std::vector<double> theta, inputs, values(B);
  qmae::randomData(B, 1, theta, inputs);
  setNumThreads(threads);
  for (auto _ : st) {
    run(t, theta.data(), inputs.data(), B, values.data());
    benchmark::DoNotOptimize(values.data());
  }
  setNumThreads(0);
  setSamplePairing(true);
  st.counters["samples_per_s_per_core"] =
      benchmark::Counter(double(B) / threads, benchmark::Counter::kIsIterationInvariantRate);
}

const std::vector<int64_t> kSizes = {6, 10, 14, 18, 20, 22};

void sizes(benchmark::internal::Benchmark *b) {
  for (int64_t n : kSizes)
    b->Arg(n);
  b->ArgName("n")->Unit(benchmark::kMicrosecond)->UseRealTime();
}
void sizesBlocked(benchmark::internal::Benchmark *b) {
  for (int64_t n : kSizes)
    for (int64_t blocked : {0, 1})
      b->Args({n, blocked});
  b->ArgNames({"n", "blocked"})->Unit(benchmark::kMicrosecond)->UseRealTime();
}

} // namespace

BENCHMARK(BM_Bandwidth)->Apply(sizes);
BENCHMARK(BM_RYSweep)->Apply(sizes);
BENCHMARK(BM_LayeredForward)->Apply(sizesBlocked);
BENCHMARK(BM_LayeredGradient)->Apply(sizesBlocked);
BENCHMARK(BM_QmaeForward)
    ->ArgsProduct({{1, 2}, {1, 0}})
    ->ArgNames({"threads", "paired"})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_QmaeTrain)
    ->ArgsProduct({{1, 2}, {1, 0}})
    ->ArgNames({"threads", "paired"})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

BENCHMARK_MAIN();
