#!/usr/bin/env bash
# A real single-node Slurm: `regretlab sweep --slurm` submits a job array and a dependent merge;
# the merged file must equal the single-machine run. Also MPI under Slurm. Starts and stops only
# its own daemons (tools/slurm_local.sh). Usage: slurm_test.sh REGRETLAB_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$src/tests/cluster/common.sh"
asan_full_stacks_for_mpi
work=$(mktemp -d)
bash "$src/tools/slurm_local.sh" start || { echo "could not start Slurm"; exit 1; }
trap 'bash "$src/tools/slurm_local.sh" stop; rm -rf "$work"' EXIT
write_spec "$work/spec.toml"
"$bin" run "$work/spec.toml" -o "$work/single.h5" --threads 1 --quiet || exit 1

# --dry-run prints the scripts and submits nothing.
"$bin" sweep "$work/spec.toml" --slurm -o "$work/dry.h5" --shards 4 --dry-run > "$work/dry.txt"
check "dry run prints an array of 4 tasks" grep -q '^#SBATCH --array=0-3$' "$work/dry.txt"
check "dry run submits nothing" [ -z "$(squeue -h)" ]

wait_jobs() {  # wait until none of the given jobs is queued or running
  for _ in $(seq 1 600); do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
    sleep 0.2
  done
  return 1
}
ids=$("$bin" sweep "$work/spec.toml" --slurm -o "$work/sweep.h5" --shards 4 --max-parallel 2 \
      --threads 1)
read -r array_job merge_job <<<"$ids"
echo "array job $array_job, merge job $merge_job"
check "array and merge jobs finish" wait_jobs "$array_job,$merge_job"
completed=$(scontrol -o show job "$array_job" | grep -c 'JobState=COMPLETED')
check "4 array tasks COMPLETED (got $completed)" [ "$completed" = 4 ]
check "merge job COMPLETED" bash -c "scontrol -o show job $merge_job | grep -q JobState=COMPLETED"
check "Slurm array result identical to the single-machine run" \
  identical "$work/single.h5" "$work/sweep.h5"
check "merge removed the parts" [ ! -e "$work/sweep.h5.parts" ]

# A preempted/requeued task: run one shard's array task by hand first (as if a previous attempt
# finished it), then let the array run; --resume makes the task skip what exists.
"$bin" run "$work/spec.toml" -o "$work/requeue.h5" --shard 1/4 --threads 1 --quiet
ids=$("$bin" sweep "$work/spec.toml" --slurm -o "$work/requeue.h5" --shards 4 --threads 1)
read -r array_job merge_job <<<"$ids"
check "second sweep finishes" wait_jobs "$array_job,$merge_job"
check "a resumed array task gives the same result" identical "$work/single.h5" "$work/requeue.h5"

# MPI inside a Slurm allocation.
job=$(sbatch --parsable -n 2 -o "$work/mpi-%j.out" --wrap \
      "mpirun --allow-run-as-root $bin run $work/spec.toml -o $work/slurm_mpi.h5 --mpi --threads 1 --quiet")
check "MPI job under Slurm finishes" wait_jobs "$job"
# Finishing is not enough: a rank that exits non-zero (mpirun then exits non-zero) fails the job.
check "MPI job under Slurm COMPLETED (exit 0)" \
  bash -c "scontrol -o show job $job | grep -q JobState=COMPLETED" ||
  sed 's/^/    | /' "$work"/mpi-*.out
check "MPI under Slurm identical to the single-machine run" \
  identical "$work/single.h5" "$work/slurm_mpi.h5"
finish
