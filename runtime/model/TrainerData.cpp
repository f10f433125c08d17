//===- TrainerData.cpp - the samples a training run feeds -----------------===//
#include "TrainerData.h"
#include "masq/Core/Params.h"
#include "masq/Model/Dist.h"
#include "masq/Model/Model.h"

#include <cmath>
#include <stdexcept>

namespace masq {
namespace traindata {

uint64_t mix(uint64_t x) { // splitmix64
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
std::mt19937_64 maskRng(uint64_t seed, int64_t epoch, size_t index) {
  return std::mt19937_64(mix(mix(seed ^ 0x6d61736bull) + uint64_t(epoch + 2)) + index);
}

Data prepare(const ModelInfo &info, const TrainOptions &o) {
  if (info.inputs.size() != 1)
    throw std::runtime_error("model '" + info.name + "' has " +
                             std::to_string(info.inputs.size()) +
                             " inputs; masq train feeds one image input");
  Data d;
  d.input = &info.inputs[0];
  d.side = int(std::lround(std::sqrt(double(d.input->size))));
  if (int64_t(d.side) * d.side != d.input->size)
    throw std::runtime_error("model input '" + d.input->name + "' has " +
                             std::to_string(d.input->size) +
                             " values, not a square image: it cannot take --data " + o.data);
  train::Dataset all = train::loadByName(o.data);
  if (all.size() < o.train + o.test + o.val)
    throw std::runtime_error("--train " + std::to_string(o.train) + " + --test " +
                             std::to_string(o.test) +
                             (o.val ? " + --val " + std::to_string(o.val) : std::string()) +
                             " exceeds the " + std::to_string(all.size()) + " images of " +
                             o.data);
  all = train::resizeArea(all, d.side, d.side);
  // The validation images follow the test images in the shuffled order, so
  // the training and test sets are the same with or without --val.
  auto parts = train::split(all, o.train, o.test + o.val, o.seed);
  d.train = std::move(parts.first);
  if (o.val == 0) {
    d.test = std::move(parts.second);
    return d;
  }
  std::vector<size_t> testIdx(o.test), valIdx(o.val);
  for (size_t i = 0; i < o.test; ++i)
    testIdx[i] = i;
  for (size_t i = 0; i < o.val; ++i)
    valIdx[i] = o.test + i;
  d.test = train::subset(parts.second, testIdx, all.name + "/test");
  d.val = train::subset(parts.second, valIdx, all.name + "/val");
  return d;
}

void fillInputs(const ModelInfo &info, const Data &d, const train::Dataset &set,
                const std::vector<size_t> &idx, size_t first, size_t count, uint64_t seed,
                int64_t epoch, std::vector<double> &inputs) {
  inputs.assign(count * info.inputSize, 0.0);
  for (size_t s = 0; s < count; ++s) {
    size_t i = idx[first + s];
    double *row = inputs.data() + s * info.inputSize;
    std::copy(set.image(i), set.image(i) + d.input->size, row + d.input->offset);
    std::mt19937_64 rng = maskRng(seed, epoch, i);
    drawMasks(info, rng, row);
    // A mask that hides every non-zero pixel would leave nothing to encode
    // (a zero-norm amplitude encoding): draw again from the same generator.
    for (int tries = 0; tries < 100 && !info.masks.empty(); ++tries) {
      std::vector<double> seen = maskedImage(info, set.image(i), row);
      bool any = false;
      for (double x : seen)
        any |= x != 0.0;
      if (any)
        break;
      drawMasks(info, rng, row);
    }
  }
}

std::vector<double> maskedImage(const ModelInfo &info, const double *image,
                                const double *row) {
  std::vector<double> out(image, image + info.inputs[0].size);
  for (const MaskSlot &m : info.masks) {
    const double *pat = row + m.offset;
    for (int64_t p = 0; p < m.size; ++p) {
      if (pat[p] == 0.0)
        continue;
      if (m.kind == "pixels") {
        out[p] = 0.0;
        continue;
      }
      int64_t perRow = m.cols / m.patch;
      int64_t r0 = (p / perRow) * m.patch, c0 = (p % perRow) * m.patch;
      for (int64_t r = 0; r < m.patch; ++r)
        for (int64_t c = 0; c < m.patch; ++c)
          out[(r0 + r) * m.cols + c0 + c] = 0.0;
    }
  }
  return out;
}

Evaluated evaluate(const CompiledModel &m, const Data &d, const train::Dataset &set,
                   const std::vector<double> &theta, const TrainOptions &o) {
  std::vector<size_t> idx(set.size());
  for (size_t i = 0; i < idx.size(); ++i)
    idx[i] = i;
  Evaluated e;
  fillInputs(m.info, d, set, idx, 0, set.size(), o.seed, -1, e.inputs);
  e.values.assign(set.size() * m.info.numValues, 0.0);
  // Under mpirun each rank runs its share; every rank gets all values.
  const dist::World &w = dist::world();
  auto [lo, hi] = dist::share(set.size(), w.rank, w.size);
  const size_t nv = size_t(m.info.numValues);
  std::vector<double> mine((hi - lo) * nv);
  std::string error;
  if (hi > lo &&
      !forwardBatch(m, theta.data(), e.inputs.data() + lo * size_t(m.info.inputSize),
                    int64_t(hi - lo), mine.data(), o.threads, error,
                    ShotOptions{o.shots, mix(o.shotSeed ^ 0x65766131ull), int64_t(lo),
                                o.trajectories})) {
    if (w.size > 1)
      dist::abortAll("evaluation failed: " + error);
    throw std::runtime_error("evaluation failed: " + error);
  }
  std::vector<size_t> counts;
  for (int r = 0; r < w.size; ++r) {
    auto [a, b] = dist::share(set.size(), r, w.size);
    counts.push_back((b - a) * nv);
  }
  dist::allgather(mine.data(), mine.size(), e.values.data(), counts);
  return e;
}

} // namespace traindata
} // namespace masq
