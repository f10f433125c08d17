//===- Checkpoint.cpp - Atomic file writes --------------------------------===//

#include "masq/Train/Checkpoint.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
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
} // namespace

void writeFileAtomic(const std::string &path, const std::string &contents) {
  const std::string tmp = path + ".tmp";
  std::FILE *f = std::fopen(tmp.c_str(), "wb");
  if (!f)
    failErrno("write", path + " (temp file " + tmp + ")", errno);
  int err = 0;
  if (!contents.empty() &&
      std::fwrite(contents.data(), 1, contents.size(), f) != contents.size())
    err = errno ? errno : EIO;
  if (!err && std::fflush(f) != 0)
    err = errno ? errno : EIO;
  if (!err && ::fsync(fileno(f)) != 0 && errno != EINVAL && errno != EROFS)
    err = errno;
  if (std::fclose(f) != 0 && !err)
    err = errno ? errno : EIO;
  if (!err && std::rename(tmp.c_str(), path.c_str()) != 0)
    err = errno;
  if (err) {
    std::remove(tmp.c_str());
    failErrno("write", path, err);
  }
  // Make the rename itself durable (best effort).
  int dfd = ::open(dirName(path).c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
}

std::string readFile(const std::string &path) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    failErrno("read", path, errno);
  std::string out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    out.append(buf, n);
  int err = std::ferror(f) ? (errno ? errno : EIO) : 0;
  std::fclose(f);
  if (err)
    failErrno("read", path, err);
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

} // namespace train
} // namespace masq
