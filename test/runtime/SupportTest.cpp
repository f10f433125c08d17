//===- SupportTest.cpp - bounded reads and memory checks ------------------===//
#include "masq/Core/BoundedRead.h"
#include "masq/Support/Memory.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace masq;

namespace {

std::string tempPath(const char *name) {
  return ::testing::TempDir() + "/support_" + std::to_string(getpid()) + "_" + name;
}

void writeFile(const std::string &path, const std::string &text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(BoundedRead, ReadsARegularFileUpToTheLimit) {
  std::string path = tempPath("ok"), out, error;
  writeFile(path, std::string(100, 'x'));
  EXPECT_TRUE(readFileBounded(path, 100, out, error)) << error;
  EXPECT_EQ(out, std::string(100, 'x'));
  EXPECT_FALSE(readFileBounded(path, 99, out, error));
  EXPECT_EQ(error, "larger than the 99 bytes limit (100 bytes)");
  EXPECT_TRUE(out.empty());
  writeFile(path, "");
  EXPECT_TRUE(readFileBounded(path, 0, out, error)) << error;
  EXPECT_TRUE(out.empty());
  std::remove(path.c_str());
}

TEST(BoundedRead, FollowsSymlinksToRegularFiles) {
  std::string path = tempPath("target"), link = tempPath("link"), out, error;
  writeFile(path, "model");
  std::remove(link.c_str());
  ASSERT_EQ(symlink(path.c_str(), link.c_str()), 0);
  EXPECT_TRUE(readFileBounded(link, 100, out, error)) << error;
  EXPECT_EQ(out, "model");
  std::remove(link.c_str());
  std::remove(path.c_str());
}

TEST(BoundedRead, RefusesWhatIsNotARegularFile) {
  std::string out, error;
  EXPECT_FALSE(readFileBounded("/dev/zero", 1 << 20, out, error));
  EXPECT_EQ(error, "not a regular file");
  EXPECT_FALSE(readFileBounded(::testing::TempDir(), 1 << 20, out, error));
  EXPECT_EQ(error, "not a regular file");
  EXPECT_FALSE(readFileBounded(tempPath("missing"), 1 << 20, out, error));
  EXPECT_EQ(error, "No such file or directory");
  // A FIFO without a writer is refused at once, not waited on.
  std::string fifo = tempPath("fifo");
  std::remove(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(readFileBounded(fifo, 1 << 20, out, error));
  EXPECT_EQ(error, "not a regular file");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  std::remove(fifo.c_str());
}

TEST(BoundedRead, FormatsByteCounts) {
  EXPECT_EQ(formatBytes(1), "1 byte");
  EXPECT_EQ(formatBytes(512), "512 bytes");
  EXPECT_EQ(formatBytes(kMaxSourceBytes), "4 MiB");
  EXPECT_EQ(formatBytes(kMaxDataBytes), "2 GiB");
  EXPECT_EQ(formatBytes(uint64_t(3) << 29), "1.5 GiB");
  EXPECT_EQ(formatBytes(uint64_t(73) << 30), "73 GiB");
  EXPECT_EQ(formatBytes(uint64_t(150) << 20), "150 MiB");
}

TEST(Memory, ChecksAgainstTheLimit) {
  std::string error;
  const uint64_t limit = memoryLimitBytes();
  ASSERT_GT(limit, uint64_t(0));
  EXPECT_TRUE(fitsInMemory(1 << 20, "a little", error)) << error;
  EXPECT_FALSE(fitsInMemory(double(limit) * 2 + 1, "a lot", error));
  EXPECT_EQ(error.rfind("a lot needs ", 0), 0u) << error;
  EXPECT_NE(error.find(", more than "), std::string::npos) << error;
  // Sizes past 2^64 (products of large dimensions) do not wrap around.
  EXPECT_FALSE(fitsInMemory(0x1p70, "too much", error));
}

TEST(Memory, CountsWhatUlimitLeaves) {
  struct rlimit old;
  ASSERT_EQ(getrlimit(RLIMIT_AS, &old), 0);
  struct rlimit tight = old;
  tight.rlim_cur = rlim_t(16) << 30; // 16 GiB of address space
  if (old.rlim_max != RLIM_INFINITY && old.rlim_max < tight.rlim_cur)
    GTEST_SKIP() << "hard address-space limit below 16 GiB";
  ASSERT_EQ(setrlimit(RLIMIT_AS, &tight), 0);
  std::string source;
  uint64_t limit = memoryLimitBytes(&source);
  ASSERT_EQ(setrlimit(RLIMIT_AS, &old), 0);
  EXPECT_LT(limit, uint64_t(16) << 30);
  if (source != "ulimit -v") { // a smaller machine or cgroup bounds it first
    EXPECT_TRUE(source == "available memory" || source == "the cgroup memory limit") << source;
  }
}

} // namespace
