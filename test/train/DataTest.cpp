// Tests of the data set loaders, resize and split (masq/Train/Data.h).
#include "TestUtil.h"

#include "masq/Train/Data.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <sys/stat.h>

using namespace masq::train;
using namespace masq_train_test;
using ::testing::HasSubstr;

namespace {

std::string be32(uint32_t v) {
  std::string s(4, '\0');
  s[0] = char(v >> 24);
  s[1] = char(v >> 16);
  s[2] = char(v >> 8);
  s[3] = char(v);
  return s;
}

std::string idxImages(uint32_t n, uint32_t rows, uint32_t cols,
                      const std::vector<uint8_t> &px) {
  std::string s = be32(0x00000803) + be32(n) + be32(rows) + be32(cols);
  s.append(px.begin(), px.end());
  return s;
}

std::string idxLabels(const std::vector<uint8_t> &labels) {
  std::string s = be32(0x00000801) + be32(uint32_t(labels.size()));
  s.append(labels.begin(), labels.end());
  return s;
}

void writeGz(const std::string &path, const std::string &bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, bytes.data(), unsigned(bytes.size())), int(bytes.size()));
  ASSERT_EQ(gzclose(f), Z_OK);
}

// 3 images of 2x3 with pixel bytes 10*i + j, labels 2, 0, 1.
std::vector<uint8_t> samplePixels() {
  std::vector<uint8_t> px;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 6; ++j)
      px.push_back(uint8_t(10 * i + j));
  return px;
}

void expectSample(const Dataset &d) {
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d.rows, 2);
  EXPECT_EQ(d.cols, 3);
  EXPECT_EQ(d.numClasses, 3);
  EXPECT_EQ(d.labels, (std::vector<int>{2, 0, 1}));
  ASSERT_EQ(d.images.size(), 18u);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 6; ++j)
      EXPECT_DOUBLE_EQ(d.image(size_t(i))[j], (10 * i + j) / 255.0);
}

} // namespace

TEST(Idx, PlainAndGzip) {
  TempDir t;
  writeBytes(t / "img.idx", idxImages(3, 2, 3, samplePixels()));
  writeBytes(t / "lab.idx", idxLabels({2, 0, 1}));
  expectSample(loadIdx(t / "img.idx", t / "lab.idx"));

  writeGz(t / "img.idx.gz", idxImages(3, 2, 3, samplePixels()));
  writeGz(t / "lab.idx.gz", idxLabels({2, 0, 1}));
  // The gzip file really is compressed (magic 1f 8b), and reads the same.
  std::string raw = readBytes(t / "img.idx.gz");
  ASSERT_GE(raw.size(), 2u);
  EXPECT_EQ(uint8_t(raw[0]), 0x1f);
  EXPECT_EQ(uint8_t(raw[1]), 0x8b);
  expectSample(loadIdx(t / "img.idx.gz", t / "lab.idx.gz"));
  // Mixed plain / gzip.
  expectSample(loadIdx(t / "img.idx.gz", t / "lab.idx"));
  expectSample(loadByName("idx:" + (t / "img.idx") + "," + (t / "lab.idx.gz")));
}

TEST(Idx, TruncatedImagesNameFileAndCounts) {
  TempDir t;
  std::vector<uint8_t> px = samplePixels();
  px.resize(10);
  writeBytes(t / "short.idx", idxImages(3, 2, 3, px));
  writeBytes(t / "lab.idx", idxLabels({2, 0, 1}));
  std::string e = errorOf([&] { loadIdx(t / "short.idx", t / "lab.idx"); });
  EXPECT_THAT(e, HasSubstr(t / "short.idx"));
  EXPECT_THAT(e, HasSubstr("truncated: expected 18 pixel bytes, got 10"));
  EXPECT_THAT(e, HasSubstr("image 1 of 3"));

  // A gzip stream cut short is reported as a truncated file too.
  writeGz(t / "full.idx.gz", idxImages(3, 2, 3, samplePixels()));
  std::string gz = readBytes(t / "full.idx.gz");
  writeBytes(t / "cut.idx.gz", gz.substr(0, gz.size() - 12));
  e = errorOf([&] { loadIdx(t / "cut.idx.gz", t / "lab.idx"); });
  EXPECT_THAT(e, HasSubstr(t / "cut.idx.gz"));

  // Header shorter than 16 bytes.
  writeBytes(t / "tiny.idx", be32(0x00000803) + "ab");
  e = errorOf([&] { loadIdx(t / "tiny.idx", t / "lab.idx"); });
  EXPECT_THAT(e, HasSubstr(t / "tiny.idx"));
  EXPECT_THAT(e, HasSubstr("truncated"));
}

TEST(Idx, BadMagicAndLabelErrors) {
  TempDir t;
  std::string img = idxImages(3, 2, 3, samplePixels());
  std::string bad = be32(0x12345678) + img.substr(4);
  writeBytes(t / "x.idx", bad);
  writeBytes(t / "img.idx", img);
  writeBytes(t / "lab.idx", idxLabels({2, 0, 1}));
  std::string e = errorOf([&] { loadIdx(t / "x.idx", t / "lab.idx"); });
  EXPECT_EQ(e, (t / "x.idx") +
                   ": bad magic 0x12345678 (expected 0x00000803 for IDX images)");

  // Labels file passed as images and vice versa.
  e = errorOf([&] { loadIdx(t / "lab.idx", t / "img.idx"); });
  EXPECT_THAT(e, HasSubstr(t / "lab.idx"));
  EXPECT_THAT(e, HasSubstr("bad magic 0x00000801"));

  // Count mismatch names both files.
  writeBytes(t / "lab2.idx", idxLabels({2, 0}));
  e = errorOf([&] { loadIdx(t / "img.idx", t / "lab2.idx"); });
  EXPECT_THAT(e, HasSubstr(t / "lab2.idx"));
  EXPECT_THAT(e, HasSubstr("2 labels"));
  EXPECT_THAT(e, HasSubstr("3 images"));

  // Truncated labels.
  std::string lab = idxLabels({2, 0, 1});
  writeBytes(t / "lab3.idx", lab.substr(0, lab.size() - 1));
  e = errorOf([&] { loadIdx(t / "img.idx", t / "lab3.idx"); });
  EXPECT_THAT(e, HasSubstr("truncated: expected 3 label bytes, got 2"));

  // Missing file.
  e = errorOf([&] { loadIdx(t / "nope.idx", t / "lab.idx"); });
  EXPECT_THAT(e, HasSubstr("cannot open " + (t / "nope.idx")));
}

TEST(Idx, MnistDirectory) {
  TempDir t;
  writeGz(t / "train-images-idx3-ubyte.gz", idxImages(3, 2, 3, samplePixels()));
  writeBytes(t / "train-labels-idx1-ubyte", idxLabels({2, 0, 1}));
  Dataset d = loadByName("mnist:" + t.path());
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d.numClasses, 10);
  EXPECT_EQ(d.labels, (std::vector<int>{2, 0, 1}));

  // Test set absent.
  std::string e = errorOf([&] { loadMnist(t.path(), false); });
  EXPECT_THAT(e, HasSubstr("t10k-images-idx3-ubyte"));

  // A label above 9 names the record.
  writeBytes(t / "train-labels-idx1-ubyte", idxLabels({2, 12, 1}));
  e = errorOf([&] { loadMnist(t.path()); });
  EXPECT_THAT(e, HasSubstr("train-labels-idx1-ubyte: record 1: label 12 out of range 0..9"));
}

TEST(Idx, FashionMnistTestSet) {
  struct stat st;
  if (::stat((std::string(kFashionMnistDir) + "/t10k-images-idx3-ubyte.gz").c_str(),
             &st) != 0)
    GTEST_SKIP() << "Fashion-MNIST not installed";
  Dataset d = loadFashionMnist(false);
  EXPECT_EQ(d.size(), 10000u);
  EXPECT_EQ(d.rows, 28);
  EXPECT_EQ(d.cols, 28);
  EXPECT_EQ(d.numClasses, 10);
  std::vector<int> counts(10, 0);
  for (int l : d.labels)
    counts[size_t(l)]++;
  for (int c : counts)
    EXPECT_EQ(c, 1000); // the test set is balanced
  auto mm = std::minmax_element(d.images.begin(), d.images.end());
  EXPECT_EQ(*mm.first, 0.0);
  EXPECT_EQ(*mm.second, 1.0);
}

TEST(Csv, LoadsWithHeaderAndNormalises) {
  TempDir t;
  writeBytes(t / "data.csv", "p0,p1,p2,p3,label\n"
                             "0,50,100,200,1\r\n"
                             "\n"
                             "10, 20 ,30,40,0\n"
                             "200,0,0,100,3");
  Dataset d = loadCsv(t / "data.csv");
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d.rows, 2);
  EXPECT_EQ(d.cols, 2);
  EXPECT_EQ(d.numClasses, 4);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0, 3}));
  EXPECT_DOUBLE_EQ(d.image(0)[1], 50.0 / 200.0);
  EXPECT_DOUBLE_EQ(d.image(1)[3], 40.0 / 200.0);
  EXPECT_DOUBLE_EQ(d.image(2)[0], 1.0);

  // Values already in [0,1] stay as they are; no header is fine.
  writeBytes(t / "unit.csv", "0.5,0.25,0,1,0\n");
  Dataset u = loadByName("csv:" + (t / "unit.csv"));
  EXPECT_DOUBLE_EQ(u.image(0)[0], 0.5);
  EXPECT_DOUBLE_EQ(u.image(0)[3], 1.0);
}

TEST(Csv, ErrorsNameFileAndLine) {
  TempDir t;
  std::string p = t / "data.csv";
  writeBytes(p, "a,b,c,d,label\n1,2,3,4,0\n5,6,7,8,1\n1,2,0\n");
  EXPECT_EQ(errorOf([&] { loadCsv(p); }), p + ": line 4: expected 5 values, got 3");

  writeBytes(p, "1,2,3,4,0\n1,x2,3,4,1\n");
  EXPECT_EQ(errorOf([&] { loadCsv(p); }),
            p + ": line 2: field 2 'x2' is not a number");

  writeBytes(p, "1,2,3,4,0\n1,2,3,4,-1\n");
  EXPECT_THAT(errorOf([&] { loadCsv(p); }), HasSubstr(p + ": line 2: label -1 out of range"));

  writeBytes(p, "1,2,3,4,0\n1,2,3,4,1.5\n");
  EXPECT_THAT(errorOf([&] { loadCsv(p); }), HasSubstr(p + ": line 2: label 1.5"));

  writeBytes(p, "1,2,3,0\n");
  EXPECT_EQ(errorOf([&] { loadCsv(p); }),
            p + ": 3 pixel values per record is not a square image");

  writeBytes(p, "a,b\n");
  EXPECT_EQ(errorOf([&] { loadCsv(p); }), p + ": no records");
}

TEST(Digits, OverridePathAndValidation) {
  TempDir t;
  std::string line1, line2;
  for (int i = 0; i < 64; ++i) {
    line1 += std::to_string(i % 17) + ",";
    line2 += std::to_string(16 - i % 17) + ",";
  }
  writeGz(t / "digits.csv.gz", line1 + "7\n" + line2 + "3\n");
  ::setenv("MASQ_DIGITS_PATH", (t / "digits.csv.gz").c_str(), 1);
  Dataset d = loadDigits();
  ::unsetenv("MASQ_DIGITS_PATH");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d.rows, 8);
  EXPECT_EQ(d.cols, 8);
  EXPECT_EQ(d.numClasses, 10);
  EXPECT_EQ(d.labels, (std::vector<int>{7, 3}));
  EXPECT_DOUBLE_EQ(d.image(0)[5], 5.0 / 16.0);
  EXPECT_DOUBLE_EQ(d.image(0)[16], 1.0);
  EXPECT_DOUBLE_EQ(d.image(1)[0], 1.0);
  EXPECT_DOUBLE_EQ(d.image(1)[3], 13.0 / 16.0);

  writeGz(t / "bad.csv.gz", line1 + "7\n" + line2 + "10\n");
  EXPECT_THAT(errorOf([&] { loadDigits(t / "bad.csv.gz"); }),
              HasSubstr((t / "bad.csv.gz") + ": line 2: label 10 out of range"));
  writeGz(t / "bad.csv.gz", line1 + "7\n" + "1,2,3\n");
  EXPECT_EQ(errorOf([&] { loadDigits(t / "bad.csv.gz"); }),
            (t / "bad.csv.gz") + ": line 2: expected 65 values, got 3");
  writeGz(t / "bad.csv.gz", "17," + line1.substr(line1.find(',') + 1) + "7\n");
  EXPECT_THAT(errorOf([&] { loadDigits(t / "bad.csv.gz"); }),
              HasSubstr("line 1: pixel value 17 in field 1 out of range 0..16"));
}

TEST(Digits, RealFile) {
  struct stat st;
  if (::stat(kDigitsPath, &st) != 0)
    GTEST_SKIP() << kDigitsPath << " not installed (python3-sklearn)";
  ::unsetenv("MASQ_DIGITS_PATH");
  Dataset d = loadByName("digits");
  EXPECT_EQ(d.size(), 1797u);
  EXPECT_EQ(d.rows, 8);
  EXPECT_EQ(d.cols, 8);
  EXPECT_EQ(d.numClasses, 10);
  EXPECT_EQ(d.images.size(), 1797u * 64u);
  std::set<int> labels(d.labels.begin(), d.labels.end());
  EXPECT_EQ(labels, (std::set<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  auto mm = std::minmax_element(d.images.begin(), d.images.end());
  EXPECT_EQ(*mm.first, 0.0);
  EXPECT_EQ(*mm.second, 1.0);
  // First image of sklearn's digits is a 0 starting 0,0,5,13,9,1,0,0.
  EXPECT_EQ(d.labels[0], 0);
  EXPECT_DOUBLE_EQ(d.image(0)[2], 5.0 / 16.0);
  EXPECT_DOUBLE_EQ(d.image(0)[3], 13.0 / 16.0);
}

TEST(LoadByName, UnknownListsForms) {
  std::string e = errorOf([] { loadByName("cifar"); });
  EXPECT_THAT(e, HasSubstr("unknown data set 'cifar'"));
  for (const char *form : {"digits", "fashion-mnist", "mnist:DIR",
                           "idx:IMAGES,LABELS", "csv:PATH"})
    EXPECT_THAT(e, HasSubstr(form));
  EXPECT_THAT(errorOf([] { loadByName("idx:onlyone"); }), HasSubstr("unknown data set"));
}

TEST(Resize, FourByFourToTwoByTwo) {
  Dataset d;
  d.rows = d.cols = 4;
  d.numClasses = 1;
  d.labels = {0};
  for (int i = 0; i < 16; ++i)
    d.images.push_back(i / 16.0);
  Dataset r = resizeArea(d, 2, 2);
  ASSERT_EQ(r.rows, 2);
  ASSERT_EQ(r.images.size(), 4u);
  // Block means: (0+1+4+5)/4, (2+3+6+7)/4, (8+9+12+13)/4, (10+11+14+15)/4.
  EXPECT_NEAR(r.images[0], 2.5 / 16, 1e-15);
  EXPECT_NEAR(r.images[1], 4.5 / 16, 1e-15);
  EXPECT_NEAR(r.images[2], 10.5 / 16, 1e-15);
  EXPECT_NEAR(r.images[3], 12.5 / 16, 1e-15);
  // Identity.
  Dataset same = resizeArea(d, 4, 4);
  EXPECT_EQ(same.images, d.images);
}

TEST(Resize, FractionalOverlap) {
  // 3 -> 2: out[0] = (v0 + v1/2) / 1.5, out[1] = (v1/2 + v2) / 1.5 per axis.
  std::vector<double> src = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::vector<double> dst(4);
  resizeArea(src.data(), 3, 3, dst.data(), 2, 2);
  double w[2][3] = {{1 / 1.5, 0.5 / 1.5, 0}, {0, 0.5 / 1.5, 1 / 1.5}};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      double want = 0;
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b)
          want += w[i][a] * w[j][b] * src[size_t(a * 3 + b)];
      EXPECT_NEAR(dst[size_t(i * 2 + j)], want, 1e-14) << i << "," << j;
    }
  // 1x3 -> 1x1 upsample direction too: 2 -> 3 repeats / blends.
  std::vector<double> s2 = {0, 1}, d2(3);
  resizeArea(s2.data(), 1, 2, d2.data(), 1, 3);
  EXPECT_NEAR(d2[0], 0, 1e-15);
  EXPECT_NEAR(d2[1], 0.5, 1e-15);
  EXPECT_NEAR(d2[2], 1, 1e-15);
}

TEST(Resize, TwentyEightToSixteenAndEightPreservesMean) {
  Dataset d;
  d.rows = d.cols = 28;
  d.numClasses = 1;
  d.labels = {0, 0};
  for (int k = 0; k < 2; ++k)
    for (int i = 0; i < 28 * 28; ++i)
      d.images.push_back(std::fmod(std::sin(i * 0.37 + k) * 43758.5453, 1.0) * 0.5 + 0.5);
  for (int side : {16, 8, 7, 5}) {
    Dataset r = resizeArea(d, side, side);
    ASSERT_EQ(r.images.size(), size_t(2 * side * side));
    for (size_t k = 0; k < 2; ++k) {
      double m0 = std::accumulate(d.image(k), d.image(k) + 784, 0.0) / 784;
      double m1 = std::accumulate(r.image(k), r.image(k) + side * side, 0.0) /
                  (side * side);
      EXPECT_NEAR(m0, m1, 1e-12) << side;
      auto mm = std::minmax_element(r.image(k), r.image(k) + side * side);
      EXPECT_GE(*mm.first, 0.0);
      EXPECT_LE(*mm.second, 1.0);
    }
  }
}

TEST(Split, DeterministicPerSeed) {
  Dataset d;
  d.name = "toy";
  d.rows = d.cols = 1;
  d.numClasses = 5;
  for (int i = 0; i < 100; ++i) {
    d.images.push_back(i / 100.0);
    d.labels.push_back(i % 5);
  }
  auto a = split(d, 60, 30, 42);
  auto b = split(d, 60, 30, 42);
  auto c = split(d, 60, 30, 43);
  ASSERT_EQ(a.first.size(), 60u);
  ASSERT_EQ(a.second.size(), 30u);
  EXPECT_EQ(a.first.images, b.first.images);
  EXPECT_EQ(a.second.images, b.second.images);
  EXPECT_NE(a.first.images, c.first.images);
  // Disjoint and labels follow their images.
  std::set<double> seen;
  for (const Dataset *s : {&a.first, &a.second})
    for (size_t i = 0; i < s->size(); ++i) {
      EXPECT_TRUE(seen.insert(s->images[i]).second);
      EXPECT_EQ(s->labels[i], int(std::lround(s->images[i] * 100)) % 5);
    }
  EXPECT_EQ(seen.size(), 90u);
  // Shuffled, not the identity.
  std::vector<double> firstSixty(d.images.begin(), d.images.begin() + 60);
  EXPECT_NE(a.first.images, firstSixty);
  // Pinned permutation (from an independent Python MT19937-64 + the same
  // Fisher-Yates): results must not depend on the standard library.
  EXPECT_EQ(shuffledIndices(10, 1),
            (std::vector<size_t>{1, 7, 3, 9, 4, 0, 5, 2, 6, 8}));
  EXPECT_EQ(shuffledIndices(10, 42),
            (std::vector<size_t>{1, 7, 9, 0, 3, 8, 4, 2, 5, 6}));
  std::vector<size_t> p = shuffledIndices(1000, 7);
  std::vector<size_t> sorted = p;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i)
    EXPECT_EQ(sorted[i], i);

  EXPECT_THAT(errorOf([&] { split(d, 80, 30, 1); }),
              HasSubstr("80 train + 30 test images requested, but it has only 100"));
}
