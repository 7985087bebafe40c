#!/usr/bin/env bash
# Old kernels (issue #23): the collector's main paths under old_kernel_exec, which answers ENOSYS
# for every system call newer than Linux 3.13 (so everything RHEL/CentOS 7's 3.10 lacks:
# getrandom, statx, clone3, rseq, memfd_create, copy_file_range, close_range, openat2, pidfd_*…).
# A full-profile run encrypted to a `biunzip keygen` key and a triage run must give what an
# unrestricted run gives: packages that verify, the same tables non-empty (bodyfile included),
# the same triage matches, and the missing calls said in collection.log. Without any entropy
# source (no getrandom, no /dev) the run stops before a package exists.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"
: "${OLD_KERNEL_EXEC:?set by ctest}"

set +e
"$OLD_KERNEL_EXEC" -- true
probe=$?
set -e
if ((probe == 77)); then
  echo "skipped: old_kernel_exec cannot filter system calls here (x86_64 with seccomp only)"
  exit 0
fi
eq "$probe" 0 "old_kernel_exec -- true"

old_kernel() { "$OLD_KERNEL_EXEC" -- "$@" </dev/null; }
run_ok() {  # run_ok CMD...: exit 0 or 3 (a source unreadable here is unreadable in both runs)
  set +e
  "$@" >"$TEST_TMP/.out" 2>"$TEST_TMP/.err" </dev/null
  local got=$?
  set -e
  OUT=$(cat "$TEST_TMP/.out")
  [[ $got == 0 || $got == 3 ]] || fail "exit $got from: $* | stderr: $(cat "$TEST_TMP/.err")"
}
nonempty_tables() {  # nonempty_tables DB: the tables with rows, one per line, sorted
  local t
  for t in $(sql "$1" "select name from sqlite_master where type='table' order by name"); do
    [[ $(sql "$1" "select count(*) from \"$t\"") != 0 ]] && echo "$t"
  done
  return 0
}

"$BIUNZIP" -q keygen -o analyst.key >/dev/null
recipient=$(grep -o 'ppc1[a-z0-9]*' analyst.key | head -n1)
[[ -n $recipient ]] || fail "no ppc1 recipient in analyst.key"

# --- no entropy source at all: one line, exit 1, no package -----------------------------------
if [[ $(id -u) == 0 ]]; then
  mkdir -p jail
  cp "$COLLECTOR" jail/collector
  expect_exit 1 "$OLD_KERNEL_EXEC" -- chroot jail /collector --profile none --artifact users \
    --no-encrypt --case-dir /Cases -q
  eq "$(printf '%s\n' "$ERR" | wc -l)" 1 "lines on stderr"
  contains "$ERR" "no entropy source: getrandom(2) is not available on this kernel"
  [[ -z $(find jail -name '*.ppc*') ]] || fail "a package was left: $(find jail -name '*.ppc*')"
  ok "no getrandom and no /dev: exit 1 before any package ($ERR)"
fi

# --- full profile, encrypted, against an unrestricted run -------------------------------------
start=$SECONDS
run_ok "$OLD_KERNEL_EXEC" -- "$COLLECTOR" --profile full --recipient "$recipient" --case-dir old -q
old_pkg=$OUT
[[ $old_pkg == old/*.ppc && -f $old_pkg ]] || fail "no package path on stdout: $OUT"
expect_exit 0 "$BIUNZIP" verify "$old_pkg" -i analyst.key
contains "$OUT" "verify: OK"
unpack "$old_pkg" old-x -i analyst.key
ok "old kernel: full profile encrypted to an X25519 key, verified and decrypted ($((SECONDS - start)) s)"

start=$SECONDS
run_ok collect --profile full --no-encrypt --case-dir new -q
new_pkg=$OUT
expect_exit 0 "$BIUNZIP" verify "$new_pkg"
unpack "$new_pkg" new-x
ok "unrestricted: full profile verified ($((SECONDS - start)) s)"

new_tables=$(nonempty_tables new-x/case.db)
old_tables=$(nonempty_tables old-x/case.db)
eq "$old_tables" "$new_tables" "non-empty tables, old kernel vs unrestricted"
contains "$old_tables" bodyfile
old_rows=$(sql old-x/case.db "select count(*) from bodyfile")
new_rows=$(sql new-x/case.db "select count(*) from bodyfile")
((old_rows * 10 >= new_rows * 9)) || fail "bodyfile: $old_rows rows on the old kernel, $new_rows unrestricted"
eq "$(sql old-x/case.db "select count(*) from bodyfile where crtime != 0")" 0 "birth times without statx"
ok "same non-empty tables ($(echo $new_tables | wc -w)); bodyfile $old_rows rows vs $new_rows, crtime 0"

log=old-x/collection.log
eq "$(jq -r 'select(.event=="kernel_feature_missing") | .feature' "$log")" getrandom "missing feature logged"
eq "$(jq -r 'select(.event=="note" and .artifact=="bodyfile") | .message' "$log" | grep -c 'statx(2) is not available')" 1 \
  "bodyfile note on statx"
[[ -z $(jq -r 'select(.event=="kernel_feature_missing")' new-x/collection.log) ]] ||
  fail "an unrestricted run reports a missing kernel feature"
ok "collection.log says getrandom and statx are missing, once each"

# --- triage: the same matches ------------------------------------------------------------------
mkdir -p scan/sub rules
for i in 1 2 3; do printf 'header\nOLD-KERNEL-MARKER-%s\n' "$i" >"scan/sub/hit$i.txt"; done
printf 'nothing here\n' >scan/miss.txt
printf 'rule old_kernel_marker { strings: $m = "OLD-KERNEL-MARKER-" condition: $m }\n' >rules/small.yar
for side in old new; do
  runner=()
  [[ $side == old ]] && runner=("$OLD_KERNEL_EXEC" --)
  run_ok "${runner[@]}" "$COLLECTOR" --profile none --rules rules/small.yar --scan "$TEST_TMP/scan" \
    --no-encrypt --case-dir "tri-$side" -q
  pkg=$OUT
  expect_exit 0 "$BIUNZIP" verify "$pkg"
  unpack "$pkg" "tri-$side-x"
done
old_matches=$(sql tri-old-x/case.db "select count(*) from triage_matches")
eq "$old_matches" "$(sql tri-new-x/case.db "select count(*) from triage_matches")" "triage matches"
((old_matches >= 3)) || fail "triage found $old_matches matches, want the 3 planted files"
ok "old kernel: triage finds the same $old_matches matches, package verified"

echo "old_kernel: $pass_count checks passed"
