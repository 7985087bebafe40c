#!/usr/bin/env bash
# SIGINT (twice, as an impatient operator would), SIGTERM and SIGHUP in the middle of a
# collection: the collector stops between files, finalizes the package and exits 130; the
# package verifies, custody.json and collection.log say it was interrupted and by what, and the
# files it did store are byte-exact.
set -euo pipefail
: "${TEST_HELPERS:?run by ctest (tests/CMakeLists.txt sets TEST_HELPERS, COLLECTOR, BIUNZIP)}"
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/faults/fault_lib.bash"

make_password_file pass.txt
random_tree src 40 4  # 160 MiB: several seconds of work, so the signal lands mid-run
total=40

interrupt() {  # interrupt SIGNAL SIGNUM plain|passphrase
  local sig=$1 num=$2 enc=(--no-encrypt) key=()
  [[ $3 == passphrase ]] && enc=(--password-file pass.txt) key=(--password-file pass.txt)
  start_collector "run-$sig" --profile none --collect "$TEST_TMP/src/**" --case-dir "cases-$sig" "${enc[@]}"
  wait_for_package_size "cases-$sig" $((24 << 20)) "$COLLECTOR_PID" 60
  kill -"$sig" "$COLLECTOR_PID"
  [[ $sig == INT ]] && { sleep 0.05; kill -INT "$COLLECTOR_PID" 2>/dev/null || true; }
  wait_exit "$COLLECTOR_PID" 30
  [[ $EXIT == 130 ]] || fail "SIG$sig: exit $EXIT, want 130; stderr: $(cat "run-$sig.err")"
  local pkg
  pkg=$(only_pkg "cases-$sig")
  eq "$(cat "run-$sig.out")" "$pkg" "SIG$sig: the package path on stdout"

  expect_exit 0 "$BIUNZIP" verify "$pkg" "${key[@]}"
  contains "$OUT" "verify: OK"
  contains "$OUT" "OK      manifest"
  contains "$OUT" "OK      sidecar"
  unpack "$pkg" "x-$sig" "${key[@]}"
  eq "$(jq -r .interrupted "x-$sig/custody.json")" true "SIG$sig: custody.json interrupted"
  eq "$(jq -r '.stopped_early' "x-$sig/custody.json")" "" "SIG$sig: custody.json stopped_early"
  eq "$(jq -r 'select(.event=="interrupted") | .signal' "x-$sig/collection.log")" "$num" \
    "SIG$sig: signal number in collection.log"
  eq "$(jq -r .interrupted "${pkg%.ppc}.log")" true "SIG$sig: the .log sidecar says interrupted"

  local stored bad
  stored=$(sql "x-$sig/case.db" "select count(*) from files where status='complete'")
  ((stored > 0 && stored < total)) || fail "SIG$sig: $stored of $total files stored; the run was not cut short"
  bad=$(sql "x-$sig/case.db" "select path, sha256 from files where status='complete'" |
    while IFS='|' read -r path digest; do [[ $(sha "$path") == "$digest" ]] || echo "$path"; done)
  eq "$bad" "" "SIG$sig: files whose case.db sha256 differs from the source"
  eq "$(jq -r .counts.files_stored "x-$sig/custody.json")" "$stored" "SIG$sig: custody.json files_stored"
  ok "SIG$sig: exit 130 after $stored of $total files, package verifies, custody.json says interrupted"
}

interrupt INT 2 plain
interrupt TERM 15 passphrase
interrupt HUP 1 plain

echo "signals: $pass_count checks passed"
