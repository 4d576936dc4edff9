#include "tools/cli/mpi_session.h"

#include "sim/core/error.h"

#ifdef REGRETLAB_WITH_MPI
// The C API only: without these, mpi.h drags in the removed MPI-2 C++ bindings, whose symbols
// live in a library we do not link.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace regretlab::cli {

bool MpiSession::Available() {
#ifdef REGRETLAB_WITH_MPI
  return true;
#else
  return false;
#endif
}

std::unique_ptr<MpiSession> MpiSession::Start([[maybe_unused]] int* argc,
                                              [[maybe_unused]] char*** argv) {
#ifdef REGRETLAB_WITH_MPI
  std::unique_ptr<MpiSession> session(new MpiSession());
  MPI_Init(argc, argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &session->rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &session->size_);
  return session;
#else
  throw core::ConfigError("", 0, "--mpi",
                          "this regretlab was built without MPI; configure with "
                          "-DREGRETLAB_WITH_MPI=ON (Debian: libopenmpi-dev)");
#endif
}

MpiSession::~MpiSession() {
#ifdef REGRETLAB_WITH_MPI
  MPI_Finalize();
#endif
}

Coordinator MpiSession::coordinator() const {
  Coordinator coordinator;
  coordinator.rank = rank_;
  coordinator.size = size_;
#ifdef REGRETLAB_WITH_MPI
  coordinator.barrier = [] { MPI_Barrier(MPI_COMM_WORLD); };
  coordinator.broadcast = [](int value) {
    MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return value;
  };
#endif
  return coordinator;
}

void MpiSession::Abort([[maybe_unused]] int code) {
#ifdef REGRETLAB_WITH_MPI
  MPI_Abort(MPI_COMM_WORLD, code);
#endif
}

}  // namespace regretlab::cli
