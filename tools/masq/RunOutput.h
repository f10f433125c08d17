//===- RunOutput.h - what masq run / grad compute and print -----*- C++ -*-===//
//
// The parts of `masq run` and `masq grad` after the model has been evaluated:
// the central-difference check of the gradient, the --shots estimates and
// the text and JSON reports. Driver.cpp compiles the model and evaluates it.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TOOLS_RUNOUTPUT_H
#define MASQ_TOOLS_RUNOUTPUT_H

#include "masq/Core/ModelInfo.h"
#include "masq/Model/Model.h"

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
}

namespace masq {

/// One evaluation of a batch: what the report prints.
struct RunResult {
  const ModelInfo *info = nullptr;
  int64_t batch = 0;
  std::vector<double> values; // batch * numValues
  bool gradient = false;      // `masq grad`: grad holds the gradient
  std::vector<double> grad;   // of the mean loss (numParams)
  double meanLoss() const;
};

/// What N measurements of an observable output would give, per sample.
struct ShotEstimate {
  const Slot *slot;
  std::vector<double> value, error; // per sample, concatenated
};
/// --shots: the observable outputs' estimates, and the loss computed from
/// the estimated observables (per sample; empty without a loss).
struct ShotReport {
  std::vector<ShotEstimate> outputs;
  std::vector<double> losses;
  double meanLoss() const;
};

/// Central differences (h = 1e-5; 2e-3 on complex64 states, whose loss is
/// rounded to about 1e-8) of the compiled forward pass against
/// r.grad; prints the worst difference. False (and `error`) when they
/// disagree or an evaluation fails.
bool checkGradient(const CompiledModel &m, const std::vector<double> &theta,
                   const std::vector<double> &inputs, const RunResult &r, std::string &error);

/// --shots: each observable output sampled `shots` times from a generator
/// seeded by `seed`, with standard errors. A fidelity is read from a SWAP
/// test (ancilla 0 with probability (1 + F)/2), an expval from the parity
/// (+1 with probability (1 + E)/2), prob and probabilities from the
/// outcomes. False (and `error`) when no output is an observable.
bool sampleShots(const CompiledModel &m, const std::vector<double> &theta,
                 const std::vector<double> &inputs, const RunResult &r,
                 const ShotOptions &device, ShotReport &out, std::string &error);

/// The report: one sample as flat arrays; several as the mean loss, each
/// sample's loss and outputs (one array per sample) and the gradient of the
/// mean loss.
void printRunJson(llvm::raw_ostream &os, const RunResult &r, const ShotReport &shots,
                  long long numShots);
void printRunText(llvm::raw_ostream &os, const RunResult &r, const ShotReport &shots,
                  long long numShots);

/// %.17g, so a printed number reads back to the same double.
void printNumber(llvm::raw_ostream &os, double x);
void printFlat(llvm::raw_ostream &os, const double *v, int64_t n, bool bracket);

} // namespace masq

#endif // MASQ_TOOLS_RUNOUTPUT_H
