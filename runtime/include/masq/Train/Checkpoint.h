//===- Checkpoint.h - Atomic file writes -------------------------*- C++ -*-===//
#ifndef MASQ_TRAIN_CHECKPOINT_H
#define MASQ_TRAIN_CHECKPOINT_H

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace masq {
namespace train {

// Writes `contents` to path + ".tmp" (same directory), flushes and fsyncs it,
// then renames it over `path`, so readers see either the old or the new file.
// On failure the temp file is removed, `path` is left as it was, and a
// std::runtime_error naming the path is thrown.
void writeFileAtomic(const std::string &path, const std::string &contents);

// The whole file; std::runtime_error "cannot read PATH: reason" otherwise.
std::string readFile(const std::string &path);

// writeFileAtomic(path, j.dump(indent) + "\n").
void writeJsonAtomic(const std::string &path, const nlohmann::json &j,
                     int indent = 2);

// Parses readFile(path); errors name the file.
nlohmann::json readJson(const std::string &path);

} // namespace train
} // namespace masq

#endif
