//===- Checkpoint.cpp - Atomic file writes, folder locks ------------------===//

#include "masq/Train/Checkpoint.h"
#include "masq/Core/BoundedRead.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <stdexcept>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace masq {
namespace train {

namespace {
[[noreturn]] void failErrno(const std::string &what, const std::string &path,
                            int err) {
  throw std::runtime_error("cannot " + what + " " + path + ": " +
                           std::strerror(err));
}

std::string dirName(const std::string &p) {
  size_t s = p.find_last_of('/');
  if (s == std::string::npos)
    return ".";
  return s == 0 ? "/" : p.substr(0, s);
}

// Creates path + ".tmp.PID.N" with O_EXCL: the name is this writer's alone,
// and nothing already at that name (a stale temp, a symlink) is opened.
int createTemp(const std::string &path, std::string &tmp) {
  static std::atomic<unsigned> counter{0};
  const std::string stem = path + ".tmp." + std::to_string(::getpid()) + ".";
  for (int tries = 0; tries < 1000; ++tries) {
    tmp = stem + std::to_string(counter++);
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST)
      return fd;
  }
  errno = EEXIST;
  return -1;
}

bool writeAll(int fd, const std::string &contents) {
  const char *p = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR)
      continue; // a signal (the trainer's SIGINT/SIGTERM flag) is no failure
    if (n <= 0) {
      if (n == 0)
        errno = EIO;
      return false;
    }
    p += n;
    left -= size_t(n);
  }
  return true;
}

// NAME.tmp.DIGITS.DIGITS, as createTemp makes them.
bool isTempName(const std::string &name) {
  size_t at = name.rfind(".tmp.");
  if (at == std::string::npos || at == 0)
    return false;
  std::string rest = name.substr(at + 5);
  size_t dot = rest.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size())
    return false;
  for (size_t i = 0; i < rest.size(); ++i)
    if (i != dot && !std::isdigit((unsigned char)rest[i]))
      return false;
  return true;
}
} // namespace

void writeFileAtomic(const std::string &path, const std::string &contents) {
  std::string tmp;
  int fd = createTemp(path, tmp);
  if (fd < 0) {
    int err = errno;
    failErrno("write", path + " (temp file " + tmp + ")", err);
  }
  int err = 0;
  if (!writeAll(fd, contents))
    err = errno ? errno : EIO;
  if (!err && ::fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
    err = errno;
  if (::close(fd) != 0 && !err && errno != EINTR)
    err = errno ? errno : EIO;
  if (!err && std::rename(tmp.c_str(), path.c_str()) != 0)
    err = errno;
  if (err) {
    std::remove(tmp.c_str());
    failErrno("write", path, err);
  }
  // Make the rename itself durable (best effort).
  int dfd = ::open(dirName(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
}

void removeStaleTemps(const std::string &dir) {
  DIR *d = ::opendir(dir.c_str());
  if (!d)
    return;
  while (struct dirent *e = ::readdir(d)) {
    std::string name = e->d_name;
    if (!isTempName(name))
      continue;
    std::string p = dir + "/" + name;
    struct stat st;
    if (::lstat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode))
      ::unlink(p.c_str());
  }
  ::closedir(d);
}

std::string readFile(const std::string &path) {
  // A checkpoint holds the parameters, the optimiser's moments and the
  // history: bounded as a parameter file is.
  std::string out, error;
  if (!readFileBounded(path, kMaxParamsBytes, out, error))
    throw std::runtime_error("cannot read " + path + ": " + error);
  return out;
}

void writeJsonAtomic(const std::string &path, const nlohmann::json &j,
                     int indent) {
  writeFileAtomic(path, j.dump(indent) + "\n");
}

nlohmann::json readJson(const std::string &path) {
  std::string text = readFile(path);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception &e) {
    throw std::runtime_error(path + ": invalid JSON: " + e.what());
  }
}

namespace {
void findNonFinite(const nlohmann::json &j, const std::string &at,
                   std::string &out) {
  if (!out.empty())
    return;
  if (j.is_number_float()) {
    if (!std::isfinite(j.get<double>()))
      out = at.empty() ? "(top)" : at;
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size() && out.empty(); ++i)
      findNonFinite(j[i], at + "[" + std::to_string(i) + "]", out);
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end() && out.empty(); ++it)
      findNonFinite(it.value(), at.empty() ? it.key() : at + "." + it.key(),
                    out);
  }
}
} // namespace

std::string firstNonFinite(const nlohmann::json &j) {
  std::string out;
  findNonFinite(j, "", out);
  return out;
}

std::vector<double> readNumbers(const nlohmann::json &a,
                                const std::string &what, bool nullIsNaN) {
  if (!a.is_array())
    throw std::runtime_error(what + " is not an array of numbers");
  std::vector<double> v;
  v.reserve(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    const nlohmann::json &x = a[i];
    if (x.is_number())
      v.push_back(x.get<double>());
    else if (x.is_null() && nullIsNaN)
      v.push_back(std::nan(""));
    else
      throw std::runtime_error(what + "[" + std::to_string(i) + "] is " +
                               (x.is_null()
                                    ? "null (a NaN or infinity written as JSON)"
                                    : "not a number"));
  }
  return v;
}

FolderLock::FolderLock(const std::string &dir, const std::string &flag) {
  const std::string path = dir + "/.lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    failErrno("lock the folder", dir + " (" + path + ")", errno);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    std::string holder;
    if (err == EWOULDBLOCK) {
      char buf[32] = {0};
      ssize_t n = ::pread(fd_, buf, sizeof buf - 1, 0);
      long pid = n > 0 ? std::strtol(buf, nullptr, 10) : 0;
      holder = pid > 0 ? " (pid " + std::to_string(pid) + ")" : "";
    }
    ::close(fd_);
    fd_ = -1;
    if (err != EWOULDBLOCK)
      failErrno("lock the folder", dir + " (" + path + ")", err);
    throw std::runtime_error(
        "folder " + dir + " is in use by another run" + holder +
        ": wait for it to finish or choose another " + flag);
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0)
    (void)::pwrite(fd_, pid.data(), pid.size(), 0);
}

FolderLock::~FolderLock() {
  if (fd_ < 0)
    return;
  // The pid goes first, so a reader never names a process that has let go.
  (void)::ftruncate(fd_, 0);
  ::close(fd_);
}

} // namespace train
} // namespace masq
