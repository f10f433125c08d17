//===- Png.h - PNG output: image grids and line plots ------------*- C++ -*-===//
//
// Drawn and encoded with Cairo: anti-aliased lines and text in the system's
// sans-serif font (found through fontconfig). All files are written
// atomically (path + ".tmp", then renamed over path). Bad arguments throw
// std::invalid_argument; a failed write throws std::runtime_error naming the
// path; no Cairo object outlives a throw.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TRAIN_PNG_H
#define MASQ_TRAIN_PNG_H

#include <cstdint>
#include <string>
#include <vector>

namespace masq {
namespace train {

struct GrayImage {
  int width = 0, height = 0;
  std::vector<double> values; // height x width, row-major, in [0,1]
};

struct RgbImage {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb; // height x width x 3, row-major
};

// 8-bit grayscale; values are clamped to [0,1] (NaN -> 0) and mapped to
// round(v * 255). values.size() must be w * h.
void writePngGray(const std::string &path, int w, int h,
                  const std::vector<double> &values);
void writePngGray(const std::string &path, const GrayImage &img);
// 8-bit RGB; rgb.size() must be w * h * 3.
void writePngRgb(const std::string &path, int w, int h,
                 const std::vector<uint8_t> &rgb);
void writePngRgb(const std::string &path, const RgbImage &img);

// The encoded PNG file contents (what the writers above store).
std::string encodePngGray(int w, int h, const std::vector<double> &values);
std::string encodePngRgb(int w, int h, const std::vector<uint8_t> &rgb);

// Tiles images (each rows x cols, values in [0,1], row-major) into a grid of
// gridCols columns (images fill the grid row by row; a null pointer leaves
// its tile empty), each pixel upscaled to scale x scale (nearest), with
// `separator` pixels of value `separatorValue` between tiles and around the
// border. E.g. rows "clean, masked, reconstructed" of 10 columns: pass the
// 10 clean images, then the 10 masked, then the 10 reconstructed, gridCols 10.
// Non-empty `rowLabels` add a column on the left (background
// `separatorValue`) with rowLabels[i] written next to grid row i, dark on a
// light background and light on a dark one; labels past the last row are
// ignored.
GrayImage imageGrid(const std::vector<const double *> &images, int rows,
                    int cols, int gridCols, int scale = 1, int separator = 1,
                    double separatorValue = 0.5,
                    const std::vector<std::string> &rowLabels = {});

struct Series {
  std::string label;     // legend text
  std::vector<double> y; // non-finite values break the line
  std::vector<double> x; // empty: 1, 2, ..., y.size()
  int axis = 0;          // 0: left y axis, 1: right y axis (own range)
  // Line colour; all zero picks the next colour of a built-in palette.
  uint8_t r = 0, g = 0, b = 0;
};

// A constant reference value (say a trivial model's score), drawn as a
// dashed line across the plot with `label` written on it.
struct Baseline {
  std::string label;
  double y = 0; // non-finite (or non-positive on a log axis): not drawn
  int axis = 0; // as Series::axis
  // Line and label colour; all zero is dark grey.
  uint8_t r = 0, g = 0, b = 0;
};

struct PlotOptions {
  int width = 640, height = 400;
  std::string title;
  std::string xLabel;      // drawn under the x axis
  std::string yLabel;      // drawn above the left axis
  std::string yLabelRight; // drawn above the right axis
  bool logY = false;       // log10 y axes (non-positive values are skipped)
  std::vector<Baseline> baselines;
};

// A line plot on a white background: axes, ticks with numeric labels, light
// grid lines, the series as 2-pixel anti-aliased polylines, the baselines as
// dashed horizontal lines with their labels, and a legend of the series.
// Series and baselines on axis 0 share the left y range, those on axis 1 the
// right one.
RgbImage renderPlot(const std::vector<Series> &series,
                    const PlotOptions &opts = {});
void plotLines(const std::string &path, const std::vector<Series> &series,
               const PlotOptions &opts = {});

// Draws UTF-8 text (invalid bytes show as '?') in the sans-serif font at
// 10 * scale pixels, anti-aliased, with the top-left corner of its line box
// at (x, y). Returns the advance width in pixels, rounded up.
int drawText(RgbImage &img, int x, int y, const std::string &text, uint8_t r,
             uint8_t g, uint8_t b, int scale = 1);

} // namespace train
} // namespace masq

#endif
