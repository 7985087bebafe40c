#!/usr/bin/env bash
# The case directory on a file system that fills up (a tmpfs mounted here): the collector stops
# with one clear line naming the free space and exit 1 (documented: failed, the partial package
# stays salvageable), writes no sidecars, and `biunzip salvage` recovers what was written up to
# the last checkpoint, verified and byte-exact.
set -euo pipefail
: "${TEST_HELPERS:?run by ctest (tests/CMakeLists.txt sets TEST_HELPERS, COLLECTOR, BIUNZIP)}"
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/faults/fault_lib.bash"

[[ $(id -u) == 0 ]] || fail "needs root to mount a tmpfs"
mount_small() {  # mount_small DIR MIB
  mkdir -p "$1"
  mount -t tmpfs -o "size=${2}m,mode=0755" fault-test "$1" || fail "cannot mount a tmpfs on $1"
  CLEANUP+=("umount -l '$1'")
}

expect_disk_full() {  # expect_disk_full CASE_DIR SRC: collects src-SRC into CASE_DIR on the full disk
  expect_exit 1 collect --profile none --no-encrypt --collect "$TEST_TMP/src-$2/**" --case-dir "$1" -q
  eq "$(printf '%s\n' "$ERR" | wc -l)" 1 "lines on stderr"
  contains "$ERR" "No space left on device"
  [[ $ERR =~ \(([0-9.]+\ [KMG]?i?B)\ free ]] || fail "the error does not name the free space: $ERR"
  contains "$ERR" "salvageable"
  contains "$ERR" "biunzip salvage"
  PKG=$(only_pkg "$1")
  [[ ! -e $PKG.sha256 && ! -e ${PKG%.ppc}.log ]] || fail "sidecars written for a failed run"
}

# check_salvage PKG MIN_VERIFIED SRC: salvage exits 12 (truncated); at least MIN_VERIFIED
# entries come back verified, in order from f001, each equal to its source.
check_salvage() {
  local pkg=$1 min=$2 src=$3 out=salvaged-$3
  expect_exit 12 "$BIUNZIP" -q salvage "$pkg" -o "$out" --no-report
  eq "$(jq -r .failure.class "$out/salvage.json")" truncated "salvage failure class"
  local names i=0 name
  mapfile -t names < <(jq -r '.recovered[] | select(.verification=="verified") | .name' "$out/salvage.json")
  ((${#names[@]} >= min)) || fail "salvage verified ${#names[@]} entries, want at least $min"
  for name in "${names[@]}"; do
    i=$((i + 1))
    eq "$name" "files$TEST_TMP/$src/$(printf 'f%03d' $i)" "verified entry $i"
    eq "$(sha "$out/$name")" "$(sha "$TEST_TMP/$src/${name##*/}")" "sha256 of the recovered $name"
  done
  [[ $(jq -r '[.lost[], (.recovered[] | select(.verification!="verified"))] | length' "$out/salvage.json") -ge 1 ]] ||
    fail "salvage reports nothing lost from a package cut short"
  VERIFIED=${#names[@]}
}

# --- 20 MiB: files under 8 MiB carry their digest in their own header --------------------------
mount_small small 20
random_tree src-a 10 3  # 30 MiB
expect_disk_full small/cases a
ok "20 MiB disk: exit 1, one line: $ERR"
check_salvage "$PKG" 5 src-a
ok "20 MiB disk: salvage recovers $VERIFIED verified files (each carries its own digest)"

# --- 100 MiB: streamed 12 MiB files are verified by the checkpoint after f006 -----------------
mount_small medium 100
random_tree src-b 12 12  # 144 MiB
expect_disk_full medium/cases b
ok "100 MiB disk: exit 1, no crash, no sidecars"
check_salvage "$PKG" 6 src-b
ok "100 MiB disk: salvage recovers f001..f00$VERIFIED, verified by checkpoint, byte-exact"

echo "disk_full: $pass_count checks passed"
