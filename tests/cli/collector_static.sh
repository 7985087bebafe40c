#!/usr/bin/env bash
# The field binary: fully static, small enough for any drive, and self-sufficient — it runs in
# an empty chroot holding nothing but itself and writes a package biunzip verifies. Only for a
# static build (the release build of scripts/test.sh); a dynamic debug build skips.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

kind=$(file -b "$COLLECTOR")
if [[ $kind != *"statically linked"* && $kind != *"static-pie linked"* ]]; then
  echo "skipped: not static ($COLLECTOR is: ${kind%%,*}, ...; build with -DPPC_STATIC=ON)"
  exit 0
fi
ok "file(1): $COLLECTOR is statically linked"

strip -o stripped "$COLLECTOR"
size=$(stat -c %s stripped)
((size <= 15 * 1024 * 1024)) || fail "stripped size $size bytes is over 15 MiB"
ok "stripped size $((size / 1024)) KiB <= 15 MiB"

if [[ $(id -u) != 0 ]]; then
  echo "skipped: the chroot check needs root"
  echo "collector_static: $pass_count checks passed"
  exit 0
fi
mkdir jail
cp "$COLLECTOR" jail/collector
expect_exit_any() {  # expect_exit_any "0 3" CMD...: like expect_exit, any of the codes
  local codes=$1
  shift
  set +e
  "$@" >"$TEST_TMP/.out" 2>"$TEST_TMP/.err" </dev/null
  local got=$?
  set -e
  OUT=$(cat "$TEST_TMP/.out")
  ERR=$(cat "$TEST_TMP/.err")
  [[ " $codes " == *" $got "* ]] || fail "expected exit in {$codes}, got $got from: $* | stderr: $ERR"
}
expect_exit_any "0 3" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin timeout 120 chroot jail /collector --no-encrypt --case-dir /Cases --quiet
[[ $OUT == /Cases/*.ppc ]] || fail "no package path on stdout: $OUT"
pkg=jail$OUT
[[ -f $pkg ]] || fail "$pkg missing"
eq "$(cd jail && find . | LC_ALL=C sort | sed -E 's/adhoc_[A-Za-z0-9.-]+_[0-9]{8}T[0-9]{6}Z/PKG/' | tr '\n' ' ')" \
  ". ./Cases ./Cases/PKG.log ./Cases/PKG.ppc ./Cases/PKG.ppc.sha256 ./Cases/PKG.ppc.tsq ./collector " \
  "what the chroot holds after the run"
expect_exit 0 "$BIUNZIP" verify "$pkg"
contains "$OUT" "verify: OK"
ok "runs in an empty chroot (only /collector): package written and verified"

echo "collector_static: $pass_count checks passed"
