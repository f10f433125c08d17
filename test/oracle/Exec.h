//===- Exec.h - Tape execution internals (shared by run/adjoint/reference) ===//
#ifndef MASQ_ORACLE_EXEC_H
#define MASQ_ORACLE_EXEC_H

#include "masq/Runtime/State.h"
#include "masq/Oracle/Tape.h"

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
  // Cache-blocked runs of flavour f: index into Plan::runs[f] on the run's
  // first step (runStart) and on its last step (runLast), -1 elsewhere.
  int runStart[2] = {-1, -1}, runLast[2] = {-1, -1};
};

/// A run of consecutive gates executed block by block (Kernels.h), with its
/// ops renumbered to the block's local qubits.
struct Run {
  int begin = 0, end = 0; // steps [begin, end)
  BlockLayout layout;
  std::vector<GateOp> fwd, inv; // inv only for parameter-free gates
  std::vector<BwdOp> bwd;       // only for parametrised gates
  std::vector<int> aux;         // per step: index into inv or bwd
};

struct Plan {
  std::vector<Step> steps;
  // Flavour 0: contiguous blocks (all qubits < kBlockBits), worked on in
  // place. Flavour 1: gathered blocks (up to kBlockBits - kMinLowBits high
  // qubits); they cost two extra copies, so they are only used when the
  // working set exceeds the last-level cache.
  std::vector<Run> runs[2];
  std::vector<GateOp> inv;
  std::vector<BwdOp> bwd;
  int lastObserve = -1; // gradient passes stop after the last observable
};

/// Compiles the tape for theta; optionally shifts angle `param` of op
/// `shiftOp` by `delta`. Throws Error(NonFinite) for non-finite angles.
/// `backward` also compiles the inverse / backward forms of every gate.
Plan compilePlan(const Tape &tape, const double *theta, int shiftOp = -1,
                 int shiftParam = 0, double delta = 0, bool backward = false);
/// The same into an existing plan, reusing its storage.
void compilePlan(Plan &plan, const Tape &tape, const double *theta, int shiftOp = -1,
                 int shiftParam = 0, double delta = 0, bool backward = false);
/// A plan kept per calling thread for run() and vjp().
Plan &threadPlan();

/// Per-thread scratch.
struct Workspace {
  AlignedBuffer psi, lam;
  std::vector<double> masked, ref, gv;
  std::vector<int> slot;
  double encNorm = 0;
  // Second sample of a pair (Paired.cpp).
  std::vector<double> masked2;
  std::vector<int> slot2;
  double encNorm2 = 0;
  std::vector<cplx> scratch;
  int nTotal = 0;
  void prepare(const Tape &tape, bool withLambda);
  void trim(); // frees large buffers
  /// Backward step of a reset: drops its ancillas from psi and lam.
  void undoReset(const TapeOp &op, cplx *psi, cplx *lam) {
    const int k = int(op.qubits.size());
    nTotal -= k;
    resetUnembed(psi, nTotal, op.qubits.data(), k);
    resetUnembed(lam, nTotal, op.qubits.data(), k);
  }
};

/// Runs steps [0, end) for one sample; values may be null (not recorded).
void forwardSample(const Tape &tape, const Plan &plan, const double *theta,
                   const double *x, Workspace &ws, double *values, uint64_t seed,
                   int sampleIndex, size_t end);
/// The backward sweep after forwardSample(..., plan.lastObserve + 1).
void backwardSample(const Tape &tape, const Plan &plan, const double *theta,
                    const double *x, Workspace &ws, const double *cot,
                    double *gTheta, double *gInput);

/// Input and mask-token gradients of an encoder from lambda at the encoder.
void encoderBackward(const TapeOp &op, const double *masked, const int *slot,
                     double encNorm, const cplx *lam, int n, std::vector<double> &gv,
                     double *gTheta, double *gInput);

/// True when every gate has a real matrix and shared angles, the encoder is
/// real and no observable samples: then two samples can share one complex
/// state (sample A in the real parts, B in the imaginary parts).
bool pairable(const Tape &tape);
void forwardPair(const Tape &tape, const Plan &plan, const double *theta,
                 const double *xA, const double *xB, Workspace &ws, double *valA,
                 double *valB, size_t end);
void backwardPair(const Tape &tape, const Plan &plan, const double *xA,
                  const double *xB, Workspace &ws, const double *cotA,
                  const double *cotB, double *gTheta, double *gInA, double *gInB);

/// True when the adjoint sweep of one sample can carry lambda in the
/// imaginary parts of the state (real tape, packing enabled).
bool packable(const Tape &tape);
/// The packed backward sweep after forwardSample(..., plan.lastObserve + 1)
/// on a packable tape: psi and lambda are real, so v = psi + i lambda goes
/// through each gate's U^dagger in one sweep over one array.
void backwardPacked(const Tape &tape, const Plan &plan, const double *x, Workspace &ws,
                    const double *cot, double *gTheta, double *gInput);

/// Groups consecutive gates into cache-blocked runs (called by compilePlan).
void formRuns(Plan &plan, bool backward, int flavour);

/// If a blocked run starts at step i and the state is large enough, runs it
/// and returns its end; otherwise returns i (the caller runs step i).
size_t forwardRun(const Plan &plan, size_t i, size_t end, cplx *psi, int nTotal);
/// If a blocked run ends at step i, runs its backward sweep (theta terms of
/// its angles into gTheta) and returns its first step; otherwise -1.
/// lam == nullptr: the packed sweep (see backwardPacked).
int backwardRun(const Plan &plan, int i, cplx *psi, cplx *lam, int nTotal, double *gTheta);

/// The backward sweeps' loop: steps lastObserve .. 0, a blocked run ending at
/// a step in one call (backwardRun with psi, lam), every other step through
/// step(const Step &).
template <class F>
void forStepsBackward(const Plan &plan, cplx *psi, cplx *lam, const int &nTotal,
                      double *gTheta, const F &step) {
  for (int i = plan.lastObserve; i >= 0; --i) {
    const int r = backwardRun(plan, i, psi, lam, nTotal, gTheta);
    if (r >= 0)
      i = r; // the loop's --i continues before the run
    else
      step(plan.steps[size_t(i)]);
  }
}

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
