//===- DataBridge.cpp - data loading for the MLIR-side driver -------------===//
#include "DataBridge.h"
#include "Driver.h"

#if MASQ_WITH_RUNTIME
#include "masq/Model/Trainer.h"
#include "masq/Train/Data.h"
#endif

#include <cstdio>

#include <cmath>
#include <stdexcept>

namespace masq {

#if MASQ_WITH_RUNTIME
namespace {
/// The data set of `spec`, loaded once per run (run/grad take one image per
/// sample from it).
const train::Dataset &dataset(const std::string &spec) {
  static std::string loadedSpec;
  static train::Dataset loaded;
  if (loadedSpec != spec || loaded.size() == 0) {
    loaded = train::loadByName(spec);
    loadedSpec = spec;
  }
  return loaded;
}

std::string imagesOf(const std::string &spec, size_t n) {
  return "the " + spec + " data has " + std::to_string(n) + " images (0.." +
         std::to_string(n - 1) + ")";
}
} // namespace

int checkSampleRange(const DriverOptions &opts) {
  if (opts.data.empty())
    return 0;
  const long long first = opts.sample;
  const long long last = opts.sampleLast >= 0 ? opts.sampleLast : first + opts.count - 1;
  try {
    const train::Dataset &d = dataset(opts.data);
    if (first >= 0 && last >= first && size_t(last) < d.size())
      return 0;
    std::string flags =
        opts.sampleLast >= 0
            ? "--samples " + std::to_string(first) + ".." + std::to_string(last)
            : "--sample " + std::to_string(first) +
                  (opts.count > 1 ? " --count " + std::to_string(opts.count) : "");
    std::fprintf(stderr, "masq: error: %s: %s\n", flags.c_str(),
                 imagesOf(opts.data, d.size()).c_str());
  } catch (const std::exception &e) {
    std::fprintf(stderr, "masq: error: --data %s: %s\n", opts.data.c_str(), e.what());
  }
  return 1;
}

bool loadSampleImage(const std::string &spec, long long index, int64_t size,
                     std::vector<double> &out, std::string &error) {
  try {
    const train::Dataset &d = dataset(spec);
    if (index < 0 || size_t(index) >= d.size()) {
      error = "--sample " + std::to_string(index) + ": " + imagesOf(spec, d.size());
      return false;
    }
    int side = int(std::lround(std::sqrt(double(size))));
    if (int64_t(side) * side != size) {
      error = "the model input has " + std::to_string(size) +
              " values, not a square image; give it with --input";
      return false;
    }
    out.assign(size, 0.0);
    train::resizeArea(d.image(size_t(index)), d.rows, d.cols, out.data(), side, side);
    return true;
  } catch (const std::exception &e) {
    error = e.what();
    return false;
  }
}

#else
namespace {
const char *const kNoData =
    "data sets need the runtime; this masq was built with MASQ_WITH_RUNTIME=OFF "
    "(give the inputs with --input NAME=v1,v2,...)";
} // namespace

int checkSampleRange(const DriverOptions &opts) {
  if (opts.data.empty())
    return 0;
  std::fprintf(stderr, "masq: error: --data %s: %s\n", opts.data.c_str(), kNoData);
  return 1;
}

bool loadSampleImage(const std::string &, long long, int64_t, std::vector<double> &,
                     std::string &error) {
  error = kNoData;
  return false;
}
#endif // MASQ_WITH_RUNTIME

bool parseNumberList(const std::string &text, std::vector<double> &out,
                     std::string &error) {
  out.clear();
  size_t start = 0;
  int field = 1;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos
                                                                      : comma - start);
    try {
      size_t used = 0;
      double x = std::stod(item, &used);
      if (used != item.size() || !std::isfinite(x))
        throw std::invalid_argument(item);
      out.push_back(x);
    } catch (const std::exception &) {
      error = "value " + std::to_string(field) + " ('" + item + "') is not a finite number";
      return false;
    }
    if (comma == std::string::npos)
      break;
    start = comma + 1;
    ++field;
  }
  return true;
}

#if MASQ_WITH_RUNTIME
int callTrainer(const CompiledModel &m, const TrainOptions &o, bool eval) {
  try {
    return eval ? evalModel(m, o) : trainModel(m, o);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "masq: error: %s\n", e.what());
    return 1;
  }
}
#endif // MASQ_WITH_RUNTIME

} // namespace masq
