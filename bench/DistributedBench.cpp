// The statevector split over processes (masq/Runtime/Distributed.h) on this
// machine: time per gate on a local and on a global qubit, the cost of one
// index-bit swap (one exchange of half the local amplitudes), and the
// exchanges and time of a layered circuit with the lazy layout (a qubit
// swapped in stays) against swapping back after every gate. Interleaved
// rounds; rank 0 prints median (min-max).
//
//   mpirun -n 2 build/bench/masq-bench-distributed [QUBITS=22] [ROUNDS=7]
//
// Run alone it measures one rank holding the whole state (no global qubit).
#include "masq/Model/Dist.h"
#include "masq/Runtime/Distributed.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

using namespace masq;
using Clock = std::chrono::steady_clock;

namespace {

rt::Exchange &ex() { return dist::exchange(); }

void barrier() {
  double x = 0;
  ex().sum(&x, 1);
}

/// Seconds of fn, the slowest rank's (every rank waits for it).
double timed(const std::function<void()> &fn) {
  barrier();
  auto t0 = Clock::now();
  fn();
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::vector<double> all(size_t(ex().size()));
  std::vector<size_t> counts(all.size(), 1);
  dist::allgather(&s, 1, all.data(), counts);
  return *std::max_element(all.begin(), all.end());
}

std::string stats(std::vector<double> v, double scale, const char *unit) {
  std::sort(v.begin(), v.end());
  char b[96];
  std::snprintf(b, sizeof b, "%.3g %s (%.3g-%.3g)", v[v.size() / 2] * scale, unit,
                v.front() * scale, v.back() * scale);
  return b;
}

} // namespace

int main(int argc, char **argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 22;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 7;
  try {
    const int R = ex().size();
    const bool root = ex().rank() == 0;
    const int reps = 20, layers = 10;
    std::map<std::string, std::vector<double>> t;
    int64_t lazyExchanges = 0, backExchanges = 0;
    const double a[] = {0.3};
    for (int r = 0; r < rounds; ++r) {
      rt::DistributedState s(n, ex());
      const int q0[] = {0}, top[] = {n - 1};
      t["local gate (RY on qubit 0)"].push_back(timed([&] {
        for (int i = 0; i < reps; ++i)
          s.applyGate(gates::Kind::RY, q0, a);
      }) / reps);
      if (R > 1) {
        rt::DistributedState b(n, ex());
        b.setPolicy(rt::DistributedState::Policy::SwapBack);
        t["global gate, swapped back (2 exchanges)"].push_back(timed([&] {
          for (int i = 0; i < reps; ++i)
            b.applyGate(gates::Kind::RY, top, a);
        }) / reps);
        // One exchange: the first gate on the top qubit of a fresh layout,
        // less a local gate.
        std::vector<double> one;
        for (int i = 0; i < reps; ++i) {
          rt::DistributedState f(n, ex());
          one.push_back(timed([&] { f.applyGate(gates::Kind::RY, top, a); }));
        }
        std::sort(one.begin(), one.end());
        t["one exchange (index-bit swap)"].push_back(one[one.size() / 2] -
                                                    t["local gate (RY on qubit 0)"].back());
      }
      // The layered ansatz: RY on every qubit, then a CX ring, 10 layers.
      for (auto policy : {rt::DistributedState::Policy::Lazy,
                          rt::DistributedState::Policy::SwapBack}) {
        rt::DistributedState c(n, ex());
        c.setPolicy(policy);
        const bool lazy = policy == rt::DistributedState::Policy::Lazy;
        if (!lazy && R == 1)
          continue;
        t[lazy ? "layered circuit, lazy layout" : "layered circuit, swapped back"].push_back(
            timed([&] {
              for (int l = 0; l < layers; ++l) {
                for (int q = 0; q < n; ++q) {
                  const int qs[] = {q};
                  c.applyGate(gates::Kind::RY, qs, a);
                }
                for (int q = 0; q < n; ++q) {
                  const int qs[] = {q, (q + 1) % n};
                  c.applyGate(gates::Kind::CX, qs, nullptr);
                }
              }
            }));
        (lazy ? lazyExchanges : backExchanges) = c.exchanges();
      }
    }
    if (root) {
      std::printf("%d qubits over %d process%s (2^%d amplitudes each), %d interleaved rounds "
                  "(bench/DistributedBench.cpp)\n\n",
                  n, R, R > 1 ? "es" : "", n - __builtin_ctz(unsigned(R)), rounds);
      std::printf("| measure | median (min-max) |\n|---|---|\n");
      for (auto &[name, v] : t)
        std::printf("| %s | %s |\n", name.c_str(),
                    stats(v, name.rfind("layered", 0) == 0 ? 1e3 : 1e6,
                          name.rfind("layered", 0) == 0 ? "ms" : "us")
                        .c_str());
      std::printf("\nexchanges in the layered circuit (%d gates): lazy %lld, swapped back %lld\n",
                  2 * n * layers, (long long)lazyExchanges, (long long)backExchanges);
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "masq-bench-distributed: %s\n", e.what());
    return 1;
  }
  return 0;
}
