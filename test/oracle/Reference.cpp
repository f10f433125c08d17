//===- Reference.cpp - Parameter-shift and finite-difference gradients ----===//
//
// Slow, independent checks of the adjoint sweep over the same tape: they only
// use the forward pass. Both differentiate F = sum_{s,i} cot[s,i] v[s,i].
//
//===----------------------------------------------------------------------===//
#include "Exec.h"
#include "masq/Runtime/Status.h"

#include <algorithm>
#include <cmath>

namespace masq {
namespace rt {

namespace {
// Per-sample F_s for a compiled plan (optionally with perturbed inputs).
void evaluate(const Tape &tape, const Plan &plan, const double *theta,
              const double *inputs, int batch, const double *cot, double *perSample) {
  const size_t D = size_t(tape.inputSize()), V = size_t(tape.numValues());
  forSamples(tape, batch, false, [&](int s, Workspace &ws, int) {
    std::vector<double> v(V);
    forwardSample(tape, plan, theta, inputs + s * D, ws, v.data(), 0, s, plan.steps.size());
    double f = 0;
    for (size_t i = 0; i < V; ++i)
      f += cot[s * V + i] * v[i];
    perSample[s] = f;
  });
}
double sum(const std::vector<double> &v) {
  double s = 0;
  for (double x : v)
    s += x;
  return s;
}
} // namespace

void parameterShift(const Tape &tape, const double *theta, const double *inputs,
                    int batch, const double *cot, double *gradTheta, double *gradInputs) {
  checkRunArgs(tape, theta, inputs, batch);
  const size_t P = size_t(tape.numParams()), D = size_t(tape.inputSize());
  std::fill(gradTheta, gradTheta + P, 0.0);
  if (gradInputs)
    std::fill(gradInputs, gradInputs + size_t(batch) * D, 0.0);
  std::vector<double> f(static_cast<size_t>(batch));
  const auto &ops = tape.ops();
  for (size_t i = 0; i < ops.size(); ++i) {
    const TapeOp &op = ops[i];
    if (op.kind != OpKind::Gate || op.angles.empty())
      continue;
    double c[4], sh[4];
    const int terms = gates::shiftRule(op.gate, c, sh); // u3: per angle
    for (size_t p = 0; p < op.angles.size(); ++p) {
      std::vector<double> dA(size_t(batch), 0.0); // dF_s / d angle
      for (int j = 0; j < terms; ++j) {
        const Plan plan = compilePlan(tape, theta, int(i), int(p), sh[j]);
        evaluate(tape, plan, theta, inputs, batch, cot, f.data());
        for (int s = 0; s < batch; ++s)
          dA[size_t(s)] += c[j] * f[size_t(s)];
      }
      const LinearForm &lf = op.angles[p];
      const double total = sum(dA);
      for (const Term &t : lf.theta)
        gradTheta[t.index] += t.coef * total;
      if (gradInputs)
        for (const Term &t : lf.input)
          for (int s = 0; s < batch; ++s)
            gradInputs[size_t(s) * D + t.index] += t.coef * dA[size_t(s)];
    }
  }
}

void finiteDifference(const Tape &tape, const double *theta, const double *inputs,
                      int batch, const double *cot, double h, double *gradTheta,
                      double *gradInputs) {
  checkRunArgs(tape, theta, inputs, batch);
  if (!(h > 0))
    fail(Status::BadArgument, "finite-difference step must be positive");
  const size_t P = size_t(tape.numParams()), D = size_t(tape.inputSize());
  std::vector<double> th(theta, theta + P), in(inputs, inputs + size_t(batch) * D);
  std::vector<double> fp(static_cast<size_t>(batch)), fm(static_cast<size_t>(batch));
  for (size_t j = 0; j < P; ++j) {
    th[j] = theta[j] + h;
    evaluate(tape, compilePlan(tape, th.data()), th.data(), in.data(), batch, cot, fp.data());
    th[j] = theta[j] - h;
    evaluate(tape, compilePlan(tape, th.data()), th.data(), in.data(), batch, cot, fm.data());
    th[j] = theta[j];
    gradTheta[j] = (sum(fp) - sum(fm)) / (2 * h);
  }
  if (!gradInputs)
    return;
  const Plan plan = compilePlan(tape, theta);
  for (size_t j = 0; j < size_t(batch) * D; ++j) {
    const size_t s = j / D;
    in[j] = inputs[j] + h;
    evaluate(tape, plan, theta, in.data(), batch, cot, fp.data());
    in[j] = inputs[j] - h;
    evaluate(tape, plan, theta, in.data(), batch, cot, fm.data());
    in[j] = inputs[j];
    gradInputs[j] = (fp[s] - fm[s]) / (2 * h);
  }
}

} // namespace rt
} // namespace masq
