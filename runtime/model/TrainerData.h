//===- TrainerData.h - the samples a training run feeds (private) -*- C++ -*-===//
//
// What masq train / eval put into the model: the train, test and
// validation splits of --data, the inputs of a sample with its masks (drawn
// per sample, epoch and seed, so any share of a batch draws the same), and
// the model's values on a whole set, computed in shares under mpirun
// (masq/Model/Dist.h).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_MODEL_TRAINERDATA_H
#define MASQ_MODEL_TRAINERDATA_H

#include "masq/Model/Trainer.h"
#include "masq/Train/Data.h"

#include <cstdint>
#include <random>
#include <vector>

namespace masq {
namespace traindata {

/// splitmix64.
uint64_t mix(uint64_t x);

/// Mask generator of one sample in one epoch (epoch -1: evaluation masks).
std::mt19937_64 maskRng(uint64_t seed, int64_t epoch, size_t index);

struct Data {
  train::Dataset train, test, val;
  const Slot *input = nullptr;
  int side = 0;
};

/// The splits of o.data for the model's one image input; throws with the
/// reason (not one input, not a square image, too few images).
Data prepare(const ModelInfo &info, const TrainOptions &o);

/// Inputs of samples idx[first .. first+count) with masks of `epoch`.
void fillInputs(const ModelInfo &info, const Data &d, const train::Dataset &set,
                const std::vector<size_t> &idx, size_t first, size_t count, uint64_t seed,
                int64_t epoch, std::vector<double> &inputs);

/// The zero-filled masked image of a sample (what the model sees, without
/// its token), for the baseline and the pictures.
std::vector<double> maskedImage(const ModelInfo &info, const double *image,
                                const double *row);

/// Model outputs for a whole set with evaluation masks; under mpirun each
/// rank computes its share and every rank gets all values.
struct Evaluated {
  std::vector<double> inputs, values;
};
Evaluated evaluate(const CompiledModel &m, const Data &d, const train::Dataset &set,
                   const std::vector<double> &theta, const TrainOptions &o);

} // namespace traindata
} // namespace masq

#endif // MASQ_MODEL_TRAINERDATA_H
