//===- TrainerReport.cpp - what a training run reports --------------------===//
#include "TrainerReport.h"

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

} // namespace report
} // namespace masq
