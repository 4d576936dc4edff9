#!/usr/bin/env bash
# Formats every C++ file of the repository with Debian's clang-format and the repository's
# .clang-format (Google style, 100 columns).
#   tools/format.sh           rewrite the files in place
#   tools/format.sh --check   change nothing; list the files that are not formatted, exit 1 if any
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null ||
  { echo "format: clang-format is missing (apt-get install clang-format)" >&2; exit 2; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.h' '*.cc' '*.cpp')
else
  mapfile -t files < <(find . -path ./build -prune -o \( -name '*.h' -o -name '*.cc' -o -name '*.cpp' \) -print)
fi
if [ "${1:-}" != --check ]; then
  clang-format -i "${files[@]}"
  echo "format: ${#files[@]} files formatted"
  exit 0
fi
unformatted=()
for file in "${files[@]}"; do
  clang-format --dry-run -Werror "$file" >/dev/null 2>&1 || unformatted+=("$file")
done
if [ ${#unformatted[@]} -gt 0 ]; then
  printf 'not formatted (run tools/format.sh): %s\n' "${unformatted[@]}"
  echo "$((${#files[@]} - ${#unformatted[@]})) passed, ${#unformatted[@]} failed"
  exit 1
fi
echo "format: all ${#files[@]} C++ files match .clang-format"
