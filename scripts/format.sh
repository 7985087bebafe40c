#!/usr/bin/env bash
# Formats the tree's C and C++ sources with clang-format (Debian 12's, 14) and the checked-in
# .clang-format:
#   scripts/format.sh            rewrites every file that is not formatted
#   scripts/format.sh --check    only lists them; exits 1 when there is any
# The sources are the files git knows (tracked, or new and not ignored: build directories are
# ignored), minus data that only looks like source: fuzz corpora and regression inputs, and
# the test vectors' directory except its generator.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
check=false
case ${1:-} in
  --check) check=true ;;
  "") ;;
  *) echo "usage: scripts/format.sh [--check]" >&2; exit 2 ;;
esac
command -v clang-format >/dev/null ||
  { echo "format: clang-format not found (scripts/install-deps.sh)" >&2; exit 2; }
cd "$here"

# Sources: C/C++ files git knows, minus the data directories (make_vectors.cpp is source).
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
  '*.c' '*.h' '*.cc' '*.cpp' '*.hpp' | sort -u |
  grep -Ev '^tests/fuzz/(corpus|regressions)/|^tests/vectors/' || true
  git ls-files --cached --others --exclude-standard -- tests/vectors/make_vectors.cpp)

# Unformatted: clang-format's output differs from the file (in parallel: one process per file).
mapfile -t unformatted < <(printf '%s\0' "${files[@]}" |
  xargs -0 -P "$(nproc)" -n 16 sh -c \
    'for f; do [ -f "$f" ] && ! clang-format --style=file "$f" | cmp -s - "$f" && echo "$f"; done; true' sh |
  sort)
if $check; then
  if ((${#unformatted[@]} > 0)); then
    printf '%s\n' "${unformatted[@]}"
    echo "format: ${#unformatted[@]} of ${#files[@]} files are not formatted (scripts/format.sh fixes them)" >&2
    exit 1
  fi
  exit 0
fi
if ((${#unformatted[@]} > 0)); then
  clang-format --style=file -i "${unformatted[@]}"
fi
echo "format: ${#unformatted[@]} of ${#files[@]} files reformatted" >&2
