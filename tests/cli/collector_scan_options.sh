#!/usr/bin/env bash
# The YARA scope options, one at a time on the same small tree: --scan-exclude, --scan-max-size,
# --scan-max-depth, --scan-modified-since, --scan-memory and --threads. (tests/cli/triage_cli.sh
# checks --rules, --scan and --collect-matches against yara itself; --collect-matches with two
# matches is in collector_known_bugs.sh.)
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

marker() { printf 'PPC-SCAN-%s-42' MARKER; }  # never spelled out whole in this script
printf 'rule scan_marker { strings: $a = "%s" condition: $a }\n' "$(marker)" >marker.yar
tree=$TEST_TMP/tree
mkdir -p "$tree"/d1/d2 "$tree"/skipme
printf 'top %s\n' "$(marker)" >"$tree/top.txt"
printf 'level2 %s\n' "$(marker)" >"$tree/d1/mid.txt"
printf 'level3 %s\n' "$(marker)" >"$tree/d1/d2/deep.txt"
printf 'excluded %s\n' "$(marker)" >"$tree/skipme/x.txt"
{ printf '%s' "$(marker)"; head -c 3000 /dev/zero; } >"$tree/large.bin"
printf 'no marker here\n' >"$tree/clean.txt"

matches() {  # matches ARGS...: the scanned file paths (relative to the tree) that matched
  local d
  d=$(mktemp -d "$TEST_TMP/run.XXXXXX")
  expect_exit 0 collect --profile none --no-encrypt --rules marker.yar --case-dir "$d/cases" -q "$@"
  unpack "$(only_pkg "$d/cases")" "$d/x"
  sql "$d/x/case.db" "select path from triage_matches where target_type='file' order by path" |
    sed "s|^$tree/||" | tr '\n' ' '
}

eq "$(matches --scan "$tree")" "d1/d2/deep.txt d1/mid.txt large.bin skipme/x.txt top.txt " "--scan"
eq "$(matches --scan "$tree" --scan-exclude skipme)" "d1/d2/deep.txt d1/mid.txt large.bin top.txt " \
  "--scan-exclude NAME"
eq "$(matches --scan "$tree" --scan-exclude '*.bin' --scan-exclude "$tree/d1/**")" "skipme/x.txt top.txt " \
  "--scan-exclude GLOB and /PATH/**"
eq "$(matches --scan "$tree" --scan-max-size 1K)" "d1/d2/deep.txt d1/mid.txt skipme/x.txt top.txt " \
  "--scan-max-size 1K"
eq "$(matches --scan "$tree" --scan-max-depth 1)" "large.bin top.txt " "--scan-max-depth 1"
eq "$(matches --scan "$tree" --scan-max-depth 2)" "d1/mid.txt large.bin skipme/x.txt top.txt " \
  "--scan-max-depth 2"
eq "$(matches --scan "$tree" --scan-modified-since 2999-01-01)" "" "--scan-modified-since (future)"
eq "$(matches --scan "$tree" --scan-modified-since 1d)" "d1/d2/deep.txt d1/mid.txt large.bin skipme/x.txt top.txt " \
  "--scan-modified-since 1d"
eq "$(matches --scan "$tree" --threads 1)" "d1/d2/deep.txt d1/mid.txt large.bin skipme/x.txt top.txt " \
  "--threads 1"
ok "--scan-exclude, --scan-max-size, --scan-max-depth, --scan-modified-since and --threads narrow the scan"

# --- --scan-memory PID: a process holding the marker in its memory -------------------------------------
# The shell keeps the string in its heap and waits in a builtin (no child process to outlive
# it): read with a timeout on a FIFO opened read-write, which never delivers anything.
mkfifo hold.fifo
bash -c "m=\$(printf 'PPC-SCAN-%s-42' MARKER); read -r -t 30 -u 3 3<>hold.fifo; true" </dev/null >/dev/null 2>&1 &
holder=$!
trap 'kill $holder 2>/dev/null || true; rm -rf "$TEST_TMP"' EXIT
sleep 0.3
expect_exit 0 collect --profile none --no-encrypt --rules marker.yar --case-dir c-mem -q --scan-memory $holder
unpack "$(only_pkg c-mem)" x-mem
eq "$(sql x-mem/case.db "select rule, target_type, pid from triage_matches")" "scan_marker|process|$holder" \
  "memory match"
eq "$(jq -r 'select(.event=="triage_finished") | .processes_scanned' x-mem/collection.log)" 1 "processes scanned"
ok "--scan-memory PID finds the marker in that process's memory"

echo "collector_scan_options: $pass_count checks passed"
