//===- Progress.h - Training progress output ---------------------*- C++ -*-===//
#ifndef MASQ_TRAIN_PROGRESS_H
#define MASQ_TRAIN_PROGRESS_H

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace masq {
namespace train {

// A one-line progress bar for one epoch:
//   epoch 3/20 [#####.....] 45% loss 0.1234 1234 samples/s
// redrawn in place (carriage return, erase to end of line) when the output is
// a terminal, at most every 0.1 s and at the end of the epoch; prints nothing
// otherwise (logs and pipes get only the epoch lines).
class Progress {
public:
  // epoch counts from 1; total is the number of samples in the epoch.
  Progress(int epoch, int epochs, size_t total, std::FILE *out = stderr);
  ~Progress(); // finish()
  Progress(const Progress &) = delete;
  Progress &operator=(const Progress &) = delete;

  // `done` samples of the epoch processed, current (running) loss; a NaN
  // loss shows as "-".
  void update(size_t done, double loss);
  // Erases the line if one was drawn. Idempotent.
  void finish();

  bool interactive() const { return interactive_; }
  void setInteractive(bool on) { interactive_ = on; } // defaults to isatty
  // The text update() draws (without control characters).
  std::string line(size_t done, double loss) const;
  // Seconds since construction.
  double elapsed() const;

private:
  int epoch_, epochs_;
  size_t total_;
  std::FILE *out_;
  bool interactive_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

using Metric = std::pair<std::string, double>;

// "epoch 3/20 loss 0.1234 ssim 0.8123 2.5s 1234 samples/s" (samples == 0
// leaves out the rate).
std::string formatEpochLine(int epoch, int epochs,
                            const std::vector<Metric> &metrics, double seconds,
                            size_t samples = 0);
// Prints formatEpochLine(...) and a newline to `out`, flushed.
void epochLine(int epoch, int epochs, const std::vector<Metric> &metrics,
               double seconds, size_t samples = 0, std::FILE *out = stderr);

// "%.4g"-style short number text; "nan" / "inf" as such.
std::string formatNumber(double v);

} // namespace train
} // namespace masq

#endif
