//===- CompileCache.h - the compiled-model cache on disk ---------*- C++ -*-===//
//
// Compiled models are kept in a private directory ($MASQ_CACHE_DIR, else
// $XDG_CACHE_HOME/masq or ~/.cache/masq) as entries: a header (magic, sizes,
// an xxh3 checksum), the full key the entry was made for, and the object
// code. An entry is used only when it is a plain file of this user, intact,
// and made for exactly the key asked for; anything else is rebuilt, never
// run. Two kinds of entry: objects, keyed by the optimised IR and the
// lowering (Jit.cpp), and source entries, keyed by the source text and
// every flag that shapes the compile, which name an object entry so that a
// warm compile skips parsing and passes (Driver.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TOOLS_COMPILECACHE_H
#define MASQ_TOOLS_COMPILECACHE_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace masq {
namespace cache {

/// masq's version and compiled-code ABI, part of every key.
extern const char *const kVersion;

/// The cache directory: `configured` if set, else from the environment;
/// empty when none can be named.
std::string cacheDirectory(const std::string &configured);

/// The file that holds the compiler (size and modification time), so a
/// rebuilt compiler never loads objects an older one produced.
std::string compilerKey();
/// The host CPU and its features.
std::string targetKey();

/// Prints `masq: warning: <message>` the first time this process sees it.
void warnOnce(const std::string &message);
std::string errnoMessage(int err);

/// Cache entry: magic, key size, object size, xxh3 of key and object, the
/// key, the object.
std::string wrapEntry(llvm::StringRef key, llvm::StringRef object);

enum class EntryCheck { Valid, Corrupt, Foreign };
/// The object of an intact entry made for `key`. The checksum comes first:
/// a damaged key is corruption, an intact different key a foreign entry.
EntryCheck unwrapEntry(llvm::StringRef entry, llvm::StringRef key, llvm::StringRef &object);

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

  /// Wraps the object written into temp file `tmp` as an entry for
  /// `key` and renames it over `name`: readers see the old entry or the whole
  /// new one, never a partial one. Warns on failure.
  bool commit(const std::string &tmp, const std::string &name, llvm::StringRef key);
  /// `payload` as entry `name` for `key` (createTemp, then commit).
  bool store(const std::string &name, llvm::StringRef key, llvm::StringRef payload);

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

} // namespace cache
} // namespace masq

#endif // MASQ_TOOLS_COMPILECACHE_H
