//===- TrainerReport.cpp - what a training run reports --------------------===//
#include "TrainerReport.h"

#include "masq/Train/Checkpoint.h"
#include "masq/Train/Metrics.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <utility>

namespace masq {
namespace report {
using nlohmann::json;
namespace fs = std::filesystem;

const Slot *fidelityOutput(const ModelInfo &info) {
  for (const char *n : {"fid", "fidelity"})
    if (const Slot *s = info.output(n))
      if (s->size == 1)
        return s;
  return nullptr;
}
double sampleFidelity(const ModelInfo &info, const double *values) {
  if (const Slot *f = fidelityOutput(info))
    return values[f->offset];
  return info.hasLoss ? 1.0 - values[0] : std::nan("");
}

TestFigure testFigure(const ModelInfo &info, double meanFidelity) {
  if (fidelityOutput(info))
    return {"test fidelity", meanFidelity};
  return {"test loss", 1.0 - meanFidelity};
}

void printSummary(const ModelInfo &info, const json &metrics, const std::string &out) {
  const bool recon = metrics.value("reconstruction", "none") != "none";
  auto line = [&](const TestFigure &f, const json &m, bool withProbe) {
    char b[256];
    int n = std::snprintf(b, sizeof b, "%s %.4f", f.label.c_str(), f.value);
    if (recon)
      n += std::snprintf(b + n, sizeof b - size_t(n), "  mse %.4g  psnr %.2f dB  ssim %.4f",
                         m["mse"].get<double>(), m["psnr"].get<double>(),
                         m["ssim"].get<double>());
    if (withProbe)
      std::snprintf(b + n, sizeof b - size_t(n), "  probe %.1f%%",
                    100 * m["probe_accuracy"].get<double>());
    return std::string(b);
  };
  const json &mm = metrics["metrics"];
  std::fprintf(stderr, "masq: %s\n",
               line(testFigure(info, mm["fidelity"].get<double>()), mm, true).c_str());
  // The trivial baselines are states compared with the clean image: their
  // figure is a fidelity whatever the model's loss is.
  if (recon || fidelityOutput(info))
    for (auto [key, name] : {std::pair<const char *, const char *>{"masked_input", "masked input"},
                             {"mean_image_state", "mean image"}}) {
      const json &b = metrics["baselines"][key];
      TestFigure f{"fidelity", b["fidelity"].get<double>()};
      std::fprintf(stderr, "masq:   baseline, %s: %s\n", name,
                   line(f, b, b.contains("probe_accuracy")).c_str());
    }
  std::fprintf(stderr,
               "masq: results in %s/ (metrics.json, metrics.csv, params.json, reconstructions.png, "
               "loss.png)\n",
               out.c_str());
}

/// A path as config.json stores it: absolute when it names a file, so that
/// `masq eval DIR` and --resume work from any directory; a built-in data set
/// ("digits") as it is.
std::string storedPath(const std::string &path) {
  std::error_code ec;
  if (path.empty() || !fs::exists(path, ec))
    return path;
  fs::path abs = fs::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

json configJson(const TrainOptions &o, const ModelInfo &info) {
  json j{{"model_file", storedPath(o.modelFile)}, {"model", info.name},
         {"data", storedPath(o.data)},
              {"epochs", o.epochs}, {"batch", o.batch}, {"lr", o.lr},
              {"optimizer", o.optimizer}, {"seed", o.seed}, {"train", o.train},
              {"test", o.test}, {"threads", o.threads}, {"hypers", info.hypers}};
  if (o.shots > 0 || o.trajectories > 0) { // (absent when exact: earlier checkpoints resume)
    j["shots"] = o.shots;
    j["shot_seed"] = o.shotSeed;
    j["trajectories"] = o.trajectories;
  }
  // Each only when used, so that runs from before them resume.
  if (o.precision != "double")
    j["precision"] = o.precision;
  if (o.val > 0) {
    j["val"] = o.val;
    j["early_stop"] = o.earlyStop;
  }
  if (o.lrSchedule != "constant")
    j["lr_schedule"] = {{"kind", o.lrSchedule}, {"step_size", o.lrStepSize},
                        {"gamma", o.lrGamma}, {"min", o.lrMin}};
  if (o.clip > 0)
    j["clip"] = o.clip;
  return j;
}

double norm(const double *x, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; ++i)
    s += x[i] * x[i];
  return std::sqrt(s);
}
/// |<x^|y^>|^2 of two real vectors (amplitude-encoded states).
double stateFidelity(const double *x, const double *y, size_t n) {
  double nx = norm(x, n), ny = norm(y, n), dot = 0;
  if (nx == 0 || ny == 0)
    return 0;
  for (size_t i = 0; i < n; ++i)
    dot += x[i] * y[i];
  return (dot / (nx * ny)) * (dot / (nx * ny));
}

void addImageScores(Scores &s, const double *clean, const double *rec, int side) {
  size_t n = size_t(side) * side;
  s.mse += train::mse(clean, rec, n);
  double p = train::psnr(clean, rec, n);
  s.psnr += std::isfinite(p) ? p : 100.0;
  s.ssim += train::ssim(clean, rec, side, side);
  s.n += 1;
}
void finishScores(Scores &s) {
  if (s.n) {
    s.fidelity /= s.n;
    s.mse /= s.n;
    s.psnr /= s.n;
    s.ssim /= s.n;
  }
}


bool History::addVal(double v, int epoch, const std::vector<double> &theta) {
  val.push_back(v);
  if (!(v < bestVal))
    return false;
  bestVal = v;
  bestEpoch = epoch;
  bestTheta = theta;
  return true;
}

void History::save(json &c) const {
  c["lr_per_epoch"] = lr;
  c["seconds_per_epoch"] = seconds;
  if (!val.empty())
    c["validation"] = {{"loss", val}, {"best_loss", bestVal}, {"best_epoch", bestEpoch},
                       {"best_theta", bestTheta}};
}

void History::load(const json &c, const ModelInfo &info) {
  if (c.contains("lr_per_epoch"))
    lr = train::readNumbers(c["lr_per_epoch"], "lr_per_epoch", true);
  if (c.contains("seconds_per_epoch"))
    seconds = train::readNumbers(c["seconds_per_epoch"], "seconds_per_epoch", true);
  if (!c.contains("validation"))
    return;
  const json &v = c["validation"];
  val = train::readNumbers(v.at("loss"), "validation.loss", true);
  bestVal = v.at("best_loss").get<double>();
  bestEpoch = v.at("best_epoch").get<int>();
  bestTheta = train::readNumbers(v.at("best_theta"), "validation.best_theta", false);
  if (int64_t(bestTheta.size()) != info.numParams)
    throw std::runtime_error("validation.best_theta: parameter count does not match the model");
}

std::string History::csv(const std::vector<double> &trainLoss, const std::vector<double> &testFid,
                         const std::string &testLabel) const {
  const bool loss = testLabel == "test loss";
  std::string out = std::string("epoch,lr,train_loss,") +
                    (loss ? "test_loss" : "test_fidelity") +
                    (val.empty() ? "" : ",val_loss") + ",seconds\n";
  auto num = [](const std::vector<double> &v, size_t i) {
    char b[40];
    if (i >= v.size())
      return std::string();
    std::snprintf(b, sizeof b, "%.17g", v[i]);
    return std::string(b);
  };
  for (size_t i = 0; i < trainLoss.size(); ++i) {
    std::vector<double> shown{i < testFid.size() ? (loss ? 1 - testFid[i] : testFid[i]) : NAN};
    out += std::to_string(i + 1) + "," + num(lr, i) + "," + num(trainLoss, i) + "," +
           num(shown, 0) + (val.empty() ? "" : "," + num(val, i)) + "," + num(seconds, i) +
           "\n";
  }
  return out;
}

} // namespace report
} // namespace masq
