//===- Jit.cpp - native code for a masq model -----------------------------===//
#include "Jit.h"
#include "JitSymbols.h"

#include "masq/Core/BoundedRead.h"
#include "masq/Dialect/MasqDialect.h"

#include "masq/Passes/Passes.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
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
  std::unique_ptr<ExecutionEngine> engine;
  std::unique_ptr<llvm::orc::LLJIT> lljit;
};
NativeModel::~NativeModel() = default;

namespace {

constexpr const char *kVersion = "masq 0.1.0 (compiled-code ABI 2)";
/// Format 2 entries carry their full key; format 1 entries (no key) live
/// under other file names and are never read.
constexpr char kMagic[8] = {'M', 'A', 'S', 'Q', 'O', 'B', 'J', '2'};
constexpr size_t kHeaderBytes = 32; // magic, key size, object size, xxh3
/// The largest entry read. A model's object is a few MB; the bound keeps a
/// planted huge file from being read into memory.
constexpr uint64_t kMaxEntryBytes = uint64_t(512) << 20;
/// Free space needed before storing: the engine writes the object through a
/// stream that aborts the process when the disk fills up.
constexpr uint64_t kMinFreeBytes = uint64_t(64) << 20;

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
  // An empty variable counts as unset (as XDG says), not as the root.
  auto env = [](const char *name) -> std::string {
    const char *v = std::getenv(name);
    return v ? v : "";
  };
  if (std::string d = env("MASQ_CACHE_DIR"); !d.empty())
    return d;
  if (std::string x = env("XDG_CACHE_HOME"); !x.empty())
    return x + "/masq";
  if (std::string h = env("HOME"); !h.empty())
    return h + "/.cache/masq";
  return "";
}

/// The file that holds the compiler (size and modification time): the masq
/// executable, or the Python extension module when the interpreter runs it,
/// so a rebuilt compiler never loads objects an older lowering produced.
std::string compilerKey() {
  std::string exe;
  Dl_info dl;
  if (dladdr(reinterpret_cast<void *>(&compilerKey), &dl) && dl.dli_fname &&
      std::strchr(dl.dli_fname, '/'))
    exe = dl.dli_fname;
  else
    exe = llvm::sys::fs::getMainExecutable(nullptr, (void *)&compilerKey);
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
LogicalResult lower(ModuleOp module, const LoweringOptions &lowering, std::string &infoJson) {
  PassManager pm(module->getContext());
  buildLoweringPipeline(pm, lowering);
  if (failed(pm.run(module)))
    return failure();
  if (ModelInfoAttr info = ModelInfoAttr::of(module))
    infoJson = toJson(toCore(info));
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

/// Prints `masq: warning: <message>` the first time this process sees it,
/// so a model built twice (train, then eval) does not repeat itself.
void warnOnce(const std::string &message) {
  static std::mutex mutex;
  static llvm::StringSet<> seen;
  std::lock_guard<std::mutex> lock(mutex);
  if (seen.insert(message).second)
    llvm::errs() << "masq: warning: " << message << "\n";
}

std::string errnoMessage(int err) {
  return std::error_code(err, std::generic_category()).message();
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
     << "\ncodegen " << (opts.fastCodegen ? "fast" : "default") << "\n";
  return key;
}

/// Cache entry: magic, key size, object size, xxh3 of key and object, the
/// key, the object.
std::string wrapEntry(llvm::StringRef key, llvm::StringRef object) {
  std::string body = (key + object).str();
  uint64_t keySize = key.size(), size = object.size(), hash = llvm::xxh3_64bits(body);
  std::string out(kMagic, 8);
  out.append(reinterpret_cast<const char *>(&keySize), 8);
  out.append(reinterpret_cast<const char *>(&size), 8);
  out.append(reinterpret_cast<const char *>(&hash), 8);
  out += body;
  return out;
}

enum class EntryCheck { Valid, Corrupt, Foreign };

/// The object of an intact entry made for `key`. The checksum comes first:
/// a damaged key is corruption, an intact different key a foreign entry.
EntryCheck unwrapEntry(llvm::StringRef entry, llvm::StringRef key, llvm::StringRef &object) {
  if (entry.size() < kHeaderBytes || std::memcmp(entry.data(), kMagic, 8) != 0)
    return EntryCheck::Corrupt;
  uint64_t keySize, size, hash;
  std::memcpy(&keySize, entry.data() + 8, 8);
  std::memcpy(&size, entry.data() + 16, 8);
  std::memcpy(&hash, entry.data() + 24, 8);
  llvm::StringRef body = entry.drop_front(kHeaderBytes);
  // Compared without adding the sizes, which could overflow.
  if (keySize > body.size() || size != body.size() - keySize)
    return EntryCheck::Corrupt;
  if (llvm::xxh3_64bits(body) != hash)
    return EntryCheck::Corrupt;
  if (body.take_front(keySize) != key)
    return EntryCheck::Foreign;
  object = body.drop_front(keySize);
  return EntryCheck::Valid;
}

/// Why a cache file (or the directory) cannot be trusted, or empty. Anyone
/// who can write an entry chooses the native code masq runs, so an entry
/// must be a plain file of this user that nobody else can write.
std::string untrusted(const struct stat &st) {
  if (S_ISLNK(st.st_mode))
    return "it is a symbolic link";
  if (!S_ISREG(st.st_mode))
    return "it is not a regular file";
  if (st.st_uid != ::geteuid())
    return "it is owned by another user (uid " + std::to_string(st.st_uid) + ")";
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return "it is writable by group or others";
  if (uint64_t(st.st_size) > kMaxEntryBytes)
    return "it is larger than " + std::to_string(kMaxEntryBytes >> 20) + " MiB";
  return "";
}

/// The cache directory, opened once and checked. Entries are examined,
/// created and renamed relative to its descriptor, so replacing the
/// directory (or a symlink on its path) after the check changes nothing.
class CacheDir {
public:
  CacheDir() = default;
  CacheDir(const CacheDir &) = delete;
  CacheDir &operator=(const CacheDir &) = delete;
  ~CacheDir() {
    if (fd >= 0)
      ::close(fd);
  }

  /// Opens `dir`, creating it private (0700) if missing; false, with a
  /// warning, when it cannot be created or is not this user's alone.
  bool open(std::string dir);

  enum class Read { Missing, Rejected, Done };
  /// Reads entry `name` if it is trustworthy (see untrusted); `why` says
  /// why not when Rejected.
  Read read(const std::string &name, std::string &bytes, std::string &why) const;

  /// A new empty file for this process alone: a unique name (pid and
  /// random), O_EXCL so nothing planted there is reused, mode 0600. False,
  /// with a warning, when the directory cannot take it.
  bool createTemp(std::string &name);

  /// Wraps the object the engine dumped into temp file `tmp` as an entry for
  /// `key` and renames it over `name`: readers see the old entry or the whole
  /// new one, never a partial one. Warns on failure.
  bool commit(const std::string &tmp, const std::string &name, llvm::StringRef key);

  void remove(const std::string &name) const { ::unlinkat(fd, name.c_str(), 0); }
  std::string pathOf(const std::string &name) const { return path + "/" + name; }

  std::string path;

private:
  void cannotWrite(const std::string &why) const {
    warnOnce("cannot write the compiled-model cache '" + path + "': " + why);
  }
  int fd = -1;
  ino_t tempIno = 0;
};

bool CacheDir::open(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/')
    dir.pop_back();
  path = dir;
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT) {
      cannotWrite(errnoMessage(errno));
      return false;
    }
    // Parents as usual; the cache itself private from the start, and made
    // 0700 again in case the umask took the owner's bits.
    std::error_code ec;
    llvm::StringRef parent = llvm::sys::path::parent_path(dir);
    if (!parent.empty())
      ec = llvm::sys::fs::create_directories(parent);
    if (!ec) {
      if (::mkdir(dir.c_str(), 0700) == 0)
        ::chmod(dir.c_str(), 0700);
      else if (errno != EEXIST) // another masq may have just made it
        ec = std::error_code(errno, std::generic_category());
    }
    if (ec) {
      cannotWrite(ec.message());
      return false;
    }
  }
  fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    cannotWrite(errnoMessage(errno));
    return false;
  }
  std::string why;
  if (st.st_uid != ::geteuid())
    why = "it is owned by another user (uid " + std::to_string(st.st_uid) + ")";
  else if (st.st_mode & (S_IWGRP | S_IWOTH))
    why = "it is writable by group or others";
  if (!why.empty()) {
    warnOnce("not using the compiled-model cache '" + path + "': " + why);
    return false;
  }
  return true;
}

CacheDir::Read CacheDir::read(const std::string &name, std::string &bytes,
                              std::string &why) const {
  struct stat ls, st;
  if (::fstatat(fd, name.c_str(), &ls, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT)
      return Read::Missing;
    why = "it cannot be examined: " + errnoMessage(errno);
    return Read::Rejected;
  }
  // Not opened at all unless a plain file: opening a FIFO blocks, a device
  // may act on being opened.
  why = untrusted(ls);
  if (!why.empty())
    return Read::Rejected;
  // O_NOFOLLOW and O_NONBLOCK in case something else took its place since.
  int file = ::openat(fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (file < 0) {
    why = "it cannot be opened: " + errnoMessage(errno);
    return Read::Rejected;
  }
  llvm::scope_exit closeFile([&] { ::close(file); });
  if (::fstat(file, &st) != 0) {
    why = "it cannot be examined: " + errnoMessage(errno);
    return Read::Rejected;
  }
  why = untrusted(st);
  if (why.empty() && (st.st_dev != ls.st_dev || st.st_ino != ls.st_ino))
    why = "it was replaced while being opened";
  if (why.empty() && !readFdBounded(file, kMaxEntryBytes, uint64_t(st.st_size), bytes, why))
    why = "it cannot be read: " + why;
  return why.empty() ? Read::Done : Read::Rejected;
}

bool CacheDir::createTemp(std::string &name) {
  struct statvfs vfs;
  if (::fstatvfs(fd, &vfs) == 0 &&
      uint64_t(vfs.f_bavail) * vfs.f_frsize < kMinFreeBytes) {
    cannotWrite("less than " + std::to_string(kMinFreeBytes >> 20) + " MiB free");
    return false;
  }
  std::random_device random;
  for (int attempt = 0; attempt < 16; ++attempt) {
    name = ".tmp-" + std::to_string(::getpid()) + "-" +
           llvm::utohexstr((uint64_t(random()) << 32) | random(), /*LowerCase=*/true);
    int file = ::openat(fd, name.c_str(),
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (file < 0 && errno == EEXIST)
      continue;
    if (file < 0) {
      cannotWrite(errnoMessage(errno));
      return false;
    }
    // 0600 whatever the umask: the owner must read it back and rewrite it.
    struct stat st;
    bool ok = ::fchmod(file, 0600) == 0 && ::fstat(file, &st) == 0;
    tempIno = ok ? st.st_ino : 0;
    ::close(file);
    if (ok)
      return true;
    remove(name);
    cannotWrite(errnoMessage(errno));
    return false;
  }
  cannotWrite("no unique temporary file name");
  return false;
}

bool CacheDir::commit(const std::string &tmp, const std::string &name,
                      llvm::StringRef key) {
  auto fail = [&](const std::string &why) {
    remove(tmp);
    cannotWrite(why);
    return false;
  };
  int file = ::openat(fd, tmp.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
  if (file < 0)
    return fail(errnoMessage(errno));
  llvm::scope_exit closeFile([&] {
    if (file >= 0)
      ::close(file);
  });
  // The engine writes by path; read back only the file made by createTemp.
  struct stat st;
  if (::fstat(file, &st) != 0)
    return fail(errnoMessage(errno));
  if (!S_ISREG(st.st_mode) || st.st_ino != tempIno)
    return fail("the temporary file was replaced");
  std::string object, why;
  if (!readFdBounded(file, kMaxEntryBytes, uint64_t(st.st_size), object, why))
    return fail(why);
  if (object.empty())
    return fail("the JIT wrote no object code");
  std::string entry = wrapEntry(key, object);
  if (::ftruncate(file, 0) != 0)
    return fail(errnoMessage(errno));
  for (size_t done = 0; done < entry.size();) {
    ssize_t n = ::pwrite(file, entry.data() + done, entry.size() - done, off_t(done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return fail(errnoMessage(errno));
    done += size_t(n);
  }
  int closed = ::close(file);
  file = -1;
  if (closed != 0)
    return fail(errnoMessage(errno));
  if (::renameat(fd, tmp.c_str(), fd, name.c_str()) != 0)
    return fail(errnoMessage(errno));
  return true;
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

bool emitObject(ModuleOp module, const LoweringOptions &lowering, std::string &bytes,
                std::string &error) {
  initTargets();
  std::string infoJson;
  if (failed(lower(module, lowering, infoJson))) {
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

bool emitLLVMIR(ModuleOp module, const LoweringOptions &lowering, std::string &out) {
  std::string infoJson;
  if (failed(lower(module, lowering, infoJson)))
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
    std::string dir = cacheDirectory(opts);
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
  // The engine dumps its object by path and reports a path it cannot open
  // with an unprefixed line of its own, so the file is made (and the cache
  // found writable) before the dump is enabled.
  std::string tmpName;
  if (store)
    store = cache.createTemp(tmpName);
  llvm::scope_exit dropTemp([&] {
    if (store)
      cache.remove(tmpName);
  });
  initTargets();
  std::string infoJson;
  t0 = std::chrono::steady_clock::now();
  if (failed(lower(module, opts.lowering, infoJson)))
    return nullptr;
  report("lowering to the LLVM dialect", t0);
  registerTranslations(module);
  t0 = std::chrono::steady_clock::now();
  ExecutionEngineOptions eo;
  auto transformer = makeOptimizingTransformer(opts.fastCodegen ? 0 : 2, 0, nullptr);
  eo.transformer = transformer;
  eo.jitCodeGenOptLevel =
      opts.fastCodegen ? llvm::CodeGenOptLevel::None : llvm::CodeGenOptLevel::Default;
  eo.enableObjectDump = store;
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
  auto optional = [&](const char *name) -> void * {
    auto addr = (*engine)->lookup(name);
    if (addr)
      return *addr;
    llvm::consumeError(addr.takeError());
    return nullptr;
  };
  report("LLVM optimisation, codegen and JIT", t0);
  auto native = std::make_unique<NativeModel>();
  native->impl = std::make_unique<NativeModel::Impl>();
  std::string error;
  native->model.noisy = noisy;
  if (!fillModel(native->model, *fwd, optional, infoJson.c_str(), error)) {
    module.emitError(error);
    return nullptr;
  }
  if (store) {
    t0 = std::chrono::steady_clock::now();
    (*engine)->dumpToObjectFile(cache.pathOf(tmpName));
    // commit renames the temporary file or removes it itself.
    store = false;
    if (cache.commit(tmpName, entryName, key))
      report("cache store", t0);
  }
  native->impl->engine = std::move(*engine);
  return native;
}

} // namespace masq
