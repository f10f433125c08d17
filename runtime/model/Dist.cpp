//===- Dist.cpp - processes of a data-parallel run ------------------------===//
#include "masq/Model/Dist.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#ifndef MASQ_MPI_PLUGIN
#define MASQ_MPI_PLUGIN ""
#endif

namespace masq {
namespace dist {
namespace {

struct Plugin {
  int (*init)(int *, int *) = nullptr;
  int (*allgatherv)(const double *, int, double *, const int *, const int *) = nullptr;
  int (*sendrecv)(const double *, double *, long long, int) = nullptr;
  int (*finalize)() = nullptr;
  void (*abort)(int) = nullptr;
};

World gWorld;
Plugin gMpi;
int gStderr = -1; // the original stderr of a quietened rank

/// The number of processes mpirun started, from its environment (0: none).
int launchedSize() {
  for (const char *v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
    if (const char *s = std::getenv(v))
      return std::atoi(s);
  return 0;
}

void finalizeAtExit() {
  if (gMpi.finalize)
    gMpi.finalize();
}

void start() {
  if (launchedSize() < 2)
    return;
  const char *env = std::getenv("MASQ_MPI_PLUGIN");
  std::string path = env && *env ? env : MASQ_MPI_PLUGIN;
  if (path.empty())
    throw std::runtime_error(
        "started by mpirun with " + std::to_string(launchedSize()) +
        " processes, but this masq was built without MPI (MASQ_WITH_MPI=OFF): install "
        "libopenmpi-dev and rebuild");
  // RTLD_GLOBAL: Open MPI's own components resolve symbols of libmpi.
  void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (!h)
    throw std::runtime_error("started by mpirun, but the MPI plugin does not load: " +
                             std::string(dlerror()) + " (set MASQ_MPI_PLUGIN to libmasq_mpi.so)");
  auto sym = [&](const char *name) {
    void *p = dlsym(h, name);
    if (!p)
      throw std::runtime_error(path + ": no symbol " + name);
    return p;
  };
  gMpi.init = reinterpret_cast<int (*)(int *, int *)>(sym("masq_mpi_init"));
  gMpi.allgatherv = reinterpret_cast<int (*)(const double *, int, double *, const int *,
                                             const int *)>(sym("masq_mpi_allgatherv"));
  gMpi.sendrecv = reinterpret_cast<int (*)(const double *, double *, long long, int)>(
      sym("masq_mpi_sendrecv"));
  gMpi.finalize = reinterpret_cast<int (*)()>(sym("masq_mpi_finalize"));
  gMpi.abort = reinterpret_cast<void (*)(int)>(sym("masq_mpi_abort"));
  if (int rc = gMpi.init(&gWorld.rank, &gWorld.size))
    throw std::runtime_error("MPI_Init failed (error " + std::to_string(rc) + ")");
  std::atexit(finalizeAtExit);
}

} // namespace

const World &world() {
  static std::once_flag once;
  static std::string failure;
  std::call_once(once, [] {
    try {
      start();
    } catch (const std::runtime_error &e) {
      failure = e.what();
    }
  });
  if (!failure.empty())
    throw std::runtime_error(failure);
  return gWorld;
}

std::pair<size_t, size_t> share(size_t n, int rank, int size) {
  const size_t r = size_t(rank), s = size_t(size), base = n / s, extra = n % s;
  const size_t first = r * base + std::min(r, extra);
  return {first, first + base + (r < extra ? 1 : 0)};
}

void allgather(const double *mine, size_t n, double *all, const std::vector<size_t> &counts) {
  const World &w = world();
  if (w.size == 1) {
    std::copy(mine, mine + n, all);
    return;
  }
  std::vector<int> c(counts.size()), d(counts.size());
  size_t at = 0;
  for (size_t r = 0; r < counts.size(); ++r) {
    if (counts[r] > size_t(1) << 30)
      abortAll("a share of " + std::to_string(counts[r]) + " values is too large to gather");
    c[r] = int(counts[r]), d[r] = int(at);
    at += counts[r];
  }
  if (int rc = gMpi.allgatherv(mine, int(n), all, c.data(), d.data()))
    abortAll("MPI_Allgatherv failed (error " + std::to_string(rc) + ")");
}

void sumInOrder(double *data, size_t n) {
  const World &w = world();
  if (w.size == 1 || n == 0)
    return;
  std::vector<double> all(n * size_t(w.size));
  allgather(data, n, all.data(), std::vector<size_t>(size_t(w.size), n));
  for (size_t i = 0; i < n; ++i) {
    double s = 0;
    for (int r = 0; r < w.size; ++r)
      s += all[size_t(r) * n + i];
    data[i] = s;
  }
}

namespace {
class WorldExchange : public rt::Exchange {
public:
  int rank() const override { return world().rank; }
  int size() const override { return world().size; }
  void sendrecv(const rt::cplx *send, rt::cplx *recv, size_t count, int partner) override {
    if (world().size == 1) {
      std::copy(send, send + count, recv);
      return;
    }
    if (int rc = gMpi.sendrecv(reinterpret_cast<const double *>(send),
                               reinterpret_cast<double *>(recv), (long long)(2 * count),
                               partner))
      abortAll("MPI_Sendrecv with rank " + std::to_string(partner) + " failed (error " +
               std::to_string(rc) + ")");
  }
  void sum(double *data, size_t n) override { sumInOrder(data, n); }
};
} // namespace

rt::Exchange &exchange() {
  static WorldExchange ex;
  return ex;
}

void abortAll(const std::string &message, int code) {
  std::string line = "masq: error (rank " + std::to_string(gWorld.rank) + " of " +
                     std::to_string(gWorld.size) + "): " + message + "\n";
  const int fd = gStderr >= 0 ? gStderr : 2;
  ssize_t ignored = write(fd, line.data(), line.size());
  (void)ignored;
  if (gMpi.abort)
    gMpi.abort(code);
  std::_Exit(code);
}

void quietOtherRanks() {
  if (gWorld.root() || gStderr >= 0)
    return;
  std::fflush(stdout);
  std::fflush(stderr);
  gStderr = dup(2);
  int null = open("/dev/null", O_WRONLY);
  if (null >= 0) {
    dup2(null, 1);
    dup2(null, 2);
    close(null);
  }
}

} // namespace dist
} // namespace masq
