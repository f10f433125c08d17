//===- Exec.h - Tape execution internals (shared by run/adjoint/reference) ===//
#ifndef MASQ_RUNTIME_LIB_EXEC_H
#define MASQ_RUNTIME_LIB_EXEC_H

#include "masq/Runtime/State.h"
#include "masq/Runtime/Tape.h"

#include <exception>
#include <mutex>
#include <vector>

namespace masq {
namespace rt {

/// A gate op with its kernels precompiled for the shared theta. Steps whose
/// angles read the per-sample input are compiled inside the sample loop.
struct Step {
  const TapeOp *op = nullptr;
  bool perSample = false;
  int np = 0;
  double shift[3] = {0, 0, 0}; // perturbation (parameter-shift reference)
  GateOp fwd;
  int aux = -1; // backward plans: index into Plan::inv (np == 0) or Plan::bwd
};

struct Plan {
  std::vector<Step> steps;
  std::vector<GateOp> inv;
  std::vector<BwdOp> bwd;
  int lastObserve = -1; // gradient passes stop after the last observable
};

/// Compiles the tape for theta; optionally shifts angle `param` of op
/// `shiftOp` by `delta`. Throws Error(NonFinite) for non-finite angles.
/// `backward` also compiles the inverse / backward forms of every gate.
Plan compilePlan(const Tape &tape, const double *theta, int shiftOp = -1,
                 int shiftParam = 0, double delta = 0, bool backward = false);

/// Per-thread scratch.
struct Workspace {
  AlignedBuffer psi, lam;
  std::vector<double> masked, ref, gv;
  std::vector<int> slot;
  double encNorm = 0;
  int nTotal = 0;
  void prepare(const Tape &tape, bool withLambda);
};

/// Runs steps [0, end) for one sample; values may be null (not recorded).
void forwardSample(const Tape &tape, const Plan &plan, const double *theta,
                   const double *x, Workspace &ws, double *values, uint64_t seed,
                   int sampleIndex, size_t end);
/// The backward sweep after forwardSample(..., plan.lastObserve + 1).
void backwardSample(const Tape &tape, const Plan &plan, const double *theta,
                    const double *x, Workspace &ws, const double *cot,
                    double *gTheta, double *gInput);

/// Evaluates the angles of a gate op for one sample.
void evalAngles(const TapeOp &op, const double *theta, const double *x,
                const double *shift, double *out);

/// Runs body(s, ws) for every sample, in parallel over samples when the
/// states are small; the first exception is rethrown after the loop.
/// body(s, ws, thread) gets the thread index (0..threads-1).
int sampleThreads(const Tape &tape, int batch);
template <class F>
void forSamples(const Tape &tape, int batch, bool withLambda, const F &body);

uint64_t sampleSeed(uint64_t seed, int sample, int op);
/// Throws Error for null / non-finite theta, null inputs, negative batch.
void checkRunArgs(const Tape &tape, const double *theta, const double *inputs, int batch);

} // namespace rt
} // namespace masq

#include "ExecImpl.h"

#endif
