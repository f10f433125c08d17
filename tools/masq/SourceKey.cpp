//===- SourceKey.cpp - the key of a source entry in the cache -------------===//
#include "CompileCache.h"
#include "Driver.h"
#include "FusionCalibration.h"

#include "masq/Core/BoundedRead.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

namespace masq {

/// Everything that shapes a compile before the optimised IR exists, as
/// text: the source, every flag the parser, the passes, the noise and the
/// lowering read (the contents of a --noise file too), masq's version, the
/// compiler binary and the target CPU (a rebuilt masq misses: the object
/// entry's stored key is the one written with it). Empty when the
/// source cannot be read (the compile then reports it). A compile that
/// succeeds prints nothing (the compiler has no warnings), so a hit skips
/// no message.
std::string sourceKey(const DriverOptions &opts) {
  std::string source, err;
  if (opts.source)
    source = *opts.source;
  else if (!readFileBounded(opts.file, kMaxSourceBytes, source, err))
    return "";
  auto sha = [](llvm::StringRef text) {
    return llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(text)),
                       /*LowerCase=*/true);
  };
  std::string key;
  llvm::raw_string_ostream os(key);
  os << "masq source key 1\nversion " << cache::kVersion << "\ncompiler "
     << cache::compilerKey() << "\ntarget " << cache::targetKey() << "\nfile " << opts.file
     << "\nsource-sha256 " << sha(source)
     << "\nO " << opts.optLevel << "\nfuse " << opts.fuseMinQubits << " "
     << opts.fuseMaxQubits << "\nvjp " << opts.vjp << "\nparam-shift " << opts.paramShift
     << "\nprecision " << opts.precision
     << "\nforward-only " << opts.forwardOnly << "\ndistributed " << opts.distributedState
     << "\nlocations " << opts.locations << "\nfuse-costs " << loadFusionCosts();
  for (const std::string &s : opts.sets)
    os << "\nset " << s.size() << " " << s;
  for (const std::string &p : opts.disabledPasses)
    os << "\ndisable " << p.size() << " " << p;
  if (!opts.noiseFile.empty()) {
    std::string noise;
    const bool file = readFileBounded(opts.noiseFile, kMaxSourceBytes, noise, err);
    os << "\nnoise " << opts.noiseFile.size() << " " << opts.noiseFile << " "
       << (file ? "file " + sha(noise) : std::string("target"));
  }
  os << "\n";
  return key;
}

} // namespace masq
