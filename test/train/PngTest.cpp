// Tests of PNG output, image grids and plots (masq/Train/Png.h).
#include "TestUtil.h"

#include "masq/Train/Png.h"

#include <png.h>

#include <cmath>
#include <cstring>
#include <sys/stat.h>

using namespace masq::train;
using namespace masq_train_test;

namespace {
struct Decoded {
  int width = 0, height = 0;
  std::vector<uint8_t> px;
};

// Reads with libpng's simplified API, converting to `format`.
Decoded readPng(const std::string &path, png_uint_32 format) {
  Decoded d;
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&img, path.c_str())) {
    ADD_FAILURE() << "cannot read " << path << ": " << img.message;
    return d;
  }
  img.format = format;
  d.width = int(img.width);
  d.height = int(img.height);
  d.px.resize(PNG_IMAGE_SIZE(img));
  if (!png_image_finish_read(&img, nullptr, d.px.data(), 0, nullptr))
    ADD_FAILURE() << "cannot decode " << path << ": " << img.message;
  return d;
}

bool exists(const std::string &p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
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
  Decoded d = readPng(t / "g.png", PNG_FORMAT_GRAY);
  EXPECT_EQ(d.width, 3);
  EXPECT_EQ(d.height, 2);
  EXPECT_EQ(d.px, (std::vector<uint8_t>{0, 128, 255, 0, 255, 51}));
  EXPECT_THROW(writePngGray(t / "bad.png", 3, 3, v), std::invalid_argument);
}

TEST(Png, RgbRoundTrip) {
  TempDir t;
  std::vector<uint8_t> rgb = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30};
  writePngRgb(t / "c.png", 2, 2, rgb);
  std::string raw = readBytes(t / "c.png");
  ASSERT_GT(raw.size(), 26u);
  EXPECT_EQ(uint8_t(raw[25]), 2); // colour type RGB
  Decoded d = readPng(t / "c.png", PNG_FORMAT_RGB);
  EXPECT_EQ(d.width, 2);
  EXPECT_EQ(d.height, 2);
  EXPECT_EQ(d.px, rgb);
  // Writing into a missing directory fails naming the path.
  std::string e = errorOf([&] { writePngRgb(t / "no/such/dir.png", 2, 2, rgb); });
  EXPECT_THAT(e, ::testing::HasSubstr(t / "no/such/dir.png"));
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
  Decoded d = readPng(t / "grid.png", PNG_FORMAT_GRAY);
  EXPECT_EQ(d.width, 11);
  EXPECT_EQ(d.px[size_t(4 * 11 + 4)], 191); // round(0.75 * 255)
}

TEST(Png, PlotLines) {
  TempDir t;
  Series loss{"train loss", {1.0, 0.5, 0.3, 0.25, 0.2}, {}, 0, 200, 0, 0};
  Series val{"ssim", {0.2, 0.5, 0.6, 0.7, 0.72}, {}, 1, 0, 0, 200};
  PlotOptions o;
  o.title = "digits";
  o.xLabel = "epoch";
  RgbImage img = renderPlot({loss, val}, o);
  EXPECT_EQ(img.width, 640);
  EXPECT_EQ(img.height, 400);
  size_t red = 0, blue = 0, black = 0, white = 0;
  for (size_t i = 0; i < img.rgb.size(); i += 3) {
    const uint8_t *p = &img.rgb[i];
    red += p[0] == 200 && p[1] == 0 && p[2] == 0;
    blue += p[0] == 0 && p[1] == 0 && p[2] == 200;
    black += p[0] == 0 && p[1] == 0 && p[2] == 0;
    white += p[0] == 255 && p[1] == 255 && p[2] == 255;
  }
  EXPECT_GT(red, 500u); // polylines 2 px thick across ~550 px
  EXPECT_GT(blue, 500u);
  EXPECT_GT(black, 1000u); // axes, ticks, text
  EXPECT_GT(white, img.rgb.size() / 3 / 2);
  plotLines(t / "plot.png", {loss, val}, o);
  Decoded d = readPng(t / "plot.png", PNG_FORMAT_RGB);
  EXPECT_EQ(d.width, 640);
  EXPECT_EQ(d.height, 400);
  EXPECT_EQ(d.px, img.rgb);

  // Log axis and NaN gaps render without trouble.
  o.logY = true;
  Series l2{"x", {1.0, NAN, 0.01, 0.001}, {}, 0, 0, 0, 0};
  RgbImage img2 = renderPlot({l2}, o);
  EXPECT_EQ(img2.rgb.size(), size_t(640 * 400 * 3));
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
  RgbImage img = renderPlot({loss, fid}, o);
  EXPECT_EQ(img.rgb.size(), size_t(640 * 400 * 3));
  Series big{"x", {1e6, std::nextafter(1e6, 2e6)}, {}, 0, 0, 0, 0};
  EXPECT_EQ(renderPlot({big}, o).rgb.size(), size_t(640 * 400 * 3));
}

TEST(Png, FontDrawsGlyphs) {
  RgbImage img;
  img.width = 20;
  img.height = 10;
  img.rgb.assign(size_t(20 * 10 * 3), 255);
  EXPECT_EQ(drawText(img, 0, 0, "1a", 0, 0, 0), 11);
  // '1' row 0 is 00100: pixel (2,0) set, (0,0) not.
  EXPECT_EQ(img.rgb[size_t((0 * 20 + 2) * 3)], 0);
  EXPECT_EQ(img.rgb[size_t((0 * 20 + 0) * 3)], 255);
  // 'a' drawn as 'A': row 4 is 11111 starting at x = 6.
  for (int x = 6; x < 11; ++x)
    EXPECT_EQ(img.rgb[size_t((4 * 20 + x) * 3)], 0) << x;
}
