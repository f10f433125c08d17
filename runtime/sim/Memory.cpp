//===- Memory.cpp - checking large allocations against memory -------------===//
#include "masq/Support/Memory.h"
#include "masq/Core/BoundedRead.h"

#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>
#include <unistd.h>

namespace masq {
namespace {

uint64_t pageSize() {
  long page = sysconf(_SC_PAGE_SIZE);
  return page > 0 ? uint64_t(page) : 4096;
}

/// A number from the first line of a small pseudo file (/sys, /proc); 0 if
/// the file is missing or does not start with a number ("max").
uint64_t readNumber(const char *path, int field = 0) {
  std::string text, error;
  if (!readFileBounded(path, 4096, text, error))
    return 0;
  const char *p = text.c_str();
  char *end = nullptr;
  unsigned long long v = 0;
  for (int i = 0; i <= field; ++i) {
    v = std::strtoull(p, &end, 10);
    if (end == p)
      return 0;
    p = end;
  }
  return v;
}

} // namespace

uint64_t memoryLimitBytes(std::string *source) {
  uint64_t limit = ~uint64_t(0);
  const char *why = "physical memory";
  auto bound = [&](uint64_t v, const char *what) {
    if (v < limit)
      limit = v, why = what;
  };
  const long pages = sysconf(_SC_PHYS_PAGES);
  if (pages > 0)
    bound(uint64_t(pages) * pageSize(), "physical memory");
  // What the kernel can hand out without swapping or its out-of-memory
  // killer (free memory and reclaimable caches).
  {
    std::string text, error;
    if (readFileBounded("/proc/meminfo", 1 << 16, text, error)) {
      size_t at = text.find("MemAvailable:");
      if (at != std::string::npos) {
        unsigned long long kb = std::strtoull(text.c_str() + at + 13, nullptr, 10);
        if (kb > 0)
          bound(uint64_t(kb) * 1024, "available memory");
      }
    }
  }
  // cgroup v2, then v1 (whose "unlimited" is a huge number).
  if (uint64_t v = readNumber("/sys/fs/cgroup/memory.max"))
    bound(v, "the cgroup memory limit");
  else if (uint64_t v1 = readNumber("/sys/fs/cgroup/memory/memory.limit_in_bytes"))
    bound(v1, "the cgroup memory limit");
  // What is left under ulimit -v (address space: statm's first field) and
  // ulimit -d (data segment: statm's sixth).
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    uint64_t used = readNumber("/proc/self/statm", 0) * pageSize();
    bound(uint64_t(rl.rlim_cur) > used ? uint64_t(rl.rlim_cur) - used : 0, "ulimit -v");
  }
  if (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    uint64_t used = readNumber("/proc/self/statm", 5) * pageSize();
    bound(uint64_t(rl.rlim_cur) > used ? uint64_t(rl.rlim_cur) - used : 0, "ulimit -d");
  }
  if (source)
    *source = why;
  return limit;
}

bool fitsInMemory(double bytes, const std::string &what, std::string &error) {
  std::string source;
  const uint64_t limit = memoryLimitBytes(&source);
  if (!(bytes > double(limit)))
    return true;
  const uint64_t asked = bytes >= 0x1p63 ? uint64_t(1) << 63 : uint64_t(bytes);
  error = what + " needs " + formatBytes(asked) + ", more than ";
  if (source == "physical memory")
    error += "the " + formatBytes(limit) + " of physical memory";
  else if (source == "available memory")
    error += "the " + formatBytes(limit) + " of memory available";
  else if (source.compare(0, 6, "ulimit") == 0)
    error += "the " + formatBytes(limit) + " of memory left under " + source;
  else
    error += source + " of " + formatBytes(limit);
  return false;
}

} // namespace masq
