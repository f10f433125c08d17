//===- RunOutput.cpp - masq run / grad: checks, shots, reports ------------===//
#include "RunOutput.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <functional>
#include <cmath>
#include <cstdio>
#include <random>

namespace masq {

double RunResult::meanLoss() const {
  double sum = 0;
  for (int64_t s = 0; s < batch; ++s)
    sum += values[size_t(s * info->numValues)];
  return sum / double(batch);
}

bool checkGradient(const CompiledModel &m, const std::vector<double> &theta,
                   const std::vector<double> &inputs, const RunResult &r, std::string &error) {
  const bool single = m.info.stateDoubles == 1;
  // A complex64 state rounds each evaluation of the loss to about 1e-8
  // (measured 5e-9 on the QMAE example): a wider step keeps that error's
  // share of the difference (1e-8 / h) below the tolerance, while the
  // step's own error (h^2 / 6 times the third derivative) stays near 1e-6.
  const double h = single ? 2e-3 : 1e-5, tol = single ? 2e-5 : 1e-6;
  double worst = 0, scale = 0;
  std::vector<double> tp = theta;
  RunResult plus = r, minus = r;
  for (int64_t i = 0; i < r.info->numParams; ++i) {
    tp[i] = theta[i] + h;
    bool a = forwardBatch(m, tp.data(), inputs.data(), r.batch, plus.values.data(), 1, error);
    tp[i] = theta[i] - h;
    bool b = forwardBatch(m, tp.data(), inputs.data(), r.batch, minus.values.data(), 1, error);
    tp[i] = theta[i];
    if (!a || !b)
      return false;
    double fd = (plus.meanLoss() - minus.meanLoss()) / (2 * h);
    worst = std::max(worst, std::fabs(fd - r.grad[i]));
    scale = std::max(scale, std::fabs(fd));
  }
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "gradient check: %lld parameters, max |adjoint - central difference| = "
                "%.3g (largest derivative %.3g)\n",
                (long long)r.info->numParams, worst, scale);
  llvm::errs() << buf;
  if (worst > tol * std::max(1.0, scale)) {
    error = "the compiled gradient disagrees with central differences";
    return false;
  }
  return true;
}

bool sampleShots(const CompiledModel &m, const std::vector<double> &theta,
                 const std::vector<double> &inputs, const RunResult &r,
                 const ShotOptions &device, ShotReport &out, std::string &error) {
  const long long shots = device.shots;
  // The compiled model evaluated again with every observable estimated from
  // `shots` measurements (masq/Runtime/Shots.h).
  const ModelInfo &info = *r.info;
  std::vector<double> values(r.values.size());
  if (!forwardBatch(m, theta.data(), inputs.data(), r.batch, values.data(), 0, error, device))
    return false;
  const double N = double(shots);
  for (const Slot &s : info.outputs) {
    if (s.observable.empty())
      continue;
    // fidelity (a SWAP test) and expval are +-1 outcomes: twice the error of
    // their probability (1 + v) / 2.
    const bool signedObs = s.observable == "fidelity" || s.observable == "expval";
    ShotEstimate e{&s, {}, {}};
    for (int64_t b = 0; b < r.batch; ++b)
      for (int64_t i = 0; i < s.size; ++i) {
        const double v = values[size_t(b * info.numValues + s.offset + i)];
        const double p = signedObs ? (1 + v) / 2 : v, se = std::sqrt(p * (1 - p) / N);
        e.value.push_back(v);
        e.error.push_back(signedObs ? 2 * se : se);
      }
    out.outputs.push_back(std::move(e));
  }
  if (info.hasLoss)
    for (int64_t b = 0; b < r.batch; ++b)
      out.losses.push_back(values[size_t(b * info.numValues)]);
  if (out.outputs.empty()) {
    error = "--shots: no output of this model is an observable (fidelity, expval, "
            "prob or probabilities) to sample";
    return false;
  }
  return true;
}

void printNumber(llvm::raw_ostream &os, double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  os << buf;
}

void printFlat(llvm::raw_ostream &os, const double *v, int64_t n, bool bracket) {
  if (bracket)
    os << "[";
  for (int64_t i = 0; i < n; ++i) {
    if (i)
      os << ", ";
    printNumber(os, v[i]);
  }
  if (bracket)
    os << "]";
}

namespace {
/// One value slot of every sample: for one sample as it is (in brackets
/// when `bracket`), else an array with one entry per sample: a number for a
/// scalar slot (the loss), an array for a vector.
void printOutput(llvm::raw_ostream &os, const RunResult &r, const Slot &s, bool bracket) {
  const bool several = r.batch > 1;
  if (several)
    os << "[";
  for (int64_t b = 0; b < r.batch; ++b) {
    os << (b ? ", " : "");
    printFlat(os, r.values.data() + b * r.info->numValues + s.offset, s.size,
              several ? !s.shape.empty() : bracket);
  }
  if (several)
    os << "]";
}

const Slot kLossSlot{"loss", {}, 0, 1, {}};
} // namespace

double ShotReport::meanLoss() const {
  double sum = 0;
  for (double l : losses)
    sum += l;
  return sum / double(losses.size());
}

void printRunJson(llvm::raw_ostream &os, const RunResult &r, const ShotReport &report,
                  long long numShots) {
  const std::vector<ShotEstimate> &shots = report.outputs;
  const ModelInfo &info = *r.info;
  const bool several = r.batch > 1;
  os << "{";
  if (several)
    os << "\"samples\": " << r.batch << ", ";
  os << "\"loss\": ";
  if (info.hasLoss)
    printNumber(os, r.meanLoss());
  else
    os << "null";
  if (several && info.hasLoss) {
    os << ", \"losses\": ";
    printOutput(os, r, kLossSlot, false);
  }
  os << ", \"outputs\": {";
  for (size_t i = 0; i < info.outputs.size(); ++i) {
    const Slot &s = info.outputs[i];
    os << (i ? ", " : "") << "\"" << s.name << "\": ";
    printOutput(os, r, s, true);
  }
  os << "}";
  if (r.gradient) {
    os << ", \"grad\": {";
    for (size_t i = 0; i < info.params.size(); ++i) {
      const ParamSlot &p = info.params[i];
      os << (i ? ", " : "") << "\"" << p.name << "\": ";
      printFlat(os, r.grad.data() + p.offset, p.size, true);
    }
    os << "}";
  }
  if (!shots.empty()) {
    os << ", \"shots\": {\"n\": " << numShots;
    if (!report.losses.empty()) {
      os << ", \"loss\": ";
      printNumber(os, report.meanLoss());
      if (several) {
        os << ", \"losses\": ";
        printFlat(os, report.losses.data(), int64_t(report.losses.size()), true);
      }
    }
    os << ", \"estimates\": {";
    for (size_t i = 0; i < shots.size(); ++i) {
      const ShotEstimate &e = shots[i];
      os << (i ? ", " : "") << "\"" << e.slot->name << "\": {\"value\": ";
      printFlat(os, e.value.data(), int64_t(e.value.size()), true);
      os << ", \"stderr\": ";
      printFlat(os, e.error.data(), int64_t(e.error.size()), true);
      os << "}";
    }
    os << "}}";
  }
  os << "}\n";
}

void printRunText(llvm::raw_ostream &os, const RunResult &r, const ShotReport &report,
                  long long numShots) {
  const std::vector<ShotEstimate> &shots = report.outputs;
  const ModelInfo &info = *r.info;
  const bool several = r.batch > 1;
  if (info.hasLoss) {
    os << (several ? "mean loss = " : "loss = ");
    printNumber(os, r.meanLoss());
    os << "\n";
    if (several) {
      os << "losses = ";
      printOutput(os, r, kLossSlot, false);
      os << "\n";
    }
  }
  for (const Slot &s : info.outputs) {
    os << s.name << " = ";
    printOutput(os, r, s, !s.shape.empty());
    os << "\n";
  }
  if (!report.losses.empty()) {
    os << (several ? "mean loss ~ " : "loss ~ ");
    printNumber(os, report.meanLoss());
    os << " (" << numShots << " shots, from the estimated observables)\n";
  }
  for (const ShotEstimate &e : shots) {
    const bool vec = e.value.size() > 1;
    os << e.slot->name << " ~ ";
    printFlat(os, e.value.data(), int64_t(e.value.size()), vec);
    os << " +- ";
    printFlat(os, e.error.data(), int64_t(e.error.size()), vec);
    os << " (" << numShots << " shots, " << e.slot->observable << ")\n";
  }
  if (r.gradient)
    for (const ParamSlot &p : info.params) {
      os << (several ? "d mean loss / d " : "d loss / d ") << p.name << " = ";
      printFlat(os, r.grad.data() + p.offset, p.size, !p.shape.empty());
      os << "\n";
    }
}

} // namespace masq
