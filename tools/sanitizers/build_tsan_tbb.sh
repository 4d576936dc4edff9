#!/usr/bin/env bash
# Builds oneTBB's libtbb with ThreadSanitizer for the tsan stage (tools/test_sanitizers.sh) and
# prints the folder holding libtbb.so.12, which the stage puts first on LD_LIBRARY_PATH.
#
# Why: Debian's libtbb12 is not instrumented, so TSan does not see the synchronisation inside it
# (task spawning and stealing, the waits of parallel_for and of concurrent_bounded_queue). Every
# access a worker thread makes to data the main thread wrote before parallel_for then looks like a
# race: 894 reports on the stage's tests and runs, most of them with only regretlab and libstdc++
# frames at the racing accesses (docs/reliability.md). No suppression can tell those from a real
# race in a parallel_for body without hiding that too; with this library the same runs report none.
#
# The source is Debian's, of exactly the installed libtbb-dev version (headers and library must
# match), fetched with apt-get through a private source list (the machine's apt configuration is
# not touched) and built once into build/tsan-tbb/ (libtbb only: no tbbmalloc, tests or examples).
# Needs dpkg-dev (dpkg-source; tools/install_deps.sh) and the Debian archive.
# REGRETLAB_BUILD_LOCK=FILE serialises the build with other builds on the machine (flock).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD/build/tsan-tbb
version=$(dpkg-query -W -f='${Version}' libtbb-dev)
lib=$root/lib
if [ -e "$lib/libtbb.so.12" ] && [ "$(cat "$root/version" 2>/dev/null)" = "$version" ]; then
  echo "$lib"
  exit 0
fi
rm -rf "$root"
mkdir -p "$root/apt/lists/partial" "$root/src" "$lib"
{
  # bookworm's source index, in a private list folder.
  . /etc/os-release
  echo "deb-src http://deb.debian.org/debian ${VERSION_CODENAME} main"
  echo "deb-src http://deb.debian.org/debian-security ${VERSION_CODENAME}-security main"
  echo "deb-src http://deb.debian.org/debian ${VERSION_CODENAME}-updates main"
} >"$root/apt/sources.list"
apt_private=(-o "Dir::Etc::SourceList=$root/apt/sources.list" -o "Dir::Etc::SourceParts=/nonexistent"
  -o "Dir::State::Lists=$root/apt/lists")
apt-get -q "${apt_private[@]}" update >&2
(cd "$root/src" && apt-get -q "${apt_private[@]}" source --download-only "onetbb=$version" >&2)
dpkg-source -x "$root"/src/onetbb_*.dsc "$root/src/onetbb" >&2
build_lock=()
if [ -n "${REGRETLAB_BUILD_LOCK:-}" ]; then build_lock=(flock "$REGRETLAB_BUILD_LOCK"); fi
cmake -S "$root/src/onetbb" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTBB_TEST=OFF \
  -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF -DTBBMALLOC_BUILD=OFF -DTBBMALLOC_PROXY_BUILD=OFF \
  -DTBB_SANITIZE=thread >&2
asked=$(date +%s)
"${build_lock[@]}" bash -c 'echo "waited $(($(date +%s) - $0)) s for the build lock"
  exec "$@"' "$asked" cmake --build "$root/build" -j "$(nproc)" --target tbb >&2
cp -a "$root"/build/*/libtbb.so* "$lib/"
echo "$version" >"$root/version"
echo "$lib"
