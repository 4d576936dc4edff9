// MPI for `regretlab run --mpi` (Open MPI through its C API). Built when REGRETLAB_WITH_MPI is on;
// otherwise Start() refuses with a ConfigError that says how to build it.
#pragma once

#include <memory>

#include "tools/cli/run_experiment.h"

namespace regretlab::cli {

class MpiSession {
 public:
  // MPI_Init; the returned session finalises MPI when destroyed.
  static std::unique_ptr<MpiSession> Start(int* argc, char*** argv);
  static bool Available();
  ~MpiSession();

  Coordinator coordinator() const;
  // Ends every rank of the job (after a failure on one rank, so the others do not wait forever).
  void Abort(int code);

 private:
  MpiSession() = default;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace regretlab::cli
