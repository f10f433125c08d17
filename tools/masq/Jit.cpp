//===- Jit.cpp - native code for a masq model -----------------------------===//
#include "Jit.h"
#include "JitSymbols.h"
#include "CompileCache.h"

#include "masq/Core/BoundedRead.h"
#include "masq/Dialect/MasqDialect.h"

#include "masq/Passes/Passes.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassTimingInfo.h"
#include "llvm/Pass.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <mutex>
#include <random>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

using namespace mlir;

namespace masq {

struct NativeModel::Impl {
  std::unique_ptr<llvm::orc::LLJIT> lljit;
};
NativeModel::~NativeModel() = default;

namespace {

using namespace cache;

void initTargets() {
  static bool done = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)done;
}

void registerTranslations(ModuleOp module) {
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);
}

double seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Lowers the model module to the LLVM dialect (its description goes into
/// the object as the kInfo string, which loadObject reads back).
LogicalResult lower(ModuleOp module, const LoweringOptions &lowering) {
  PassManager pm(module->getContext());
  buildLoweringPipeline(pm, lowering);
  // The IR is verified once, after the last pass, not after every pass (the
  // lit tests run each pass with verification): ten walks of the module
  // were a sixth of a cold compile's lowering.
  pm.enableVerifier(false);
  if (failed(pm.run(module)) || failed(verify(module)))
    return failure();
  // Module attributes of the masq dialect have no LLVM IR meaning.
  SmallVector<StringAttr> drop;
  for (NamedAttribute a : module->getAttrs())
    if (a.getName().strref().starts_with("masq."))
      drop.push_back(a.getName());
  for (StringAttr a : drop)
    module->removeAttr(a);
  return success();
}

/// `optional(name)`: the address of an entry point the model may lack, or
/// null.
bool fillModel(CompiledModel &m, void *fwd, llvm::function_ref<void *(const char *)> optional,
               const char *info, std::string &error) {
  if (!fromJson(info, m.info, error))
    return false;
  m.forward = reinterpret_cast<ForwardFn>(fwd);
  m.gradient = reinterpret_cast<GradientFn>(optional(sym::kGradient));
  m.vjp = reinterpret_cast<VjpFn>(optional(sym::kVjp));
  m.psGradient = reinterpret_cast<GradientFn>(optional(sym::kPsGradient));
  m.psVjp = reinterpret_cast<VjpFn>(optional(sym::kPsVjp));
  if (auto *why = static_cast<const char *>(optional(sym::kPsVjpNoInputs)))
    m.psNoInputs = why;
  return true;
}

/// Everything the object code depends on, as text: the optimised IR (by
/// hash), the masq version, the compiler binary, the target CPU, the
/// lowering pipeline with every pass option (buildLoweringPipeline's text for
/// the options, so two option sets never share an entry) and the code
/// generation level. An entry stores it and is used only when it is equal:
/// its file name (the key's hash) alone would let one model's entry, copied
/// over another's name, run in its place.
std::string cacheKey(ModuleOp module, const JitOptions &opts) {
  std::string ir;
  llvm::raw_string_ostream irOs(ir);
  module->print(irOs);
  std::string key;
  llvm::raw_string_ostream os(key);
  os << "masq compiled-model cache key 3\n"
     << "ir-sha256 " << llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(ir)),
                                    /*LowerCase=*/true)
     << "\nversion " << kVersion << "\ncompiler " << compilerKey() << "\ntarget "
     << targetKey() << "\npipeline " << loweringPipelineText(opts.lowering)
     << "\ncodegen O0 none\n";
  return key;
}

std::unique_ptr<NativeModel> loadObject(llvm::StringRef object, std::string &error) {
  initTargets();
  // No platform: the model object has no static constructors or TLS, and
  // the default platform compiles IR of its own on every load.
  // The data layout comes from the triple and no IR is ever compiled here,
  // so no target machine is made either (two of them were a third of a
  // warm compile).
  llvm::Triple triple(llvm::sys::getProcessTriple());
  auto jit =
      llvm::orc::LLJITBuilder()
          .setPlatformSetUp(llvm::orc::setUpInactivePlatform)
          .setDataLayout(llvm::DataLayout(triple.computeDataLayout()))
          .setCompileFunctionCreator([](llvm::orc::JITTargetMachineBuilder jtmb)
                                         -> llvm::Expected<std::unique_ptr<
                                             llvm::orc::IRCompileLayer::IRCompiler>> {
            return std::make_unique<llvm::orc::ConcurrentIRCompiler>(std::move(jtmb));
          })
          .create();
  if (!jit) {
    error = llvm::toString(jit.takeError());
    return nullptr;
  }
  auto &dylib = (*jit)->getMainJITDylib();
  llvm::orc::MangleAndInterner interner((*jit)->getExecutionSession(),
                                        (*jit)->getDataLayout());
  if (auto err = dylib.define(llvm::orc::absoluteSymbols(runtimeSymbols(interner)))) {
    error = llvm::toString(std::move(err));
    return nullptr;
  }
  if (auto err = (*jit)->addObjectFile(
          llvm::MemoryBuffer::getMemBufferCopy(object, "masq-model.o"))) {
    error = llvm::toString(std::move(err));
    return nullptr;
  }
  auto fwd = (*jit)->lookup(sym::kForward);
  auto info = (*jit)->lookup(sym::kInfo);
  if (!fwd || !info) {
    error = "cached object lacks the model entry points";
    if (!fwd)
      llvm::consumeError(fwd.takeError());
    if (!info)
      llvm::consumeError(info.takeError());
    return nullptr;
  }
  auto optional = [&](const char *name) -> void * {
    auto addr = (*jit)->lookup(name);
    if (addr)
      return addr->toPtr<void *>();
    llvm::consumeError(addr.takeError());
    return nullptr;
  };
  auto native = std::make_unique<NativeModel>();
  native->impl = std::make_unique<NativeModel::Impl>();
  if (!fillModel(native->model, fwd->toPtr<void *>(), optional, info->toPtr<const char *>(),
                 error))
    return nullptr;
  native->impl->lljit = std::move(*jit);
  return native;
}

} // namespace

namespace {
/// The lowered module's object code for the host CPU: LLVM IR optimisation
/// at `optLevel` (0: none), then code generation at the matching level
/// (None selects LLVM's fast instruction selector and register allocator).
bool codegenObject(ModuleOp module, unsigned optLevel, std::string &bytes,
                   std::string &error) {
  registerTranslations(module);
  llvm::LLVMContext ctx;
  auto llvmModule = translateModuleToLLVMIR(module, ctx);
  if (!llvmModule) {
    error = "translation to LLVM IR failed";
    return false;
  }
  auto tmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!tmb) {
    error = llvm::toString(tmb.takeError());
    return false;
  }
  tmb->setRelocationModel(llvm::Reloc::PIC_);
  tmb->setCodeModel(llvm::CodeModel::Small);
  tmb->setCodeGenOptLevel(optLevel == 0 ? llvm::CodeGenOptLevel::None
                                        : llvm::CodeGenOptLevel::Default);
  auto tm = tmb->createTargetMachine();
  if (!tm) {
    error = llvm::toString(tm.takeError());
    return false;
  }
  ExecutionEngine::setupTargetTripleAndDataLayout(llvmModule.get(), tm->get());
  // FastISel cannot take arguments passed on the stack (the gradient entry
  // points have eight), and falls back to SelectionDAG for the whole block
  // that lowers them: the entry block of straight-line code is all of it.
  // An entry block of its own keeps that fallback to the arguments.
  if (optLevel == 0)
    for (llvm::Function &f : *llvmModule)
      if (!f.isDeclaration() && f.arg_size() > 6)
        f.getEntryBlock().splitBasicBlock(f.getEntryBlock().getFirstNonPHIOrDbgOrAlloca(),
                                          "body");
  if (optLevel > 0)
    if (auto err = makeOptimizingTransformer(optLevel, 0, tm->get())(llvmModule.get())) {
      error = llvm::toString(std::move(err));
      return false;
    }
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream os(buffer);
  llvm::legacy::PassManager pm;
  if ((*tm)->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return false;
  }

  pm.run(*llvmModule);
  bytes.assign(buffer.begin(), buffer.end());
  return true;
}
} // namespace

bool emitObject(ModuleOp module, const LoweringOptions &lowering, std::string &bytes,
                std::string &error) {
  initTargets();
  if (failed(lower(module, lowering))) {
    error = "lowering failed";
    return false;
  }
  return codegenObject(module, /*optLevel=*/2, bytes, error);
}

bool emitLLVMIR(ModuleOp module, const LoweringOptions &lowering, std::string &out) {
  if (failed(lower(module, lowering)))
    return false;
  registerTranslations(module);
  llvm::LLVMContext ctx;
  auto llvmModule = translateModuleToLLVMIR(module, ctx);
  if (!llvmModule)
    return false;
  llvm::raw_string_ostream os(out);
  llvmModule->print(os, nullptr);
  return true;
}

namespace {
/// A source entry's file name and payload: the object entry it names, that
/// entry's key, and whether the model is noisy (read off its module).
std::string sourceEntryName(const std::string &sourceKey) {
  return llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(sourceKey)),
                     /*LowerCase=*/true) +
         ".masqsrc";
}
std::string sourcePayload(const std::string &entryName, const std::string &key, bool noisy) {
  return entryName + "\n" + (noisy ? "1" : "0") + "\n" + key;
}

/// A trusted entry `name` made for `key`: its payload. False (with a warning
/// for an entry that cannot be trusted) otherwise.
bool readEntry(const CacheDir &cache, const std::string &name, llvm::StringRef key,
               std::string &bytes, llvm::StringRef &payload) {
  std::string why;
  switch (cache.read(name, bytes, why)) {
  case CacheDir::Read::Missing:
    return false;
  case CacheDir::Read::Rejected:
    warnOnce("not using the cache entry '" + cache.pathOf(name) + "': " + why +
             "; rebuilding it");
    return false;
  case CacheDir::Read::Done:
    break;
  }
  return unwrapEntry(bytes, key, payload) == EntryCheck::Valid;
}

} // namespace

std::unique_ptr<NativeModel> loadBySource(const JitOptions &opts) {
  if (!opts.useCache || opts.sourceKey.empty())
    return nullptr;
  auto t0 = std::chrono::steady_clock::now();
  CacheDir cache;
  std::string dir = cacheDirectory(opts.cacheDir);
  if (dir.empty() || !cache.open(dir))
    return nullptr;
  std::string srcBytes, objBytes, error;
  llvm::StringRef payload, object;
  if (!readEntry(cache, sourceEntryName(opts.sourceKey), opts.sourceKey, srcBytes, payload))
    return nullptr;
  auto [entryName, rest] = payload.split('\n');
  auto [noisy, key] = rest.split('\n');
  if (!llvm::StringRef(entryName).ends_with(".masqobj") || entryName.contains('/') ||
      !readEntry(cache, entryName.str(), key, objBytes, object))
    return nullptr;
  auto native = loadObject(object, error);
  if (!native)
    return nullptr;
  native->fromCache = true;
  native->model.noisy = noisy == "1";
  if (opts.timing)
    opts.timing("cache hit by source (load object)", seconds(t0));
  return native;
}

namespace {
/// Records the source entry of opts.sourceKey naming object entry `name`.
void storeSource(CacheDir &cache, const JitOptions &opts, const std::string &name,
                 const std::string &key, bool noisy) {
  if (!opts.sourceKey.empty())
    cache.store(sourceEntryName(opts.sourceKey), opts.sourceKey,
                sourcePayload(name, key, noisy));
}
} // namespace

std::unique_ptr<NativeModel> buildNative(ModuleOp module, const JitOptions &opts) {
  // Read off the model before lowering (masq/Runtime/DensityMode.h).
  const bool noisy = hasNoiseChannels(module);
  auto report = [&](const char *stage, std::chrono::steady_clock::time_point t0) {
    if (opts.timing)
      opts.timing(stage, seconds(t0));
  };
  // The cache: an entry is used only from a private directory, as a plain
  // file of this user, with an intact checksum and exactly the expected
  // key. Anything else is rebuilt (and replaced), never executed.
  CacheDir cache;
  std::string key, entryName;
  bool store = false;
  auto t0 = std::chrono::steady_clock::now();
  if (opts.useCache) {
    std::string dir = cacheDirectory(opts.cacheDir);
    if (!dir.empty() && cache.open(dir)) {
      key = cacheKey(module, opts);
      entryName = llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(key)),
                              /*LowerCase=*/true) +
                  ".masqobj";
      std::string entryPath = cache.pathOf(entryName), bytes, why;
      switch (cache.read(entryName, bytes, why)) {
      case CacheDir::Read::Missing:
        break;
      case CacheDir::Read::Rejected:
        warnOnce("not using the cache entry '" + entryPath + "': " + why +
                 "; rebuilding it");
        break;
      case CacheDir::Read::Done: {
        llvm::StringRef object;
        switch (unwrapEntry(bytes, key, object)) {
        case EntryCheck::Valid: {
          std::string error;
          if (auto native = loadObject(object, error)) {
            native->fromCache = true;
            native->model.noisy = noisy;
            report("cache hit (load object)", t0);
            storeSource(cache, opts, entryName, key, noisy);
            return native;
          }
          warnOnce("rebuilding the cache entry '" + entryPath +
                   "': it cannot be loaded: " + error);
          break;
        }
        case EntryCheck::Corrupt:
          warnOnce("rebuilding the corrupt cache entry '" + entryPath +
                   "': its size or checksum is wrong");
          break;
        case EntryCheck::Foreign:
          warnOnce("rebuilding the foreign cache entry '" + entryPath +
                   "': it was compiled for another model, compiler or target");
          break;
        }
        break;
      }
      }
      store = true;
    }
  }
  initTargets();
  t0 = std::chrono::steady_clock::now();
  if (failed(lower(module, opts.lowering)))
    return nullptr;
  report("lowering to the LLVM dialect", t0);
  // No LLVM IR optimisation and the fast code generator (FastISel, the
  // fast register allocator): the model's code is straight-line calls into
  // the runtime, where the work is. The object is made in memory and loaded
  // exactly as a cache hit loads it (loadObject), so the cold and the warm
  // path run the same code. Measured on QMAE (bench/compile_times.sh, and
  // docs/performance.md): a cold compile's LLVM part went from 139-167 ms
  // through MLIR's ExecutionEngine (which ran the default code generator's
  // scheduler) to the figure there; the gradient of 256 samples 0.98x
  // (0.87-1.02) the -O2 code's time. (masq build's object keeps -O2.)
  t0 = std::chrono::steady_clock::now();
  std::string object, error;
  if (!codegenObject(module, /*optLevel=*/0, object, error)) {
    module.emitError("code generation failed: ") << error;
    return nullptr;
  }
  report("LLVM code generation", t0);
  t0 = std::chrono::steady_clock::now();
  auto native = loadObject(object, error);
  if (!native) {
    module.emitError("JIT link failed: ") << error;
    return nullptr;
  }
  native->model.noisy = noisy;
  report("JIT link", t0);
  if (store) {
    t0 = std::chrono::steady_clock::now();
    if (cache.store(entryName, key, object)) {
      storeSource(cache, opts, entryName, key, noisy);
      report("cache store", t0);
    }
  }
  return native;
}

} // namespace masq
