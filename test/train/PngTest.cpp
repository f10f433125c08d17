// Tests of PNG output, image grids and plots (masq/Train/Png.h). Files are
// read back with Cairo's PNG reader (libpng underneath), which turns gray
// into RGB.
#include "TestUtil.h"

#include "masq/Train/Png.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <sys/stat.h>

using namespace masq::train;
using namespace masq_train_test;

namespace {
// An opaque RGB image read from a PNG file (empty with a test failure if
// it does not decode).
RgbImage readPng(const std::string &path) {
  RgbImage d;
  cairo_surface_t *s = cairo_image_surface_create_from_png(path.c_str());
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    ADD_FAILURE() << "cannot read " << path << ": "
                  << cairo_status_to_string(cairo_surface_status(s));
    cairo_surface_destroy(s);
    return d;
  }
  cairo_surface_flush(s);
  d.width = cairo_image_surface_get_width(s);
  d.height = cairo_image_surface_get_height(s);
  EXPECT_EQ(cairo_image_surface_get_format(s), CAIRO_FORMAT_RGB24) << path;
  const unsigned char *data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  for (int y = 0; y < d.height; ++y)
    for (int x = 0; x < d.width; ++x) {
      uint32_t p = reinterpret_cast<const uint32_t *>(data + size_t(y) * stride)[x];
      d.rgb.insert(d.rgb.end(), {uint8_t(p >> 16), uint8_t(p >> 8), uint8_t(p)});
    }
  cairo_surface_destroy(s);
  return d;
}

bool exists(const std::string &p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}

const uint8_t *px(const RgbImage &img, int x, int y) {
  return &img.rgb[(size_t(y) * size_t(img.width) + size_t(x)) * 3];
}

// Pixels drawn mostly in one colour: red (0), green (1) or blue (2).
bool tinted(const uint8_t *p, int c) {
  return p[c] >= 120 && p[(c + 1) % 3] < 110 && p[(c + 2) % 3] < 110;
}

// The y coordinates of the pixels tinted `c` with x in [x0, x1).
std::vector<int> tintedRows(const RgbImage &img, int c, int x0, int x1) {
  std::vector<int> ys;
  for (int y = 0; y < img.height; ++y)
    for (int x = x0; x < x1; ++x)
      if (tinted(px(img, x, y), c))
        ys.push_back(y);
  return ys;
}

double median(std::vector<int> v) {
  if (v.empty())
    return NAN;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}
} // namespace

TEST(Png, GrayRoundTrip) {
  TempDir t;
  std::vector<double> v = {0.0, 0.5, 1.0, -0.3, 2.0, 0.2};
  writePngGray(t / "g.png", 3, 2, v);
  EXPECT_FALSE(exists(t / "g.png.tmp"));
  // File header and colour type straight from the bytes: gray, 8 bit.
  std::string raw = readBytes(t / "g.png");
  ASSERT_GT(raw.size(), 26u);
  EXPECT_EQ(raw.substr(1, 3), "PNG");
  EXPECT_EQ(uint8_t(raw[24]), 8); // bit depth
  EXPECT_EQ(uint8_t(raw[25]), 0); // colour type gray
  RgbImage d = readPng(t / "g.png");
  EXPECT_EQ(d.width, 3);
  EXPECT_EQ(d.height, 2);
  std::vector<uint8_t> gray;
  for (size_t i = 0; i < d.rgb.size(); i += 3) {
    EXPECT_EQ(d.rgb[i], d.rgb[i + 1]);
    EXPECT_EQ(d.rgb[i], d.rgb[i + 2]);
    gray.push_back(d.rgb[i]);
  }
  EXPECT_EQ(gray, (std::vector<uint8_t>{0, 128, 255, 0, 255, 51}));
  EXPECT_THROW(writePngGray(t / "bad.png", 3, 3, v), std::invalid_argument);
  EXPECT_FALSE(exists(t / "bad.png"));
}

TEST(Png, RgbRoundTrip) {
  TempDir t;
  std::vector<uint8_t> rgb = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30};
  writePngRgb(t / "c.png", 2, 2, rgb);
  std::string raw = readBytes(t / "c.png");
  ASSERT_GT(raw.size(), 26u);
  EXPECT_EQ(uint8_t(raw[24]), 8); // bit depth
  EXPECT_EQ(uint8_t(raw[25]), 2); // colour type RGB
  RgbImage d = readPng(t / "c.png");
  EXPECT_EQ(d.width, 2);
  EXPECT_EQ(d.height, 2);
  EXPECT_EQ(d.rgb, rgb);
  // Writing into a missing directory fails naming the path.
  std::string e = errorOf([&] { writePngRgb(t / "no/such/dir.png", 2, 2, rgb); });
  EXPECT_THAT(e, ::testing::HasSubstr(t / "no/such/dir.png"));
  // encodePngRgb is what writePngRgb stores.
  EXPECT_EQ(encodePngRgb(2, 2, rgb), raw);
}

TEST(Png, ImageGridLayout) {
  std::vector<double> a = {0.0, 0.25, 0.5, 0.75}, b = {1, 1, 1, 1};
  // 3 images of 2x2 in 2 columns, scale 2, separator 1 of value 0.5.
  GrayImage g = imageGrid({a.data(), b.data(), a.data()}, 2, 2, 2, 2, 1, 0.5);
  EXPECT_EQ(g.width, 2 * 4 + 3);
  EXPECT_EQ(g.height, 2 * 4 + 3);
  auto at = [&](int x, int y) { return g.values[size_t(y * g.width + x)]; };
  EXPECT_EQ(at(0, 0), 0.5);  // border
  EXPECT_EQ(at(1, 1), 0.0);  // image a, pixel (0,0), upscaled
  EXPECT_EQ(at(2, 2), 0.0);
  EXPECT_EQ(at(3, 1), 0.25); // a(0,1)
  EXPECT_EQ(at(4, 4), 0.75); // a(1,1)
  EXPECT_EQ(at(5, 1), 0.5);  // separator column
  EXPECT_EQ(at(6, 1), 1.0);  // image b
  EXPECT_EQ(at(1, 6), 0.0);  // second grid row: image a again
  EXPECT_EQ(at(8, 8), 0.5);  // empty fourth tile keeps the background
  TempDir t;
  writePngGray(t / "grid.png", g);
  RgbImage d = readPng(t / "grid.png");
  EXPECT_EQ(d.width, 11);
  EXPECT_EQ(d.height, 11);
  EXPECT_EQ(px(d, 4, 4)[0], 191); // round(0.75 * 255)
  EXPECT_THROW(imageGrid({a.data()}, 2, 2, 0), std::invalid_argument);
}

// Row labels: a column on the left, ink in each labelled row's band only,
// the tiles shifted right unchanged.
TEST(Png, ImageGridRowLabels) {
  const int side = 8, scale = 4, sep = 2, th = side * scale;
  std::vector<double> img(side * side);
  for (size_t i = 0; i < img.size(); ++i)
    img[i] = double(i) / double(img.size());
  std::vector<const double *> tiles(6, img.data()); // 3 rows of 2
  GrayImage plain = imageGrid(tiles, side, side, 2, scale, sep, 1.0);
  GrayImage g = imageGrid(tiles, side, side, 2, scale, sep, 1.0, {"clean", "masked", ""});
  int labelW = g.width - plain.width;
  EXPECT_GT(labelW, 20); // room for "masked" in a 10 px font
  ASSERT_EQ(g.height, plain.height);
  for (int y = 0; y < g.height; ++y)
    for (int x = 0; x < plain.width; ++x)
      ASSERT_EQ(g.values[size_t(y * g.width + labelW + x)], plain.values[size_t(y * plain.width + x)])
          << x << "," << y;
  // Dark pixels in the label column, per grid row's band of tile rows.
  auto inkIn = [&](int band) {
    int n = 0;
    for (int y = sep + band * (th + sep); y < (band + 1) * (th + sep); ++y)
      for (int x = 0; x < labelW; ++x) {
        double v = g.values[size_t(y * g.width + x)];
        EXPECT_GE(v, 0.0);
        EXPECT_LE(v, 1.0);
        n += v < 0.5;
      }
    return n;
  };
  EXPECT_GT(inkIn(0), 15);
  EXPECT_GT(inkIn(1), 15);
  EXPECT_EQ(inkIn(2), 0); // empty label
  // Anti-aliased: grey levels between ink and background.
  size_t grey = 0;
  for (int y = 0; y < g.height; ++y)
    for (int x = 0; x < labelW; ++x) {
      double v = g.values[size_t(y * g.width + x)];
      grey += v > 0.1 && v < 0.9;
    }
  EXPECT_GT(grey, 10u);
  // A longer label widens the column; labels past the last row are ignored.
  GrayImage wide = imageGrid(tiles, side, side, 2, scale, sep, 1.0,
                             {"reconstructed", "", "", "a much longer label"});
  EXPECT_GT(wide.width, g.width);
  EXPECT_LT(wide.width, g.width + 100);
  // On a dark background the ink is light.
  GrayImage dark = imageGrid(tiles, side, side, 2, scale, sep, 0.0, {"clean"});
  int light = 0;
  for (int y = 0; y < dark.height; ++y)
    for (int x = 0; x < dark.width - plain.width; ++x)
      light += dark.values[size_t(y * dark.width + x)] > 0.5;
  EXPECT_GT(light, 15);
  // Written as a gray PNG of the grid's size.
  TempDir t;
  writePngGray(t / "r.png", g);
  RgbImage d = readPng(t / "r.png");
  EXPECT_EQ(d.width, g.width);
  EXPECT_EQ(d.height, g.height);
}

TEST(Png, PlotLines) {
  TempDir t;
  Series loss{"train loss", {1.0, 0.5, 0.3, 0.25, 0.2}, {}, 0, 200, 0, 0};
  Series val{"ssim", {0.2, 0.5, 0.6, 0.7, 0.72}, {}, 1, 0, 0, 200};
  PlotOptions o;
  o.title = "digits";
  o.xLabel = "epoch";
  o.yLabel = "loss";
  o.yLabelRight = "ssim";
  RgbImage img = renderPlot({loss, val}, o);
  EXPECT_EQ(img.width, 640);
  EXPECT_EQ(img.height, 400);
  size_t dark = 0, white = 0, grey = 0;
  for (size_t i = 0; i < img.rgb.size(); i += 3) {
    const uint8_t *p = &img.rgb[i];
    dark += p[0] < 80 && p[1] < 80 && p[2] < 80;
    white += p[0] == 255 && p[1] == 255 && p[2] == 255;
    grey += p[0] == p[1] && p[1] == p[2] && p[0] > 40 && p[0] < 215;
  }
  EXPECT_GT(dark, 1000u); // axes, ticks, text
  EXPECT_GT(white, img.rgb.size() / 3 / 2);
  EXPECT_GT(grey, 200u); // anti-aliased text edges
  // The curves: 2 px across ~550 px, the loss falling, the ssim rising (y
  // grows downwards). The legend sits top right, beyond x = 480.
  std::vector<int> redL = tintedRows(img, 0, 80, 200), redR = tintedRows(img, 0, 380, 480);
  std::vector<int> bluL = tintedRows(img, 2, 80, 200), bluR = tintedRows(img, 2, 380, 480);
  EXPECT_GT(tintedRows(img, 0, 0, 640).size(), 600u);
  EXPECT_GT(tintedRows(img, 2, 0, 640).size(), 600u);
  EXPECT_LT(median(redL) + 50, median(redR));
  EXPECT_GT(median(bluL), median(bluR) + 50);
  // The legend: short samples of both colours in its rows, top right.
  EXPECT_GT(tintedRows(img, 0, 500, 600).size(), 20u);
  EXPECT_GT(tintedRows(img, 2, 500, 600).size(), 20u);
  plotLines(t / "plot.png", {loss, val}, o);
  EXPECT_FALSE(exists(t / "plot.png.tmp"));
  RgbImage d = readPng(t / "plot.png");
  EXPECT_EQ(d.width, 640);
  EXPECT_EQ(d.height, 400);
  EXPECT_EQ(d.rgb, img.rgb);

  // Log axis and NaN gaps render without trouble; the other size is kept.
  o.logY = true;
  o.width = 300;
  o.height = 200;
  Series l2{"x", {1.0, NAN, 0.01, 0.001}, {}, 0, 200, 0, 0};
  RgbImage img2 = renderPlot({l2}, o);
  EXPECT_EQ(img2.rgb.size(), size_t(300 * 200 * 3));
  EXPECT_GT(tintedRows(img2, 0, 0, 300).size(), 100u);
  o.width = 100;
  EXPECT_THROW(renderPlot({l2}, o), std::invalid_argument);
}

// Baselines: a dashed horizontal line in their colour across the plot area
// (the y range grows to hold it) with the label at its left end.
TEST(Png, PlotBaselines) {
  Series fid{"test fidelity", {0.5, 0.6, 0.65, 0.7}, {}, 1, 200, 0, 0};
  PlotOptions o;
  RgbImage none = renderPlot({fid}, o);
  EXPECT_EQ(tintedRows(none, 1, 0, 640).size(), 0u);
  o.baselines.push_back({"masked input: fidelity 0.200", 0.2, 1, 0, 150, 0});
  o.baselines.push_back({"not drawn", NAN, 1, 0, 0, 0});
  RgbImage img = renderPlot({fid}, o);
  // The row holding most green pixels: the line, dashed (6 on, 4 off).
  int lineY = -1, most = 0;
  for (int y = 0; y < img.height; ++y) {
    int n = 0;
    for (int x = 0; x < img.width; ++x)
      n += tinted(px(img, x, y), 1);
    if (n > most) {
      most = n;
      lineY = y;
    }
  }
  EXPECT_GT(most, 250);
  EXPECT_LT(most, 500); // gaps
  // Below the fidelity curve (0.2 < 0.5) and inside the image.
  EXPECT_GT(lineY, median(tintedRows(img, 0, 0, 640)));
  EXPECT_LT(lineY, img.height - 20);
  // The label: green ink over the left end, a few rows above the line.
  int x0 = 0;
  while (x0 < img.width && !tinted(px(img, x0, lineY), 1))
    ++x0;
  int label = 0;
  for (int y = std::max(0, lineY - 16); y < lineY - 1; ++y)
    for (int x = x0; x < x0 + 150 && x < img.width; ++x)
      label += px(img, x, y)[1] > px(img, x, y)[0] + 40;
  EXPECT_GT(label, 30);
  // On a log axis a non-positive baseline is left out, not an error.
  o.logY = true;
  o.baselines = {{"zero", 0.0, 1, 0, 150, 0}};
  EXPECT_EQ(tintedRows(renderPlot({fid}, o), 1, 0, 640).size(), 0u);
}

// A constant loss whose epoch means differ in the last bit (the same values
// summed in another order): the y range is one ulp wide. The tick loop used
// to take a step below the values' spacing and never end (masq train on a
// model with a zero gradient grew to gigabytes drawing loss.png).
TEST(Png, PlotNearlyConstantSeries) {
  double a = -0.093269847, b = std::nextafter(a, 0.0);
  Series loss{"train loss", {a, b, a, b}, {}, 0, 200, 0, 0};
  Series fid{"test fidelity", {1 - a, 1 - b, 1 - a, 1 - a}, {}, 1, 0, 0, 200};
  PlotOptions o;
  o.baselines.push_back({"same", 1 - a, 1, 0, 0, 0});
  RgbImage img = renderPlot({loss, fid}, o);
  EXPECT_EQ(img.rgb.size(), size_t(640 * 400 * 3));
  // Flat lines across the middle of the plot (the fidelity, drawn last, on
  // top of the loss).
  std::vector<int> lines = tintedRows(img, 0, 80, 480), blue = tintedRows(img, 2, 80, 480);
  lines.insert(lines.end(), blue.begin(), blue.end());
  ASSERT_GT(lines.size(), 500u);
  int lo = *std::min_element(lines.begin(), lines.end()),
      hi = *std::max_element(lines.begin(), lines.end());
  EXPECT_LE(hi - lo, 4);
  EXPECT_GT(lo, 100);
  EXPECT_LT(hi, 300);
  Series big{"x", {1e6, std::nextafter(1e6, 2e6)}, {}, 0, 0, 0, 0};
  EXPECT_EQ(renderPlot({big}, o).rgb.size(), size_t(640 * 400 * 3));
}

TEST(Png, TextDrawsGlyphs) {
  RgbImage img;
  img.width = 60;
  img.height = 30;
  img.rgb.assign(size_t(60 * 30 * 3), 255);
  int w = drawText(img, 2, 2, "1a", 0, 0, 0);
  EXPECT_GT(w, 8);
  EXPECT_LT(w, 20);
  int dark = 0, grey = 0, outside = 0;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      uint8_t v = px(img, x, y)[0];
      bool inBox = x >= 1 && x <= 2 + w + 1 && y >= 1 && y <= 2 + 14;
      dark += v < 100 && inBox;
      grey += v > 30 && v < 225;
      outside += v != 255 && !inBox;
    }
  EXPECT_GT(dark, 10);
  EXPECT_GT(grey, 3); // anti-aliased edges
  EXPECT_EQ(outside, 0);
  // Twice the scale, about twice the width; invalid UTF-8 shows as '?'.
  RgbImage big = img;
  EXPECT_NEAR(drawText(big, 0, 0, "1a", 0, 0, 0, 2), 2 * w, 3);
  EXPECT_GT(drawText(img, 30, 10, "\xff\xfe", 0, 0, 0), 4);
  RgbImage empty;
  EXPECT_THROW(drawText(empty, 0, 0, "x", 0, 0, 0), std::invalid_argument);
}
