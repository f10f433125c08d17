// Tests of the atomic file helpers (masq/Train/Checkpoint.h).
#include "TestUtil.h"

#include "masq/Train/Checkpoint.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <dirent.h>
#include <limits>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace masq::train;
using namespace masq_train_test;
using ::testing::HasSubstr;

namespace {
bool exists(const std::string &p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}

std::vector<std::string> listDir(const std::string &dir) {
  std::vector<std::string> out;
  if (DIR *d = ::opendir(dir.c_str())) {
    while (struct dirent *e = ::readdir(d))
      if (std::string(e->d_name) != "." && std::string(e->d_name) != "..")
        out.push_back(e->d_name);
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
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
  // No temp file is left behind.
  EXPECT_EQ(listDir(t.path()), std::vector<std::string>{"ckpt.bin"});
}

TEST(Checkpoint, FailedTempWriteLeavesOldFile) {
  TempDir t;
  std::string p = t / "state.json";
  writeFileAtomic(p, "old");

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

// The temp file has a name of its own, created with O_EXCL: what another
// writer (or an attacker) left at the old fixed name path + ".tmp" is neither
// followed nor renamed into place.
TEST(Checkpoint, TempNameIsNotShared) {
  TempDir t;
  std::string p = t / "checkpoint.json", victim = t / "victim";
  writeBytes(victim, "keep me");
  ASSERT_EQ(::symlink(victim.c_str(), (p + ".tmp").c_str()), 0);
  writeFileAtomic(p, "new");
  EXPECT_EQ(readFile(victim), "keep me");
  struct stat st;
  ASSERT_EQ(::lstat(p.c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode)) << "the checkpoint became a symlink";
  EXPECT_EQ(readFile(p), "new");
  // A directory at the old name does not block the write either.
  std::string q = t / "params.json";
  ASSERT_EQ(::mkdir((q + ".tmp").c_str(), 0755), 0);
  writeFileAtomic(q, "p");
  EXPECT_EQ(readFile(q), "p");
}

// Two writers of one file (two threads here; two processes alike) each write
// through their own temp file: every write succeeds and the file always
// holds one whole version. With one shared temp name a writer truncated the
// other's temp file or renamed it away ("cannot write ...: No such file").
TEST(Checkpoint, ConcurrentWritersNeverCollide) {
  TempDir t;
  std::string p = t / "checkpoint.json";
  std::string a(100000, 'a'), b(100000, 'b');
  std::string errA, errB;
  auto writer = [&](const std::string &text, std::string &err) {
    try {
      for (int i = 0; i < 200; ++i)
        writeFileAtomic(p, text);
    } catch (const std::exception &e) {
      err = e.what();
    }
  };
  std::thread ta(writer, std::cref(a), std::ref(errA));
  std::thread tb(writer, std::cref(b), std::ref(errB));
  for (int i = 0; i < 200; ++i) {
    std::string now = readBytes(p);
    if (!now.empty()) {
      EXPECT_TRUE(now == a || now == b)
          << "torn file of " << now.size() << " bytes";
    }
  }
  ta.join();
  tb.join();
  EXPECT_EQ(errA, "");
  EXPECT_EQ(errB, "");
  std::string last = readFile(p);
  EXPECT_TRUE(last == a || last == b);
  EXPECT_EQ(listDir(t.path()), std::vector<std::string>{"checkpoint.json"});
}

TEST(Checkpoint, StaleTempsAreRemoved) {
  TempDir t;
  writeBytes(t / "checkpoint.json.tmp.4242.0", "half");
  writeBytes(t / "params.json.tmp.17.3", "half");
  writeBytes(t / "notes.tmp", "mine");    // not one of ours
  writeBytes(t / "data.tmp.x.1", "mine"); // not one of ours
  writeBytes(t / "checkpoint.json", "whole");
  removeStaleTemps(t.path());
  EXPECT_EQ(listDir(t.path()),
            (std::vector<std::string>{"checkpoint.json", "data.tmp.x.1",
                                      "notes.tmp"}));
}

// NaN and infinities are found before they are written (nlohmann-json would
// write them as null, which does not read back as a number).
TEST(Checkpoint, NonFiniteNumbersAreFound) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  nlohmann::json ok{
      {"epoch", 3}, {"theta", {0.5, -1.0}}, {"optimizer", {{"v", {1e-300}}}}};
  EXPECT_EQ(firstNonFinite(ok), "");
  nlohmann::json bad = ok;
  bad["theta"][1] = nan;
  EXPECT_EQ(firstNonFinite(bad), "theta[1]");
  bad = ok;
  bad["optimizer"]["v"][0] = -inf;
  EXPECT_EQ(firstNonFinite(bad), "optimizer.v[0]");
  EXPECT_EQ(bad.dump().find("null") != std::string::npos,
            true); // what it guards against
}

TEST(Checkpoint, ReadNumbersHandlesNull) {
  nlohmann::json a = nlohmann::json::parse("[1.5, null, -2]");
  std::vector<double> v = readNumbers(a, "train_loss", true);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], 1.5);
  EXPECT_TRUE(std::isnan(v[1]));
  EXPECT_EQ(v[2], -2.0);
  EXPECT_THAT(errorOf([&] { readNumbers(a, "theta", false); }),
              HasSubstr("theta[1] is null"));
  EXPECT_THAT(errorOf([&] {
                readNumbers(nlohmann::json::parse("[1, \"x\"]"), "theta", true);
              }),
              HasSubstr("theta[1] is not a number"));
  EXPECT_THAT(
      errorOf([&] { readNumbers(nlohmann::json::parse("{}"), "theta", true); }),
      HasSubstr("theta is not an array"));
}

// One run per folder: a second lock, from this process or another, is
// refused with the folder and the holder's pid; the lock goes with its owner.
TEST(Checkpoint, FolderLockIsExclusive) {
  TempDir t;
  {
    FolderLock first(t.path(), "--out");
    std::string e = errorOf([&] { FolderLock second(t.path(), "--out"); });
    EXPECT_THAT(e, HasSubstr("folder " + t.path() +
                             " is in use by another run (pid " +
                             std::to_string(::getpid()) + ")"));
    EXPECT_THAT(e, HasSubstr("--out"));
    // Another process sees the same.
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        FolderLock other(t.path(), "--out");
      } catch (const std::runtime_error &) {
        ::_exit(7);
      }
      ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 7);
  }
  FolderLock again(t.path(), "--out"); // released with its owner
  EXPECT_TRUE(exists(t / ".lock"));
  EXPECT_THAT(errorOf([&] { FolderLock x(t / "missing", "--out"); }),
              HasSubstr("cannot lock the folder " + (t / "missing")));
}
