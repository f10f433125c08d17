//===- Trainer.cpp - masq train / masq eval on a compiled model -----------===//
#include "masq/Model/Trainer.h"
#include "masq/Model/Dist.h"
#include "TrainerData.h"
#include "TrainerReport.h"
#include "masq/Runtime/Kernels.h"

#include "masq/Train/Checkpoint.h"
#include "masq/Train/Data.h"
#include "masq/Train/Metrics.h"
#include "masq/Train/Optim.h"
#include "masq/Train/Png.h"
#include "masq/Train/Progress.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>

namespace masq {
namespace {
using nlohmann::json;
namespace fs = std::filesystem;
using report::addImageScores;
using report::configJson;
using report::finishScores;
using report::History;
using report::norm;
using report::Scores;
using report::stateFidelity;
using report::fidelityOutput;
using report::printSummary;
using report::sampleFidelity;
using report::TestFigure;
using traindata::Data;
using traindata::Evaluated;
using traindata::evaluate;
using traindata::fillInputs;
using traindata::maskedImage;
using traindata::mix;
using traindata::prepare;
using report::testFigure;

// SIGINT/SIGTERM during training: the first one lets the current epoch
// finish if its batches are done (else drops it) and exits 128 + signal
// after the checkpoint of the last whole epoch is on disk; a second one
// takes the default action at once (every file is written atomically, so
// nothing on disk is half written either way).
std::atomic<int> gSignal{0};
extern "C" void onSignal(int sig) {
  int none = 0;
  if (!gSignal.compare_exchange_strong(none, sig)) {
    std::signal(sig, SIG_DFL);
    std::raise(sig); // delivered when this handler returns
  }
}

/// Installs onSignal for SIGINT and SIGTERM while it lives, also when
/// training ends with an exception.
class SignalGuard {
public:
  SignalGuard() {
    gSignal = 0;
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, &oldInt_);
    sigaction(SIGTERM, &sa, &oldTerm_);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &oldInt_, nullptr);
    sigaction(SIGTERM, &oldTerm_, nullptr);
  }

private:
  struct sigaction oldInt_ = {}, oldTerm_ = {};
};

/// `--train 0` / `--test 0` would train on nothing or divide by no samples
/// (a NaN fidelity): refused before any work, by masq and by standalone
/// trainers alike.
void checkSplitSizes(const TrainOptions &o) {
  if (o.train == 0)
    throw std::runtime_error("--train 0: the training split needs at least one image");
  if (o.test == 0)
    throw std::runtime_error("--test 0: the test split needs at least one image");
}

/// "w[3]" for entry 3 of the parameter w (flat, row-major), "b" for a scalar.
std::string paramName(const ModelInfo &info, size_t k) {
  for (const ParamSlot &p : info.params)
    if (int64_t(k) >= p.offset && int64_t(k) < p.offset + p.size)
      return p.shape.empty() ? p.name : p.name + "[" + std::to_string(int64_t(k) - p.offset) + "]";
  return "#" + std::to_string(k);
}

/// "not a number (nan)", "infinite (inf)", "infinite (-inf)".
std::string nonFinite(double x) {
  if (std::isnan(x))
    return "not a number (nan)";
  return x > 0 ? "infinite (inf)" : "infinite (-inf)";
}

/// Reconstruction in pixel units: the output `recon` (amplitudes) times the
/// clean image's norm (amplitude encoding forgets the norm).
bool reconstruction(const ModelInfo &info, const double *values, const double *clean,
                    int side, std::vector<double> &out) {
  const Slot *r = info.output("recon");
  size_t n = size_t(side) * side;
  if (!r || r->size != int64_t(n))
    return false;
  double scale = norm(clean, n);
  out.assign(values + r->offset, values + r->offset + n);
  for (double &x : out)
    x *= scale;
  return true;
}

json metricsJson(const CompiledModel &m, const Data &d, const std::vector<double> &theta,
                 const TrainOptions &o, std::vector<double> *firstRecons) {
  const ModelInfo &info = m.info;
  int side = d.side;
  size_t n = size_t(side) * side;
  Evaluated test = evaluate(m, d, d.test, theta, o);
  Evaluated trainEval = evaluate(m, d, d.train, theta, o);
  // Mean image of the train split: the constant-state baseline.
  std::vector<double> mean(n, 0.0);
  for (size_t i = 0; i < d.train.size(); ++i)
    for (size_t j = 0; j < n; ++j)
      mean[j] += d.train.image(i)[j] / double(d.train.size());
  double meanNorm = norm(mean.data(), n);

  Scores model, masked, constant;
  double loss = 0;
  bool haveRecon = true;
  std::vector<double> rec;
  auto features = [&](const Evaluated &e, const train::Dataset &set, int which,
                      std::vector<double> &out) {
    out.clear();
    for (size_t i = 0; i < set.size(); ++i) {
      const double *row = e.inputs.data() + i * info.inputSize;
      const double *vals = e.values.data() + i * info.numValues;
      std::vector<double> f;
      if (which == 0) {
        if (!reconstruction(info, vals, set.image(i), side, f))
          f.assign(set.image(i), set.image(i) + n);
      } else {
        f = maskedImage(info, set.image(i), row);
      }
      out.insert(out.end(), f.begin(), f.end());
    }
  };
  for (size_t i = 0; i < d.test.size(); ++i) {
    const double *clean = d.test.image(i);
    const double *row = test.inputs.data() + i * info.inputSize;
    const double *vals = test.values.data() + i * info.numValues;
    if (info.hasLoss)
      loss += vals[0];
    model.fidelity += sampleFidelity(info, vals);
    if (reconstruction(info, vals, clean, side, rec)) {
      addImageScores(model, clean, rec.data(), side);
      if (firstRecons && i < 10)
        firstRecons->insert(firstRecons->end(), rec.begin(), rec.end());
    } else {
      haveRecon = false;
      model.n += 1;
    }
    std::vector<double> mk = maskedImage(info, clean, row);
    masked.fidelity += stateFidelity(clean, mk.data(), n);
    addImageScores(masked, clean, mk.data(), side);
    std::vector<double> cst(n);
    double scale = meanNorm > 0 ? norm(clean, n) / meanNorm : 0.0;
    for (size_t j = 0; j < n; ++j)
      cst[j] = mean[j] * scale;
    constant.fidelity += stateFidelity(clean, cst.data(), n);
    addImageScores(constant, clean, cst.data(), side);
  }
  finishScores(model);
  finishScores(masked);
  finishScores(constant);
  // Linear probes: softmax regression on train-split features, test accuracy.
  int classes = std::max(d.train.numClasses, d.test.numClasses);
  std::vector<int> ytr(d.train.labels.begin(), d.train.labels.end());
  std::vector<int> yte(d.test.labels.begin(), d.test.labels.end());
  std::vector<double> ftr, fte;
  features(trainEval, d.train, 0, ftr);
  features(test, d.test, 0, fte);
  model.probe = train::linearProbe(ftr, ytr, fte, yte, int(n), classes).testAccuracy;
  features(trainEval, d.train, 1, ftr);
  features(test, d.test, 1, fte);
  masked.probe = train::linearProbe(ftr, ytr, fte, yte, int(n), classes).testAccuracy;
  constant.probe = 0;
  {
    // A constant feature carries no information: the probe predicts the
    // majority class of the train split.
    std::vector<int> counts(classes, 0);
    for (int y : ytr)
      counts[y]++;
    int best = int(std::max_element(counts.begin(), counts.end()) - counts.begin());
    int hit = 0;
    for (int y : yte)
      hit += y == best;
    constant.probe = yte.empty() ? 0 : double(hit) / yte.size();
  }
  json j;
  j["model"] = info.name;
  j["data"] = o.data;
  j["test_samples"] = d.test.size();
  j["test_loss"] = info.hasLoss ? loss / double(d.test.size()) : 0.0;
  j["fidelity_source"] = fidelityOutput(info) ? "output " + fidelityOutput(info)->name
                                              : std::string("1 - loss");
  j["reconstruction"] = haveRecon ? "output recon x |clean image|" : "none";
  j["metrics"] = model.toJson();
  j["baselines"] = {{"masked_input", masked.toJson()},
                    {"mean_image_state", constant.toJson()}};
  return j;
}

/// reconstructions.png (rows clean, masked, reconstructed) and loss.png, with
/// the test fidelity of the trivial baselines of metrics.json ("baselines")
/// as labelled lines on the fidelity axis.
void writePictures(const ModelInfo &info, const Data &d, const std::vector<double> &recons,
                   const std::string &dir, const std::vector<double> &trainLoss,
                   const std::vector<double> &testFid, uint64_t seed,
                   const json &baselines) {
  int side = d.side;
  size_t n = size_t(side) * side;
  size_t count = std::min<size_t>(10, d.test.size());
  std::vector<std::vector<double>> maskedImgs;
  std::vector<const double *> tiles;
  for (size_t i = 0; i < count; ++i)
    tiles.push_back(d.test.image(i));
  std::vector<size_t> idx(count);
  for (size_t i = 0; i < count; ++i)
    idx[i] = i;
  std::vector<double> rows; // the evaluation masks, as evaluate() draws them
  fillInputs(info, d, d.test, idx, 0, count, seed, -1, rows);
  for (size_t i = 0; i < count; ++i)
    maskedImgs.push_back(maskedImage(info, d.test.image(i), rows.data() + i * info.inputSize));
  for (auto &m : maskedImgs)
    tiles.push_back(m.data());
  std::vector<double> clipped(recons);
  for (double &x : clipped)
    x = std::min(1.0, std::max(0.0, x));
  for (size_t i = 0; i < count && (i + 1) * n <= clipped.size(); ++i)
    tiles.push_back(clipped.data() + i * n);
  auto grid = train::imageGrid(tiles, side, side, int(count), 8, 2, 1.0,
                               {"clean", "masked", "reconstructed"});
  train::writePngGray(dir + "/reconstructions.png", grid.width, grid.height, grid.values);
  train::Series a, b;
  a.label = "train loss";
  a.y = trainLoss;
  b.label = "test fidelity";
  b.y = testFid;
  b.axis = 1;
  train::PlotOptions po;
  po.title = info.name;
  po.xLabel = "epoch";
  po.yLabel = "loss";
  po.yLabelRight = "fidelity";
  for (auto [key, label] : {std::pair<const char *, const char *>{"masked_input", "masked input"},
                            {"mean_image_state", "mean image"}}) {
    train::Baseline bl;
    bl.y = baselines.at(key).at("fidelity").get<double>();
    char text[64];
    std::snprintf(text, sizeof text, "%s: fidelity %.3f", label, bl.y);
    bl.label = text;
    bl.axis = 1;
    po.baselines.push_back(bl);
  }
  train::plotLines(dir + "/loss.png", {a, b}, po);
}

/// Stops training at `epoch` (1-based) with `what`; the files of the last
/// whole epoch stay as they are.
[[noreturn]] void stopTraining(int epoch, const std::string &what, int savedEpoch,
                               const std::string &out) {
  std::string kept = savedEpoch > 0
                         ? "the last good checkpoint (epoch " + std::to_string(savedEpoch) +
                               ", " + out + "/checkpoint.json) is kept"
                         : "no epoch finished, so no checkpoint was written";
  throw std::runtime_error("epoch " + std::to_string(epoch) + ": " + what + "; " + kept);
}

} // namespace

/// --threads T caps every parallel loop, the runtime's OpenMP kernels (a
/// large state split over threads) as well as the batch's sample threads;
/// 0 keeps one thread per core.
static void useThreads(int threads) {
  if (threads > 0)
    rt::setNumThreads(threads);
}

int trainModel(const CompiledModel &m, const TrainOptions &o) {
  const ModelInfo &info = m.info;
  if (!m.gradient && !m.psGradient)
    throw std::runtime_error("model '" + info.name + "' has no loss: nothing to train");
  if (o.shots > 0 && !m.psGradient)
    throw std::runtime_error("--shots: model '" + info.name +
                             "' was compiled without its parameter-shift gradient (masq "
                             "train compiles it for --shots; masq build does not yet)");
  if (o.epochs < 1 || o.batch < 1 || !(o.lr > 0))
    throw std::runtime_error("--epochs, --batch and --lr must be positive");
  if (o.earlyStop > 0 && o.val == 0)
    throw std::runtime_error("--early-stop " + std::to_string(o.earlyStop) +
                             " needs a validation split: add --val N");
  const train::LrSchedule schedule{o.lrSchedule, o.lrStepSize, o.lrGamma, o.lrMin};
  train::scheduledLr(schedule, o.lr, 0, o.epochs); // an unknown kind throws here
  checkSplitSizes(o);
  useThreads(o.threads);
  if (std::string e;
      !checkModelMemory(info, o.train + o.test + o.val, o.threads, ModelUse::Train, e))
    throw std::runtime_error(e); // before any allocation
  // Under mpirun: every rank computes its share of each batch and holds the
  // same parameters; rank 0 alone writes and reports (masq/Model/Dist.h).
  const dist::World &world = dist::world();
  const bool root = world.root();
  if (world.size > 1) {
    std::fprintf(stderr, root ? "masq: data-parallel over %d processes\n" : "", world.size);
    dist::quietOtherRanks();
  }
  Data d = prepare(info, o);
  // One run per folder: a second trainer on this --out stops here instead of
  // racing for its files. Temp files left by a killed run go.
  std::optional<train::FolderLock> lock;
  if (root) {
    fs::create_directories(o.out);
    lock.emplace(o.out, "--out");
    train::removeStaleTemps(o.out);
  }
  std::string ckptPath = o.out + "/checkpoint.json";
  std::string paramsPath = o.out + "/params.json";

  std::vector<double> theta = initialParams(info, o.seed);
  auto opt = train::makeOptimizer(o.optimizer, o.lr);
  std::vector<double> trainLoss, testFid;
  History h; // validation, learning rates, epoch times
  int startEpoch = 0;
  if (o.resume && fs::exists(ckptPath)) {
    json c = train::readJson(ckptPath);
    json was = c.at("config"), now = configJson(o, info);
    was.erase("epochs");
    now.erase("epochs");
    if (was != now)
      throw std::runtime_error(ckptPath + ": written by a run with other settings; "
                               "resume with the same flags or use another --out");
    try {
      // The state must be numbers; the loss and fidelity histories only feed
      // the plot and metrics.json, so a null there (a NaN that an older masq
      // wrote) reads back as a gap.
      theta = train::readNumbers(c.at("theta"), "theta", false);
      if (int64_t(theta.size()) != info.numParams)
        throw std::runtime_error("parameter count does not match the model");
      opt->loadState(c.at("optimizer"));
      trainLoss = train::readNumbers(c.at("train_loss"), "train_loss", true);
      testFid = train::readNumbers(c.at("test_fidelity"), "test_fidelity", true);
      startEpoch = c.at("epoch").get<int>();
      h.load(c, info);
    } catch (const json::exception &e) {
      throw std::runtime_error(ckptPath + ": " + e.what());
    } catch (const std::runtime_error &e) {
      throw std::runtime_error(ckptPath + ": " + e.what() +
                               "; the run cannot resume from it (use another --out)");
    }
    // checkpoint.json is the one record of a run's state; params.json is
    // derived from it. A run killed between the two writes left params.json
    // one epoch behind: bring it up to date before anything else.
    if (root)
      train::writeFileAtomic(paramsPath, paramsJson(info, theta.data()));
    std::fprintf(stderr, "masq: resuming %s after epoch %d\n", o.out.c_str(), startEpoch);
  }
  int savedEpoch = startEpoch;
  if (root)
    train::writeJsonAtomic(o.out + "/config.json", configJson(o, info));

  std::vector<double> inputs, values, grad(info.numParams);
  double samplesPerSec = 0;
  bool checkZeroGradient = info.numParams > 0; // in the first epoch of this run
  std::optional<SignalGuard> signals(std::in_place);
  // A signal stops every rank at the same batch: the decision travels with
  // the gradient (one rank may see it before another).
  bool stop = false;
  for (int epoch = startEpoch; epoch < o.epochs && !stop; ++epoch) {
    auto t0 = std::chrono::steady_clock::now();
    opt->setLearningRate(train::scheduledLr(schedule, o.lr, epoch, o.epochs));
    std::vector<size_t> order = train::shuffledIndices(d.train.size(), mix(o.seed) + epoch);
    train::Progress progress(epoch + 1, o.epochs, d.train.size());
    double lossSum = 0;
    size_t done = 0;
    for (size_t first = 0; first < order.size() && !stop; first += o.batch) {
      size_t count = std::min<size_t>(o.batch, order.size() - first);
      // This rank's share of the batch: samples [first + lo, first + hi).
      auto [lo, hi] = dist::share(count, world.rank, world.size);
      fillInputs(info, d, d.train, order, first + lo, hi - lo, o.seed, epoch, inputs);
      std::vector<double> mine((hi - lo) * info.numValues, 0.0);
      std::fill(grad.begin(), grad.end(), 0.0);
      std::string error;
      // With shots: parameter shift, on streams new at every step.
      const bool ok =
          hi == lo ||
          (o.shots > 0 || !m.gradient // shots or noise: parameter shift
               ? psGradientBatch(m, theta.data(), inputs.data(), int64_t(hi - lo), mine.data(),
                                 grad.data(), o.threads, error,
                                 ShotOptions{o.shots, mix(mix(o.shotSeed) + uint64_t(epoch)),
                                             int64_t(first + lo), o.trajectories})
               : gradientBatch(m, theta.data(), inputs.data(), int64_t(hi - lo), mine.data(),
                               grad.data(), o.threads, error));
      if (!ok && world.size > 1)
        dist::abortAll("epoch " + std::to_string(epoch + 1) + ": training step failed: " +
                       error + "; the last checkpoint (epoch " + std::to_string(savedEpoch) +
                       ") is kept");
      if (!ok)
        stopTraining(epoch + 1, "training step failed: " + error, savedEpoch, o.out);
      // The batch's gradient sum (in rank order) and its values, on every rank.
      grad.push_back(gSignal ? 1.0 : 0.0);
      dist::sumInOrder(grad.data(), grad.size());
      stop = grad.back() > 0;
      grad.pop_back();
      values.assign(count * info.numValues, 0.0);
      std::vector<size_t> counts;
      for (int r = 0; r < world.size; ++r) {
        auto [a, b] = dist::share(count, r, world.size);
        counts.push_back((b - a) * size_t(info.numValues));
      }
      dist::allgather(mine.data(), mine.size(), values.data(), counts);
      // A non-number stops the run before it reaches the parameters, the
      // optimizer or a checkpoint (JSON has no NaN: it would be written as
      // null and the checkpoint could not be resumed).
      for (size_t s = 0; s < count; ++s)
        if (double v = values[s * info.numValues]; !std::isfinite(v))
          stopTraining(epoch + 1,
                       "the loss of training image " + std::to_string(order[first + s]) +
                           " is " + nonFinite(v),
                       savedEpoch, o.out);
      for (size_t k = 0; k < grad.size(); ++k)
        if (!std::isfinite(grad[k]))
          stopTraining(epoch + 1,
                       "the gradient with respect to " + paramName(info, k) + " is " +
                           nonFinite(grad[k]),
                       savedEpoch, o.out);
      if (checkZeroGradient && epoch == startEpoch &&
          std::all_of(grad.begin(), grad.end(), [](double g) { return g == 0.0; })) {
        progress.finish();
        std::fprintf(stderr,
                     "masq: warning: the gradient is exactly zero for every parameter "
                     "(epoch %d, batch %zu): the loss does not depend on the parameters, "
                     "or they start at a stationary point; `masq grad --check` compares "
                     "the gradient with finite differences\n",
                     epoch + 1, first / size_t(o.batch) + 1);
        checkZeroGradient = false;
      }
      for (double &g : grad)
        g /= double(count);
      if (o.clip > 0)
        train::clipGradNorm(grad.data(), grad.size(), o.clip);
      opt->step(theta.data(), grad.data(), grad.size());
      for (size_t k = 0; k < theta.size(); ++k)
        if (!std::isfinite(theta[k]))
          stopTraining(epoch + 1,
                       "the update made " + paramName(info, k) + " " + nonFinite(theta[k]) +
                           " (is --lr too large?)",
                       savedEpoch, o.out);
      for (size_t s = 0; s < count; ++s)
        lossSum += values[s * info.numValues];
      done += count;
      progress.update(done, lossSum / double(done));
    }
    progress.finish();
    if (done < order.size())
      break; // stopped by a signal: the checkpoint of the last full epoch stays
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    samplesPerSec = double(done) / secs;
    Evaluated ev;
    try {
      ev = evaluate(m, d, d.test, theta, o);
    } catch (const std::runtime_error &e) {
      stopTraining(epoch + 1, e.what(), savedEpoch, o.out);
    }
    double fid = 0;
    for (size_t i = 0; i < d.test.size(); ++i)
      fid += sampleFidelity(info, ev.values.data() + i * info.numValues);
    fid /= double(d.test.size());
    // A model without a fidelity output reports its loss, never a "fidelity".
    const TestFigure shown = testFigure(info, fid);
    if (!std::isfinite(fid))
      stopTraining(epoch + 1, "the " + shown.label + " is " + nonFinite(shown.value),
                   savedEpoch, o.out);
    trainLoss.push_back(lossSum / double(done));
    testFid.push_back(fid);
    std::vector<train::Metric> shownMetrics{{"loss", trainLoss.back()}, {shown.label, shown.value}};
    bool better = false;
    if (!(d.val.size() == 0)) {
      double v = 0;
      try {
        Evaluated ve = evaluate(m, d, d.val, theta, o);
        for (size_t i = 0; i < d.val.size(); ++i)
          v += ve.values[i * info.numValues];
      } catch (const std::runtime_error &e) {
        stopTraining(epoch + 1, e.what(), savedEpoch, o.out);
      }
      v /= double(d.val.size());
      if (!std::isfinite(v))
        stopTraining(epoch + 1, "the validation loss is " + nonFinite(v), savedEpoch, o.out);
      better = h.addVal(v, epoch + 1, theta);
      shownMetrics.push_back({"val loss", v});
    }
    h.lr.push_back(opt->learningRate());
    h.seconds.push_back(secs);
    train::epochLine(epoch + 1, o.epochs, shownMetrics, secs, done);
    json c{{"epoch", epoch + 1}, {"theta", theta}, {"optimizer", opt->state()},
           {"train_loss", trainLoss}, {"test_fidelity", testFid},
           {"config", configJson(o, info)}};
    h.save(c);
    // What --resume needs must read back as numbers.
    std::string bad = train::firstNonFinite(json{{"theta", c["theta"]},
                                                 {"optimizer", c["optimizer"]}});
    if (!bad.empty())
      stopTraining(epoch + 1, bad + " is not a finite number", savedEpoch, o.out);
    // The checkpoint is written first and is the record; params.json follows
    // and is rewritten from the checkpoint on --resume (see above).
    if (root) {
      train::writeJsonAtomic(ckptPath, c);
      train::writeFileAtomic(paramsPath, paramsJson(info, theta.data()));
      if (better)
        train::writeFileAtomic(o.out + "/best_params.json", paramsJson(info, theta.data()));
      train::writeFileAtomic(o.out + "/metrics.csv",
                             h.csv(trainLoss, testFid, testFigure(info, 0).label));
    }
    savedEpoch = epoch + 1;
    double signalled = gSignal ? 1 : 0; // during the evaluation: every rank stops here
    dist::sumInOrder(&signalled, 1);
    stop = stop || signalled > 0;
    if (o.earlyStop > 0 && epoch + 1 - h.bestEpoch >= o.earlyStop && epoch + 1 < o.epochs) {
      std::fprintf(stderr,
                   "masq: early stop after epoch %d: the validation loss has not improved "
                   "for %d epochs (best %.6g at epoch %d)\n",
                   epoch + 1, o.earlyStop, h.bestVal, h.bestEpoch);
      break;
    }
  }
  signals.reset();
  if (stop) {
    const int sig = gSignal ? int(gSignal) : SIGINT; // another rank's signal
    const char *name = sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "a signal";
    if (savedEpoch > 0)
      std::fprintf(stderr,
                   "masq: interrupted (%s); %s/checkpoint.json holds epoch %d "
                   "(continue with --resume)\n",
                   name, o.out.c_str(), savedEpoch);
    else
      std::fprintf(stderr,
                   "masq: interrupted (%s) before the first epoch finished; nothing "
                   "was saved\n",
                   name);
    return 128 + sig; // as a shell reports a process the signal ended
  }
  // With a validation split the run's result is its best epoch (as Keras'
  // restore_best_weights); checkpoint.json keeps the last state for --resume.
  if (!(d.val.size() == 0) && h.bestEpoch > 0) {
    theta = h.bestTheta;
    if (root)
      train::writeFileAtomic(paramsPath, paramsJson(info, theta.data()));
    std::fprintf(stderr, "masq: the result is epoch %d, the lowest validation loss (%.6g)\n",
                 h.bestEpoch, h.bestVal);
  }
  std::vector<double> recons;
  json metrics = metricsJson(m, d, theta, o, &recons);
  if (!(d.val.size() == 0)) {
    metrics["val_loss_per_epoch"] = h.val;
    metrics["best_epoch"] = h.bestEpoch;
  }
  metrics["lr_per_epoch"] = h.lr;
  metrics["train_loss"] = trainLoss;
  metrics["test_fidelity_per_epoch"] = testFid;
  metrics["train_samples_per_second"] = samplesPerSec;
  if (root) {
    train::writeJsonAtomic(o.out + "/metrics.json", metrics);
    writePictures(info, d, recons, o.out, trainLoss, testFid, o.seed, metrics["baselines"]);
    printSummary(info, metrics, o.out);
  }
  return 0;
}

int evalModel(const CompiledModel &m, const TrainOptions &o) {
  checkSplitSizes(o);
  useThreads(o.threads);
  if (dist::world().size > 1)
    dist::quietOtherRanks(); // the evaluation is shared; rank 0 prints it
  std::string paramsPath = o.out + "/params.json";
  if (std::string e; !checkModelMemory(m.info, o.train + o.test, o.threads, ModelUse::Forward, e))
    throw std::runtime_error(e); // before any allocation
  std::vector<double> theta = initialParams(m.info, o.seed);
  std::string error;
  if (!loadParams(paramsPath, m.info, theta, error))
    throw std::runtime_error(error);
  Data d = prepare(m.info, o);
  json metrics = metricsJson(m, d, theta, o, nullptr);
  std::printf("%s\n", metrics.dump(2).c_str());
  return 0;
}

} // namespace masq
