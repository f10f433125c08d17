//===- Model.h - calling a compiled model -----------------------*- C++ -*-===//
//
// What the JIT (masq run/grad/train) and a standalone trainer (masq build)
// share: the two entry points of a compiled model and batches spread over
// threads (parameters and mask patterns: masq/Core/Params.h).
// Plain C++17; no LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_MODEL_MODEL_H
#define MASQ_MODEL_MODEL_H

#include "masq/Core/ModelInfo.h"
#include "masq/Core/Params.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace masq {

/// masq_model_forward(theta, inputs, batch, values, work)
using ForwardFn = void (*)(const double *, const double *, int64_t, double *, double *);
/// masq_model_gradient(theta, inputs, batch, values, gtheta, work); adds the
/// batch's summed d loss / d theta to gtheta.
using GradientFn = void (*)(const double *, const double *, int64_t, double *, double *,
                            double *);

/// masq_model_vjp(theta, inputs, batch, values, gvalues, gtheta, ginputs,
/// work): values; adds the batch's summed sum_k gvalues[s][k] dvalues[s][k] /
/// dtheta to gtheta and, per sample, its derivative with respect to the
/// sample's inputs to ginputs (mask-pattern entries untouched).
using VjpFn = void (*)(const double *, const double *, int64_t, double *, const double *,
                       double *, double *, double *);

struct CompiledModel {
  ModelInfo info;
  ForwardFn forward = nullptr;
  GradientFn gradient = nullptr; // null when the model has no loss
  VjpFn vjp = nullptr;           // null unless compiled with LoweringOptions::vjp
  // The parameter-shift forms (LoweringOptions::paramShift; the same
  // arguments): null unless compiled with them.
  GradientFn psGradient = nullptr;
  VjpFn psVjp = nullptr;
  // Why psVjp differentiates the parameters only (a located message), or
  // empty when it differentiates the inputs too.
  std::string psNoInputs;
  // Noise channels (masq.channel): without trajectories, evaluated exactly
  // on the density matrix (masq/Runtime/DensityMode.h).
  bool noisy = false;
};

/// What a run does with a model, for checkModelMemory.
enum class ModelUse {
  Forward,  // values and outputs (masq run): parameters and a gradient-sized buffer
  Gradient, // and the gradient (masq grad): + one gradient per thread, + --check's copy
  Train,    // masq train / eval: + optimizer state and the checkpoint's copies
};
/// Checks, before anything is allocated, that the memory a run of `batch`
/// samples on `threads` threads (0 = hardware) needs - the parameter vector
/// and its copies, the samples' inputs and values, and each thread's work
/// memory (the state and adjoint vectors, 2 x 16 x 2^qubits bytes) - fits in
/// memory (masq/Support/Memory.h). False with a message naming the model,
/// its qubit or parameter count and the bytes needed otherwise. With
/// ranks > 1 the state is split over that many processes: each holds a
/// part of the state and of the adjoint vector, and exchange buffers.
bool checkModelMemory(const ModelInfo &info, int64_t batch, int threads, ModelUse use,
                      std::string &error, int ranks = 1);

/// The first error the runtime recorded on this thread (clears it); empty
/// if none.
std::string takeRuntimeError();

/// Finite shots for an evaluation (masq/Runtime/Shots.h): every observable
/// is estimated from `shots` measurements, the stream of sample s seeded by
/// (seed, first + s).
struct ShotOptions {
  long long shots = 0; // 0: exact
  uint64_t seed = 0;
  int64_t first = 0; // index of the batch's first sample in its stream
  // > 0: a noisy model's values are means over this many quantum
  // trajectories per sample (masq/Runtime/Noise.h), seeded by `seed`;
  // 0: a noisy model runs on the exact density matrix (up to 12 qubits).
  long long trajectories = 0;
  // The state split over the processes of mpirun (masq/Runtime/
  // Distributed.h; exact values, adjoint and parameter-shift gradients, one
  // thread per process, every rank calling with the same batch).
  bool distributed = false;
};

/// Evaluates a batch, split over `threads` threads (0 = hardware).
/// Returns false with the runtime's error message on failure. With
/// shots.shots > 0 the observables (and what is computed from them) are
/// shot estimates, the same for any thread count.
bool forwardBatch(const CompiledModel &m, const double *theta, const double *inputs,
                  int64_t batch, double *values, int threads, std::string &error,
                  const ShotOptions &shots = {});
/// Values and the summed gradient (gtheta is overwritten). Sums in a fixed
/// order, so the result does not depend on timing.
/// With device.distributed the compiled adjoint sweep runs on the state
/// split over the processes (its other fields are not used).
bool gradientBatch(const CompiledModel &m, const double *theta, const double *inputs,
                   int64_t batch, double *values, double *gtheta, int threads,
                   std::string &error, const ShotOptions &device = {});

/// How a gradient is computed: the adjoint sweep (exact; no shots), the
/// parameter-shift rule (each shifted circuit run, and with shots sampled,
/// as on a device: masq/Runtime/ParamShift.h) or central finite differences
/// of the forward pass (step 1e-6 exact, 0.1 with shots; not for training).
enum class GradMethod { Adjoint, ParameterShift, FiniteDiff };

/// The parameter-shift gradient of a batch, like gradientBatch; with
/// shots.shots > 0 every circuit (each sample's and each shifted one) is
/// estimated from that many shots, on streams that do not depend on the
/// thread count. Needs m.psGradient.
bool psGradientBatch(const CompiledModel &m, const double *theta, const double *inputs,
                     int64_t batch, double *values, double *gtheta, int threads,
                     std::string &error, const ShotOptions &shots = {});
/// The parameter-shift vector-Jacobian product, like vjpBatch: with respect
/// to the parameters and the inputs (angle encoders' angles are shifted like
/// gate angles), or, when m.psNoInputs says why not, the parameters only
/// (ginputs zero). Needs m.psVjp.
bool psVjpBatch(const CompiledModel &m, const double *theta, const double *inputs,
                int64_t batch, double *values, const double *gvalues, double *gtheta,
                double *ginputs, int threads, std::string &error,
                const ShotOptions &shots = {});

/// Central differences of the forward pass: gtheta (overwritten) the
/// batch's summed (L(theta + h e_j) - L(theta - h e_j)) / 2h, values those
/// at theta. With shots, both sides of a difference share the shots'
/// streams (common random numbers), which keeps the estimate's variance
/// finite as h shrinks; 2 x numParams + 1 forward passes.
bool fdGradientBatch(const CompiledModel &m, const double *theta, const double *inputs,
                     int64_t batch, double *values, double *gtheta, int threads,
                     std::string &error, double h, const ShotOptions &shots = {});

/// The vector-Jacobian product of a batch: values, gtheta (overwritten) the
/// sum over the batch, ginputs (overwritten, batch x inputSize) per sample.
/// gvalues holds batch x numValues upstream gradients (the loss's at 0 when
/// the model has one). Sums in a fixed order, whatever the thread count.
bool vjpBatch(const CompiledModel &m, const double *theta, const double *inputs,
              int64_t batch, double *values, const double *gvalues, double *gtheta,
              double *ginputs, int threads, std::string &error,
              const ShotOptions &device = {});

} // namespace masq

#endif // MASQ_MODEL_MODEL_H
