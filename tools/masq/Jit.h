//===- Jit.h - native code for a masq model ---------------------*- C++ -*-===//
//
// Lowering (passes/), LLVM IR, object code made in memory (-O0: FastISel
// and the fast register allocator) and loaded into an ORC LLJIT, and a
// disk cache of the object code keyed by the optimised IR,
// the lowering options, the compiler version and the target, and source
// entries that name an object by the source text and flags (a warm compile
// skips parsing and passes; CompileCache.h). A cached object is loaded straight
// into an ORC LLJIT, but only from a private directory (0700, this user's),
// from a plain file of this user that nobody else can write, of bounded size,
// whose checksum holds and whose recorded key equals the expected one. Any
// other entry is rebuilt and replaced, never executed.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TOOLS_JIT_H
#define MASQ_TOOLS_JIT_H

#include "masq/Model/Model.h"
#include "masq/Passes/Passes.h"

#include "mlir/IR/BuiltinOps.h"

#include <functional>
#include <memory>
#include <string>

namespace masq {

struct Timings;

/// A loaded model; owns the JIT that holds its code.
class NativeModel {
public:
  ~NativeModel();
  CompiledModel model;
  bool fromCache = false;
  struct Impl;
  std::unique_ptr<Impl> impl;
};

struct JitOptions {
  /// The lowering pipeline's options (the cache key holds them).
  LoweringOptions lowering;
  bool useCache = true;
  std::string cacheDir; // empty: $MASQ_CACHE_DIR, else ~/.cache/masq
  /// Called with each stage's name and seconds.
  std::function<void(const char *, double)> timing;
  /// Non-empty: the source text and every flag that shapes the compile
  /// (Driver.cpp's sourceKey). buildNative then records a source entry
  /// naming the object entry it used, for loadBySource.
  std::string sourceKey;
};

/// The model compiled before from opts.sourceKey (its source entry, then the
/// object entry that names), without parsing or passes; null when there is
/// none (or it cannot be trusted: then the caller compiles, and replaces it).
std::unique_ptr<NativeModel> loadBySource(const JitOptions &opts);

/// The optimised model module -> callable code (the module is lowered in
/// place unless the cache hits). Null on failure (diagnostics reported).
std::unique_ptr<NativeModel> buildNative(mlir::ModuleOp module, const JitOptions &opts);

/// The module lowered to the LLVM dialect and translated; the LLVM IR text.
bool emitLLVMIR(mlir::ModuleOp module, const LoweringOptions &lowering, std::string &out);

/// The object file of the model (for masq build).
bool emitObject(mlir::ModuleOp module, const LoweringOptions &lowering, std::string &bytes,
                std::string &error);

} // namespace masq

#endif // MASQ_TOOLS_JIT_H
