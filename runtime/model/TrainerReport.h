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

#include <cmath>
#include <string>
#include <vector>

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

/// |x| and |<x^|y^>|^2 of real vectors (amplitude-encoded states).
double norm(const double *x, size_t n);
double stateFidelity(const double *x, const double *y, size_t n);

/// Test figures of a set, summed by addImageScores, then averaged.
struct Scores {
  double fidelity = 0, mse = 0, psnr = 0, ssim = 0, probe = 0;
  int n = 0;
  nlohmann::json toJson() const {
    return nlohmann::json{{"fidelity", fidelity}, {"mse", mse}, {"psnr", psnr},
                          {"ssim", ssim}, {"probe_accuracy", probe}};
  }
};
void addImageScores(Scores &s, const double *clean, const double *rec, int side);
void finishScores(Scores &s);

/// What a run records per epoch besides its loss and test figure: the
/// validation loss and the best epoch (--val), the learning rate and the
/// time; kept in checkpoint.json so that --resume continues them.
struct History {
  std::vector<double> val, lr, seconds, bestTheta;
  double bestVal = INFINITY;
  int bestEpoch = 0;

  /// Records validation loss v of `epoch`; true when it is the best yet.
  bool addVal(double v, int epoch, const std::vector<double> &theta);
  void save(nlohmann::json &c) const;
  /// From a checkpoint (the keys are absent in those of older runs).
  void load(const nlohmann::json &c, const ModelInfo &info);
  /// metrics.csv: one row per epoch.
  std::string csv(const std::vector<double> &trainLoss, const std::vector<double> &testFid,
                  const std::string &testLabel) const;
};

/// A path as config.json stores it (absolute when it names a file).
std::string storedPath(const std::string &path);
/// config.json: the settings a --resume must match (all but epochs).
nlohmann::json configJson(const TrainOptions &o, const ModelInfo &info);

} // namespace report
} // namespace masq

#endif // MASQ_MODEL_TRAINERREPORT_H
