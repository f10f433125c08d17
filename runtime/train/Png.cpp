//===- Png.cpp - PNG output: image grids and line plots, drawn with Cairo -===//
//
// Cairo draws (anti-aliased paths; text through fontconfig and FreeType) and
// encodes PNG. Every Cairo object is held by a unique_ptr, so a throw frees
// it; Cairo's errors are sticky statuses, checked before a result is used.
//
//===----------------------------------------------------------------------===//

#include "masq/Train/Png.h"
#include "masq/Train/Checkpoint.h"
#include "CairoDraw.h"

#include <cairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <stdexcept>

namespace masq {
namespace train {

// ---- Cairo objects, pixels and encoding -------------------------------------

void check(cairo_status_t st, const char *what) {
  if (st != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string(what) + ": " + cairo_status_to_string(st));
}

void checkSize(const char *what, int w, int h, size_t have, size_t perPixel) {
  if (w <= 0 || h <= 0 || have != size_t(w) * size_t(h) * perPixel)
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(have) +
                                " values for a " + std::to_string(w) + "x" +
                                std::to_string(h) + " image");
}

// A8 surfaces are written as 8-bit gray PNGs, RGB24 ones as 8-bit RGB.
Surface newSurface(cairo_format_t format, int w, int h) {
  Surface s(cairo_image_surface_create(format, w, h));
  cairo_status_t st = cairo_surface_status(s.get());
  if (st != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error("png: cannot make a " + std::to_string(w) + "x" +
                             std::to_string(h) + " image: " + cairo_status_to_string(st));
  return s;
}

Context newContext(cairo_surface_t *s) {
  Context c(cairo_create(s));
  check(cairo_status(c.get()), "png: cannot draw");
  return c;
}

// Row y of an image surface, after pending drawing has landed.
unsigned char *row(cairo_surface_t *s, int y) {
  return cairo_image_surface_get_data(s) +
         size_t(y) * size_t(cairo_image_surface_get_stride(s));
}

namespace {
uint8_t grayByte(double v) {
  v = v > 0 ? (v < 1 ? v : 1) : 0; // NaN -> 0
  return uint8_t(std::lround(v * 255.0));
}

Surface graySurface(int w, int h, const std::vector<double> &values) {
  Surface s = newSurface(CAIRO_FORMAT_A8, w, h);
  cairo_surface_flush(s.get());
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      row(s.get(), y)[x] = grayByte(values[size_t(y) * size_t(w) + size_t(x)]);
  cairo_surface_mark_dirty(s.get());
  return s;
}

// RGB24 pixels are native-endian words 0x00RRGGBB.
Surface rgbSurface(int w, int h, const std::vector<uint8_t> &rgb) {
  Surface s = newSurface(CAIRO_FORMAT_RGB24, w, h);
  cairo_surface_flush(s.get());
  for (int y = 0; y < h; ++y) {
    uint32_t *out = reinterpret_cast<uint32_t *>(row(s.get(), y));
    const uint8_t *in = &rgb[size_t(y) * size_t(w) * 3];
    for (int x = 0; x < w; ++x, in += 3)
      out[x] = uint32_t(in[0]) << 16 | uint32_t(in[1]) << 8 | in[2];
  }
  cairo_surface_mark_dirty(s.get());
  return s;
}
} // namespace

RgbImage toRgb(cairo_surface_t *s) {
  cairo_surface_flush(s);
  RgbImage img;
  img.width = cairo_image_surface_get_width(s);
  img.height = cairo_image_surface_get_height(s);
  img.rgb.resize(size_t(img.width) * size_t(img.height) * 3);
  uint8_t *out = img.rgb.data();
  for (int y = 0; y < img.height; ++y) {
    const uint32_t *in = reinterpret_cast<const uint32_t *>(row(s, y));
    for (int x = 0; x < img.width; ++x, out += 3) {
      out[0] = uint8_t(in[x] >> 16);
      out[1] = uint8_t(in[x] >> 8);
      out[2] = uint8_t(in[x]);
    }
  }
  return img;
}

namespace {

// Cairo calls this from C: nothing may escape it.
cairo_status_t appendBytes(void *out, const unsigned char *data, unsigned int n) {
  try {
    static_cast<std::string *>(out)->append(reinterpret_cast<const char *>(data), n);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_NO_MEMORY;
  }
}

std::string encode(cairo_surface_t *s) {
  cairo_surface_flush(s);
  std::string out;
  check(cairo_surface_write_to_png_stream(s, appendBytes, &out), "png: cannot encode");
  return out;
}

} // namespace

std::string encodePngGray(int w, int h, const std::vector<double> &values) {
  checkSize("encodePngGray", w, h, values.size(), 1);
  return encode(graySurface(w, h, values).get());
}

std::string encodePngRgb(int w, int h, const std::vector<uint8_t> &rgb) {
  checkSize("encodePngRgb", w, h, rgb.size(), 3);
  return encode(rgbSurface(w, h, rgb).get());
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

// ---- text -------------------------------------------------------------------

namespace {
// Cairo refuses invalid UTF-8 for good (a sticky error on the context): keep
// well-formed sequences, replace other bytes by '?' and controls by ' '.
std::string utf8Safe(const std::string &s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len > 1) {
      out.append(s, i, len);
      i += len;
    } else {
      out += !ok ? '?' : c < 0x20 || c == 0x7F ? ' ' : char(c);
      i += 1;
    }
  }
  return out;
}
} // namespace

void setFont(cairo_t *cr, double px, bool bold) {
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, px);
}

double textWidth(cairo_t *cr, const std::string &s) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, utf8Safe(s).c_str(), &e);
  return e.x_advance;
}

// Draws `s` in the current font and source. (x, y) is the point of its line
// box at fractions (ax, ay) of its width and height: (0, 0) top left, (0.5,
// 0.5) centre, (1, 1) bottom right.
void showText(cairo_t *cr, double x, double y, const std::string &s, double ax,
              double ay) {
  std::string t = utf8Safe(s);
  cairo_font_extents_t f;
  cairo_font_extents(cr, &f);
  cairo_move_to(cr, x - ax * textWidth(cr, t), y + f.ascent - ay * (f.ascent + f.descent));
  cairo_show_text(cr, t.c_str());
}

void setColour(cairo_t *cr, uint8_t r, uint8_t g, uint8_t b, double alpha) {
  cairo_set_source_rgba(cr, r / 255.0, g / 255.0, b / 255.0, alpha);
}

int drawText(RgbImage &img, int x, int y, const std::string &text, uint8_t r,
             uint8_t g, uint8_t b, int scale) {
  checkSize("drawText", img.width, img.height, img.rgb.size(), 3);
  if (scale <= 0)
    throw std::invalid_argument("drawText: scale " + std::to_string(scale));
  Surface s = rgbSurface(img.width, img.height, img.rgb);
  Context cr = newContext(s.get());
  setFont(cr.get(), 10.0 * scale);
  setColour(cr.get(), r, g, b);
  showText(cr.get(), x, y, text);
  double w = textWidth(cr.get(), text);
  check(cairo_status(cr.get()), "drawText");
  img = toRgb(s.get());
  return int(std::ceil(w));
}

// ---- grid -------------------------------------------------------------------

GrayImage imageGrid(const std::vector<const double *> &images, int rows,
                    int cols, int gridCols, int scale, int separator,
                    double separatorValue,
                    const std::vector<std::string> &rowLabels) {
  if (rows <= 0 || cols <= 0 || gridCols <= 0 || scale <= 0 || separator < 0 ||
      images.empty())
    throw std::invalid_argument("imageGrid: bad layout");
  int gridRows = int((images.size() + size_t(gridCols) - 1) / size_t(gridCols));
  int tw = cols * scale, th = rows * scale;
  std::vector<std::string> labels(rowLabels.begin(),
                                  rowLabels.begin() +
                                      std::min(rowLabels.size(), size_t(gridRows)));
  bool labelled = std::any_of(labels.begin(), labels.end(),
                              [](const std::string &l) { return !l.empty(); });

  // The label column: as wide as the widest label plus padding.
  double fontPx = std::min(16.0, std::max(10.0, th / 5.0)), pad = fontPx * 0.6;
  int labelW = 0;
  if (labelled) {
    Surface probe = newSurface(CAIRO_FORMAT_A8, 1, 1);
    Context cr = newContext(probe.get());
    setFont(cr.get(), fontPx);
    double widest = 0;
    for (const std::string &l : labels)
      widest = std::max(widest, textWidth(cr.get(), l));
    check(cairo_status(cr.get()), "imageGrid");
    labelW = int(std::ceil(widest + 2 * pad));
  }

  GrayImage g;
  g.width = labelW + gridCols * tw + (gridCols + 1) * separator;
  g.height = gridRows * th + (gridRows + 1) * separator;
  g.values.assign(size_t(g.width) * size_t(g.height), separatorValue);
  for (size_t k = 0; k < images.size(); ++k) {
    const double *im = images[k];
    if (!im)
      continue;
    int gr = int(k / size_t(gridCols)), gc = int(k % size_t(gridCols));
    int x0 = labelW + separator + gc * (tw + separator);
    int y0 = separator + gr * (th + separator);
    for (int y = 0; y < th; ++y)
      for (int x = 0; x < tw; ++x)
        g.values[size_t(y0 + y) * size_t(g.width) + size_t(x0 + x)] =
            im[size_t(y / scale) * size_t(cols) + size_t(x / scale)];
  }
  if (!labelled)
    return g;

  // Text coverage (alpha) in the label column, blended into the gray values.
  Surface cov = newSurface(CAIRO_FORMAT_A8, labelW, g.height);
  Context cr = newContext(cov.get());
  setFont(cr.get(), fontPx);
  for (size_t i = 0; i < labels.size(); ++i)
    showText(cr.get(), labelW - pad, separator + int(i) * (th + separator) + th / 2.0,
             labels[i], 1.0, 0.5);
  check(cairo_status(cr.get()), "imageGrid");
  cairo_surface_flush(cov.get());
  double ink = separatorValue >= 0.5 ? 0.0 : 1.0;
  for (int y = 0; y < g.height; ++y)
    for (int x = 0; x < labelW; ++x) {
      double a = row(cov.get(), y)[x] / 255.0;
      double &v = g.values[size_t(y) * size_t(g.width) + size_t(x)];
      v += (ink - v) * a;
    }
  return g;
}

} // namespace train
} // namespace masq
