#!/usr/bin/env bash
# `biunzip salvage` on packages damaged in the middle (docs/FORMAT.md, "Salvage and
# resynchronisation"): it reads on after the damage at the next chunk that starts a zstd frame,
# writes every entry outside the damaged range byte-exact and verified, and says in one line
# per range what was lost and what came back. The package comes from the real writer with a
# checkpoint every 4 entries (tests/unit/formats/salvage_test.cpp, SalvageFixture).
set -euo pipefail
: "${TEST_HELPERS:?run by ctest (tests/CMakeLists.txt sets TEST_HELPERS, BIUNZIP, PPC_BINARY_DIR)}"
source "$TEST_HELPERS"

fixtures="$PPC_BINARY_DIR/tests/formats_tests"
[[ -x $fixtures ]] || fail "$fixtures is not built (ninja formats_tests)"
SALVAGE_FIXTURE_DIR="$TEST_TMP" "$fixtures" --gtest_filter='SalvageFixture.*' >/dev/null
key=(--password-file passphrase.txt)
header=$(sed -n 's/^header //p' layout.txt)
sealed=$(sed -n 's/^sealed //p' layout.txt)
read -r -a frames <<<"$(sed -n 's/^frames //p' layout.txt)"
((${#frames[@]} >= 8)) || fail "the fixture has only ${#frames[@]} zstd frames"

# entries_outside FRAME...: names of the entries in every frame but those given, sorted.
entries_outside() {
  local skip=" $* " f
  for ((f = 0; f < ${#frames[@]}; f++)); do
    [[ $skip == *" $f "* ]] || sed -n "s/^frame$f //p" layout.txt | tr ' ' '\n'
  done | sort
}
# check_recovered DIR FRAME...: exactly the entries outside the damaged frames are verified,
# and each file holds the bytes that were collected.
check_recovered() {
  local dir=$1; shift
  local want got
  want=$(entries_outside "$@")
  got=$(jq -r '.recovered[] | select(.verification == "verified") | .name' "$dir/salvage.json" | sort)
  eq "$got" "$want" "verified entries in $dir/salvage.json"
  awk 'NR == FNR { want[$1]; next } $2 in want' <(printf '%s\n' "$want") entries.sha256 >"$dir.sha256"
  eq "$(wc -l <"$dir.sha256")" "$(printf '%s\n' "$want" | wc -l)" "digests to check in $dir"
  (cd "$dir" && sha256sum -c --quiet "../$dir.sha256") || fail "recovered bytes differ in $dir"
}
# corrupt FILE OFFSET: flips bits of one byte.
corrupt() {
  local byte
  byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  printf "\\x$(printf %02x $((byte ^ 0x5a)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
slot() { echo $((header + $1 * sealed)); }

# --- a bit flip in the second chunk of frame 2 -------------------------------------------------
bad=$((frames[2] + 1))
cp resync.ppc flip.ppc
corrupt flip.ppc $(($(slot $bad) + 500))
expect_exit 11 "$BIUNZIP" verify flip.ppc "${key[@]}"
contains "$OUT" "chunk-auth"
expect_exit 11 "$BIUNZIP" salvage flip.ppc -o flip "${key[@]}" --no-report
eq "$(grep -c '^biunzip: damaged ' <<<"$ERR")" 1 "damage lines"
contains "$ERR" "biunzip: damaged chunks $bad-$((frames[3] - 1)) ($(((frames[3] - bad) * sealed)) bytes at offset $(slot $bad), chunk-auth)"
contains "$ERR" "resumed at chunk ${frames[3]}: "
contains "$ERR" "checkpoint chain broken (1 checkpoint lost)"
contains "$OUT" "1 damaged range"
eq "$(jq -r '.complete' flip/salvage.json)" false "complete"
eq "$(jq -r '.failure.class' flip/salvage.json)" chunk-auth "failure class"
eq "$(jq -r '.damaged | length' flip/salvage.json)" 1 "damaged ranges"
eq "$(jq -r '.damaged[0] | [.first_chunk, .end_chunk, .resumed] | @tsv' flip/salvage.json)" \
  "$bad	${frames[3]}	true" "range in salvage.json"
check_recovered flip 2
after=$(jq -r '.damaged[0].recovered | map(select(.verification == "verified")) | length' flip/salvage.json)
eq "$after" "$(entries_outside 0 1 2 | wc -l)" "entries verified after the range"
ok "bit flip: only frame 2 is lost; $after entries after it are recovered and verified"

# quiet mode still names the damage
expect_exit 11 "$BIUNZIP" -q salvage flip.ppc -o flip-quiet "${key[@]}" --no-report
eq "$OUT" "" "stdout with -q"
contains "$ERR" "biunzip: damaged chunks $bad-"
ok "-q keeps the damage line on stderr"

# --- a run of chunks dropped across frames 2 and 3 ---------------------------------------------
from=$((frames[2] + 1)) to=$((frames[3] + 2))
{ head -c "$(slot $from)" resync.ppc; tail -c +$(($(slot $to) + 1)) resync.ppc; } >drop.ppc
expect_exit 11 "$BIUNZIP" salvage drop.ppc -o drop "${key[@]}" --no-report
eq "$(grep -c '^biunzip: damaged ' <<<"$ERR")" 1 "damage lines"
contains "$ERR" "(counter ${frames[4]}: $((to - from)) chunks missing)"
contains "$ERR" "checkpoint chain broken (2 checkpoints lost)"
check_recovered drop 2 3
ok "dropped chunks: the counter shift is bridged, frames 2 and 3 lost, the rest verified"

# --- one chunk of zeros inserted before frame 3: nothing is lost --------------------------------
at=${frames[3]}
{ head -c "$(slot $at)" resync.ppc; head -c "$sealed" /dev/zero; tail -c +$(($(slot $at) + 1)) resync.ppc; } >ins.ppc
expect_exit 11 "$BIUNZIP" salvage ins.ppc -o ins "${key[@]}" --no-report
contains "$ERR" "biunzip: damaged chunk $at ($sealed bytes at offset $(slot $at), chunk-auth): 0 entries lost"
contains "$ERR" "(counter $at: 1 chunk of inserted data)"
contains "$ERR" "checkpoint chain intact"
check_recovered ins
eq "$(jq -r '.lost | length' ins/salvage.json)" 0 "lost entries"
ok "inserted garbage: every entry recovered and verified, the range still reported"

# --- two damaged ranges: one line each ----------------------------------------------------------
cp resync.ppc two.ppc
corrupt two.ppc $(($(slot $((frames[1] + 1))) + 9))
corrupt two.ppc $(($(slot "${frames[5]}") + 9))
expect_exit 11 "$BIUNZIP" salvage two.ppc -o two "${key[@]}" --no-report
eq "$(grep -c '^biunzip: damaged ' <<<"$ERR")" 2 "damage lines"
contains "$OUT" "2 damaged ranges"
check_recovered two 1 5
ok "two damaged ranges: two lines, everything between and after them verified"

echo "biunzip_salvage_resync: $pass_count checks passed"
