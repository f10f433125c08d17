//===- Memory.h - checking large allocations against memory -----*- C++ -*-===//
//
// A large allocation (a parameter vector, a batch, a data set, a state
// vector) is checked here before it is made, so that a request the machine
// cannot satisfy fails with a message naming what needed the memory instead
// of std::bad_alloc, an abort, or the kernel's out-of-memory killer after
// minutes of paging.
//
// The memory a process may use is the least of: the physical memory, the
// memory available now (MemAvailable: free memory and reclaimable caches,
// what can be had without swapping or the out-of-memory killer), the cgroup
// (container) limit, and the address space and data segment left under
// `ulimit -v` / `ulimit -d`.
//
// Plain C++17 and POSIX; no exceptions.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_SUPPORT_MEMORY_H
#define MASQ_SUPPORT_MEMORY_H

#include <cstdint>
#include <string>

namespace masq {

/// Bytes this process may still allocate (see above); `source` (if given)
/// says which bound that is: "physical memory", "available memory", "the
/// cgroup memory limit", "ulimit -v", "ulimit -d".
uint64_t memoryLimitBytes(std::string *source = nullptr);

/// True if `bytes` fit memoryLimitBytes(). Otherwise false with `error` set
/// to "WHAT needs 8 GiB, more than the 3.7 GiB of memory left under ulimit -v".
/// `bytes` is a double so that products of sizes cannot overflow.
bool fitsInMemory(double bytes, const std::string &what, std::string &error);

} // namespace masq

#endif // MASQ_SUPPORT_MEMORY_H
