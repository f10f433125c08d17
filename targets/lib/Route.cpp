//===- Route.cpp - SABRE layout and routing, and the trivial router -------===//
#include "masq/Targets/Route.h"

#include <algorithm>
#include <deque>
#include <random>
#include <set>

namespace masq {
namespace targets {
namespace {

bool checkCircuit(const std::vector<Op> &c, int n, const Target &t, std::string &error) {
  if (n > t.numQubits) {
    error = "the circuit needs " + std::to_string(n) + " qubits, target " + t.name + " has " +
            std::to_string(t.numQubits);
    return false;
  }
  for (size_t i = 0; i < c.size(); ++i) {
    const Op &op = c[i];
    if (op.qubits.empty() || op.qubits.size() > 2) {
      error = "operation " + std::to_string(i) + " (" + op.gate + ") acts on " +
              std::to_string(op.qubits.size()) +
              " qubits; routing takes one- and two-qubit operations (decompose it first)";
      return false;
    }
    for (int q : op.qubits)
      if (q < 0 || q >= n) {
        error = "operation " + std::to_string(i) + " (" + op.gate + ") names qubit " +
                std::to_string(q) + " of " + std::to_string(n);
        return false;
      }
    if (op.qubits.size() == 2 && op.qubits[0] == op.qubits[1]) {
      error = "operation " + std::to_string(i) + " (" + op.gate + ") uses qubit " +
              std::to_string(op.qubits[0]) + " twice";
      return false;
    }
  }
  return true;
}

/// Successors of each operation in the dependency graph (operations that
/// share a qubit keep their order).
std::vector<std::vector<int>> successors(const std::vector<Op> &c, int n,
                                         std::vector<int> &indegree) {
  std::vector<std::vector<int>> succ(c.size());
  indegree.assign(c.size(), 0);
  std::vector<int> last(size_t(n), -1);
  for (size_t i = 0; i < c.size(); ++i) {
    std::set<int> preds;
    for (int q : c[i].qubits)
      if (last[size_t(q)] >= 0)
        preds.insert(last[size_t(q)]);
    for (int p : preds) {
      succ[size_t(p)].push_back(int(i));
      ++indegree[i];
    }
    for (int q : c[i].qubits)
      last[size_t(q)] = int(i);
  }
  return succ;
}

Op onPhysical(const Op &op, const std::vector<int> &l2p) {
  Op out = op;
  for (int &q : out.qubits)
    q = l2p[size_t(q)];
  return out;
}

struct Layout {
  std::vector<int> l2p, p2l;
  Layout(const std::vector<int> &initial, int physical)
      : l2p(initial), p2l(size_t(physical), -1) {
    for (size_t l = 0; l < l2p.size(); ++l)
      p2l[size_t(l2p[l])] = int(l);
  }
  void swapPhysical(int a, int b) {
    std::swap(p2l[size_t(a)], p2l[size_t(b)]);
    if (p2l[size_t(a)] >= 0)
      l2p[size_t(p2l[size_t(a)])] = a;
    if (p2l[size_t(b)] >= 0)
      l2p[size_t(p2l[size_t(b)])] = b;
  }
};

/// The neighbour of physical qubit `a` one hop closer to `b`.
int stepToward(int a, int b, const std::vector<std::vector<int>> &dist,
               const std::vector<std::vector<int>> &nb) {
  for (int m : nb[size_t(a)])
    if (dist[size_t(m)][size_t(b)] == dist[size_t(a)][size_t(b)] - 1)
      return m;
  return -1; // not reached: the map is connected (loadTarget checks)
}

/// One SABRE pass from `initial`; appends the physical operations to `emit`
/// when given. Returns the SWAPs inserted; `final` gets the layout after.
int sabrePass(const std::vector<Op> &c, int n, const Target &t,
              const std::vector<std::vector<int>> &dist,
              const std::vector<std::vector<int>> &nb, const std::vector<int> &initial,
              std::vector<Op> *emit, std::vector<int> &final, std::mt19937_64 &rng) {
  constexpr double kWeight = 0.5, kDecay = 0.001;
  constexpr size_t kExtended = 20;
  std::vector<int> indegree;
  const auto succ = successors(c, n, indegree);
  Layout lay(initial, t.numQubits);
  std::vector<int> front;
  for (size_t i = 0; i < c.size(); ++i)
    if (indegree[i] == 0)
      front.push_back(int(i));
  std::vector<double> decay(size_t(t.numQubits), 1.0);
  int swaps = 0, sinceProgress = 0, steps = 0;
  auto d = [&](const Op &g) {
    return dist[size_t(lay.l2p[size_t(g.qubits[0])])][size_t(lay.l2p[size_t(g.qubits[1])])];
  };
  auto doSwap = [&](int a, int b) {
    lay.swapPhysical(a, b);
    if (emit)
      emit->push_back(Op{"swap", {a, b}, {}, -1});
    ++swaps;
  };
  while (!front.empty()) {
    // Execute everything in the front that can run.
    std::vector<int> next;
    bool progress = false;
    for (int g : front) {
      const Op &op = c[size_t(g)];
      if (op.qubits.size() == 1 || t.coupled(lay.l2p[size_t(op.qubits[0])], lay.l2p[size_t(op.qubits[1])])) {
        if (emit)
          emit->push_back(onPhysical(op, lay.l2p));
        progress = true;
        for (int s : succ[size_t(g)])
          if (--indegree[size_t(s)] == 0)
            next.push_back(s);
      } else {
        next.push_back(g);
      }
    }
    std::sort(next.begin(), next.end());
    front.swap(next);
    if (progress) {
      std::fill(decay.begin(), decay.end(), 1.0);
      sinceProgress = 0;
      continue;
    }
    if (front.empty())
      break;
    // Release valve: a long run of SWAPs without progress walks the closest
    // front operation's qubits together along a shortest path.
    if (sinceProgress > 4 * t.numQubits) {
      int best = front[0];
      for (int g : front)
        if (d(c[size_t(g)]) < d(c[size_t(best)]))
          best = g;
      int a = lay.l2p[size_t(c[size_t(best)].qubits[0])];
      const int b = lay.l2p[size_t(c[size_t(best)].qubits[1])];
      for (int step; !t.coupled(a, b); a = step) {
        step = stepToward(a, b, dist, nb);
        doSwap(a, step);
      }
      sinceProgress = 0;
      continue;
    }
    // The extended set: the next two-qubit operations after the front.
    std::vector<int> extended;
    {
      std::vector<int> deg = indegree;
      std::deque<int> q(front.begin(), front.end());
      std::set<int> seen(front.begin(), front.end());
      while (!q.empty() && extended.size() < kExtended) {
        int g = q.front();
        q.pop_front();
        for (int s : succ[size_t(g)])
          if (--deg[size_t(s)] == 0 && seen.insert(s).second) {
            if (c[size_t(s)].qubits.size() == 2)
              extended.push_back(s);
            q.push_back(s);
          }
      }
    }
    std::set<std::pair<int, int>> candidates;
    for (int g : front)
      for (int lq : c[size_t(g)].qubits) {
        const int p = lay.l2p[size_t(lq)];
        for (int m : nb[size_t(p)])
          candidates.insert({std::min(p, m), std::max(p, m)});
      }
    double bestScore = 0;
    std::vector<std::pair<int, int>> best;
    for (auto [a, b] : candidates) {
      lay.swapPhysical(a, b);
      double hf = 0, he = 0;
      for (int g : front)
        hf += d(c[size_t(g)]);
      for (int g : extended)
        he += d(c[size_t(g)]);
      lay.swapPhysical(a, b);
      double score = hf / double(front.size()) +
                     (extended.empty() ? 0.0 : kWeight * he / double(extended.size()));
      score *= std::max(decay[size_t(a)], decay[size_t(b)]);
      if (best.empty() || score < bestScore - 1e-12) {
        best = {{a, b}};
        bestScore = score;
      } else if (score < bestScore + 1e-12) {
        best.push_back({a, b});
      }
    }
    auto [a, b] = best[size_t(rng() % best.size())];
    doSwap(a, b);
    decay[size_t(a)] += kDecay;
    decay[size_t(b)] += kDecay;
    if (++steps % 5 == 0)
      std::fill(decay.begin(), decay.end(), 1.0);
    ++sinceProgress;
  }
  final = lay.l2p;
  return swaps;
}

} // namespace

bool routeSabre(const std::vector<Op> &circuit, int n, const Target &t, Routed &out,
                std::string &error, int trials, uint64_t seed) {
  if (!checkCircuit(circuit, n, t, error))
    return false;
  const auto dist = t.distances();
  const auto nb = t.neighbours();
  std::vector<Op> reversed(circuit.rbegin(), circuit.rend());
  std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ull + 1);
  bool have = false;
  for (int trial = 0; trial < std::max(1, trials); ++trial) {
    // Trial 0 starts from logical i on physical i; the others from a
    // random placement. Forward, backward, then forward for real.
    std::vector<int> perm(size_t(t.numQubits));
    for (int p = 0; p < t.numQubits; ++p)
      perm[size_t(p)] = p;
    if (trial > 0)
      std::shuffle(perm.begin(), perm.end(), rng);
    std::vector<int> layout(perm.begin(), perm.begin() + n), after, before;
    sabrePass(circuit, n, t, dist, nb, layout, nullptr, after, rng);
    sabrePass(reversed, n, t, dist, nb, after, nullptr, before, rng);
    Routed r;
    r.initial = before;
    r.swaps = sabrePass(circuit, n, t, dist, nb, before, &r.ops, r.final, rng);
    if (!have || r.swaps < out.swaps) {
      out = std::move(r);
      have = true;
    }
  }
  return true;
}

bool routeTrivial(const std::vector<Op> &circuit, int n, const Target &t, Routed &out,
                  std::string &error) {
  if (!checkCircuit(circuit, n, t, error))
    return false;
  const auto dist = t.distances();
  const auto nb = t.neighbours();
  std::vector<int> identity(static_cast<size_t>(n));
  for (int q = 0; q < n; ++q)
    identity[size_t(q)] = q;
  Layout lay(identity, t.numQubits);
  out = Routed();
  out.initial = identity;
  for (const Op &op : circuit) {
    if (op.qubits.size() == 2) {
      int a = lay.l2p[size_t(op.qubits[0])];
      const int b = lay.l2p[size_t(op.qubits[1])];
      for (int step; !t.coupled(a, b); a = step) {
        step = stepToward(a, b, dist, nb);
        lay.swapPhysical(a, step);
        out.ops.push_back(Op{"swap", {a, step}, {}, -1});
        ++out.swaps;
      }
    }
    out.ops.push_back(onPhysical(op, lay.l2p));
  }
  out.final = lay.l2p;
  return true;
}

bool verifyRouted(const std::vector<Op> &circuit, int n, const Target &t, const Routed &r,
                  std::string &error) {
  if (int(r.initial.size()) != n || int(r.final.size()) != n) {
    error = "the layouts do not have one entry per logical qubit";
    return false;
  }
  std::vector<std::vector<size_t>> want(static_cast<size_t>(n));
  for (size_t i = 0; i < circuit.size(); ++i)
    for (int q : circuit[i].qubits)
      want[size_t(q)].push_back(i);
  // Replay: which logical qubit sits on each physical one.
  Layout lay(r.initial, t.numQubits);
  size_t matched = 0;
  std::vector<size_t> cursor(static_cast<size_t>(n), 0);
  for (size_t i = 0; i < r.ops.size(); ++i) {
    const Op &op = r.ops[i];
    for (int p : op.qubits)
      if (p < 0 || p >= t.numQubits) {
        error = "routed operation " + std::to_string(i) + " names physical qubit " +
                std::to_string(p);
        return false;
      }
    if (op.qubits.size() == 2 && !t.coupled(op.qubits[0], op.qubits[1])) {
      error = "routed operation " + std::to_string(i) + " (" + op.gate + ") acts on " +
              std::to_string(op.qubits[0]) + " and " + std::to_string(op.qubits[1]) +
              ", which are not coupled";
      return false;
    }
    if (op.gate == "swap" && op.clbit == -1 && op.params.empty()) {
      // An inserted SWAP, or one of the circuit's own: the circuit's come
      // first in the per-qubit order if it is next there.
      const int la = lay.p2l[size_t(op.qubits[0])], lb = lay.p2l[size_t(op.qubits[1])];
      bool own = la >= 0 && lb >= 0 && cursor[size_t(la)] < want[size_t(la)].size() &&
                 cursor[size_t(lb)] < want[size_t(lb)].size() &&
                 want[size_t(la)][cursor[size_t(la)]] == want[size_t(lb)][cursor[size_t(lb)]] &&
                 circuit[want[size_t(la)][cursor[size_t(la)]]].gate == "swap";
      if (!own) {
        lay.swapPhysical(op.qubits[0], op.qubits[1]);
        continue;
      }
    }
    // A circuit operation: it must be the next one of each of its qubits.
    std::vector<int> logical;
    for (int p : op.qubits)
      logical.push_back(lay.p2l[size_t(p)]);
    size_t index = 0;
    for (size_t k = 0; k < logical.size(); ++k) {
      const int l = logical[k];
      if (l < 0 || cursor[size_t(l)] >= want[size_t(l)].size()) {
        error = "routed operation " + std::to_string(i) + " (" + op.gate +
                ") is not in the circuit at this point";
        return false;
      }
      const size_t w = want[size_t(l)][cursor[size_t(l)]];
      if (k == 0)
        index = w;
      if (w != index) {
        error = "routed operation " + std::to_string(i) + " (" + op.gate +
                ") is out of order for logical qubit " + std::to_string(l);
        return false;
      }
    }
    const Op &orig = circuit[index];
    if (orig.gate != op.gate || orig.params != op.params || orig.clbit != op.clbit ||
        orig.qubits != logical) {
      error = "routed operation " + std::to_string(i) + " (" + op.gate +
              ") differs from circuit operation " + std::to_string(index) + " (" + orig.gate +
              ")";
      return false;
    }
    for (int l : logical)
      ++cursor[size_t(l)];
    ++matched;
  }
  if (matched != circuit.size()) {
    error = std::to_string(circuit.size() - matched) + " circuit operations are missing";
    return false;
  }
  if (lay.l2p != r.final) {
    error = "the final layout differs from the one the SWAPs lead to";
    return false;
  }
  return true;
}

} // namespace targets
} // namespace masq
