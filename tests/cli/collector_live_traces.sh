#!/usr/bin/env bash
# Live intrusion traces end to end: a process running a deleted copy of a binary and one holding a
# deleted file open are planted; a collection with recovered_binaries and hidden_processes stores
# both files under recovered/<pid>/ in the package, case.db and live/ agree on their SHA-256,
# and the package verifies. Under --root the live-only artifacts are skipped.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

sleep_bin=$(command -v sleep)
cp "$sleep_bin" ./implant
./implant 60 &
implant_pid=$!
printf 'customer records\n' >loot.txt
sleep 60 7<loot.txt &
holder_pid=$!
trap 'kill $implant_pid $holder_pid 2>/dev/null; rm -rf "$TEST_TMP"' EXIT
for _ in $(seq 100); do
  [[ $(readlink /proc/$implant_pid/exe) == "$TEST_TMP/implant" ]] && break
  sleep 0.05
done
rm implant loot.txt
want_exe=$(sha256sum <"$sleep_bin" | cut -d' ' -f1)
want_loot=$(printf 'customer records\n' | sha256sum | cut -d' ' -f1)

expect_exit 0 collect --profile none --artifact recovered_binaries --artifact hidden_processes \
  --no-encrypt --case-dir c --quiet
pkg=$(only_pkg c)
unpack "$pkg" out
db=out/case.db
eq "$(sql $db "select reason || '|' || original_path || '|' || sha256 from recovered_binaries where pid = $implant_pid and fd is null")" \
  "deleted|$TEST_TMP/implant|$want_exe" "the deleted executable's row"
eq "$(sha256sum <"out/recovered/$implant_pid/exe" | cut -d' ' -f1)" "$want_exe" "recovered/$implant_pid/exe"
eq "$(sql $db "select entry || '|' || sha256 from recovered_binaries where pid = $holder_pid and fd = 7")" \
  "recovered/$holder_pid/fd/7|$want_loot" "the deleted open file's row"
eq "$(cat "out/recovered/$holder_pid/fd/7")" "customer records" "recovered/$holder_pid/fd/7"
eq "$(sql $db "select sha256 from files where path = '/proc/$implant_pid/exe'")" "$want_exe" \
  "case.db files row of the recovered executable"
eq "$(jq -r "select(.pid == $implant_pid) | .sha256" out/live/recovered_binaries/recovered_binaries.jsonl)" \
  "$want_exe" "live/recovered_binaries JSONL"
[[ -f out/live/hidden_processes/hidden_processes.jsonl || $(sql $db "select count(*) from hidden_processes") == 0 ]] ||
  fail "hidden_processes rows without their JSONL"
ok "a deleted running binary and a deleted open file are recovered into the package with their SHA-256"

mkdir root
expect_exit 0 collect --root root --profile none --artifact recovered_binaries --artifact hidden_processes \
  --no-encrypt --case-dir r --quiet
unpack "$(only_pkg r)" rout
for a in recovered_binaries hidden_processes; do
  grep '"artifact_skipped"' rout/collection.log | grep -q "\"$a\"" || fail "$a not skipped under --root"
done
[[ ! -d rout/recovered ]] || fail "recovered/ under --root"
ok "under --root the live-only trace artifacts are skipped"
echo "$pass_count passed, 0 failed"
