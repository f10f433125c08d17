//===- Trainer.h - masq train / masq eval on a compiled model ---*- C++ -*-===//
//
// Shared by `masq train` (JIT) and standalone trainers (masq build): data,
// masks drawn per sample and epoch, Adam/SGD over batches spread across
// threads, atomic checkpoints with --resume, metrics, probe and pictures.
// Errors are reported as std::runtime_error with a clear message.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_MODEL_TRAINER_H
#define MASQ_MODEL_TRAINER_H

#include "masq/Model/Model.h"

#include <cstdint>
#include <string>

namespace masq {

struct TrainOptions {
  std::string data = "digits";
  int epochs = 10;
  int batch = 25;
  double lr = 0.05;
  std::string optimizer = "adam";
  uint64_t seed = 0;
  size_t train = 500;
  size_t test = 200;
  int threads = 0;
  std::string out = "masq-out";
  bool resume = false;
  std::string modelFile; // recorded in config.json
  std::string precision = "double"; // of the compiled model (config.json when single)
  // --shots N: every circuit of training (parameter-shift gradients, which
  // the model must have: masq train compiles them) and of the test
  // evaluation is measured N times; --shot-seed S seeds the outcomes
  // (a new stream per step).
  long long shots = 0;
  uint64_t shotSeed = 0;
  // --trajectories T: a noisy model's values (and its parameter-shift
  // gradients) are means over T quantum trajectories per circuit.
  long long trajectories = 0;
  // --val N: N images held out of the data (after the test split) and
  // evaluated after every epoch; the parameters of the lowest validation
  // loss are the run's result (best_params.json, and params.json at the
  // end). --early-stop K: stop after K epochs without a better one.
  size_t val = 0;
  int earlyStop = 0;
  // --lr-schedule constant | step (--lr-step-size, --lr-gamma) | cosine
  // (--lr-min), per epoch (masq/Train/Optim.h).
  std::string lrSchedule = "constant";
  int lrStepSize = 10;
  double lrGamma = 0.5;
  double lrMin = 0.0;
  // --clip C: the mean gradient of a batch is scaled to L2 norm at most C.
  double clip = 0.0;
};

/// Trains and evaluates; writes DIR/{config,params,checkpoint,metrics}.json,
/// DIR/metrics.csv (one row per epoch, rewritten after each) and
/// DIR/{reconstructions,loss}.png (with --val also DIR/best_params.json). Holds DIR/.lock while it runs (a
/// second trainer on DIR throws "folder DIR is in use"). checkpoint.json is
/// the record of the run; params.json is rewritten from it on --resume. A
/// loss, gradient, parameter or test fidelity that is NaN or infinite throws
/// "epoch N: ..." and leaves the files of the last whole epoch as they are.
/// Returns 0, or 128 + the signal (130, 143) after SIGINT/SIGTERM once the
/// last whole epoch is saved; throws otherwise.
int trainModel(const CompiledModel &m, const TrainOptions &opts);

/// Recomputes DIR/metrics.json from DIR/params.json (the config's split).
int evalModel(const CompiledModel &m, const TrainOptions &opts);

} // namespace masq

#endif // MASQ_MODEL_TRAINER_H
