#!/usr/bin/env bash
# SIGKILL in the middle of a collection (no chance to finalize): `biunzip salvage` must recover
# every entry written before the last checkpoint, each with a verified SHA-256 equal to the
# source bytes, and must say what it could not recover.
#
# The files are 12 MiB: larger than the writer's 8 MiB buffer, so they are streamed and their
# digests exist only in the checkpoint that follows them (docs/FORMAT.md). A checkpoint is
# written after the entry that takes the payload 64 MiB past the previous one: after f006
# (~72 MiB), then after f012 (~144 MiB). Killed at >= 110 MiB, the package holds checkpoint 1,
# so f001..f006 at least must come back verified; f007.. may come back unverified or be lost.
set -euo pipefail
: "${TEST_HELPERS:?run by ctest (tests/CMakeLists.txt sets TEST_HELPERS, COLLECTOR, BIUNZIP)}"
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/faults/fault_lib.bash"

make_password_file pass.txt
key=(--password-file pass.txt)
random_tree src 25 12  # 300 MiB
declare -A source_sha
for f in src/*; do source_sha[files$TEST_TMP/$f]=$(sha "$f"); done

start_collector run --profile none --collect "$TEST_TMP/src/**" "${key[@]}" --case-dir cases -q
wait_for_package_size cases $((110 << 20)) "$COLLECTOR_PID" 120
kill -KILL "$COLLECTOR_PID"
wait_exit "$COLLECTOR_PID" 10
eq "$EXIT" 137 "exit status of the killed collector"
pkg=$(only_pkg cases)
[[ ! -e $pkg.sha256 ]] || fail "a killed run wrote the .sha256 sidecar"
ok "collector killed with SIGKILL at $(($(stat -c %s "$pkg") >> 20)) MiB"

expect_exit 12 "$BIUNZIP" verify "$pkg" "${key[@]}"
contains "$OUT" "truncated"
ok "verify reports the killed package as truncated (exit 12)"

expect_exit 12 "$BIUNZIP" -q salvage "$pkg" -o salvaged "${key[@]}" --no-report
report=salvaged/salvage.json
eq "$(jq -r .complete $report)" false "salvage.json complete"
eq "$(jq -r .failure.class $report)" truncated "salvage.json failure class"

# Recovered entries under files/, in package order: name|verification|sha256.
mapfile -t recovered < <(jq -r '.recovered[] | select(.name | startswith("files/")) |
  [.name, .verification, .sha256] | join("|")' $report)
verified=0 unverified=0 seen_unverified=0
for line in "${recovered[@]}"; do
  IFS='|' read -r name verification digest <<<"$line"
  [[ -n ${source_sha[$name]:-} ]] || fail "salvage recovered an entry that was never collected: $name"
  case $verification in
    verified)
      ((seen_unverified == 0)) || fail "$name is verified after an unverified entry: checkpoints cover a prefix"
      eq "$digest" "${source_sha[$name]}" "salvage.json sha256 of $name"
      eq "$(sha "salvaged/$name")" "${source_sha[$name]}" "sha256 of the recovered $name"
      verified=$((verified + 1))
      ;;
    unverified)
      seen_unverified=1
      unverified=$((unverified + 1))
      ;;
    *) fail "unexpected verification '$verification' of a recovered entry $name" ;;
  esac
  unset "source_sha[$name]"
done
((verified >= 6)) || fail "only $verified entries verified; f001..f006 precede checkpoint 1"
eq "$(printf '%s\n' "${recovered[@]:0:6}" | cut -d'|' -f1 | sed 's|.*/||' | tr '\n' ' ')" \
  "f001 f002 f003 f004 f005 f006 " "the first recovered entries"
ok "$verified entries recovered with verified SHA-256 equal to the sources ($unverified unverified)"

# What was cut: the entry being written when the collector died is listed as lost, and every
# file not recovered comes after the recovered ones (nothing in the middle went missing).
lost=$(jq -r '[.lost[] | select(.name | startswith("files/"))] | length' $report)
((lost + unverified >= 1)) || fail "salvage reports nothing lost or unverified for a killed run"
for name in $(jq -r '.lost[].name' $report); do
  [[ -z ${source_sha[$name]+x} ]] && fail "lost entry $name is not a collected file"
  unset "source_sha[$name]"
done
last=$(printf '%s\n' "${recovered[@]}" | tail -1 | cut -d'|' -f1 | sed 's|.*/||')
for name in "${!source_sha[@]}"; do
  [[ ${name##*/} > $last ]] || fail "$name was neither recovered nor reported lost"
done
ok "salvage lists $lost lost entries; the ${#source_sha[@]} files never reached come after the last one"

echo "sigkill_salvage: $pass_count checks passed"
