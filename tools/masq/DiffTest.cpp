//===- DiffTest.cpp - masq difftest: the differential tester's driver -----===//
//
// Reads a list of generated models (test/Compile/fuzz_model.py writes them;
// one line each: PATH <tab> SEED <tab> v1,v2,... for the model's one input)
// and checks every model in one process, so thousands fit in a CI run:
//   (a) the compiled adjoint gradient (-O and -O0) against fourth-order
//       central differences of the -O0 forward pass;
//   (b) -O against -O0: loss, outputs and gradient;
//   (c) a batch of two samples at -O (two samples per state where
//       masq-pair-samples applies) against one sample at a time at -O0;
//   (d) the vector-Jacobian product (-O, masq_model_vjp) with random
//       upstream gradients on every value: its values equal the forward's,
//       d/dtheta and d/dinput equal central differences of the weighted
//       values at -O0 (coordinates where two step sizes disagree, a kink
//       of abs or %, are skipped);
//   (e) with --precision single: the -O model on complex64 states against
//       the -O model in double, one sample and a batch of two: values and
//       gradient within kSingleBound (relative to max(1, |value|)).
// A model the compiler refuses counts as a failure: the generator writes
// only models the language promises to compute.
//
//===----------------------------------------------------------------------===//
#include "Driver.h"
#include "Jit.h"

#include "masq/Model/Model.h"
#include "masq/Core/BoundedRead.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <random>
#include <sstream>

namespace masq {
namespace {

struct Evaluation {
  std::vector<double> values, grad;
};

/// Loss, outputs and gradient of one sample; false on a runtime error or
/// when the two functions' losses differ by more than tol (relative).
bool evaluate(const CompiledModel &m, const std::vector<double> &theta,
              const std::vector<double> &inputs, Evaluation &e, std::string &error,
              double tol = 1e-9) {
  const ModelInfo &info = m.info;
  e.values.assign(info.numValues, 0.0);
  e.grad.assign(info.numParams, 0.0);
  if (!gradientBatch(m, theta.data(), inputs.data(), 1, e.values.data(), e.grad.data(), 1,
                     error))
    return false;
  double loss = e.values[0];
  if (!forwardBatch(m, theta.data(), inputs.data(), 1, e.values.data(), 1, error))
    return false;
  // The gradient function computes the loss too: it must match the forward.
  if (std::fabs(loss - e.values[0]) > tol * std::max(1.0, std::fabs(loss))) {
    error = "the gradient function's loss " + std::to_string(loss) +
            " differs from the forward pass's " + std::to_string(e.values[0]);
    return false;
  }
  return true;
}

double lossAt(const CompiledModel &m, const std::vector<double> &theta,
              const std::vector<double> &inputs, std::vector<double> &scratchValues,
              std::string &error, bool &ok) {
  ok = ok && forwardBatch(m, theta.data(), inputs.data(), 1, scratchValues.data(), 1, error);
  return scratchValues[0];
}

/// Largest |a - b| relative to max(1, |a|, |b|) over two vectors.
double relDiff(const std::vector<double> &a, const std::vector<double> &b) {
  double worst = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    double d = std::fabs(a[i] - b[i]);
    if (std::isnan(a[i]) != std::isnan(b[i]))
      return INFINITY;
    if (!std::isnan(d))
      worst = std::max(worst, d / std::max({1.0, std::fabs(a[i]), std::fabs(b[i])}));
  }
  return a.size() == b.size() ? worst : INFINITY;
}

/// Fourth-order central difference of f along coordinate i of v, or NaN
/// where steps h and h/2 disagree (a kink).
template <class F> double centralDiff(std::vector<double> &v, size_t i, F &&f) {
  auto at = [&](double h) {
    const double v0 = v[i];
    double y[4];
    const double steps[4] = {-2, -1, 1, 2};
    for (int k = 0; k < 4; ++k) {
      v[i] = v0 + steps[k] * h;
      y[k] = f();
    }
    v[i] = v0;
    return (y[0] - 8 * y[1] + 8 * y[2] - y[3]) / (12 * h);
  };
  const double a = at(1e-4), b = at(5e-5);
  return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(a)) ? a : NAN;
}

/// (d): the vector-Jacobian product of `mv` against central differences of
/// m0's weighted values. Empty on success.
std::string checkVjp(const CompiledModel &mv, const CompiledModel &m0,
                     std::vector<double> theta, std::vector<double> inputs,
                     const std::vector<double> &values0, std::mt19937_64 &rng,
                     double &worst) {
  const ModelInfo &info = m0.info;
  if (!mv.vjp)
    return "no compiled vector-Jacobian product";
  std::normal_distribution<double> normal;
  std::vector<double> g(info.numValues), values(info.numValues), gtheta(info.numParams),
      ginputs(info.inputSize);
  for (double &v : g)
    v = normal(rng);
  std::string error;
  if (!vjpBatch(mv, theta.data(), inputs.data(), 1, values.data(), g.data(), gtheta.data(),
                ginputs.data(), 1, error))
    return "vector-Jacobian product failed: " + error;
  double dv = relDiff(values, values0);
  if (dv > 1e-9) {
    std::ostringstream s;
    s << "the vector-Jacobian product's values differ from the forward pass by " << dv;
    return s.str();
  }
  bool ok = true;
  std::vector<double> scratch(info.numValues);
  auto weighted = [&] {
    ok = ok && forwardBatch(m0, theta.data(), inputs.data(), 1, scratch.data(), 1, error);
    double w = 0;
    for (int64_t k = 0; k < info.numValues; ++k)
      w += g[k] * scratch[k];
    return w;
  };
  auto compare = [&](double got, double fd, const std::string &what) -> std::string {
    if (!ok)
      return "evaluation failed: " + error;
    if (std::isnan(fd))
      return "";
    double err = std::fabs(fd - got);
    worst = std::max(worst, err / std::max(1.0, std::fabs(fd)));
    if (err <= 1e-6 * std::max(1.0, std::fabs(fd)))
      return "";
    std::ostringstream s;
    s << "vector-Jacobian product, d/d" << what << ": " << got << ", central differences "
      << fd;
    return s.str();
  };
  for (int64_t i = 0; i < info.numParams; ++i)
    if (std::string why = compare(gtheta[i], centralDiff(theta, size_t(i), weighted),
                                  "theta[" + std::to_string(i) + "]");
        !why.empty())
      return why;
  for (const Slot &in : info.inputs)
    for (int64_t i = in.offset; i < in.offset + in.size; ++i)
      if (std::string why = compare(ginputs[i], centralDiff(inputs, size_t(i), weighted),
                                    in.name + "[" + std::to_string(i - in.offset) + "]");
          !why.empty())
        return why;
  return "";
}

/// One model: empty on success, else what failed.
/// (e): complex64 states round every amplitude to 2^-24 relative after
/// each gate; models of a few hundred gates stay within 1e-5.
constexpr double kSingleBound = 1e-5;

std::string checkSingle(const DriverOptions &base, const std::vector<double> &theta,
                        const std::vector<double> &inputs, const std::vector<double> &second,
                        const CompiledModel &mo, const Evaluation &eo, double &worst) {
  DriverOptions o = base;
  o.optLevel = 1;
  o.precision = "single";
  auto single = compileModel(o);
  if (!single)
    return "the compiler refused the model with --precision single";
  std::string error;
  Evaluation ef;
  if (!evaluate(single->model, theta, inputs, ef, error, kSingleBound))
    return "evaluation failed (single): " + error;
  double dv = relDiff(ef.values, eo.values), dg = relDiff(ef.grad, eo.grad);
  // A batch of two (two samples per state where masq-pair-samples applies).
  const ModelInfo &info = mo.info;
  std::vector<double> both(inputs);
  both.insert(both.end(), second.begin(), second.end());
  std::vector<double> vs(2 * info.numValues), gs(info.numParams), vd(vs), gd(gs);
  if (!gradientBatch(single->model, theta.data(), both.data(), 2, vs.data(), gs.data(), 1,
                     error) ||
      !gradientBatch(mo, theta.data(), both.data(), 2, vd.data(), gd.data(), 1, error))
    return "evaluation failed: " + error;
  dv = std::max(dv, relDiff(vs, vd));
  dg = std::max(dg, relDiff(gs, gd));
  worst = std::max({worst, dv, dg});
  if (dv > kSingleBound || dg > kSingleBound) {
    std::ostringstream s;
    s << "--precision single differs from double: values by " << dv << ", gradient by "
      << dg;
    return s.str();
  }
  return "";
}

std::string checkOne(const DriverOptions &base, const std::string &path, uint64_t seed,
                     const std::vector<double> &x, double &worstAdjoint, double &worstOpt,
                     double &worstVjp, double &worstSingle) {
  DriverOptions o = base;
  o.precision = "double";
  o.file = path;
  o.noCache = true;
  o.optLevel = 1;
  o.vjp = true; // (d)
  auto opt = compileModel(o);
  o.vjp = false;
  o.optLevel = 0;
  auto plain = compileModel(o);
  if (!opt || !plain)
    return "the compiler refused the model (diagnostics above)";
  const CompiledModel &mo = opt->model, &m0 = plain->model;
  const ModelInfo &info = m0.info;
  if (!info.hasLoss || !mo.gradient || !m0.gradient)
    return "no compiled gradient";
  if (info.inputs.size() != 1 || info.inputs[0].size != int64_t(x.size()))
    return "the model's input does not match the list";
  std::vector<double> theta = initialParams(info, seed);
  std::vector<double> inputs(info.inputSize, 0.0);
  std::copy(x.begin(), x.end(), inputs.begin() + info.inputs[0].offset);
  std::mt19937_64 rng(seed ^ 0x6d61737100000000ull);
  drawMasks(info, rng, inputs.data());

  std::string error;
  Evaluation eo, e0;
  if (!evaluate(mo, theta, inputs, eo, error) || !evaluate(m0, theta, inputs, e0, error))
    return "evaluation failed: " + error;
  for (double v : e0.values)
    if (!std::isfinite(v))
      return "a value is not finite (the generator should avoid this)";

  // (b) -O = -O0.
  double dv = relDiff(eo.values, e0.values), dg = relDiff(eo.grad, e0.grad);
  worstOpt = std::max({worstOpt, dv, dg});
  if (dv > 1e-9 || dg > 1e-9) {
    std::ostringstream s;
    s << "-O and -O0 differ: values by " << dv << ", gradient by " << dg;
    return s.str();
  }

  std::vector<double> second;
  // (c) Two samples in one batch (the paired code of masq-pair-samples runs
  // them as one state): the values of each and the summed gradient equal
  // the -O0 evaluations one sample at a time.
  {
    second.assign(size_t(info.inputSize), 0.0);
    for (size_t i = 0; i < x.size(); ++i)
      second[info.inputs[0].offset + i] = 1.05 - x[x.size() - 1 - i];
    drawMasks(info, rng, second.data());
    Evaluation e1;
    if (!evaluate(m0, theta, second, e1, error))
      return "evaluation failed: " + error;
    std::vector<double> both(inputs);
    both.insert(both.end(), second.begin(), second.end());
    std::vector<double> values(2 * info.numValues), grad(info.numParams), sum(info.numParams);
    if (!gradientBatch(mo, theta.data(), both.data(), 2, values.data(), grad.data(), 1, error))
      return "evaluation failed: " + error;
    for (int64_t i = 0; i < info.numParams; ++i)
      sum[i] = e0.grad[i] + e1.grad[i];
    std::vector<double> losses{values[0], values[info.numValues]};
    std::vector<double> expected{e0.values[0], e1.values[0]};
    double dl = relDiff(losses, expected), dsum = relDiff(grad, sum);
    worstOpt = std::max({worstOpt, dl, dsum});
    if (dl > 1e-9 || dsum > 1e-9) {
      std::ostringstream s;
      s << "a batch of two samples (-O) differs from one at a time (-O0): losses by " << dl
        << ", summed gradient by " << dsum;
      return s.str();
    }
  }

  // (a) adjoint = central differences (fourth order, h = 1e-4).
  const double h = 1e-4;
  std::vector<double> tp = theta, scratch(info.numValues);
  bool ok = true;
  for (int64_t i = 0; i < info.numParams; ++i) {
    double f[4];
    const double steps[4] = {-2, -1, 1, 2};
    for (int k = 0; k < 4; ++k) {
      tp[i] = theta[i] + steps[k] * h;
      f[k] = lossAt(m0, tp, inputs, scratch, error, ok);
    }
    tp[i] = theta[i];
    if (!ok)
      return "evaluation failed: " + error;
    double fd = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
    double tol = 1e-6 * std::max({1.0, std::fabs(fd), std::fabs(e0.values[0])});
    double err = std::fabs(fd - e0.grad[i]);
    worstAdjoint = std::max(worstAdjoint, err / std::max({1.0, std::fabs(fd)}));
    if (!(err <= tol)) {
      const ParamSlot *slot = nullptr;
      for (const ParamSlot &p : info.params)
        if (i >= p.offset && i < p.offset + p.size)
          slot = &p;
      std::ostringstream s;
      s << "d loss / d " << (slot ? slot->name : "?") << "[" << (slot ? i - slot->offset : i)
        << "]: adjoint " << e0.grad[i] << ", central differences " << fd;
      return s.str();
    }
  }
  if (base.precision == "single") {
    DriverOptions os = o;
    if (std::string why = checkSingle(os, theta, inputs, second, mo, eo, worstSingle);
        !why.empty())
      return why;
  }
  return checkVjp(mo, m0, theta, inputs, e0.values, rng, worstVjp);
}

} // namespace

int runDiffTest(const DriverOptions &opts, const std::string &list) {
  std::string text, error;
  if (!readFileBounded(list, uint64_t(64) << 20, text, error)) {
    llvm::errs() << "masq: error: cannot read '" << list << "': " << error << "\n";
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  std::istringstream in(text);
  std::string line;
  int models = 0, failures = 0, lineNo = 0;
  double worstAdjoint = 0, worstOpt = 0, worstVjp = 0, worstSingle = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (line.empty())
      continue;
    std::istringstream fields(line);
    std::string path, seedText, xs;
    if (!std::getline(fields, path, '\t') || !std::getline(fields, seedText, '\t') ||
        !std::getline(fields, xs)) {
      llvm::errs() << "masq: error: " << list << ":" << lineNo
                   << ": expected PATH<tab>SEED<tab>v1,v2,...\n";
      return 1;
    }
    std::vector<double> x;
    std::istringstream values(xs);
    for (std::string v; std::getline(values, v, ',');)
      x.push_back(std::strtod(v.c_str(), nullptr));
    ++models;
    std::string why = checkOne(opts, path, std::strtoull(seedText.c_str(), nullptr, 10), x,
                               worstAdjoint, worstOpt, worstVjp, worstSingle);
    if (!why.empty()) {
      ++failures;
      llvm::outs() << "FAIL " << path << " (seed " << seedText << "): " << why << "\n";
    }
  }
  double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  llvm::outs() << llvm::format(
      "%d/%d models: adjoint = central differences (largest relative difference %.2g), "
      "-O = -O0 (%.2g), vector-Jacobian product = central differences (%.2g); %.1f s\n",
      models - failures, models, worstAdjoint, worstOpt, worstVjp, sec);
  if (opts.precision == "single")
    llvm::outs() << llvm::format("--precision single = double within %.0e (largest relative "
                                 "difference %.2g)\n",
                                 kSingleBound, worstSingle);
  return failures ? 1 : 0;
}

} // namespace masq
