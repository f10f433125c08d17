//===- TrainerReport.h - what a training run reports (private) --*- C++ -*-===//
//
// The figures and records of `masq train` that are not the training itself:
// the test figure's name, the end-of-run summary with the baselines, and
// config.json (what --resume compares).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_MODEL_TRAINERREPORT_H
#define MASQ_MODEL_TRAINERREPORT_H

#include "masq/Model/Trainer.h"

#include <nlohmann/json.hpp>

#include <string>

namespace masq {
namespace report {

/// The output `fid` or `fidelity` of one value, if the model has one.
const Slot *fidelityOutput(const ModelInfo &info);
/// A sample's fidelity: that output, else 1 - its loss.
double sampleFidelity(const ModelInfo &info, const double *values);

/// What the console calls the mean of sampleFidelity: the test fidelity of
/// a model with a fidelity output, else its test loss (1 - that mean).
struct TestFigure {
  std::string label;
  double value;
};
TestFigure testFigure(const ModelInfo &info, double meanFidelity);

/// The end of a run: the model's figures (reconstruction metrics only when
/// there is a reconstruction), the trivial baselines beside them, where the
/// results are.
void printSummary(const ModelInfo &info, const nlohmann::json &metrics, const std::string &out);

/// A path as config.json stores it (absolute when it names a file).
std::string storedPath(const std::string &path);
/// config.json: the settings a --resume must match (all but epochs).
nlohmann::json configJson(const TrainOptions &o, const ModelInfo &info);

} // namespace report
} // namespace masq

#endif // MASQ_MODEL_TRAINERREPORT_H
