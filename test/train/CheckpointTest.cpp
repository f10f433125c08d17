// Tests of the atomic file helpers (masq/Train/Checkpoint.h).
#include "TestUtil.h"

#include "masq/Train/Checkpoint.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

using namespace masq::train;
using namespace masq_train_test;
using ::testing::HasSubstr;

namespace {
bool exists(const std::string &p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}
} // namespace

TEST(Checkpoint, WriteReplaceAndRead) {
  TempDir t;
  std::string p = t / "ckpt.bin";
  std::string bytes("a\0b\nc", 5);
  writeFileAtomic(p, bytes);
  EXPECT_EQ(readFile(p), bytes);
  writeFileAtomic(p, "second");
  EXPECT_EQ(readFile(p), "second");
  EXPECT_FALSE(exists(p + ".tmp"));
  writeFileAtomic(p, "");
  EXPECT_EQ(readFile(p), "");
}

TEST(Checkpoint, FailedTempWriteLeavesOldFile) {
  TempDir t;
  std::string p = t / "state.json";
  writeFileAtomic(p, "old");
  // The temp file cannot be created: a directory is in its place.
  ASSERT_EQ(::mkdir((p + ".tmp").c_str(), 0755), 0);
  std::string e = errorOf([&] { writeFileAtomic(p, "new"); });
  EXPECT_THAT(e, HasSubstr(p));
  EXPECT_EQ(readFile(p), "old");
  ::rmdir((p + ".tmp").c_str());

  // A directory that is not writable (only meaningful when not root).
  if (::geteuid() != 0) {
    std::string ro = t / "ro";
    ASSERT_EQ(::mkdir(ro.c_str(), 0755), 0);
    writeFileAtomic(ro + "/f", "old");
    ASSERT_EQ(::chmod(ro.c_str(), 0555), 0);
    EXPECT_THAT(errorOf([&] { writeFileAtomic(ro + "/f", "new"); }),
                HasSubstr(ro + "/f"));
    ::chmod(ro.c_str(), 0755);
    EXPECT_EQ(readFile(ro + "/f"), "old");
  }

  // A missing directory.
  EXPECT_THAT(errorOf([&] { writeFileAtomic(t / "missing/x", "new"); }),
              HasSubstr(t / "missing/x"));
}

TEST(Checkpoint, FailedRenameRemovesTemp) {
  TempDir t;
  // The target is a non-empty directory: the rename fails after the temp
  // file was written; the temp must not be left behind.
  std::string p = t / "dir";
  ASSERT_EQ(::mkdir(p.c_str(), 0755), 0);
  writeFileAtomic(p + "/inside", "x");
  std::string e = errorOf([&] { writeFileAtomic(p, "data"); });
  EXPECT_THAT(e, HasSubstr(p));
  EXPECT_FALSE(exists(p + ".tmp"));
  EXPECT_EQ(readFile(p + "/inside"), "x");
}

TEST(Checkpoint, ReadErrorsNamePath) {
  TempDir t;
  EXPECT_THAT(errorOf([&] { readFile(t / "nope"); }),
              HasSubstr("cannot read " + (t / "nope")));
  writeBytes(t / "bad.json", "{\"a\": ");
  EXPECT_THAT(errorOf([&] { readJson(t / "bad.json"); }),
              HasSubstr((t / "bad.json") + ": invalid JSON"));
}

TEST(Checkpoint, JsonRoundTripKeepsDoublesExact) {
  TempDir t;
  nlohmann::json j;
  j["x"] = 0.1 + 0.2;
  j["y"] = 1.0 / 3.0;
  j["tiny"] = 4.9406564584124654e-324;
  j["v"] = {1e-300, -2.5, 123456789.123456789};
  writeJsonAtomic(t / "s.json", j);
  nlohmann::json k = readJson(t / "s.json");
  EXPECT_EQ(k["x"].get<double>(), 0.1 + 0.2);
  EXPECT_EQ(k["y"].get<double>(), 1.0 / 3.0);
  EXPECT_EQ(k["tiny"].get<double>(), 4.9406564584124654e-324);
  EXPECT_EQ(k, j);
  std::string text = readFile(t / "s.json");
  EXPECT_EQ(text.back(), '\n');
}
