//===- Progress.cpp - Training progress output ----------------------------===//

#include "masq/Train/Progress.h"

#include <algorithm>
#include <cmath>
#include <unistd.h>

namespace masq {
namespace train {

std::string formatNumber(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

Progress::Progress(int epoch, int epochs, size_t total, std::FILE *out)
    : epoch_(epoch), epochs_(epochs), total_(total), out_(out),
      interactive_(out && ::isatty(fileno(out))),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

Progress::~Progress() { finish(); }

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
      .count();
}

std::string Progress::line(size_t done, double loss) const {
  const int width = 10;
  double frac = total_ ? std::min(1.0, double(done) / double(total_)) : 1.0;
  int filled = int(frac * width);
  std::string s = "epoch " + std::to_string(epoch_) + "/" +
                  std::to_string(epochs_) + " [";
  s.append(size_t(filled), '#');
  s.append(size_t(width - filled), '.');
  s += "] " + std::to_string(int(frac * 100)) + "% loss ";
  s += std::isnan(loss) ? std::string("-") : formatNumber(loss);
  double t = elapsed();
  if (t > 0 && done > 0) {
    char b[48];
    std::snprintf(b, sizeof b, " %.0f samples/s", double(done) / t);
    s += b;
  }
  return s;
}

void Progress::update(size_t done, double loss) {
  if (!interactive_ || !out_)
    return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && done < total_ &&
      std::chrono::duration<double>(now - last_).count() < 0.1)
    return;
  last_ = now;
  std::fprintf(out_, "\r%s\033[K", line(done, loss).c_str());
  std::fflush(out_);
  drawn_ = true;
}

void Progress::finish() {
  if (drawn_ && out_) {
    std::fputs("\r\033[K", out_);
    std::fflush(out_);
  }
  drawn_ = false;
}

std::string formatEpochLine(int epoch, int epochs,
                            const std::vector<Metric> &metrics, double seconds,
                            size_t samples) {
  std::string s = "epoch " + std::to_string(epoch) + "/" + std::to_string(epochs);
  for (const Metric &m : metrics)
    s += " " + m.first + " " + formatNumber(m.second);
  char b[64];
  // Short epochs in milliseconds: "0.0s" would read as no time at all.
  if (seconds < 1)
    std::snprintf(b, sizeof b, " %.*f ms", seconds < 0.01 ? 2 : 0, seconds * 1e3);
  else
    std::snprintf(b, sizeof b, " %.1fs", seconds);
  s += b;
  if (samples > 0 && seconds > 0) {
    std::snprintf(b, sizeof b, " %.0f samples/s", double(samples) / seconds);
    s += b;
  }
  return s;
}

void epochLine(int epoch, int epochs, const std::vector<Metric> &metrics,
               double seconds, size_t samples, std::FILE *out) {
  if (!out)
    return;
  std::fprintf(out, "%s\n",
               formatEpochLine(epoch, epochs, metrics, seconds, samples).c_str());
  std::fflush(out);
}

} // namespace train
} // namespace masq
