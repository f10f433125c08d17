//===- Png.cpp - PNG output: image grids and line plots -------------------===//

#include "masq/Train/Png.h"
#include "masq/Train/Checkpoint.h"

#include <png.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace masq {
namespace train {

// ---- encoding ---------------------------------------------------------------

namespace {

std::string encode(int w, int h, const uint8_t *pixels, bool rgb) {
  if (w <= 0 || h <= 0)
    throw std::invalid_argument("png: bad size " + std::to_string(w) + "x" +
                                std::to_string(h));
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = png_uint_32(w);
  image.height = png_uint_32(h);
  image.format = rgb ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  png_alloc_size_t bytes = 0;
  if (!png_image_write_to_memory(&image, nullptr, &bytes, 0, pixels, 0, nullptr))
    throw std::runtime_error(std::string("png: cannot encode: ") + image.message);
  std::string out(bytes, '\0');
  if (!png_image_write_to_memory(&image, &out[0], &bytes, 0, pixels, 0, nullptr))
    throw std::runtime_error(std::string("png: cannot encode: ") + image.message);
  out.resize(bytes);
  png_image_free(&image);
  return out;
}

void checkSize(const char *what, int w, int h, size_t have, size_t perPixel) {
  if (w <= 0 || h <= 0 || have != size_t(w) * size_t(h) * perPixel)
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(have) +
                                " values for a " + std::to_string(w) + "x" +
                                std::to_string(h) + " image");
}

} // namespace

std::string encodePngGray(int w, int h, const std::vector<double> &values) {
  checkSize("encodePngGray", w, h, values.size(), 1);
  std::vector<uint8_t> px(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    double v = values[i];
    v = v > 0 ? (v < 1 ? v : 1) : 0; // NaN -> 0
    px[i] = uint8_t(std::lround(v * 255.0));
  }
  return encode(w, h, px.data(), false);
}

std::string encodePngRgb(int w, int h, const std::vector<uint8_t> &rgb) {
  checkSize("encodePngRgb", w, h, rgb.size(), 3);
  return encode(w, h, rgb.data(), true);
}

void writePngGray(const std::string &path, int w, int h,
                  const std::vector<double> &values) {
  writeFileAtomic(path, encodePngGray(w, h, values));
}
void writePngGray(const std::string &path, const GrayImage &img) {
  writePngGray(path, img.width, img.height, img.values);
}
void writePngRgb(const std::string &path, int w, int h,
                 const std::vector<uint8_t> &rgb) {
  writeFileAtomic(path, encodePngRgb(w, h, rgb));
}
void writePngRgb(const std::string &path, const RgbImage &img) {
  writePngRgb(path, img.width, img.height, img.rgb);
}

// ---- grid -------------------------------------------------------------------

GrayImage imageGrid(const std::vector<const double *> &images, int rows,
                    int cols, int gridCols, int scale, int separator,
                    double separatorValue) {
  if (rows <= 0 || cols <= 0 || gridCols <= 0 || scale <= 0 || separator < 0 ||
      images.empty())
    throw std::invalid_argument("imageGrid: bad layout");
  int gridRows = int((images.size() + size_t(gridCols) - 1) / size_t(gridCols));
  int tw = cols * scale, th = rows * scale;
  GrayImage g;
  g.width = gridCols * tw + (gridCols + 1) * separator;
  g.height = gridRows * th + (gridRows + 1) * separator;
  g.values.assign(size_t(g.width) * size_t(g.height), separatorValue);
  for (size_t k = 0; k < images.size(); ++k) {
    const double *im = images[k];
    if (!im)
      continue;
    int gr = int(k / size_t(gridCols)), gc = int(k % size_t(gridCols));
    int x0 = separator + gc * (tw + separator);
    int y0 = separator + gr * (th + separator);
    for (int y = 0; y < th; ++y)
      for (int x = 0; x < tw; ++x)
        g.values[size_t(y0 + y) * size_t(g.width) + size_t(x0 + x)] =
            im[size_t(y / scale) * size_t(cols) + size_t(x / scale)];
  }
  return g;
}

// ---- font -------------------------------------------------------------------

namespace {

struct Glyph {
  char c;
  uint8_t rows[7]; // 5 bits each, MSB (bit 4) leftmost
};

const Glyph kFont[] = {
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}},
    {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}},
    {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}},
    {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}},
    {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}},
    {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {'A', {0x0E, 0x11, 0x11, 0x11, 0x1F, 0x11, 0x11}},
    {'B', {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E}},
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}},
    {'D', {0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C}},
    {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}},
    {'F', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10}},
    {'G', {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}},
    {'H', {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'J', {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C}},
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}},
    {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}},
    {'M', {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}},
    {'N', {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11}},
    {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'P', {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10}},
    {'Q', {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}},
    {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}},
    {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'V', {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'W', {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}},
    {'X', {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11}},
    {'Y', {0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04}},
    {'Z', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F}},
    {'.', {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C}},
    {',', {0x00, 0x00, 0x00, 0x00, 0x0C, 0x04, 0x08}},
    {'-', {0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00}},
    {'+', {0x00, 0x04, 0x04, 0x1F, 0x04, 0x04, 0x00}},
    {':', {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00}},
    {'/', {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x00}},
    {'(', {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02}},
    {')', {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08}},
    {'[', {0x0E, 0x08, 0x08, 0x08, 0x08, 0x08, 0x0E}},
    {']', {0x0E, 0x02, 0x02, 0x02, 0x02, 0x02, 0x0E}},
    {'=', {0x00, 0x00, 0x1F, 0x00, 0x1F, 0x00, 0x00}},
    {'%', {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03}},
    {'_', {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F}},
    {'#', {0x0A, 0x0A, 0x1F, 0x0A, 0x1F, 0x0A, 0x0A}},
    {'\'', {0x04, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00}},
};

const Glyph *glyph(char c) {
  if (c >= 'a' && c <= 'z')
    c = char(c - 'a' + 'A');
  for (const Glyph &g : kFont)
    if (g.c == c)
      return &g;
  return nullptr;
}

void setPixel(RgbImage &img, int x, int y, uint8_t r, uint8_t g, uint8_t b) {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height)
    return;
  uint8_t *p = &img.rgb[(size_t(y) * size_t(img.width) + size_t(x)) * 3];
  p[0] = r;
  p[1] = g;
  p[2] = b;
}

void fillRect(RgbImage &img, int x0, int y0, int x1, int y1, uint8_t r,
              uint8_t g, uint8_t b) {
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      setPixel(img, x, y, r, g, b);
}

int textWidth(const std::string &s, int scale = 1) {
  return s.empty() ? 0 : (int(s.size()) * 6 - 1) * scale;
}

} // namespace

int drawText(RgbImage &img, int x, int y, const std::string &text, uint8_t r,
             uint8_t g, uint8_t b, int scale) {
  int cx = x;
  for (char c : text) {
    if (const Glyph *gl = glyph(c))
      for (int row = 0; row < 7; ++row)
        for (int col = 0; col < 5; ++col)
          if (gl->rows[row] & (0x10 >> col))
            fillRect(img, cx + col * scale, y + row * scale,
                     cx + (col + 1) * scale, y + (row + 1) * scale, r, g, b);
    cx += 6 * scale;
  }
  return textWidth(text, scale);
}

// ---- plot -------------------------------------------------------------------

namespace {

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return !(lo <= hi); }
};

double niceStep(double span, int target) {
  double raw = span / std::max(1, target);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double f = raw / mag;
  double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * mag;
}

struct Tick {
  double pos; // in axis units (log10 for log axes)
  std::string label;
};

std::string fmtNum(double v, double step) {
  char b[32];
  double a = std::fabs(v);
  if (v == 0)
    return "0";
  if (a >= 1e5 || a < 1e-3) {
    std::snprintf(b, sizeof b, "%.2g", v);
  } else {
    int dec = step >= 1 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
    dec = std::min(dec, 6);
    std::snprintf(b, sizeof b, "%.*f", dec, v);
  }
  return b;
}

// Linear axis: pads a degenerate range and returns nice ticks.
std::vector<Tick> linearTicks(double &lo, double &hi, int target) {
  // A range within rounding of one value (a constant loss summed in another
  // order) counts as degenerate: a step below the values' spacing would
  // never advance the loop below.
  if (hi - lo <= 1e-9 * std::max(std::fabs(lo), std::fabs(hi))) {
    double d = std::fabs(lo) > 0 ? std::fabs(lo) * 0.1 : 1.0;
    lo -= d;
    hi += d;
  }
  double step = niceStep(hi - lo, target);
  std::vector<Tick> t;
  for (double v = std::ceil(lo / step - 1e-9) * step;
       v <= hi + step * 1e-9 && t.size() < size_t(4 * target + 4); v += step) {
    double vv = std::fabs(v) < step * 1e-9 ? 0.0 : v;
    t.push_back({vv, fmtNum(vv, step)});
  }
  return t;
}

// Log axis in log10 units: decades, plus 2x and 5x within narrow ranges.
std::vector<Tick> logTicks(double &lo, double &hi) {
  if (hi - lo <= 0) {
    lo -= 0.5;
    hi += 0.5;
  }
  std::vector<Tick> t;
  bool fine = hi - lo < 2.0;
  for (int d = int(std::floor(lo)); d <= int(std::ceil(hi)); ++d)
    for (double m : {1.0, 2.0, 5.0}) {
      if (m != 1.0 && !fine)
        continue;
      double p = d + std::log10(m);
      if (p < lo - 1e-9 || p > hi + 1e-9)
        continue;
      char b[32];
      std::snprintf(b, sizeof b, "%g", m * std::pow(10.0, d));
      t.push_back({p, b});
    }
  if (t.size() < 2) { // less than a decade without a round value: linear labels
    t.clear();
    double step = (hi - lo) / 4;
    for (int i = 0; i <= 4; ++i) {
      double p = lo + i * step;
      char b[32];
      std::snprintf(b, sizeof b, "%.3g", std::pow(10.0, p));
      t.push_back({p, b});
    }
  }
  return t;
}

void drawLine(RgbImage &img, int x0, int y0, int x1, int y1, uint8_t r,
              uint8_t g, uint8_t b, int cx0, int cy0, int cx1, int cy1) {
  int dx = std::abs(x1 - x0), dy = -std::abs(y1 - y0);
  int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
  int err = dx + dy;
  for (;;) {
    for (int oy = 0; oy < 2; ++oy)
      for (int ox = 0; ox < 2; ++ox) {
        int px = x0 + ox, py = y0 + oy;
        if (px >= cx0 && px < cx1 && py >= cy0 && py < cy1)
          setPixel(img, px, py, r, g, b);
      }
    if (x0 == x1 && y0 == y1)
      break;
    int e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

const uint8_t kPalette[][3] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},
                               {214, 39, 40},  {148, 103, 189}, {140, 86, 75}};

} // namespace

RgbImage renderPlot(const std::vector<Series> &series, const PlotOptions &o) {
  if (o.width < 120 || o.height < 80)
    throw std::invalid_argument("plotLines: image too small (" +
                                std::to_string(o.width) + "x" +
                                std::to_string(o.height) + ")");
  RgbImage img;
  img.width = o.width;
  img.height = o.height;
  img.rgb.assign(size_t(o.width) * size_t(o.height) * 3, 255);

  auto yval = [&](double v) {
    if (!std::isfinite(v))
      return std::numeric_limits<double>::quiet_NaN();
    if (o.logY)
      return v > 0 ? std::log10(v) : std::numeric_limits<double>::quiet_NaN();
    return v;
  };
  auto xval = [](const Series &s, size_t i) {
    return s.x.empty() ? double(i + 1) : (i < s.x.size() ? s.x[i] : NAN);
  };

  Range xr, yr[2];
  bool hasRight = false;
  for (const Series &s : series) {
    int ax = s.axis == 1 ? 1 : 0;
    hasRight = hasRight || ax == 1;
    for (size_t i = 0; i < s.y.size(); ++i) {
      double x = xval(s, i), y = yval(s.y[i]);
      if (std::isfinite(x) && std::isfinite(y)) {
        xr.add(x);
        yr[ax].add(y);
      }
    }
  }
  if (xr.empty()) {
    xr.lo = 0;
    xr.hi = 1;
  }
  for (Range &r : yr)
    if (r.empty()) {
      r.lo = o.logY ? -1 : 0;
      r.hi = o.logY ? 0 : 1;
    }

  const int left = 64, right = hasRight ? 64 : 20;
  const int top = o.title.empty() ? 24 : 34, bottom = o.xLabel.empty() ? 30 : 44;
  const int px0 = left, px1 = o.width - right, py0 = top, py1 = o.height - bottom;

  std::vector<Tick> xt = linearTicks(xr.lo, xr.hi, 6);
  std::vector<Tick> yt[2];
  for (int a = 0; a < 2; ++a) {
    if (o.logY) {
      double pad = (yr[a].hi - yr[a].lo) * 0.03;
      yr[a].lo -= pad;
      yr[a].hi += pad;
      yt[a] = logTicks(yr[a].lo, yr[a].hi);
    } else {
      // A little head room so lines do not run along the frame.
      double pad = (yr[a].hi - yr[a].lo) * 0.05;
      yr[a].lo -= pad;
      yr[a].hi += pad;
      yt[a] = linearTicks(yr[a].lo, yr[a].hi, 5);
    }
  }
  auto X = [&](double x) {
    return px0 + int(std::lround((x - xr.lo) / (xr.hi - xr.lo) * (px1 - px0 - 1)));
  };
  auto Y = [&](int a, double y) {
    return py1 - 1 -
           int(std::lround((y - yr[a].lo) / (yr[a].hi - yr[a].lo) * (py1 - py0 - 1)));
  };

  // Grid lines (left axis and x), then the frame and ticks.
  for (const Tick &t : xt)
    fillRect(img, X(t.pos), py0, X(t.pos) + 1, py1, 230, 230, 230);
  for (const Tick &t : yt[0])
    fillRect(img, px0, Y(0, t.pos), px1, Y(0, t.pos) + 1, 230, 230, 230);
  fillRect(img, px0 - 1, py0, px0, py1 + 1, 0, 0, 0);
  fillRect(img, px0 - 1, py1, px1 + 1, py1 + 1, 0, 0, 0);
  fillRect(img, px1, py0, px1 + 1, py1 + 1, hasRight ? 0 : 160,
           hasRight ? 0 : 160, hasRight ? 0 : 160);
  fillRect(img, px0 - 1, py0 - 1, px1 + 1, py0, 160, 160, 160);
  for (const Tick &t : xt) {
    int x = X(t.pos);
    fillRect(img, x, py1 + 1, x + 1, py1 + 5, 0, 0, 0);
    drawText(img, x - textWidth(t.label) / 2, py1 + 8, t.label, 0, 0, 0);
  }
  for (const Tick &t : yt[0]) {
    int y = Y(0, t.pos);
    fillRect(img, px0 - 5, y, px0 - 1, y + 1, 0, 0, 0);
    drawText(img, px0 - 8 - textWidth(t.label), y - 3, t.label, 0, 0, 0);
  }
  if (hasRight)
    for (const Tick &t : yt[1]) {
      int y = Y(1, t.pos);
      fillRect(img, px1 + 1, y, px1 + 5, y + 1, 0, 0, 0);
      drawText(img, px1 + 8, y - 3, t.label, 0, 0, 0);
    }
  if (!o.title.empty()) {
    int ts = textWidth(o.title, 2) <= o.width - 20 ? 2 : 1;
    drawText(img, (o.width - textWidth(o.title, ts)) / 2, 6, o.title, 0, 0, 0,
             ts);
  }
  if (!o.xLabel.empty())
    drawText(img, (px0 + px1 - textWidth(o.xLabel)) / 2, o.height - 14, o.xLabel,
             0, 0, 0);
  if (!o.yLabel.empty())
    drawText(img, 4, py0 - 12, o.yLabel, 0, 0, 0);
  if (hasRight && !o.yLabelRight.empty())
    drawText(img, o.width - 4 - textWidth(o.yLabelRight), py0 - 12,
             o.yLabelRight, 0, 0, 0);

  // Series.
  size_t next = 0;
  std::vector<std::array<uint8_t, 3>> colours;
  for (const Series &s : series) {
    std::array<uint8_t, 3> c{s.r, s.g, s.b};
    if (!s.r && !s.g && !s.b) {
      const uint8_t *p = kPalette[next++ % (sizeof kPalette / sizeof kPalette[0])];
      c = {p[0], p[1], p[2]};
    }
    colours.push_back(c);
    int a = s.axis == 1 ? 1 : 0;
    bool have = false;
    int lx = 0, ly = 0;
    for (size_t i = 0; i < s.y.size(); ++i) {
      double x = xval(s, i), y = yval(s.y[i]);
      if (!std::isfinite(x) || !std::isfinite(y)) {
        have = false;
        continue;
      }
      int cx = X(x), cy = Y(a, y);
      if (have)
        drawLine(img, lx, ly, cx, cy, c[0], c[1], c[2], px0, py0, px1, py1);
      else // a lone point still shows
        drawLine(img, cx, cy, cx, cy, c[0], c[1], c[2], px0, py0, px1, py1);
      have = true;
      lx = cx;
      ly = cy;
    }
  }

  // Legend, top right inside the plot area.
  int lw = 0, n = 0;
  for (const Series &s : series)
    if (!s.label.empty()) {
      lw = std::max(lw, textWidth(s.label));
      ++n;
    }
  if (n > 0) {
    int bw = lw + 34, bh = n * 12 + 6;
    int bx = px1 - bw - 6, by = py0 + 6;
    fillRect(img, bx, by, bx + bw, by + bh, 255, 255, 255);
    fillRect(img, bx, by, bx + bw, by + 1, 160, 160, 160);
    fillRect(img, bx, by + bh - 1, bx + bw, by + bh, 160, 160, 160);
    fillRect(img, bx, by, bx + 1, by + bh, 160, 160, 160);
    fillRect(img, bx + bw - 1, by, bx + bw, by + bh, 160, 160, 160);
    int row = 0;
    for (size_t k = 0; k < series.size(); ++k) {
      if (series[k].label.empty())
        continue;
      int y = by + 4 + row * 12;
      fillRect(img, bx + 5, y + 3, bx + 23, y + 5, colours[k][0], colours[k][1],
               colours[k][2]);
      drawText(img, bx + 28, y, series[k].label, 0, 0, 0);
      ++row;
    }
  }
  return img;
}

void plotLines(const std::string &path, const std::vector<Series> &series,
               const PlotOptions &opts) {
  writePngRgb(path, renderPlot(series, opts));
}

} // namespace train
} // namespace masq
