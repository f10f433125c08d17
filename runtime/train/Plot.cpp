//===- Plot.cpp - line plots (metrics over epochs), drawn with Cairo ------===//
#include "CairoDraw.h"
#include "masq/Train/Png.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace masq {
namespace train {

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

const uint8_t kPalette[][3] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},
                               {214, 39, 40},  {148, 103, 189}, {140, 86, 75}};
const uint8_t kBaselineGrey[3] = {80, 80, 80};

// Font sizes in pixels.
constexpr double kTickPx = 11, kLabelPx = 12, kTitlePx = 15, kLegendPx = 11,
                 kBaselinePx = 10;

// The axes of one plot: data ranges, ticks and the mapping to pixels.
struct Axes {
  bool logY = false, hasRight = false;
  Range x, y[2];
  std::vector<Tick> xt, yt[2];
  double px0 = 0, px1 = 0, py0 = 0, py1 = 0; // plot area

  double yval(double v) const {
    if (!std::isfinite(v) || (logY && v <= 0))
      return std::numeric_limits<double>::quiet_NaN();
    return logY ? std::log10(v) : v;
  }
  static double xval(const Series &s, size_t i) {
    return s.x.empty() ? double(i + 1)
                       : (i < s.x.size() ? s.x[i] : std::numeric_limits<double>::quiet_NaN());
  }
  double X(double v) const { return px0 + (v - x.lo) / (x.hi - x.lo) * (px1 - px0); }
  double Y(int a, double v) const {
    return py1 - (v - y[a].lo) / (y[a].hi - y[a].lo) * (py1 - py0);
  }
};

// Ranges over the series and baselines, padded, with their ticks.
Axes makeAxes(const std::vector<Series> &series, const PlotOptions &o) {
  Axes ax;
  ax.logY = o.logY;
  for (const Series &s : series) {
    int a = s.axis == 1 ? 1 : 0;
    ax.hasRight = ax.hasRight || a == 1;
    for (size_t i = 0; i < s.y.size(); ++i) {
      double x = Axes::xval(s, i), y = ax.yval(s.y[i]);
      if (std::isfinite(x) && std::isfinite(y)) {
        ax.x.add(x);
        ax.y[a].add(y);
      }
    }
  }
  for (const Baseline &b : o.baselines) {
    int a = b.axis == 1 ? 1 : 0;
    ax.hasRight = ax.hasRight || a == 1;
    if (std::isfinite(ax.yval(b.y)))
      ax.y[a].add(ax.yval(b.y));
  }
  if (ax.x.empty()) {
    ax.x.lo = 0;
    ax.x.hi = 1;
  }
  ax.xt = linearTicks(ax.x.lo, ax.x.hi, 6);
  for (int a = 0; a < 2; ++a) {
    Range &r = ax.y[a];
    if (r.empty()) {
      r.lo = o.logY ? -1 : 0;
      r.hi = o.logY ? 0 : 1;
    }
    // A little head room so lines do not run along the frame.
    double pad = (r.hi - r.lo) * (o.logY ? 0.03 : 0.05);
    r.lo -= pad;
    r.hi += pad;
    ax.yt[a] = o.logY ? logTicks(r.lo, r.hi) : linearTicks(r.lo, r.hi, 5);
  }
  return ax;
}

// Margins from the sizes of what goes into them.
void layout(cairo_t *cr, Axes &ax, const PlotOptions &o) {
  setFont(cr, kTickPx);
  double wl = 0, wr = 0;
  for (const Tick &t : ax.yt[0])
    wl = std::max(wl, textWidth(cr, t.label));
  for (const Tick &t : ax.yt[1])
    wr = std::max(wr, textWidth(cr, t.label));
  double lastX = ax.xt.empty() ? 0 : textWidth(cr, ax.xt.back().label) / 2;
  bool yLabels = !o.yLabel.empty() || (ax.hasRight && !o.yLabelRight.empty());
  ax.px0 = std::ceil(std::max(30.0, wl + 18));
  ax.px1 = o.width - std::ceil(ax.hasRight ? std::max(30.0, wr + 18) : std::max(16.0, lastX + 6));
  ax.py0 = 10 + (o.title.empty() ? 0 : kTitlePx + 10) + (yLabels ? kLabelPx + 8 : 0);
  ax.py1 = o.height - (8 + 8 + kTickPx + (o.xLabel.empty() ? 0 : kLabelPx + 8));
  if (ax.px1 - ax.px0 < 20 || ax.py1 - ax.py0 < 20)
    throw std::invalid_argument("plotLines: image too small (" + std::to_string(o.width) +
                                "x" + std::to_string(o.height) + ") for its labels");
}

// Light grid lines, the frame, ticks, tick labels, title and axis labels.
void drawFrame(cairo_t *cr, const Axes &ax, const PlotOptions &o) {
  cairo_set_line_width(cr, 1);
  cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
  for (const Tick &t : ax.xt) {
    double x = std::round(ax.X(t.pos)) + 0.5;
    cairo_move_to(cr, x, ax.py0);
    cairo_line_to(cr, x, ax.py1);
  }
  for (const Tick &t : ax.yt[0]) {
    double y = std::round(ax.Y(0, t.pos)) + 0.5;
    cairo_move_to(cr, ax.px0, y);
    cairo_line_to(cr, ax.px1, y);
  }
  cairo_stroke(cr);

  // Frame: the axes in black, the other sides grey.
  double l = ax.px0 - 0.5, r = ax.px1 + 0.5, t = ax.py0 - 0.5, b = ax.py1 + 0.5;
  cairo_set_source_rgb(cr, 0.63, 0.63, 0.63);
  cairo_move_to(cr, l, t);
  cairo_line_to(cr, r, t);
  if (!ax.hasRight)
    cairo_line_to(cr, r, b);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_move_to(cr, l, t);
  cairo_line_to(cr, l, b);
  cairo_line_to(cr, r, b);
  if (ax.hasRight)
    cairo_line_to(cr, r, t);
  cairo_stroke(cr);

  // Tick marks, then their labels.
  for (const Tick &tk : ax.xt) {
    double x = std::round(ax.X(tk.pos)) + 0.5;
    cairo_move_to(cr, x, b);
    cairo_line_to(cr, x, b + 4);
  }
  for (int a = 0; a < (ax.hasRight ? 2 : 1); ++a)
    for (const Tick &tk : ax.yt[a]) {
      double y = std::round(ax.Y(a, tk.pos)) + 0.5;
      cairo_move_to(cr, a ? r : l, y);
      cairo_line_to(cr, a ? r + 4 : l - 4, y);
    }
  cairo_stroke(cr);
  setFont(cr, kTickPx);
  for (const Tick &tk : ax.xt)
    showText(cr, std::round(ax.X(tk.pos)) + 0.5, b + 7, tk.label, 0.5, 0);
  for (int a = 0; a < (ax.hasRight ? 2 : 1); ++a)
    for (const Tick &tk : ax.yt[a])
      showText(cr, a ? r + 7 : l - 7, std::round(ax.Y(a, tk.pos)) + 0.5, tk.label,
               a ? 0 : 1, 0.5);

  if (!o.title.empty()) {
    setFont(cr, kTitlePx, true);
    showText(cr, o.width / 2.0, 8, o.title, 0.5, 0);
  }
  setFont(cr, kLabelPx);
  if (!o.xLabel.empty())
    showText(cr, (ax.px0 + ax.px1) / 2, o.height - 6, o.xLabel, 0.5, 1);
  if (!o.yLabel.empty())
    showText(cr, 6, ax.py0 - 6, o.yLabel, 0, 1);
  if (ax.hasRight && !o.yLabelRight.empty())
    showText(cr, o.width - 6, ax.py0 - 6, o.yLabelRight, 1, 1);
}

// Dashed lines across the plot area, each label on a pale backing at the
// left end (above the line, or below when the line is near the top).
void drawBaselines(cairo_t *cr, const Axes &ax, const std::vector<Baseline> &baselines) {
  setFont(cr, kBaselinePx);
  cairo_font_extents_t f;
  cairo_font_extents(cr, &f);
  for (const Baseline &bl : baselines) {
    int a = bl.axis == 1 ? 1 : 0;
    double v = ax.yval(bl.y);
    if (!std::isfinite(v))
      continue;
    const uint8_t *c = (bl.r || bl.g || bl.b) ? nullptr : kBaselineGrey;
    uint8_t r = c ? c[0] : bl.r, g = c ? c[1] : bl.g, b = c ? c[2] : bl.b;
    double y = std::round(ax.Y(a, v)) + 0.5;
    const double dash[] = {6, 4};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 1.5);
    setColour(cr, r, g, b);
    cairo_move_to(cr, ax.px0, y);
    cairo_line_to(cr, ax.px1, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    if (bl.label.empty())
      continue;
    double h = f.ascent + f.descent;
    double top = y - 3 - h < ax.py0 + 2 ? y + 3 : y - 3 - h;
    double x = ax.px0 + 6;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
    cairo_rectangle(cr, x - 2, top, textWidth(cr, bl.label) + 4, h);
    cairo_fill(cr);
    setColour(cr, r, g, b);
    showText(cr, x, top, bl.label);
  }
}

// The series as polylines; non-finite points break them, a lone point is a
// dot. Returns the colour each series was drawn in.
std::vector<std::array<uint8_t, 3>> drawSeries(cairo_t *cr, const Axes &ax,
                                               const std::vector<Series> &series) {
  std::vector<std::array<uint8_t, 3>> colours;
  size_t next = 0;
  cairo_set_line_width(cr, 2);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  for (const Series &s : series) {
    std::array<uint8_t, 3> c{s.r, s.g, s.b};
    if (!s.r && !s.g && !s.b) {
      const uint8_t *p = kPalette[next++ % (sizeof kPalette / sizeof kPalette[0])];
      c = {p[0], p[1], p[2]};
    }
    colours.push_back(c);
    setColour(cr, c[0], c[1], c[2]);
    int a = s.axis == 1 ? 1 : 0;
    size_t run = 0; // points in the current piece
    for (size_t i = 0; i <= s.y.size(); ++i) {
      double x = i < s.y.size() ? Axes::xval(s, i) : NAN;
      double y = i < s.y.size() ? ax.yval(s.y[i]) : NAN;
      if (std::isfinite(x) && std::isfinite(y)) {
        double cx = ax.X(x), cy = ax.Y(a, y);
        if (run++ == 0)
          cairo_move_to(cr, cx, cy);
        else
          cairo_line_to(cr, cx, cy);
        continue;
      }
      if (run == 1) { // a zero-length segment with round caps: a dot
        double cx, cy;
        cairo_get_current_point(cr, &cx, &cy);
        cairo_line_to(cr, cx, cy);
      }
      if (run > 0)
        cairo_stroke(cr);
      run = 0;
    }
  }
  return colours;
}

// The legend of the labelled series, top right inside the plot area.
void drawLegend(cairo_t *cr, const Axes &ax, const std::vector<Series> &series,
                const std::vector<std::array<uint8_t, 3>> &colours) {
  setFont(cr, kLegendPx);
  double lw = 0;
  int n = 0;
  for (const Series &s : series)
    if (!s.label.empty()) {
      lw = std::max(lw, textWidth(cr, s.label));
      ++n;
    }
  if (n == 0)
    return;
  const double rowH = kLegendPx + 5;
  double bw = std::ceil(lw) + 38, bh = n * rowH + 8;
  double bx = ax.px1 - bw - 6, by = ax.py0 + 6;
  cairo_rectangle(cr, bx + 0.5, by + 0.5, bw - 1, bh - 1);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 0.63, 0.63, 0.63);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
  int k = 0;
  for (size_t i = 0; i < series.size(); ++i) {
    if (series[i].label.empty())
      continue;
    double y = by + 4 + k++ * rowH + rowH / 2;
    setColour(cr, colours[i][0], colours[i][1], colours[i][2]);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, bx + 6, y);
    cairo_line_to(cr, bx + 26, y);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    showText(cr, bx + 32, y, series[i].label, 0, 0.5);
  }
}

} // namespace

RgbImage renderPlot(const std::vector<Series> &series, const PlotOptions &o) {
  if (o.width < 120 || o.height < 80 || o.width > 16384 || o.height > 16384)
    throw std::invalid_argument("plotLines: bad image size (" + std::to_string(o.width) +
                                "x" + std::to_string(o.height) + ")");
  Surface s = newSurface(CAIRO_FORMAT_RGB24, o.width, o.height);
  Context ctx = newContext(s.get());
  cairo_t *cr = ctx.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  Axes ax = makeAxes(series, o);
  layout(cr, ax, o);
  drawFrame(cr, ax, o);
  cairo_save(cr); // lines stay inside the plot area
  cairo_rectangle(cr, ax.px0, ax.py0, ax.px1 - ax.px0, ax.py1 - ax.py0);
  cairo_clip(cr);
  drawBaselines(cr, ax, o.baselines);
  std::vector<std::array<uint8_t, 3>> colours = drawSeries(cr, ax, series);
  cairo_restore(cr);
  drawLegend(cr, ax, series, colours);
  check(cairo_status(cr), "plotLines");
  return toRgb(s.get());
}

void plotLines(const std::string &path, const std::vector<Series> &series,
               const PlotOptions &opts) {
  writePngRgb(path, renderPlot(series, opts));
}

} // namespace train
} // namespace masq
