//===- Metrics.h - Image quality metrics and a linear probe -----*- C++ -*-===//
#ifndef MASQ_TRAIN_METRICS_H
#define MASQ_TRAIN_METRICS_H

#include <cstddef>
#include <vector>

namespace masq {
namespace train {

// Mean squared error over n values.
double mse(const double *a, const double *b, size_t n);

// Peak signal-to-noise ratio in dB: 10 log10(peak^2 / mse). Returns +infinity
// for identical images (mse == 0).
double psnr(const double *a, const double *b, size_t n, double peak = 1.0);

// Mean structural similarity of two rows x cols images with values in [0,1],
// matching scikit-image's structural_similarity(a, b, data_range=1) defaults:
// a uniform win x win window with win = 7 (or, for smaller images,
// min(7, rows, cols) rounded down to odd), K1 = 0.01, K2 = 0.03, sample
// covariances (normalised by N-1), averaged over the window positions that
// lie fully inside the image. For a 1-pixel window the (undefined) variances
// are taken as 0.
double ssim(const double *a, const double *b, int rows, int cols);
// The window size ssim() uses for a rows x cols image.
int ssimWindow(int rows, int cols);

struct ProbeOptions {
  double l2 = 1e-4;        // L2 penalty 0.5 * l2 * |W|^2 (the bias is free)
  int maxIterations = 300; // L-BFGS iterations
  double tolerance = 1e-6; // stop when |grad|_inf falls below this
  int history = 10;        // L-BFGS memory
};

struct ProbeResult {
  double trainAccuracy = 0, testAccuracy = 0;
  double trainLoss = 0; // final regularised mean cross-entropy
  int iterations = 0;
};

// Multinomial logistic regression (softmax with bias) on trainX (rows of
// `dim` features), features standardised with the train mean and standard
// deviation, fitted by deterministic L-BFGS; reports train and test accuracy.
// Labels must be in [0, numClasses).
ProbeResult linearProbe(const std::vector<double> &trainX,
                        const std::vector<int> &trainY,
                        const std::vector<double> &testX,
                        const std::vector<int> &testY, int dim, int numClasses,
                        const ProbeOptions &opts = {});

} // namespace train
} // namespace masq

#endif
