//===- MpiPlugin.cpp - the MPI calls masq makes, as a loadable module -----===//
//
// libmasq_mpi.so: the only code that links Open MPI. masq and standalone
// trainers load it (masq/Model/Dist.h) only when mpirun started them, so a
// machine without MPI runs masq unchanged. Plain C ABI: every function
// returns 0 on success or the MPI error code.
//
//===----------------------------------------------------------------------===//
#include <mpi.h>

extern "C" {

int masq_mpi_init(int *rank, int *size) {
  int done = 0;
  MPI_Initialized(&done);
  if (!done) {
    if (int rc = MPI_Init(nullptr, nullptr))
      return rc;
  }
  // Errors come back as codes, which masq turns into messages and an abort.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  return MPI_Comm_size(MPI_COMM_WORLD, size);
}

int masq_mpi_allgatherv(const double *mine, int count, double *all, const int *counts,
                        const int *displs) {
  return MPI_Allgatherv(mine, count, MPI_DOUBLE, all, counts, displs, MPI_DOUBLE,
                        MPI_COMM_WORLD);
}

/* count doubles to and from `partner`, in pieces MPI's int counts can take. */
int masq_mpi_sendrecv(const double *send, double *recv, long long count, int partner) {
  const long long piece = 1ll << 28;
  for (long long at = 0; at < count; at += piece) {
    const int n = int(count - at < piece ? count - at : piece);
    if (int rc = MPI_Sendrecv(send + at, n, MPI_DOUBLE, partner, 23, recv + at, n, MPI_DOUBLE,
                              partner, 23, MPI_COMM_WORLD, MPI_STATUS_IGNORE))
      return rc;
  }
  return 0;
}

int masq_mpi_finalize() {
  int done = 0;
  MPI_Finalized(&done);
  return done ? 0 : MPI_Finalize();
}

void masq_mpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

} // extern "C"
