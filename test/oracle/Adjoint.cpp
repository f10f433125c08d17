//===- Adjoint.cpp - Adjoint differentiation over a tape ------------------===//
//
// Backward sweep (Jones & Gacon 2020). With psi_t the state after op t and
// lambda_t = dL/d<psi_t| accumulated from every later observable:
//   observable t (weight w):  lambda += w O psi_t       (mid-circuit too)
//   gate U(a):    dL/da_p = 2 Re <lambda| dU_p psi_{t-1}>,
//                 psi_{t-1} = U^dagger psi_t, lambda_{t-1} = U^dagger lambda_t
//                 (one fused kernel sweep, see Kernels.h)
//   reset (isometry R): psi_{t-1} = R^dagger psi_t, lambda_{t-1} = R^dagger lambda_t,
//                 exact: R^dagger sums the branch contributions
//                 (P_b X^b)^dagger lambda_b.
//   encoder:      dL/dpsi_0 = lambda -> input and mask-token gradients.
// Angle gradients reach theta (and the per-sample input) through the
// linear forms.
//
//===----------------------------------------------------------------------===//
#include "Exec.h"
#include "masq/Runtime/Observables.h"
#include "masq/Runtime/Status.h"

#include <algorithm>
#include <cmath>

namespace masq {
namespace rt {

namespace {
void distribute(const LinearForm &f, double g, double *gTheta, double *gInput) {
  for (const Term &t : f.theta)
    gTheta[t.index] += t.coef * g;
  if (gInput)
    for (const Term &t : f.input)
      gInput[t.index] += t.coef * g;
}
} // namespace

void backwardSample(const Tape &tape, const Plan &plan, const double *theta,
                    const double *x, Workspace &ws, const double *cot, double *gTheta,
                    double *gInput) {
  const int n = tape.numQubits();
  cplx *psi = ws.psi.data(), *lam = ws.lam.data();
  std::fill(lam, lam + (size_t(1) << ws.nTotal), cplx(0));
  forStepsBackward(plan, psi, lam, ws.nTotal, gTheta, [&](const Step &st) {
    const TapeOp &op = *st.op;
    switch (op.kind) {
    case OpKind::Observe: {
      const double *w = cot + op.valueOffset;
      const int k = int(op.qubits.size());
      bool any = false;
      for (int j = 0; j < op.valueCount; ++j)
        any |= w[j] != 0;
      if (!any)
        break;
      switch (op.obs) {
      case ObsKind::Fidelity:
        normalisedReference(x + op.refOffset, size_t(op.refLength), n, ws.ref.data());
        addFidelityCotangent(psi, lam, n, ws.nTotal, ws.ref.data(), w[0]);
        break;
      case ObsKind::ExpvalZ:
        addZCotangent(psi, lam, ws.nTotal, qubitMask(op.qubits.data(), k), w[0]);
        break;
      case ObsKind::ProbZero:
        addProbZeroCotangent(psi, lam, ws.nTotal, qubitMask(op.qubits.data(), k), w[0]);
        break;
      case ObsKind::Probs:
        addProbabilitiesCotangent(psi, lam, ws.nTotal, op.qubits.data(), k, w);
        break;
      case ObsKind::Sample:
        break; // counts are not differentiable
      }
      break;
    }
    case OpKind::Gate: {
      if (st.np == 0) {
        apply2(plan.inv[size_t(st.aux)], psi, lam, ws.nTotal);
        break;
      }
      double acc[3] = {0, 0, 0};
      if (st.perSample) {
        double a[3] = {0, 0, 0};
        evalAngles(op, theta, x, st.shift, a);
        applyBackward(compileBackward(op.gate, op.qubits.data(), a), psi, lam, ws.nTotal,
                      acc);
      } else {
        applyBackward(plan.bwd[size_t(st.aux)], psi, lam, ws.nTotal, acc);
      }
      for (int p = 0; p < st.np; ++p)
        distribute(op.angles[size_t(p)], 2 * acc[p], gTheta, gInput);
      break;
    }
    case OpKind::Unitary:
      apply2(plan.inv[size_t(st.aux)], psi, lam, ws.nTotal);
      break;
    case OpKind::Reset:
      ws.undoReset(op, psi, lam);
      break;
    case OpKind::EncodeAmplitude:
    case OpKind::EncodeAngle:
      encoderBackward(op, ws.masked.data(), ws.slot.data(), ws.encNorm, lam, n, ws.gv,
                      gTheta, gInput);
      break;
    }
  });
}

void encoderBackward(const TapeOp &op, const double *masked, const int *slot,
                     double encNorm, const cplx *lam, int n, std::vector<double> &gv,
                     double *gTheta, double *gInput) {
  const size_t len = size_t(op.inputLength);
  gv.assign(len, 0.0);
  if (op.kind == OpKind::EncodeAmplitude)
    encodeAmplitudeGrad(masked, len, encNorm, lam, gv.data());
  else
    encodeAngleGrad(masked, op.qubits.data(), int(op.qubits.size()), op.axis, op.scale,
                    lam, n, gv.data());
  // Through the mask: visible positions -> input, hidden -> token.
  for (size_t p = 0; p < len; ++p) {
    if (slot[p] == -1) {
      if (gInput)
        gInput[op.inputOffset + p] += gv[p];
    } else if (slot[p] >= 0) {
      gTheta[op.mask.fillOffset + slot[p]] += gv[p];
    }
  }
}

void vjp(const Tape &tape, const double *theta, const double *inputs, int batch,
         const double *cot, double *values, double *gradTheta, double *gradInputs) {
  checkRunArgs(tape, theta, inputs, batch);
  const size_t P = size_t(tape.numParams()), D = size_t(tape.inputSize()),
               V = size_t(tape.numValues());
  if (batch > 0 && V > 0 && !cot)
    fail(Status::BadArgument, "null cotangent array");
  if (P > 0 && !gradTheta)
    fail(Status::BadArgument, "null gradient array");
  std::fill(gradTheta, gradTheta + P, 0.0);
  if (gradInputs)
    std::fill(gradInputs, gradInputs + size_t(batch) * D, 0.0);
  Plan &plan = threadPlan();
  compilePlan(plan, tape, theta, -1, 0, 0.0, true);
  const size_t end = size_t(plan.lastObserve + 1);
  const int T = sampleThreads(tape, batch >= 2 && pairable(tape) ? (batch + 1) / 2 : batch);
  // Per-thread theta accumulators, summed in thread order (reproducible).
  // Padded to whole cache lines: every gate of every sample adds into its
  // thread's row, so rows must not share a line.
  const size_t stride = (P + 7) / 8 * 8 + 8;
  std::vector<double> part(size_t(std::max(T, 1)) * stride, 0.0);
  std::vector<double> scratchValues;
  // Real circuits run two samples per complex state (see Paired.cpp).
  const bool paired = batch >= 2 && pairable(tape);
  const int units = paired ? (batch + 1) / 2 : batch;
  // A sample without a partner carries its lambda in its own imaginary parts.
  const bool packed = packable(tape);
  forSamples(tape, units, true, [&](int u, Workspace &ws, int t) {
    double *gT = &part[size_t(t) * stride];
    const int s = paired ? 2 * u : u;
    const double *x = inputs + s * D;
    if (paired && s + 1 < batch) {
      forwardPair(tape, plan, theta, x, x + D, ws, values ? values + s * V : nullptr,
                  values ? values + (s + 1) * V : nullptr, end);
      backwardPair(tape, plan, x, x + D, ws, cot + s * V, cot + (s + 1) * V, gT,
                   gradInputs ? gradInputs + s * D : nullptr,
                   gradInputs ? gradInputs + (s + 1) * D : nullptr);
      return;
    }
    forwardSample(tape, plan, theta, x, ws, values ? values + s * V : nullptr, 0, s, end);
    if (packed)
      backwardPacked(tape, plan, x, ws, cot + s * V, gT,
                     gradInputs ? gradInputs + s * D : nullptr);
    else
      backwardSample(tape, plan, theta, x, ws, cot + s * V, gT,
                     gradInputs ? gradInputs + s * D : nullptr);
  });
  for (int t = 0; t < std::max(T, 1); ++t)
    for (size_t j = 0; j < P; ++j)
      gradTheta[j] += part[size_t(t) * stride + j];
  // Values after the last observable are never written by the gradient pass:
  // only observables produce values, so there are none.
}

double gradient(const Tape &tape, const double *theta, const double *inputs, int batch,
                const Loss &loss, double *values, double *losses, double *gradTheta,
                double *gradInputs) {
  const size_t V = size_t(tape.numValues());
  if (loss.weights.size() != V)
    fail(Status::BadArgument, "loss needs one weight per observable value");
  std::vector<double> cot(size_t(batch) * V), vals;
  for (int s = 0; s < batch; ++s)
    std::copy(loss.weights.begin(), loss.weights.end(), cot.begin() + s * V);
  if (!values) {
    vals.resize(size_t(batch) * V);
    values = vals.data();
  }
  vjp(tape, theta, inputs, batch, cot.data(), values, gradTheta, gradInputs);
  double total = 0;
  for (int s = 0; s < batch; ++s) {
    double l = loss.constant;
    for (size_t i = 0; i < V; ++i)
      l += loss.weights[i] * values[s * V + i];
    if (losses)
      losses[s] = l;
    total += l;
  }
  return total;
}

} // namespace rt
} // namespace masq
