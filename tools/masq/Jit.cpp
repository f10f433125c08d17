//===- Jit.cpp - native code for a masq model -----------------------------===//
#include "Jit.h"

#include "masq/Passes/Passes.h"
#include "masq/Runtime/Compiled.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
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

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

using namespace mlir;

namespace masq {

struct NativeModel::Impl {
  std::unique_ptr<ExecutionEngine> engine;
  std::unique_ptr<llvm::orc::LLJIT> lljit;
};
NativeModel::~NativeModel() = default;

namespace {

constexpr const char *kVersion = "masq 0.1.0 (compiled-code ABI 2)";
constexpr char kMagic[8] = {'M', 'A', 'S', 'Q', 'O', 'B', 'J', '1'};

/// Every function compiled code may call, by name.
#define MASQ_RTC_SYMBOLS(X)                                                     \
  X(masq_rtc_init) X(masq_rtc_zero) X(masq_rtc_h) X(masq_rtc_x) X(masq_rtc_y)   \
  X(masq_rtc_z) X(masq_rtc_s) X(masq_rtc_sdg) X(masq_rtc_t) X(masq_rtc_tdg)     \
  X(masq_rtc_rx) X(masq_rtc_ry) X(masq_rtc_rz) X(masq_rtc_u3) X(masq_rtc_cx)    \
  X(masq_rtc_cy) X(masq_rtc_cz) X(masq_rtc_swap) X(masq_rtc_crx)                \
  X(masq_rtc_cry) X(masq_rtc_crz) X(masq_rtc_rzz) X(masq_rtc_h_back)            \
  X(masq_rtc_x_back) X(masq_rtc_y_back) X(masq_rtc_z_back) X(masq_rtc_s_back)   \
  X(masq_rtc_sdg_back) X(masq_rtc_t_back) X(masq_rtc_tdg_back)                  \
  X(masq_rtc_rx_back) X(masq_rtc_ry_back) X(masq_rtc_rz_back)                   \
  X(masq_rtc_u3_back) X(masq_rtc_cx_back) X(masq_rtc_cy_back)                   \
  X(masq_rtc_cz_back) X(masq_rtc_swap_back) X(masq_rtc_crx_back)                \
  X(masq_rtc_cry_back) X(masq_rtc_crz_back) X(masq_rtc_rzz_back)                \
  X(masq_rtc_encode_amplitude) X(masq_rtc_encode_amplitude_back)                \
  X(masq_rtc_encode_angle) X(masq_rtc_encode_angle_back) X(masq_rtc_mask)       \
  X(masq_rtc_mask_back) X(masq_rtc_fidelity) X(masq_rtc_seed_fidelity)          \
  X(masq_rtc_expval_z) X(masq_rtc_seed_expval_z) X(masq_rtc_prob_zero)          \
  X(masq_rtc_seed_prob_zero) X(masq_rtc_probabilities)                          \
  X(masq_rtc_seed_probabilities) X(masq_rtc_init_pair)                         \
  X(masq_rtc_encode_amplitude_lane) X(masq_rtc_encode_amplitude_back_lane)      \
  X(masq_rtc_encode_angle_lane) X(masq_rtc_encode_angle_back_lane)              \
  X(masq_rtc_fidelity_lane) X(masq_rtc_seed_fidelity_lane)                      \
  X(masq_rtc_expval_z_lane) X(masq_rtc_seed_expval_z_lane)                      \
  X(masq_rtc_prob_zero_lane) X(masq_rtc_seed_prob_zero_lane)                    \
  X(masq_rtc_probabilities_lane) X(masq_rtc_seed_probabilities_lane)            \
  X(masq_rtc_block) X(masq_rtc_block_back) X(masq_rtc_fidelity_state)          \
  X(masq_rtc_seed_fidelity_state) X(masq_rtc_fidelity_state_lane)               \
  X(masq_rtc_seed_fidelity_state_lane)

llvm::orc::SymbolMap runtimeSymbols(llvm::orc::MangleAndInterner interner) {
  llvm::orc::SymbolMap map;
#define MASQ_ADD(name)                                                          \
  map[interner(#name)] = {llvm::orc::ExecutorAddr::fromPtr(&name),              \
                          llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
  MASQ_RTC_SYMBOLS(MASQ_ADD)
#undef MASQ_ADD
  return map;
}

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

std::string cacheDirectory(const JitOptions &opts) {
  if (!opts.cacheDir.empty())
    return opts.cacheDir;
  if (const char *d = std::getenv("MASQ_CACHE_DIR"))
    return d;
  if (const char *x = std::getenv("XDG_CACHE_HOME"))
    return std::string(x) + "/masq";
  if (const char *h = std::getenv("HOME"))
    return std::string(h) + "/.cache/masq";
  return "";
}

/// The compiler binary itself (size and modification time), so a rebuilt
/// compiler never loads objects an older lowering produced.
std::string compilerKey() {
  std::string exe = llvm::sys::fs::getMainExecutable(nullptr, (void *)&compilerKey);
  llvm::sys::fs::file_status st;
  if (exe.empty() || llvm::sys::fs::status(exe, st))
    return kVersion;
  return std::string(kVersion) + ";" + exe + ";" + std::to_string(st.getSize()) + ";" +
         std::to_string(llvm::sys::toTimeT(st.getLastModificationTime()));
}

std::string targetKey() {
  std::string key = llvm::sys::getProcessTriple() + ";" + llvm::sys::getHostCPUName().str();
  for (auto &f : llvm::sys::getHostCPUFeatures())
    if (f.second)
      key += "," + f.first().str();
  return key;
}

/// Lowers the model module to the LLVM dialect; reads its description.
LogicalResult lower(ModuleOp module, std::string &infoJson) {
  PassManager pm(module->getContext());
  buildLoweringPipeline(pm, /*gradient=*/true);
  if (failed(pm.run(module)))
    return failure();
  if (auto info = module->getAttrOfType<StringAttr>(sym::kInfoAttr))
    infoJson = info.str();
  // Module attributes of the masq dialect have no LLVM IR meaning.
  SmallVector<StringAttr> drop;
  for (NamedAttribute a : module->getAttrs())
    if (a.getName().strref().starts_with("masq."))
      drop.push_back(a.getName());
  for (StringAttr a : drop)
    module->removeAttr(a);
  return success();
}

bool fillModel(CompiledModel &m, void *fwd, void *grad, const char *info,
               std::string &error) {
  if (!fromJson(info, m.info, error))
    return false;
  m.forward = reinterpret_cast<ForwardFn>(fwd);
  m.gradient = reinterpret_cast<GradientFn>(grad);
  return true;
}

/// Cache entry: magic, payload size, xxh3 of the payload, payload.
std::string wrapEntry(llvm::StringRef object) {
  std::string out(kMagic, 8);
  uint64_t size = object.size(), hash = llvm::xxh3_64bits(object);
  out.append(reinterpret_cast<const char *>(&size), 8);
  out.append(reinterpret_cast<const char *>(&hash), 8);
  out.append(object.data(), object.size());
  return out;
}
bool unwrapEntry(llvm::StringRef entry, llvm::StringRef &object) {
  if (entry.size() < 24 || std::memcmp(entry.data(), kMagic, 8) != 0)
    return false;
  uint64_t size, hash;
  std::memcpy(&size, entry.data() + 8, 8);
  std::memcpy(&hash, entry.data() + 16, 8);
  if (entry.size() != 24 + size)
    return false;
  object = entry.substr(24);
  return llvm::xxh3_64bits(object) == hash;
}

std::unique_ptr<NativeModel> loadObject(llvm::StringRef object, std::string &error) {
  initTargets();
  auto jit = llvm::orc::LLJITBuilder().create();
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
  void *gradPtr = nullptr;
  if (auto grad = (*jit)->lookup(sym::kGradient))
    gradPtr = grad->toPtr<void *>();
  else
    llvm::consumeError(grad.takeError());
  auto native = std::make_unique<NativeModel>();
  native->impl = std::make_unique<NativeModel::Impl>();
  if (!fillModel(native->model, fwd->toPtr<void *>(), gradPtr,
                 info->toPtr<const char *>(), error))
    return nullptr;
  native->impl->lljit = std::move(*jit);
  return native;
}

bool writeAtomic(const std::string &path, llvm::StringRef bytes) {
  std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(tmp, ec);
    if (ec)
      return false;
    os << bytes;
    os.close();
    if (os.has_error()) {
      os.clear_error();
      llvm::sys::fs::remove(tmp);
      return false;
    }
  }
  if (llvm::sys::fs::rename(tmp, path)) {
    llvm::sys::fs::remove(tmp);
    return false;
  }
  return true;
}

} // namespace

bool emitObject(ModuleOp module, std::string &bytes, std::string &error) {
  initTargets();
  std::string infoJson;
  if (failed(lower(module, infoJson))) {
    error = "lowering failed";
    return false;
  }
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
  auto tm = tmb->createTargetMachine();
  if (!tm) {
    error = llvm::toString(tm.takeError());
    return false;
  }
  ExecutionEngine::setupTargetTripleAndDataLayout(llvmModule.get(), tm->get());
  if (auto err = makeOptimizingTransformer(2, 0, tm->get())(llvmModule.get())) {
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

bool emitLLVMIR(ModuleOp module, std::string &out) {
  std::string infoJson;
  if (failed(lower(module, infoJson)))
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

std::unique_ptr<NativeModel> buildNative(ModuleOp module, const JitOptions &opts) {
  auto report = [&](const char *stage, std::chrono::steady_clock::time_point t0) {
    if (opts.timing)
      opts.timing(stage, seconds(t0));
  };
  // Cache key: the optimised model IR, the compiler version, the target.
  std::string cachePath;
  auto t0 = std::chrono::steady_clock::now();
  if (opts.useCache) {
    std::string dir = cacheDirectory(opts);
    if (!dir.empty()) {
      std::string ir;
      llvm::raw_string_ostream os(ir);
      module->print(os);
      llvm::SHA256 sha;
      sha.update(ir);
      sha.update(compilerKey());
      sha.update(targetKey());
      auto digest = sha.final();
      cachePath = dir + "/" + llvm::toHex(digest, /*LowerCase=*/true) + ".masqobj";
      auto buf = llvm::MemoryBuffer::getFile(cachePath);
      if (buf) {
        llvm::StringRef object;
        std::string error;
        if (unwrapEntry((*buf)->getBuffer(), object)) {
          if (auto native = loadObject(object, error)) {
            native->fromCache = true;
            report("cache hit (load object)", t0);
            return native;
          }
        }
        // Corrupt or unloadable: rebuild below and overwrite.
        llvm::errs() << "masq: note: rebuilding the corrupt cache entry '" << cachePath
                     << "'\n";
      }
    }
  }
  initTargets();
  std::string infoJson;
  t0 = std::chrono::steady_clock::now();
  if (failed(lower(module, infoJson)))
    return nullptr;
  report("lowering to the LLVM dialect", t0);
  registerTranslations(module);
  t0 = std::chrono::steady_clock::now();
  ExecutionEngineOptions eo;
  auto transformer = makeOptimizingTransformer(2, 0, nullptr);
  eo.transformer = transformer;
  eo.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Default;
  eo.enableObjectDump = !cachePath.empty();
  eo.enableGDBNotificationListener = false;
  eo.enablePerfNotificationListener = false;
  auto engine = ExecutionEngine::create(module, eo);
  if (!engine) {
    module.emitError("JIT compilation failed: ") << llvm::toString(engine.takeError());
    return nullptr;
  }
  (*engine)->registerSymbols(runtimeSymbols);
  auto fwd = (*engine)->lookup(sym::kForward);
  if (!fwd) {
    module.emitError("JIT lookup failed: ") << llvm::toString(fwd.takeError());
    return nullptr;
  }
  void *gradPtr = nullptr;
  if (auto grad = (*engine)->lookup(sym::kGradient))
    gradPtr = *grad;
  else
    llvm::consumeError(grad.takeError());
  report("LLVM optimisation, codegen and JIT", t0);
  auto native = std::make_unique<NativeModel>();
  native->impl = std::make_unique<NativeModel::Impl>();
  std::string error;
  if (!fillModel(native->model, *fwd, gradPtr, infoJson.c_str(), error)) {
    module.emitError(error);
    return nullptr;
  }
  if (!cachePath.empty()) {
    t0 = std::chrono::steady_clock::now();
    std::string tmp = cachePath + ".dump" + std::to_string(::getpid());
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(cachePath));
    (*engine)->dumpToObjectFile(tmp);
    if (auto buf = llvm::MemoryBuffer::getFile(tmp))
      writeAtomic(cachePath, wrapEntry((*buf)->getBuffer()));
    llvm::sys::fs::remove(tmp);
    report("cache store", t0);
  }
  native->impl->engine = std::move(*engine);
  return native;
}

} // namespace masq
