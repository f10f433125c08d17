//===- Dist.h - processes of a data-parallel run ----------------*- C++ -*-===//
//
// Data-parallel training and evaluation (issue 23): under `mpirun -n R`,
// every batch is split over the R processes (ranks), each computes its
// share on its threads, and the shares are gathered so that every rank
// holds the same batch gradient and values, summed in rank order (the same
// bits on every rank, whatever the timing). Rank 0 alone writes files.
//
// MPI is not linked: the first call to world() looks at the environment
// mpirun sets (Open MPI's OMPI_COMM_WORLD_SIZE, or PMI_SIZE / PMIX_SIZE),
// and only when there are two or more processes loads libmasq_mpi.so (the
// path masq was built with, or $MASQ_MPI_PLUGIN) and initialises MPI. A
// program started without mpirun is one rank of one and never touches MPI.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_MODEL_DIST_H
#define MASQ_MODEL_DIST_H

#include "masq/Runtime/Distributed.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace masq {
namespace dist {

struct World {
  int rank = 0, size = 1;
  bool root() const { return rank == 0; }
};

/// This process's place (initialises MPI on the first call under mpirun).
/// Throws std::runtime_error when mpirun started two or more processes and
/// MPI cannot be used (masq built without it, the plugin missing).
const World &world();

/// Items [first, last) of n for `rank` of `size`: contiguous shares in rank
/// order whose sizes differ by at most one.
std::pair<size_t, size_t> share(size_t n, int rank, int size);

/// Every rank's `mine` (n doubles; rank r's n is counts[r]) concatenated in
/// rank order into `all`, on every rank.
void allgather(const double *mine, size_t n, double *all, const std::vector<size_t> &counts);

/// data[i] summed over the ranks in rank order, on every rank.
void sumInOrder(double *data, size_t n);

/// The ranks as a distributed state's Exchange (masq/Runtime/Distributed.h):
/// sums in rank order, so every rank gets the same bits.
rt::Exchange &exchange();

/// Ends every rank of the job after printing `message` on this one's
/// original stderr (used when one rank fails while others wait).
[[noreturn]] void abortAll(const std::string &message, int code = 1);

/// Non-root ranks: stdout and stderr to /dev/null (rank 0 reports for all;
/// abortAll still prints). Nothing on one rank.
void quietOtherRanks();

} // namespace dist
} // namespace masq

#endif // MASQ_MODEL_DIST_H
