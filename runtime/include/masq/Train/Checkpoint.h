//===- Checkpoint.h - Atomic file writes, folder locks ----------*- C++ -*-===//
#ifndef MASQ_TRAIN_CHECKPOINT_H
#define MASQ_TRAIN_CHECKPOINT_H

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace masq {
namespace train {

// Writes `contents` to a temp file of its own in the same directory
// (path + ".tmp.PID.N", created with O_EXCL, so two writers never share one
// and a file or link already there is never followed), flushes and fsyncs
// it, then renames it over `path`: readers see either the old or the new
// file. On failure the temp file is removed, `path` is left as it was, and a
// std::runtime_error naming the path is thrown.
void writeFileAtomic(const std::string &path, const std::string &contents);

// Removes temp files that writeFileAtomic left in `dir` when its process was
// killed (NAME.tmp.PID.N). Call it only while holding the folder's lock.
void removeStaleTemps(const std::string &dir);

// The whole file; std::runtime_error "cannot read PATH: reason" otherwise.
std::string readFile(const std::string &path);

// writeFileAtomic(path, j.dump(indent) + "\n").
void writeJsonAtomic(const std::string &path, const nlohmann::json &j,
                     int indent = 2);

// Parses readFile(path); errors name the file.
nlohmann::json readJson(const std::string &path);

// nlohmann-json writes NaN and infinities as `null`, which does not read back
// as a number. The path of the first non-finite number in `j` ("theta[3]",
// "optimizer.v[0]"), or "" if every number is finite.
std::string firstNonFinite(const nlohmann::json &j);

// The numbers of the JSON array `a`. `null` entries (a NaN or infinity
// written by an older masq) read as NaN when `nullIsNaN`; otherwise, and for
// anything else that is not a number, a std::runtime_error names `what` and
// the entry.
std::vector<double> readNumbers(const nlohmann::json &a,
                                const std::string &what, bool nullIsNaN);

// An exclusive lock on a results folder: DIR/.lock, held with flock() while
// the object lives (and released by the kernel when the process ends, however
// it ends). The file holds the owner's pid. A second FolderLock on the same
// folder, from any process, throws "folder DIR is in use by another run (pid
// N); ..." with `flag` (e.g. "--out") named in the advice.
class FolderLock {
public:
  FolderLock(const std::string &dir, const std::string &flag);
  ~FolderLock();
  FolderLock(const FolderLock &) = delete;
  FolderLock &operator=(const FolderLock &) = delete;

private:
  int fd_ = -1;
};

} // namespace train
} // namespace masq

#endif
