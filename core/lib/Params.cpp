//===- Params.cpp - parameters and mask patterns of a model ---------------===//
//
// What the compiler (masq compile --emit=qasm*) and the runtime (run, train,
// standalone trainers) both draw from a ModelInfo: initial parameters,
// parameter files and per-sample mask patterns. Built with exceptions
// (nlohmann-json); none escape.
//
//===----------------------------------------------------------------------===//
#include "masq/Core/Params.h"
#include "masq/Core/BoundedRead.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

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

} // namespace masq
