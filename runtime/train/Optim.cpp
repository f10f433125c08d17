//===- Optim.cpp - First-order optimizers ---------------------------------===//

#include "masq/Train/Optim.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace masq {
namespace train {

using nlohmann::json;

Optimizer::~Optimizer() = default;

void Optimizer::checkSize(size_t n, const std::vector<double> &moment) const {
  if (t_ > 0 && moment.size() != n)
    throw std::invalid_argument(kind() + ": step over " + std::to_string(n) +
                                " parameters, but the optimizer state has " +
                                std::to_string(moment.size()));
}

namespace {

[[noreturn]] void bad(const std::string &kind, const std::string &msg) {
  throw std::runtime_error(kind + " optimizer state: " + msg);
}

// Doubles are stored as JSON numbers: nlohmann-json prints the shortest text
// that parses back to the same double, so the round trip is exact. Non-finite
// values (never produced by finite gradients) would not survive and are
// rejected on load as malformed.
std::vector<double> vec(const json &s, const char *key, const std::string &kind) {
  auto it = s.find(key);
  if (it == s.end() || !it->is_array())
    bad(kind, std::string("missing array '") + key + "'");
  std::vector<double> v;
  v.reserve(it->size());
  for (const json &x : *it) {
    if (!x.is_number())
      bad(kind, std::string("non-numeric entry in '") + key + "'");
    v.push_back(x.get<double>());
  }
  return v;
}

double num(const json &s, const char *key, const std::string &kind) {
  auto it = s.find(key);
  if (it == s.end() || !it->is_number())
    bad(kind, std::string("missing number '") + key + "'");
  return it->get<double>();
}

uint64_t count(const json &s, const char *key, const std::string &kind) {
  auto it = s.find(key);
  if (it == s.end() || !it->is_number_unsigned())
    bad(kind, std::string("missing non-negative integer '") + key + "'");
  return it->get<uint64_t>();
}

void checkKind(const json &s, const std::string &kind) {
  if (!s.is_object())
    bad(kind, "not a JSON object");
  auto it = s.find("kind");
  if (it == s.end() || !it->is_string())
    bad(kind, "missing 'kind'");
  if (it->get<std::string>() != kind)
    bad(kind, "state is for optimizer '" + it->get<std::string>() + "'");
}

} // namespace

// ---- Adam -----------------------------------------------------------------

Adam::Adam(double lr, double b1, double b2, double e)
    : Optimizer(lr), beta1(b1), beta2(b2), eps(e) {}

void Adam::step(double *p, const double *g, size_t n) {
  checkSize(n, m_);
  if (t_ == 0) {
    m_.assign(n, 0.0);
    v_.assign(n, 0.0);
  }
  ++t_;
  const double c1 = 1.0 - std::pow(beta1, double(t_));
  const double c2 = 1.0 - std::pow(beta2, double(t_));
  for (size_t i = 0; i < n; ++i) {
    m_[i] = beta1 * m_[i] + (1.0 - beta1) * g[i];
    v_[i] = beta2 * v_[i] + (1.0 - beta2) * g[i] * g[i];
    double mh = m_[i] / c1, vh = v_[i] / c2;
    p[i] -= lr_ * mh / (std::sqrt(vh) + eps);
  }
}

json Adam::state() const {
  return json{{"kind", "adam"}, {"lr", lr_},     {"beta1", beta1},
              {"beta2", beta2}, {"eps", eps},    {"step", t_},
              {"m", m_},        {"v", v_}};
}

void Adam::loadState(const json &s) {
  checkKind(s, "adam");
  double lr = num(s, "lr", "adam"), b1 = num(s, "beta1", "adam"),
         b2 = num(s, "beta2", "adam"), e = num(s, "eps", "adam");
  uint64_t t = count(s, "step", "adam");
  std::vector<double> m = vec(s, "m", "adam"), v = vec(s, "v", "adam");
  if (m.size() != v.size())
    bad("adam", "'m' has " + std::to_string(m.size()) + " entries but 'v' has " +
                    std::to_string(v.size()));
  if (t == 0 && !m.empty())
    bad("adam", "moments without a step");
  lr_ = lr;
  beta1 = b1;
  beta2 = b2;
  eps = e;
  t_ = t;
  m_ = std::move(m);
  v_ = std::move(v);
}

// ---- SGD ------------------------------------------------------------------

SGD::SGD(double lr, double mu) : Optimizer(lr), momentum(mu) {}

void SGD::step(double *p, const double *g, size_t n) {
  checkSize(n, v_);
  if (t_ == 0)
    v_.assign(n, 0.0);
  ++t_;
  if (momentum == 0.0) {
    for (size_t i = 0; i < n; ++i)
      p[i] -= lr_ * g[i];
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    v_[i] = momentum * v_[i] + g[i];
    p[i] -= lr_ * v_[i];
  }
}

json SGD::state() const {
  return json{{"kind", "sgd"}, {"lr", lr_}, {"momentum", momentum},
              {"step", t_},    {"velocity", v_}};
}

void SGD::loadState(const json &s) {
  checkKind(s, "sgd");
  double lr = num(s, "lr", "sgd"), mu = num(s, "momentum", "sgd");
  uint64_t t = count(s, "step", "sgd");
  std::vector<double> v = vec(s, "velocity", "sgd");
  if (t == 0 && !v.empty())
    bad("sgd", "velocity without a step");
  lr_ = lr;
  momentum = mu;
  t_ = t;
  v_ = std::move(v);
}

std::unique_ptr<Optimizer> makeOptimizer(const std::string &kind, double lr) {
  if (kind == "adam")
    return std::make_unique<Adam>(lr);
  if (kind == "sgd")
    return std::make_unique<SGD>(lr);
  throw std::runtime_error("unknown optimizer '" + kind +
                           "': expected 'adam' or 'sgd'");
}

double scheduledLr(const LrSchedule &s, double lr, int epoch, int epochs) {
  if (s.kind == "step")
    return lr * std::pow(s.gamma, double(epoch / std::max(1, s.stepSize)));
  if (s.kind == "cosine")
    return s.minLr + (lr - s.minLr) * (1 + std::cos(M_PI * double(epoch) / double(std::max(1, epochs)))) / 2;
  if (s.kind != "constant")
    throw std::runtime_error("unknown learning-rate schedule '" + s.kind +
                             "' (constant, step or cosine)");
  return lr;
}

double clipGradNorm(double *g, size_t n, double maxNorm) {
  double sq = 0;
  for (size_t k = 0; k < n; ++k)
    sq += g[k] * g[k];
  const double norm = std::sqrt(sq);
  if (maxNorm > 0 && norm > maxNorm) {
    const double f = maxNorm / norm;
    for (size_t k = 0; k < n; ++k)
      g[k] *= f;
  }
  return norm;
}

} // namespace train
} // namespace masq
