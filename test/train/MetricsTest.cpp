// Tests of the image metrics and the linear probe (masq/Train/Metrics.h).
#include "TestUtil.h"

#include "masq/Train/Data.h"
#include "masq/Train/Metrics.h"

#include <chrono>
#include <cmath>
#include <random>
#include <sys/stat.h>

using namespace masq::train;

TEST(Metrics, MseAndPsnrByHand) {
  double a[4] = {0.0, 0.5, 1.0, 0.25};
  double b[4] = {0.1, 0.5, 0.8, 0.25};
  // (0.01 + 0 + 0.04 + 0) / 4 = 0.0125
  EXPECT_NEAR(mse(a, b, 4), 0.0125, 1e-15);
  // 10 log10(1 / 0.0125) = 10 log10(80) = 19.0309...
  EXPECT_NEAR(psnr(a, b, 4), 19.030899869919434, 1e-12);
  // peak 2: 10 log10(4 / 0.0125) = 10 log10(320)
  EXPECT_NEAR(psnr(a, b, 4, 2.0), 25.051499783199060, 1e-12);
  EXPECT_TRUE(std::isinf(psnr(a, a, 4)));
  EXPECT_GT(psnr(a, a, 4), 0);
  EXPECT_EQ(mse(a, a, 4), 0.0);
}

namespace {
// SSIM of one window by its definition: means, sample (N-1) variances and
// covariance over all pixels.
double ssimOneWindow(const std::vector<double> &x, const std::vector<double> &y) {
  double n = double(x.size()), mx = 0, my = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double vx = 0, vy = 0, cxy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    vx += (x[i] - mx) * (x[i] - mx);
    vy += (y[i] - my) * (y[i] - my);
    cxy += (x[i] - mx) * (y[i] - my);
  }
  vx /= n - 1;
  vy /= n - 1;
  cxy /= n - 1;
  double c1 = 1e-4, c2 = 9e-4;
  return (2 * mx * my + c1) * (2 * cxy + c2) /
         ((mx * mx + my * my + c1) * (vx + vy + c2));
}
} // namespace

TEST(Metrics, SsimIdenticalIsOne) {
  std::vector<double> a(28 * 28);
  for (size_t i = 0; i < a.size(); ++i)
    a[i] = double((i * 7919) % 256) / 255.0;
  EXPECT_NEAR(ssim(a.data(), a.data(), 28, 28), 1.0, 1e-12);
  std::vector<double> flat(64, 0.3);
  EXPECT_NEAR(ssim(flat.data(), flat.data(), 8, 8), 1.0, 1e-12);
}

TEST(Metrics, SsimSevenBySevenByFormula) {
  std::vector<double> x(49), y(49);
  for (int i = 0; i < 49; ++i) {
    x[size_t(i)] = double((i * 13) % 17) / 16.0;
    y[size_t(i)] = std::min(1.0, 0.7 * x[size_t(i)] + 0.2 * double((i * 5) % 7) / 6.0);
  }
  double want = ssimOneWindow(x, y);
  EXPECT_NEAR(ssim(x.data(), y.data(), 7, 7), want, 1e-12);
  EXPECT_LT(want, 0.99); // a genuinely different pair
}

TEST(Metrics, SsimMatchesScikitImageAlgorithm) {
  // Reference values from scikit-image's algorithm (scipy uniform_filter,
  // sample covariance, crop by (win-1)/2, mean) run on the same images.
  int rows = 9, cols = 10;
  std::vector<double> a(size_t(rows * cols)), b(a.size());
  for (int i = 0; i < rows * cols; ++i) {
    a[size_t(i)] = double((i * 37) % 101) / 100.0;
    b[size_t(i)] = double((i * 53) % 97) / 96.0 * 0.5 + 0.25 * a[size_t(i)];
  }
  EXPECT_NEAR(ssim(a.data(), b.data(), rows, cols), 0.44717677344407275, 1e-12);

  // 5x6 image: window shrinks to 5.
  EXPECT_EQ(ssimWindow(5, 6), 5);
  EXPECT_EQ(ssimWindow(6, 6), 5);
  EXPECT_EQ(ssimWindow(28, 28), 7);
  rows = 5;
  cols = 6;
  std::vector<double> c(30), d(30);
  for (int r = 0; r < rows; ++r)
    for (int k = 0; k < cols; ++k) {
      size_t i = size_t(r * cols + k);
      c[i] = double((int(i) * 29) % 31) / 30.0;
      d[i] = std::min(1.0, std::max(0.0, c[i] + 0.1 * ((r + 2 * k) % 3 - 1)));
    }
  EXPECT_NEAR(ssim(c.data(), d.data(), rows, cols), 0.9641279675808159, 1e-12);
}

TEST(Probe, SeparableBlobsReachFullAccuracy) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(0.0, 0.3);
  const int dim = 5, K = 3;
  double centers[K][dim] = {{5, 0, 0, 1, 0}, {0, 5, 0, 0, 1}, {0, 0, 5, 1, 1}};
  auto make = [&](size_t n, std::vector<double> &X, std::vector<int> &Y) {
    for (size_t i = 0; i < n; ++i) {
      int k = int(i % K);
      Y.push_back(k);
      for (int d = 0; d < dim; ++d)
        X.push_back(centers[k][d] + noise(rng));
    }
  };
  std::vector<double> trX, teX;
  std::vector<int> trY, teY;
  make(150, trX, trY);
  make(60, teX, teY);
  ProbeResult r = linearProbe(trX, trY, teX, teY, dim, K);
  EXPECT_EQ(r.trainAccuracy, 1.0);
  EXPECT_EQ(r.testAccuracy, 1.0);
  EXPECT_LT(r.trainLoss, 0.05);
  // Deterministic.
  ProbeResult r2 = linearProbe(trX, trY, teX, teY, dim, K);
  EXPECT_EQ(r.trainLoss, r2.trainLoss);
  EXPECT_EQ(r.iterations, r2.iterations);
}

TEST(Probe, RandomLabelsDoNotGeneralise) {
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> trX, teX;
  std::vector<int> trY, teY;
  for (int i = 0; i < 400; ++i) {
    for (int d = 0; d < 4; ++d)
      (i < 300 ? trX : teX).push_back(u(rng));
    (i < 300 ? trY : teY).push_back(int(rng() % 4));
  }
  ProbeResult r = linearProbe(trX, trY, teX, teY, 4, 4);
  EXPECT_LT(r.testAccuracy, 0.45);
  EXPECT_GT(r.trainAccuracy, r.testAccuracy - 0.2);
}

TEST(Probe, RejectsBadInput) {
  std::vector<double> X = {1, 2, 3};
  std::vector<int> Y = {0, 1};
  EXPECT_THROW(linearProbe(X, Y, {}, {}, 2, 2), std::invalid_argument);
  std::vector<double> X2 = {1, 2, 3, 4};
  std::vector<int> Y2 = {0, 2};
  EXPECT_THROW(linearProbe(X2, Y2, {}, {}, 2, 2), std::invalid_argument);
}

TEST(Probe, DigitsPixelsFast) {
  struct stat st;
  if (::stat(kDigitsPath, &st) != 0)
    GTEST_SKIP() << "digits not installed";
  Dataset d = loadDigits(kDigitsPath);
  auto [tr, te] = split(d, 1500, 297, 0);
  std::vector<int> trY(tr.labels), teY(te.labels);
  auto t0 = std::chrono::steady_clock::now();
  ProbeResult r = linearProbe(tr.images, trY, te.images, teY, 64, 10);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Logistic regression on raw digits pixels: ~96% test accuracy.
  EXPECT_GT(r.testAccuracy, 0.92);
  EXPECT_GT(r.trainAccuracy, 0.97);
  EXPECT_LT(secs, 5.0); // generous for a loaded machine; typically ~0.2 s
  RecordProperty("probe_seconds", std::to_string(secs));
  std::printf("digits probe: train %.4f test %.4f, %d iterations, %.3f s\n",
              r.trainAccuracy, r.testAccuracy, r.iterations, secs);
}
