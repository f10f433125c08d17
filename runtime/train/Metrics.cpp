//===- Metrics.cpp - Image quality metrics and a linear probe -------------===//

#include "masq/Train/Metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace masq {
namespace train {

double mse(const double *a, const double *b, size_t n) {
  if (n == 0)
    return 0;
  double s = 0;
  for (size_t i = 0; i < n; ++i) {
    double d = a[i] - b[i];
    s += d * d;
  }
  return s / double(n);
}

double psnr(const double *a, const double *b, size_t n, double peak) {
  double m = mse(a, b, n);
  if (m == 0)
    return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(peak * peak / m);
}

int ssimWindow(int rows, int cols) {
  int w = std::min(7, std::min(rows, cols));
  if (w % 2 == 0)
    --w;
  return w;
}

double ssim(const double *a, const double *b, int rows, int cols) {
  if (rows <= 0 || cols <= 0)
    throw std::invalid_argument("ssim: empty image " + std::to_string(rows) +
                                "x" + std::to_string(cols));
  const int w = ssimWindow(rows, cols);
  const double np = double(w) * w;
  const double covNorm = w > 1 ? np / (np - 1) : 1.0;
  const double C1 = 0.01 * 0.01, C2 = 0.03 * 0.03; // (K * data_range)^2
  double total = 0;
  long count = 0;
  for (int r0 = 0; r0 + w <= rows; ++r0)
    for (int c0 = 0; c0 + w <= cols; ++c0) {
      double sx = 0, sy = 0;
      for (int r = r0; r < r0 + w; ++r)
        for (int c = c0; c < c0 + w; ++c) {
          sx += a[size_t(r) * cols + c];
          sy += b[size_t(r) * cols + c];
        }
      double ux = sx / np, uy = sy / np;
      double vx = 0, vy = 0, vxy = 0;
      for (int r = r0; r < r0 + w; ++r)
        for (int c = c0; c < c0 + w; ++c) {
          double dx = a[size_t(r) * cols + c] - ux;
          double dy = b[size_t(r) * cols + c] - uy;
          vx += dx * dx;
          vy += dy * dy;
          vxy += dx * dy;
        }
      // Population moments times N/(N-1): sample covariances.
      vx = w > 1 ? vx / np * covNorm : 0;
      vy = w > 1 ? vy / np * covNorm : 0;
      vxy = w > 1 ? vxy / np * covNorm : 0;
      double num = (2 * ux * uy + C1) * (2 * vxy + C2);
      double den = (ux * ux + uy * uy + C1) * (vx + vy + C2);
      total += num / den;
      ++count;
    }
  return total / double(count);
}

// ---- linear probe -----------------------------------------------------------

namespace {

struct Problem {
  const std::vector<double> &X; // N x D, standardised
  const std::vector<int> &Y;
  size_t N;
  int D, K;
  double l2;

  size_t params() const { return size_t(K) * size_t(D + 1); }

  // Mean cross-entropy + 0.5 l2 |W|^2 and its gradient.
  double eval(const std::vector<double> &th, std::vector<double> &g) const {
    std::fill(g.begin(), g.end(), 0.0);
    std::vector<double> z(static_cast<size_t>(K));
    double loss = 0;
    const size_t P = size_t(D) + 1;
    for (size_t i = 0; i < N; ++i) {
      const double *x = &X[i * size_t(D)];
      double zmax = -std::numeric_limits<double>::infinity();
      for (int k = 0; k < K; ++k) {
        const double *w = &th[size_t(k) * P];
        double s = w[D];
        for (int d = 0; d < D; ++d)
          s += w[d] * x[d];
        z[size_t(k)] = s;
        zmax = std::max(zmax, s);
      }
      int y = Y[i];
      double zy = z[size_t(y)];
      double se = 0;
      for (int k = 0; k < K; ++k) {
        z[size_t(k)] = std::exp(z[size_t(k)] - zmax);
        se += z[size_t(k)];
      }
      loss += std::log(se) + zmax - zy; // -log softmax(z)_y
      for (int k = 0; k < K; ++k) {
        double p = z[size_t(k)] / se - (k == y ? 1.0 : 0.0);
        if (p == 0)
          continue;
        double *gk = &g[size_t(k) * P];
        for (int d = 0; d < D; ++d)
          gk[d] += p * x[d];
        gk[D] += p;
      }
    }
    double inv = 1.0 / double(N);
    double reg = 0;
    for (int k = 0; k < K; ++k)
      for (int d = 0; d <= D; ++d) {
        size_t j = size_t(k) * P + size_t(d);
        g[j] *= inv;
        if (d < D) {
          g[j] += l2 * th[j];
          reg += th[j] * th[j];
        }
      }
    return loss * inv + 0.5 * l2 * reg;
  }
};

double dot(const std::vector<double> &a, const std::vector<double> &b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i)
    s += a[i] * b[i];
  return s;
}

double maxAbs(const std::vector<double> &a) {
  double m = 0;
  for (double v : a)
    m = std::max(m, std::fabs(v));
  return m;
}

double accuracy(const std::vector<double> &X, const std::vector<int> &Y,
                const std::vector<double> &th, int D, int K) {
  if (Y.empty())
    return 0;
  size_t right = 0;
  const size_t P = size_t(D) + 1;
  for (size_t i = 0; i < Y.size(); ++i) {
    const double *x = &X[i * size_t(D)];
    int best = 0;
    double bestZ = -std::numeric_limits<double>::infinity();
    for (int k = 0; k < K; ++k) {
      const double *w = &th[size_t(k) * P];
      double s = w[D];
      for (int d = 0; d < D; ++d)
        s += w[d] * x[d];
      if (s > bestZ) {
        bestZ = s;
        best = k;
      }
    }
    right += best == Y[i];
  }
  return double(right) / double(Y.size());
}

void checkSet(const char *what, const std::vector<double> &X,
              const std::vector<int> &Y, int dim, int K) {
  if (X.size() != Y.size() * size_t(dim))
    throw std::invalid_argument(std::string("linearProbe: ") + what + " has " +
                                std::to_string(X.size()) + " features for " +
                                std::to_string(Y.size()) + " labels of dim " +
                                std::to_string(dim));
  for (size_t i = 0; i < Y.size(); ++i)
    if (Y[i] < 0 || Y[i] >= K)
      throw std::invalid_argument(std::string("linearProbe: ") + what +
                                  " label " + std::to_string(Y[i]) + " at " +
                                  std::to_string(i) + " out of range 0.." +
                                  std::to_string(K - 1));
}

} // namespace

ProbeResult linearProbe(const std::vector<double> &trainX,
                        const std::vector<int> &trainY,
                        const std::vector<double> &testX,
                        const std::vector<int> &testY, int dim, int numClasses,
                        const ProbeOptions &opts) {
  if (dim <= 0 || numClasses <= 0)
    throw std::invalid_argument("linearProbe: bad dim " + std::to_string(dim) +
                                " / numClasses " + std::to_string(numClasses));
  checkSet("train set", trainX, trainY, dim, numClasses);
  checkSet("test set", testX, testY, dim, numClasses);
  if (trainY.empty())
    throw std::invalid_argument("linearProbe: empty train set");
  const size_t N = trainY.size(), D = size_t(dim);

  // Standardise with the train statistics.
  std::vector<double> mean(D, 0.0), sd(D, 0.0);
  for (size_t i = 0; i < N; ++i)
    for (size_t d = 0; d < D; ++d)
      mean[d] += trainX[i * D + d];
  for (double &m : mean)
    m /= double(N);
  for (size_t i = 0; i < N; ++i)
    for (size_t d = 0; d < D; ++d) {
      double v = trainX[i * D + d] - mean[d];
      sd[d] += v * v;
    }
  for (double &s : sd) {
    s = std::sqrt(s / double(N));
    if (!(s > 1e-12))
      s = 1.0;
  }
  auto standardise = [&](const std::vector<double> &X) {
    std::vector<double> out(X.size());
    for (size_t i = 0; i < X.size(); ++i)
      out[i] = (X[i] - mean[i % D]) / sd[i % D];
    return out;
  };
  std::vector<double> Xtr = standardise(trainX), Xte = standardise(testX);

  Problem pb{Xtr, trainY, N, dim, numClasses, opts.l2};
  const size_t P = pb.params();
  std::vector<double> th(P, 0.0), g(P), thNew(P), gNew(P), dir(P);
  double f = pb.eval(th, g);
  const int m = std::max(1, opts.history);
  std::vector<std::vector<double>> S, Yv;
  std::vector<double> rho;
  int it = 0;
  for (; it < opts.maxIterations; ++it) {
    if (maxAbs(g) < opts.tolerance)
      break;
    // Two-loop recursion: dir = -H g.
    dir = g;
    std::vector<double> alpha(S.size());
    for (size_t j = S.size(); j-- > 0;) {
      alpha[j] = rho[j] * dot(S[j], dir);
      for (size_t q = 0; q < P; ++q)
        dir[q] -= alpha[j] * Yv[j][q];
    }
    double gamma = S.empty() ? 1.0 / std::max(1.0, std::sqrt(dot(g, g)))
                             : dot(S.back(), Yv.back()) / dot(Yv.back(), Yv.back());
    for (double &v : dir)
      v *= gamma;
    for (size_t j = 0; j < S.size(); ++j) {
      double beta = rho[j] * dot(Yv[j], dir);
      for (size_t q = 0; q < P; ++q)
        dir[q] += (alpha[j] - beta) * S[j][q];
    }
    for (double &v : dir)
      v = -v;
    double slope = dot(g, dir);
    if (!(slope < 0)) { // not a descent direction: restart from steepest descent
      S.clear();
      Yv.clear();
      rho.clear();
      double s = 1.0 / std::max(1.0, std::sqrt(dot(g, g)));
      for (size_t q = 0; q < P; ++q)
        dir[q] = -g[q] * s;
      slope = dot(g, dir);
    }
    // Backtracking Armijo line search.
    double step = 1.0, fNew = f;
    bool ok = false;
    for (int ls = 0; ls < 40; ++ls) {
      for (size_t q = 0; q < P; ++q)
        thNew[q] = th[q] + step * dir[q];
      fNew = pb.eval(thNew, gNew);
      if (std::isfinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        ok = true;
        break;
      }
      step *= 0.5;
    }
    if (!ok)
      break;
    std::vector<double> s(P), y(P);
    for (size_t q = 0; q < P; ++q) {
      s[q] = thNew[q] - th[q];
      y[q] = gNew[q] - g[q];
    }
    double sy = dot(s, y);
    if (sy > 1e-12 * std::sqrt(dot(s, s) * dot(y, y))) {
      if (int(S.size()) == m) {
        S.erase(S.begin());
        Yv.erase(Yv.begin());
        rho.erase(rho.begin());
      }
      S.push_back(std::move(s));
      Yv.push_back(std::move(y));
      rho.push_back(1.0 / sy);
    }
    double fOld = f;
    th.swap(thNew);
    g.swap(gNew);
    f = fNew;
    if (fOld - f <= 1e-13 * std::max(1.0, std::fabs(f)))
      break;
  }

  ProbeResult r;
  r.iterations = it;
  r.trainLoss = f;
  r.trainAccuracy = accuracy(Xtr, trainY, th, dim, numClasses);
  r.testAccuracy = accuracy(Xte, testY, th, dim, numClasses);
  return r;
}

} // namespace train
} // namespace masq
