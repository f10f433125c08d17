//===- RuntimeBench.cpp - Statevector runtime benchmarks ------------------===//
//
//   BM_Bandwidth/n   a[i] = s*a[i] + c over doubles the size of an n-qubit
//                    state (16 * 2^n bytes), same threads as the gates: the
//                    in-place bandwidth baseline (bytes = read + write)
//   BM_RYSweep/n     RY on every qubit, unfused, interleaved with the
//                    baseline; pct_bw = gate GB/s over baseline GB/s
//   BM_Layered/n/blocked  10 layers of (RY on every qubit, CNOT ladder
//                    q0-q1, ..., q(n-2)-q(n-1)), then <Z0>: forward pass and
//                    forward + adjoint gradient (packed and two-array
//                    sweeps), interleaved; grad_over_fwd, grad2_over_fwd
//   BM_QmaeForward, BM_QmaeTrain  batched forward / forward + gradient of the
//                    6-qubit QMAE model, samples per second per core
//
// GB/s counts each gate as reading and writing the whole state
// (2 * 16 * 2^n bytes). bench/run_runtime.sh turns the JSON output into the
// tables of docs/performance.md.
//
//===----------------------------------------------------------------------===//
#include "Qmae.h"
#include "masq/Runtime/Kernels.h"
#include "masq/Runtime/State.h"
#include "masq/Oracle/Tape.h"

#include <benchmark/benchmark.h>

#include <chrono>
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

// One in-place streaming pass over `count` doubles with the threads the
// gate kernels use.
void streamPass(double *a, size_t count, int n) {
  const double s = 0.999999, c = 1e-7;
  auto stream = simdEnabled() ? streamAvx2 : streamPortable;
  if (n >= parallelQubits() && numThreads() > 1) {
#ifdef _OPENMP
#pragma omp parallel num_threads(numThreads())
    {
      const size_t t = size_t(omp_get_thread_num()), nt = size_t(omp_get_num_threads());
      stream(a, count * t / nt / 8 * 8, t + 1 == nt ? count : count * (t + 1) / nt / 8 * 8,
             s, c);
    }
    return;
#endif
  }
  stream(a, 0, count, s, c);
}

using Clock = std::chrono::steady_clock;
double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// In-place bandwidth baseline alone.
void BM_Bandwidth(benchmark::State &st) {
  const int n = int(st.range(0));
  const size_t count = size_t(2) << n; // doubles in a state of n qubits
  AlignedBuffer buf((count + 1) / 2);  // same allocator as a state
  double *a = reinterpret_cast<double *>(buf.data());
  for (size_t i = 0; i < count; ++i)
    a[i] = 1.0 + 1e-9 * double(i % 1000);
  for (auto _ : st) {
    streamPass(a, count, n);
    benchmark::DoNotOptimize(a);
    benchmark::ClobberMemory();
  }
  st.counters["GBps"] = benchmark::Counter(2.0 * count * sizeof(double) * 1e-9,
                                           benchmark::Counter::kIsIterationInvariantRate);
}

// RY on every qubit once (n unfused full-state sweeps; a CNOT would move only
// half the state), interleaved with a baseline pass over an array of the
// same size in every iteration, so that the ratio compares measurements
// taken at the same time (this host's bandwidth drifts).
void BM_RYSweep(benchmark::State &st) {
  const int n = int(st.range(0));
  StateVector sv(n);
  std::vector<GateOp> ops;
  for (int q = 0; q < n; ++q) {
    const double a = 0.3 + 0.1 * q;
    ops.push_back(compileGate(gates::Kind::RY, &q, &a));
  }
  const size_t count = size_t(2) << n;
  AlignedBuffer buf((count + 1) / 2);
  double *arr = reinterpret_cast<double *>(buf.data());
  double tGates = 0, tStream = 0;
  for (auto _ : st) {
    const auto t0 = Clock::now();
    for (const GateOp &op : ops)
      sv.apply(op);
    const auto t1 = Clock::now();
    streamPass(arr, count, n);
    benchmark::ClobberMemory();
    const auto t2 = Clock::now();
    tGates += seconds(t0, t1), tStream += seconds(t1, t2);
  }
  const double it = double(st.iterations()), bytes = 2.0 * 16.0 * std::ldexp(1.0, n);
  st.counters["ns_per_gate"] = tGates / it / n * 1e9;
  st.counters["GBps"] = bytes * n * it / tGates * 1e-9;
  st.counters["bw_GBps"] = bytes * it / tStream * 1e-9;
  st.counters["pct_bw"] = 100.0 * (bytes * n / tGates) / (bytes / tStream);
}

// Arg "blocked": 1 = cache-blocked runs of gates (the default), 0 = every gate
// its own sweep over the state. Each iteration times one forward pass, one
// forward + adjoint gradient of <Z0> (the default packed sweep: lambda in the
// state's imaginary parts) and the same with the two-array sweep
// (setAdjointPacking(false)), interleaved, and reports the ratios
// grad_over_fwd and grad2_over_fwd.
void BM_Layered(benchmark::State &st) {
  const int n = int(st.range(0));
  setCacheBlocking(st.range(1) != 0);
  const Tape t = layeredTape(n);
  const auto theta = layeredTheta(n);
  std::vector<double> g(theta.size());
  const double cot = 1.0;
  double v = 0, tFwd = 0, tGrad = 0, tGrad2 = 0;
  for (auto _ : st) {
    const auto t0 = Clock::now();
    run(t, theta.data(), nullptr, 1, &v);
    const auto t1 = Clock::now();
    vjp(t, theta.data(), nullptr, 1, &cot, &v, g.data(), nullptr);
    const auto t2 = Clock::now();
    benchmark::DoNotOptimize(g.data());
    setAdjointPacking(false);
    vjp(t, theta.data(), nullptr, 1, &cot, &v, g.data(), nullptr);
    const auto t3 = Clock::now();
    benchmark::DoNotOptimize(g.data());
    setAdjointPacking(true);
    tFwd += seconds(t0, t1), tGrad += seconds(t1, t2), tGrad2 += seconds(t2, t3);
  }
  setCacheBlocking(true);
  const double it = double(st.iterations()), gates = layeredGates(n);
  st.counters["gates"] = gates;
  st.counters["fwd_ns_per_gate"] = tFwd / it / gates * 1e9;
  st.counters["fwd_GBps"] = 2.0 * 16.0 * std::ldexp(1.0, n) * gates * it / tFwd * 1e-9;
  st.counters["grad_ms"] = tGrad / it * 1e3;
  st.counters["grad_over_fwd"] = tGrad / tFwd;
  st.counters["grad2_over_fwd"] = tGrad2 / tFwd;
}

// Forward + gradient of loss = 1 - fidelity for a batch of 256 samples.
// Arg 1 ("paired"): 1 = two samples per complex state (the default for real
// circuits), 0 = the general one-sample-per-state path (two-array sweep),
// 2 = one sample per state with the packed sweep.
void BM_QmaeTrain(benchmark::State &st) {
  const int threads = int(st.range(0)), B = 256;
  setSamplePairing(st.range(1) == 1);
  setAdjointPacking(st.range(1) != 0);
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
  setAdjointPacking(true);
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
BENCHMARK(BM_Layered)->Apply(sizesBlocked);
BENCHMARK(BM_QmaeForward)
    ->ArgsProduct({{1, 2}, {1, 0}})
    ->ArgNames({"threads", "paired"})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_QmaeTrain)
    ->ArgsProduct({{1, 2}, {1, 0, 2}})
    ->ArgNames({"threads", "paired"})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

BENCHMARK_MAIN();
