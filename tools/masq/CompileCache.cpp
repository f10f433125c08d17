//===- CompileCache.cpp - the compiled-model cache on disk ----------------===//
#include "CompileCache.h"

#include "masq/Core/BoundedRead.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include "llvm/TargetParser/Host.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <mutex>
#include <random>
#include <sys/statvfs.h>
#include <unistd.h>

namespace masq {
namespace cache {

namespace {
/// Format 2 entries carry their full key; format 1 entries (no key) live
/// under other file names and are never read.
constexpr char kMagic[8] = {'M', 'A', 'S', 'Q', 'O', 'B', 'J', '2'};
constexpr size_t kHeaderBytes = 32; // magic, key size, object size, xxh3
/// The largest entry read. A model's object is a few MB; the bound keeps a
/// planted huge file from being read into memory.
constexpr uint64_t kMaxEntryBytes = uint64_t(512) << 20;
/// Free space needed before storing (an entry is a few MB; a full disk is
/// left alone).
constexpr uint64_t kMinFreeBytes = uint64_t(64) << 20;

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
} // namespace

const char *const kVersion = "masq 0.1.0 (compiled-code ABI 4)";

std::string cacheDirectory(const std::string &configured) {
  if (!configured.empty())
    return configured;
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
  // Read back only the file made by createTemp.
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

bool CacheDir::store(const std::string &name, llvm::StringRef key, llvm::StringRef payload) {
  std::string tmp;
  if (!createTemp(tmp))
    return false;
  int file = ::openat(fd, tmp.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  bool ok = file >= 0;
  for (size_t done = 0; ok && done < payload.size();) {
    ssize_t n = ::write(file, payload.data() + done, payload.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    ok = n > 0;
    done += ok ? size_t(n) : 0;
  }
  if (file >= 0 && ::close(file) != 0)
    ok = false;
  if (!ok) {
    remove(tmp);
    cannotWrite(errnoMessage(errno));
    return false;
  }
  return commit(tmp, name, key);
}

} // namespace cache
} // namespace masq
