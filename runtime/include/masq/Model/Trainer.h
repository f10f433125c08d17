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
};

/// Trains and evaluates; writes DIR/{config,params,checkpoint,metrics}.json
/// and DIR/{reconstructions,loss}.png. Returns 0, or throws.
int trainModel(const CompiledModel &m, const TrainOptions &opts);

/// Recomputes DIR/metrics.json from DIR/params.json (the config's split).
int evalModel(const CompiledModel &m, const TrainOptions &opts);

} // namespace masq

#endif // MASQ_MODEL_TRAINER_H
