//===- BoundedRead.h - reading input files with a size limit ----*- C++ -*-===//
//
// Every file masq reads on a user's behalf (model sources, data sets,
// parameter files) goes through here, so none of them can make it read
// without end: the path must name a regular file (after symlinks; a FIFO,
// a device such as /dev/zero or a directory is refused without blocking),
// and its size must be within the caller's limit, checked with fstat before
// a byte is read and again while reading (a file that grows meanwhile is
// still cut off at the limit).
//
// Plain C++17 and POSIX; no exceptions.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_CORE_BOUNDEDREAD_H
#define MASQ_CORE_BOUNDEDREAD_H

#include <cstdint>
#include <string>

namespace masq {

/// The size limits of the files masq reads (docs/reliability.md).
constexpr uint64_t kMaxSourceBytes = uint64_t(4) << 20;  // a .masq model
constexpr uint64_t kMaxDataBytes = uint64_t(2) << 30;    // a data file, after gunzip
constexpr uint64_t kMaxParamsBytes = uint64_t(1) << 30;  // --params FILE.json

/// "4 MiB", "2 GiB", "1.5 GiB", "512 bytes": a byte count for messages.
std::string formatBytes(uint64_t bytes);

/// Opens `path` for reading if it is a regular file of at most `maxBytes`
/// bytes (its size goes to `size`). Never blocks on a FIFO. Returns the file
/// descriptor (the caller closes it), or -1 with `error` set to a short
/// reason without the path: "not a regular file", "No such file or
/// directory", "larger than the 4 MiB limit (5000000 bytes)".
int openRegularFile(const std::string &path, uint64_t maxBytes, uint64_t &size,
                    std::string &error);

/// The whole of `path` (see openRegularFile) into `out`. False with `error`
/// set (as openRegularFile) on any problem; at most maxBytes + 1 bytes are
/// ever read.
bool readFileBounded(const std::string &path, uint64_t maxBytes, std::string &out,
                     std::string &error);

/// The rest of the open file `fd` into `out` (sizeHint: its size from fstat),
/// at most `maxBytes`; false with `error` set if it holds more (it grew) or a
/// read fails. The caller keeps and closes `fd`.
bool readFdBounded(int fd, uint64_t maxBytes, uint64_t sizeHint, std::string &out,
                   std::string &error);

} // namespace masq

#endif // MASQ_CORE_BOUNDEDREAD_H
