//===- Translate.cpp - decomposition, native gates, peephole clean-up -----===//
#include "masq/Targets/Translate.h"

#include "masq/Core/Gates.h"

#include <cmath>
#include <complex>

namespace masq {
namespace targets {
namespace {

using cplx = std::complex<double>;

Op g1(const char *gate, int q, std::vector<double> params = {}) {
  return Op{gate, {q}, std::move(params), -1};
}
Op cx(int c, int t) { return Op{"cx", {c, t}, {}, -1}; }

void ccx(int a, int b, int t, std::vector<Op> &out) {
  out.insert(out.end(), {g1("h", t), cx(b, t), g1("tdg", t), cx(a, t), g1("t", t), cx(b, t),
                         g1("tdg", t), cx(a, t), g1("t", b), g1("t", t), g1("h", t), cx(a, b),
                         g1("t", a), g1("tdg", b), cx(a, b)});
}

/// Wraps an angle into (-pi, pi].
double wrap(double a) {
  a = std::remainder(a, 2 * M_PI);
  return a <= -M_PI ? a + 2 * M_PI : a;
}

bool isPassThrough(const Op &op) { return op.gate == "measure" || op.gate == "reset"; }

/// u3(theta, phi, lambda) equal to m up to a global phase.
void eulerAngles(const cplx *m, double &theta, double &phi, double &lambda) {
  const double c = std::abs(m[0]), s = std::abs(m[2]);
  theta = 2 * std::atan2(s, c);
  if (s < 1e-12) { // diagonal
    phi = 0;
    lambda = std::arg(m[3]) - std::arg(m[0]);
  } else if (c < 1e-12) { // anti-diagonal
    lambda = 0;
    phi = std::arg(m[2]) - std::arg(-m[1]);
  } else {
    phi = std::arg(m[2]) - std::arg(m[0]);
    lambda = std::arg(-m[1]) - std::arg(m[0]);
  }
}

/// Whether m equals g (2x2) up to a global phase.
bool samePhase(const cplx *m, const cplx *g) {
  cplx ratio = 0;
  for (int i = 0; i < 4; ++i)
    if (std::abs(g[i]) > 1e-9) {
      ratio = m[i] / g[i];
      break;
    }
  if (std::abs(std::abs(ratio) - 1) > 1e-9)
    return false;
  for (int i = 0; i < 4; ++i)
    if (std::abs(m[i] - ratio * g[i]) > 1e-9)
      return false;
  return true;
}

} // namespace

bool decompose(const std::vector<Op> &in, std::vector<Op> &out, std::string &error) {
  out.clear();
  for (const Op &op : in) {
    if (isPassThrough(op) || op.qubits.size() == 1) {
      gates::Kind k = gates::Kind::H;
      if (!isPassThrough(op) && !gates::lookup(op.gate, k)) {
        error = "no decomposition of the gate '" + op.gate + "'";
        return false;
      }
      out.push_back(op);
      continue;
    }
    const std::vector<int> &q = op.qubits;
    const double th = op.params.empty() ? 0 : op.params[0];
    const std::string &g = op.gate;
    if (g == "cswap" && q.size() == 3) {
      out.push_back(cx(q[2], q[1]));
      ccx(q[0], q[1], q[2], out);
      out.push_back(cx(q[2], q[1]));
    } else if (g == "ccx" && q.size() == 3) {
      ccx(q[0], q[1], q[2], out);
    } else if (q.size() != 2) {
      error = "no decomposition of the " + std::to_string(q.size()) + "-qubit gate '" + g + "'";
      return false;
    } else if (g == "cx") {
      out.push_back(op);
    } else if (g == "cz") {
      out.insert(out.end(), {g1("h", q[1]), cx(q[0], q[1]), g1("h", q[1])});
    } else if (g == "cy") {
      out.insert(out.end(), {g1("sdg", q[1]), cx(q[0], q[1]), g1("s", q[1])});
    } else if (g == "swap") {
      out.insert(out.end(), {cx(q[0], q[1]), cx(q[1], q[0]), cx(q[0], q[1])});
    } else if (g == "crz" || g == "cry") {
      const char *r = g == "crz" ? "rz" : "ry";
      out.insert(out.end(), {g1(r, q[1], {th / 2}), cx(q[0], q[1]), g1(r, q[1], {-th / 2}),
                             cx(q[0], q[1])});
    } else if (g == "crx") {
      out.insert(out.end(), {g1("h", q[1]), g1("rz", q[1], {th / 2}), cx(q[0], q[1]),
                             g1("rz", q[1], {-th / 2}), cx(q[0], q[1]), g1("h", q[1])});
    } else if (g == "rzz") {
      out.insert(out.end(), {cx(q[0], q[1]), g1("rz", q[1], {th}), cx(q[0], q[1])});
    } else if (g == "rxx") {
      out.insert(out.end(), {g1("h", q[0]), g1("h", q[1]), cx(q[0], q[1]), g1("rz", q[1], {th}),
                             cx(q[0], q[1]), g1("h", q[0]), g1("h", q[1])});
    } else {
      error = "no decomposition of the gate '" + g + "'";
      return false;
    }
  }
  return true;
}

bool toNative(const std::vector<Op> &in, const Target &t, std::vector<Op> &out,
              std::string &error) {
  out.clear();
  const bool hasCx = t.hasGate("cx"), hasCz = t.hasGate("cz");
  const bool zsx = t.hasGate("rz") && t.hasGate("sx");
  const bool zyz = t.hasGate("rz") && t.hasGate("ry");
  const bool zxz = t.hasGate("rz") && t.hasGate("rx");
  if (!hasCx && !hasCz) {
    error = "target " + t.name + ": the translation needs cx or cz in the basis";
    return false;
  }
  if (!zsx && !zyz && !zxz) {
    error = "target " + t.name + ": the translation needs rz with sx, ry or rx in the basis";
    return false;
  }
  auto oneQubit = [&](const cplx *m, int q) {
    static const cplx kX[4] = {0, 1, 1, 0};
    static const cplx kSX[4] = {{0.5, 0.5}, {0.5, -0.5}, {0.5, -0.5}, {0.5, 0.5}};
    const cplx kI[4] = {1, 0, 0, 1};
    if (samePhase(m, kI))
      return;
    if (t.hasGate("x") && samePhase(m, kX)) {
      out.push_back(g1("x", q));
      return;
    }
    if (t.hasGate("sx") && samePhase(m, kSX)) {
      out.push_back(g1("sx", q));
      return;
    }
    double th, ph, la;
    eulerAngles(m, th, ph, la);
    if (std::abs(wrap(th)) < 1e-12) {
      out.push_back(g1("rz", q, {wrap(ph + la)}));
      return;
    }
    if (zyz) { // u3 = rz(phi) ry(theta) rz(lambda), up to phase
      out.insert(out.end(), {g1("rz", q, {wrap(la)}), g1("ry", q, {th}), g1("rz", q, {wrap(ph)})});
    } else if (zsx && std::abs(th - M_PI / 2) < 1e-12) {
      // u3(pi/2, phi, lambda) = rz(phi + pi/2) sx rz(lambda - pi/2): one sx (h, for one)
      out.insert(out.end(), {g1("rz", q, {wrap(la - M_PI / 2)}), g1("sx", q),
                             g1("rz", q, {wrap(ph + M_PI / 2)})});
    } else if (zsx) { // u3 = rz(phi + pi) sx rz(theta + pi) sx rz(lambda)
      out.insert(out.end(), {g1("rz", q, {wrap(la)}), g1("sx", q), g1("rz", q, {wrap(th + M_PI)}),
                             g1("sx", q), g1("rz", q, {wrap(ph + M_PI)})});
    } else { // ry(theta) = rz(pi/2) rx(theta) rz(-pi/2)
      out.insert(out.end(), {g1("rz", q, {wrap(la - M_PI / 2)}), g1("rx", q, {th}),
                             g1("rz", q, {wrap(ph + M_PI / 2)})});
    }
  };
  const cplx kH[4] = {M_SQRT1_2, M_SQRT1_2, M_SQRT1_2, -M_SQRT1_2};
  for (const Op &op : in) {
    if (isPassThrough(op)) {
      out.push_back(op);
      continue;
    }
    if (op.qubits.size() == 2) {
      if (op.gate != "cx") {
        error = "toNative takes cx as its only two-qubit gate (decompose first), got '" +
                op.gate + "'";
        return false;
      }
      int c = op.qubits[0], x = op.qubits[1];
      if (!t.coupled(c, x)) {
        error = "cx on " + std::to_string(c) + " and " + std::to_string(x) +
                ", which target " + t.name + " does not couple (route first)";
        return false;
      }
      bool flip = false;
      if (t.directed && !t.allToAll) {
        bool forward = false;
        for (auto [a, b] : t.edges)
          forward = forward || (a == c && b == x);
        flip = !forward; // only the edge x -> c: H H cx(x, c) H H
      }
      if (hasCx) {
        if (flip) {
          oneQubit(kH, c), oneQubit(kH, x);
          out.push_back(cx(x, c));
          oneQubit(kH, c), oneQubit(kH, x);
        } else {
          out.push_back(op);
        }
      } else { // cz is symmetric: cx = H(target) cz H(target)
        oneQubit(kH, x);
        out.push_back(Op{"cz", {c, x}, {}, -1});
        oneQubit(kH, x);
      }
      continue;
    }
    gates::Kind k = gates::Kind::H;
    if (op.qubits.size() != 1 || !gates::lookup(op.gate, k)) {
      error = "toNative: unknown operation '" + op.gate + "'";
      return false;
    }
    if (t.hasGate(op.gate) && op.gate != "rz") { // already native
      out.push_back(op);
      continue;
    }
    cplx m[4];
    gates::matrix(k, op.params.data(), m);
    oneQubit(m, op.qubits[0]);
  }
  return true;
}

std::vector<Op> simplify(const std::vector<Op> &in, const Target &t) {
  std::vector<Op> ops = in;
  for (bool changed = true; changed;) {
    changed = false;
    std::vector<bool> gone(ops.size(), false);
    std::vector<long> last; // per qubit: the last kept operation's index
    auto lastOf = [&](int q) -> long & {
      if (size_t(q) >= last.size())
        last.resize(size_t(q) + 1, -1);
      return last[size_t(q)];
    };
    for (size_t i = 0; i < ops.size(); ++i) {
      Op &op = ops[i];
      if (op.gate == "rz" && std::abs(wrap(op.params[0])) < 1e-12) {
        gone[i] = changed = true;
        continue;
      }
      // The previous operation on every qubit of this one must be the same one.
      long prev = lastOf(op.qubits[0]);
      for (int q : op.qubits)
        if (lastOf(q) != prev)
          prev = -1;
      if (prev >= 0 && !isPassThrough(op)) {
        Op &p = ops[size_t(prev)];
        const bool sameQubits = p.qubits == op.qubits;
        if (sameQubits && p.gate == "rz" && op.gate == "rz") {
          p.params[0] = wrap(p.params[0] + op.params[0]);
          gone[i] = changed = true;
          continue;
        }
        const bool selfInverse = op.gate == "cx" || op.gate == "x" || op.gate == "cz";
        if (sameQubits && p.gate == op.gate && selfInverse) {
          gone[size_t(prev)] = gone[i] = changed = true;
          for (int q : op.qubits)
            lastOf(q) = -1; // conservative: nothing merges across the pair
          continue;
        }
        if (sameQubits && p.gate == "sx" && op.gate == "sx" && t.hasGate("x")) {
          p.gate = "x";
          gone[i] = changed = true;
          continue;
        }
      }
      for (int q : op.qubits)
        lastOf(q) = long(i);
    }
    std::vector<Op> kept;
    for (size_t i = 0; i < ops.size(); ++i)
      if (!gone[i])
        kept.push_back(ops[i]);
    ops.swap(kept);
  }
  return ops;
}

} // namespace targets
} // namespace masq
