//===- Params.h - parameters and mask patterns of a model -------*- C++ -*-===//
//
// Drawn from a ModelInfo alike by the compiler (masq compile --emit=qasm*
// binds them into the circuit) and the runtime (run, train, standalone
// trainers), so both see the same numbers for the same seed.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_CORE_PARAMS_H
#define MASQ_CORE_PARAMS_H

#include "masq/Core/ModelInfo.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace masq {

/// Parameters drawn from their initialisers with std::mt19937_64(seed)
/// (uniform / normal via our own transforms, so every platform agrees).
std::vector<double> initialParams(const ModelInfo &info, uint64_t seed);
/// Reads `{"name": nested array, ...}`. False with a message naming the file
/// on any problem (not a regular file, larger than kMaxParamsBytes, unknown
/// name, wrong number of values, non-numbers, bad JSON, a parameter missing).
/// With `allowPartial`, names not in the file keep their entries of `theta`.
bool loadParams(const std::string &path, const ModelInfo &info,
                std::vector<double> &theta, std::string &error, bool allowPartial = false);
/// `{"name": nested array}` of every parameter, full double precision.
std::string paramsJson(const ModelInfo &info, const double *theta);
/// Nested JSON array of `size` values with the slot's shape.
std::string nestedJson(const Slot &slot, const double *values);

/// Writes a fresh mask pattern for every mask into one sample's input
/// vector: exactly round(ratio * entries) hidden entries, chosen uniformly.
void drawMasks(const ModelInfo &info, std::mt19937_64 &rng, double *sampleInputs);

} // namespace masq

#endif // MASQ_CORE_PARAMS_H
