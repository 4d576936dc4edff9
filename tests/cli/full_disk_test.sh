#!/usr/bin/env bash
# Full and read-only output file systems (issue 20), on a small tmpfs: a disk that fills while
# parts are written, one that has room for the parts but not for the assembled file, and a
# read-only one. Each gives a clear message, leaves no file under the final name and no partial
# or temporary file, keeps what was written, and `--resume` completes the run once space is back
# with the same /cells as an uninterrupted run. Needs root to mount a tmpfs; without it the test
# is skipped (exit 77, CTest's SKIP_RETURN_CODE). Usage: full_disk_test.sh BIN SRC
set -u
bin=$1
src=$2
work=$(mktemp -d)
mnt=$work/mnt
mkdir -p "$mnt"
cleanup() {
  umount "$mnt" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
if ! mount -t tmpfs -o size=400k tmpfs "$mnt" 2>/dev/null; then
  echo "skipped: cannot mount a tmpfs here (needs root)"
  exit 77
fi
passed=0
failed=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what"
  fi
}
spec=$src/experiments/quickstart.toml
args=(--set horizon=20000 --threads 2 --quiet)
units=32  # the quick start's work units
"$bin" run "$spec" -o "$work/reference.h5" "${args[@]}" >/dev/null 2>&1 ||
  { echo "FAIL: the reference run"; exit 1; }
no_leftovers() {  # no file under the final name, no partial, no temporary part
  [ ! -e "$1" ] && [ ! -e "$1.partial" ] &&
    [ -z "$(find "$1.parts" -name '.*.tmp.*' 2>/dev/null)" ]
}
parts_readable() {  # every part is a whole HDF5 file
  local part
  for part in "$1".parts/*.h5; do h5dump -H "$part" >/dev/null 2>&1 || return 1; done
}

# 1. The disk fills while parts are written.
out=$mnt/q.h5
"$bin" run "$spec" -o "$out" "${args[@]}" >"$work/log" 2>&1
code=$?
echo "full while running: exit $code: $(grep -v '^quickstart:' "$work/log" | head -1)"
check "exit 1 when the disk fills" [ "$code" = 1 ]
check "the message names the cause and the way on" \
  grep -q "No space left on device; the units written before are kept in $out.parts: make room and run again with --resume" "$work/log"
check "no HDF5 error stack on the terminal" bash -c "! grep -q HDF5-DIAG '$work/log'"
check "no result, partial or temporary file" no_leftovers "$out"
kept=$(find "$out.parts" -name '*.h5' | wc -l)
check "some parts were kept ($kept)" [ "$kept" -ge 1 ]
check "every kept part is whole" parts_readable "$out"
mount -o remount,size=64m "$mnt"
"$bin" run "$spec" -o "$out" "${args[@]}" --resume >"$work/log" 2>&1
check "--resume completes once there is room" [ $? = 0 ]
check "with the same numbers as an uninterrupted run" h5diff -q "$work/reference.h5" "$out" /cells /cells
check "and no parts left behind" [ ! -e "$out.parts" ]

# 2. Room for the parts (about 1.6 MB allocated) but not for the assembled file as well.
umount "$mnt"
mount -t tmpfs -o size=2200k tmpfs "$mnt"
"$bin" run "$spec" -o "$out" "${args[@]}" >"$work/log" 2>&1
code=$?
echo "full at assembly: exit $code: $(grep -v '^quickstart:' "$work/log" | head -1)"
check "exit 1 when the assembled file does not fit" [ "$code" = 1 ]
check "the message says how much is needed and what is kept" \
  grep -qE "not enough space to write $out: about [0-9.]+ MiB needed, [0-9.]+ MiB free in $mnt; every unit is kept in $out.parts: make room and run again with --resume" "$work/log"
check "no result, partial or temporary file" no_leftovers "$out"
check "every unit's part is kept" [ "$(find "$out.parts" -name '*.h5' | wc -l)" = "$units" ]
mount -o remount,size=64m "$mnt"
"$bin" run "$spec" -o "$out" "${args[@]}" --resume >"$work/log" 2>&1
check "--resume assembles once there is room" [ $? = 0 ]
check "with the same numbers as an uninterrupted run" h5diff -q "$work/reference.h5" "$out" /cells /cells

# 3. A read-only output folder: refused before any work, nothing touched.
mount -o remount,ro "$mnt"
before=$(ls -la "$mnt")
"$bin" run "$spec" -o "$mnt/r.h5" "${args[@]}" >"$work/log" 2>&1
code=$?
echo "read-only: exit $code: $(head -1 "$work/log")"
check "exit 2 for a read-only output folder" [ "$code" = 2 ]
check "the message names the folder and the reason" \
  grep -q "r.h5: -o: the output directory '$mnt' is not writable: Read-only file system" "$work/log"
check "nothing in the folder changed" [ "$(ls -la "$mnt")" = "$before" ]

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
