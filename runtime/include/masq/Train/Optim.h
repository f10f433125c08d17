//===- Optim.h - First-order optimizers --------------------------*- C++ -*-===//
//
// Adam and SGD (with optional momentum) over a flat parameter vector. Their
// state (moments, step count, hyper-parameters) round-trips through JSON
// exactly, so a run resumed from a checkpoint continues bit-identically.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TRAIN_OPTIM_H
#define MASQ_TRAIN_OPTIM_H

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace masq {
namespace train {

class Optimizer {
public:
  virtual ~Optimizer();
  // params -= update(grad). The first call fixes n; later calls with another
  // n throw std::invalid_argument.
  virtual void step(double *params, const double *grad, size_t n) = 0;
  // "adam" or "sgd".
  virtual std::string kind() const = 0;
  // {"kind", "lr", "step", hyper-parameters, moment vectors}.
  virtual nlohmann::json state() const = 0;
  // Restores state(); throws std::runtime_error on a kind mismatch or a
  // malformed state.
  virtual void loadState(const nlohmann::json &s) = 0;

  double learningRate() const { return lr_; }
  void setLearningRate(double lr) { lr_ = lr; }
  uint64_t steps() const { return t_; }

protected:
  explicit Optimizer(double lr) : lr_(lr) {}
  void checkSize(size_t n, const std::vector<double> &moment) const;
  double lr_;
  uint64_t t_ = 0;
};

class Adam final : public Optimizer {
public:
  explicit Adam(double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8);
  // m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
  // p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
  void step(double *params, const double *grad, size_t n) override;
  std::string kind() const override { return "adam"; }
  nlohmann::json state() const override;
  void loadState(const nlohmann::json &s) override;

  double beta1, beta2, eps;

private:
  std::vector<double> m_, v_;
};

class SGD final : public Optimizer {
public:
  explicit SGD(double lr = 1e-2, double momentum = 0.0);
  // Without momentum p -= lr g; with it v = mu v + g; p -= lr v.
  void step(double *params, const double *grad, size_t n) override;
  std::string kind() const override { return "sgd"; }
  nlohmann::json state() const override;
  void loadState(const nlohmann::json &s) override;

  double momentum;

private:
  std::vector<double> v_;
};

// "adam" | "sgd" (case-sensitive); throws std::runtime_error naming the
// accepted kinds otherwise.
std::unique_ptr<Optimizer> makeOptimizer(const std::string &kind, double lr);

// A learning-rate schedule over epochs, as PyTorch's schedulers:
//   constant: lr;
//   step:     lr * gamma^floor(epoch / stepSize)            (StepLR);
//   cosine:   minLr + (lr - minLr) (1 + cos(pi epoch / epochs)) / 2
//             (CosineAnnealingLR with T_max = epochs).
struct LrSchedule {
  std::string kind = "constant";
  int stepSize = 10;
  double gamma = 0.5;
  double minLr = 0.0;
};
// The learning rate of epoch `epoch` (0-based) of `epochs`.
double scheduledLr(const LrSchedule &s, double lr, int epoch, int epochs);

// Scales g[0..n) so that its L2 norm is at most maxNorm (as
// torch.nn.utils.clip_grad_norm_); returns the norm before. maxNorm <= 0
// leaves g as it is.
double clipGradNorm(double *g, size_t n, double maxNorm);

} // namespace train
} // namespace masq

#endif
