#!/usr/bin/env bash
# --max-package-size and --min-free-space protect the drive (issue #22 item 3): the size of a
# file is known before it is stored, so a file that would cross a limit is never started; it is
# recorded as skipped:limit with the reason, the package stays within the limit but for its
# closing records, the run finalizes (exit 3) and the sidecars are written.
set -euo pipefail
: "${TEST_HELPERS:?run by ctest (tests/CMakeLists.txt sets TEST_HELPERS, COLLECTOR, BIUNZIP)}"
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/faults/fault_lib.bash"
[[ $(id -u) == 0 ]] || fail "needs root to mount a tmpfs"

mkdir -p src
head -c 100K /dev/urandom >src/a-small
head -c 50M /dev/urandom >src/b-large
head -c 100K /dev/urandom >src/c-small
plain=(--profile none --no-encrypt -q)

finished() {  # DIR: the package verifies, sidecars and .log are there, the .log says exit 3
  local pkg
  pkg=$(only_pkg "$1")
  expect_exit 0 "$BIUNZIP" -q verify "$pkg"
  [[ -s $pkg.sha256 && -s $pkg.tsq && -s ${pkg%.ppc}.log ]] || fail "$1: sidecars missing"
  (cd "$(dirname "$pkg")" && sha256sum -c --quiet "$(basename "$pkg").sha256") || fail "$1: sha256sum -c"
  eq "$(jq -r .exit_code "${pkg%.ppc}.log")" 3 "$1: the .log's exit code"
  contains "$(jq -r .stopped_early "${pkg%.ppc}.log")" "$2"
  rm -rf "x-$1"
  unpack "$pkg" "x-$1"
}

# --- --max-package-size 1M with a 50 MB file -----------------------------------------------------
expect_exit 3 collect "${plain[@]}" --collect "$TEST_TMP/src/**" --case-dir c-max --max-package-size 1M
finished c-max "--max-package-size"
size=$(stat -c %s "$(only_pkg c-max)")
((size <= (1 << 20) + (256 << 10))) || fail "--max-package-size 1M: package of $size bytes"
eq "$(sql x-c-max/case.db "select status from files where path like '%/src/a-small'")" complete "the first small file"
eq "$(sql x-c-max/case.db "select status from files where path like '%/src/b-large'")" skipped:limit "the large file"
contains "$(sql x-c-max/case.db "select error from files where path like '%/src/b-large'")" "--max-package-size"
ok "--max-package-size 1M: the 50 MB file is not started, package of $((size >> 10)) KiB, exit 3, sidecars written"

# --- --min-free-space 15M on a 20 MiB drive ------------------------------------------------------
mkdir -p small
mount -t tmpfs -o size=20m room-limits small || fail "cannot mount a tmpfs"
CLEANUP+=("umount -l '$TEST_TMP/small'")
expect_exit 3 collect "${plain[@]}" --collect "$TEST_TMP/src/**" --case-dir small/cases --min-free-space 15M
free=$(($(stat -f -c '%a * %S' small | tr -d ' ')))
((free > 14 << 20)) || fail "--min-free-space 15M left only $((free >> 10)) KiB free"
finished small/cases "--min-free-space"
eq "$(sql x-small/cases/case.db "select status from files where path like '%/src/b-large'")" skipped:limit "the large file"
ok "--min-free-space 15M on a 20 MiB drive: $((free >> 20)) MiB left free, exit 3, sidecars written"
