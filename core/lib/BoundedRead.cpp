//===- BoundedRead.cpp - reading input files with a size limit ------------===//
#include "masq/Core/BoundedRead.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace masq {

std::string formatBytes(uint64_t bytes) {
  static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024)
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  double v = double(bytes);
  int u = -1;
  while (v >= 1024 && u < 3)
    v /= 1024, ++u;
  // One decimal below 100 ("3.5 GiB"), none for whole numbers ("16 GiB").
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", v < 100 ? 1 : 0, v);
  std::string out = buf;
  if (out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0)
    out.resize(out.size() - 2);
  return out + " " + units[u];
}

namespace {
std::string tooLarge(uint64_t maxBytes, const char *size) {
  return std::string("larger than the ") + formatBytes(maxBytes) + " limit" + size;
}
} // namespace

int openRegularFile(const std::string &path, uint64_t maxBytes, uint64_t &size,
                    std::string &error) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
  // writer. It is cleared again below once the file is known to be regular.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error = std::strerror(errno);
    return -1;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    error = std::strerror(errno);
    ::close(fd);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    error = "not a regular file";
    ::close(fd);
    return -1;
  }
  if (uint64_t(st.st_size) > maxBytes) {
    error = tooLarge(maxBytes, (" (" + std::to_string(st.st_size) + " bytes)").c_str());
    ::close(fd);
    return -1;
  }
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0)
    ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  size = uint64_t(st.st_size);
  return fd;
}

bool readFdBounded(int fd, uint64_t maxBytes, uint64_t sizeHint, std::string &out,
                   std::string &error) {
  // The size fstat gave, plus one byte to see a file that has grown since.
  out.resize(size_t(std::min(sizeHint, maxBytes)) + 1);
  size_t got = 0;
  for (;;) {
    if (got == out.size()) {
      if (got > maxBytes) {
        error = tooLarge(maxBytes, "");
        out.clear();
        return false;
      }
      out.resize(size_t(std::min<uint64_t>(maxBytes + 1, 2 * uint64_t(out.size()))));
    }
    ssize_t n = ::read(fd, &out[got], out.size() - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      error = std::strerror(errno);
      out.clear();
      return false;
    }
    if (n == 0)
      break;
    got += size_t(n);
  }
  if (got > maxBytes) {
    error = tooLarge(maxBytes, "");
    out.clear();
    return false;
  }
  out.resize(got);
  return true;
}

bool readFileBounded(const std::string &path, uint64_t maxBytes, std::string &out,
                     std::string &error) {
  out.clear();
  uint64_t size = 0;
  int fd = openRegularFile(path, maxBytes, size, error);
  if (fd < 0)
    return false;
  bool ok = readFdBounded(fd, maxBytes, size, out, error);
  ::close(fd);
  return ok;
}
} // namespace masq
