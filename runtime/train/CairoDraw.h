//===- CairoDraw.h - Cairo objects and text for the PNG output ---*- C++ -*-===//
//
// Shared by Png.cpp (images, grids, text) and Plot.cpp (line plots). Every
// Cairo object is held by a unique_ptr, so a throw frees it; Cairo's errors
// are sticky statuses, checked (check) before a result is used.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TRAIN_CAIRODRAW_H
#define MASQ_TRAIN_CAIRODRAW_H

#include "masq/Train/Png.h"

#include <cairo.h>

#include <cstdint>
#include <memory>
#include <string>

namespace masq {
namespace train {

struct SurfaceFree {
  void operator()(cairo_surface_t *s) const { cairo_surface_destroy(s); }
};
struct ContextFree {
  void operator()(cairo_t *c) const { cairo_destroy(c); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceFree>;
using Context = std::unique_ptr<cairo_t, ContextFree>;

/// Throws std::runtime_error naming `what` unless st is success.
void check(cairo_status_t st, const char *what);
/// Throws std::invalid_argument unless `have` = w x h x perPixel (w, h > 0).
void checkSize(const char *what, int w, int h, size_t have, size_t perPixel);
Surface newSurface(cairo_format_t format, int w, int h);
Context newContext(cairo_surface_t *s);
/// Row y of an image surface, after pending drawing has landed.
unsigned char *row(cairo_surface_t *s, int y);
RgbImage toRgb(cairo_surface_t *s);

void setFont(cairo_t *cr, double px, bool bold = false);
double textWidth(cairo_t *cr, const std::string &s);
/// Draws `s` in the current font and source; (x, y) is the point of its
/// line box at fractions (ax, ay) of its width and height.
void showText(cairo_t *cr, double x, double y, const std::string &s, double ax = 0,
              double ay = 0);
void setColour(cairo_t *cr, uint8_t r, uint8_t g, uint8_t b, double alpha = 1);

} // namespace train
} // namespace masq

#endif // MASQ_TRAIN_CAIRODRAW_H
