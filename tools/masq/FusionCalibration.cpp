//===- FusionCalibration.cpp - the fuser's measured costs on disk ---------===//
#include "FusionCalibration.h"
#include "CompileCache.h"

#include "masq/Core/BoundedRead.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace masq {
namespace {
constexpr char kHeader[] = "masq fusion costs 1";
constexpr size_t kMaxBytes = size_t(1) << 16;
} // namespace

std::string fusionCostsPath() {
  std::string dir = cache::cacheDirectory("");
  return dir.empty() ? "" : dir + "/fusion-costs";
}

bool writeFusionCosts(const std::string &path, const FusionCosts &costs, std::string &error) {
  llvm::StringRef parent = llvm::sys::path::parent_path(path);
  if (!parent.empty())
    if (std::error_code ec = llvm::sys::fs::create_directories(parent)) {
      error = "cannot create '" + parent.str() + "': " + ec.message();
      return false;
    }
  // Written beside the file and renamed over it: a reader sees the old
  // table or the new one.
  const std::string tmp = path + ".tmp";
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(tmp, ec);
    if (ec) {
      error = "cannot write '" + tmp + "': " + ec.message();
      return false;
    }
    os << kHeader << "\nversion " << cache::kVersion << "\ntarget " << cache::targetKey()
       << "\ncosts " << costs.toText() << "\n";
    os.close();
    if (os.has_error()) {
      error = "cannot write '" + tmp + "': " + os.error().message();
      os.clear_error();
      llvm::sys::fs::remove(tmp);
      return false;
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(tmp, path)) {
    error = "cannot write '" + path + "': " + ec.message();
    llvm::sys::fs::remove(tmp);
    return false;
  }
  return true;
}

std::string loadFusionCosts() {
  static const std::string table = [] {
    const std::string path = fusionCostsPath();
    std::string text, err;
    if (path.empty() || !llvm::sys::fs::exists(path))
      return std::string();
    auto ignore = [&](const std::string &why) {
      cache::warnOnce("ignoring the fusion costs in '" + path + "': " + why +
                      " (rerun masq calibrate)");
      return std::string();
    };
    if (!readFileBounded(path, kMaxBytes, text, err))
      return ignore(err);
    llvm::SmallVector<llvm::StringRef> lines;
    llvm::StringRef(text).split(lines, '\n', -1, /*KeepEmpty=*/false);
    if (lines.size() != 4 || lines[0] != kHeader)
      return ignore("it is not a fusion cost table");
    if (lines[1] != (std::string("version ") + cache::kVersion))
      return ignore("another masq version measured it");
    if (lines[2] != "target " + cache::targetKey())
      return ignore("it was measured on another CPU");
    if (!lines[3].starts_with("costs "))
      return ignore("it is not a fusion cost table");
    std::string costs = lines[3].drop_front(6).str(), why;
    FusionCosts parsed;
    if (!FusionCosts::parse(costs, parsed, why) || parsed.empty())
      return ignore(why.empty() ? "it has no rows" : why);
    return costs;
  }();
  return table;
}

} // namespace masq
