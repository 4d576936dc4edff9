#!/usr/bin/env bash
# `mpirun -np N regretlab run SPEC --mpi` gives the same result datasets as a single process.
# Usage: mpi_test.sh REGRETLAB_BINARY SOURCE_DIR
set -u
bin=$1
source "$2/tests/cluster/common.sh"
asan_full_stacks_for_mpi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
write_spec "$work/spec.toml"
"$bin" run "$work/spec.toml" -o "$work/single.h5" --threads 1 --quiet || exit 1
# Root is allowed explicitly (CI runs as root); oversubscribe lets -np exceed the 2 cores.
mpi=(mpirun --allow-run-as-root --oversubscribe)
for ranks in 2 3; do
  timeout 300 "${mpi[@]}" -np "$ranks" "$bin" run "$work/spec.toml" -o "$work/mpi_$ranks.h5" \
    --mpi --threads 1 --quiet
  check "mpirun -np $ranks exits 0" [ $? = 0 ]
  check "mpirun -np $ranks result identical to the single-process run" \
    identical "$work/single.h5" "$work/mpi_$ranks.h5"
  check "mpirun -np $ranks leaves no parts behind" [ ! -e "$work/mpi_$ranks.h5.parts" ]
done
# A user error reaches every rank: exit 2, no rank left waiting (the timeout would fire).
timeout 120 "${mpi[@]}" -np 2 "$bin" run "$work/spec.toml" -o "$work/single.h5" --mpi --quiet \
  > "$work/refused.log" 2>&1
code=$?
check "an existing output under MPI exits 2 on every rank (got $code)" [ "$code" = 2 ]
check "the refusal names the file" grep -q "the output file exists" "$work/refused.log"
finish
