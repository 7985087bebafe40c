#!/usr/bin/env bash
# What report.html says about real data: a case.db made with sqlite3 (symlinks are not errors,
# processes sort by PID as numbers, start times are UTC ISO 8601), and a salvaged package whose
# case.db was lost lists the files salvage recovered, with byte counts of what was recovered.
source "${TEST_HELPERS:?set by ctest}"
: "${BIUNZIP:?set by ctest}" "${PPC_SOURCE_DIR:?set by ctest}"

# card LABEL FILE: the number on the report's summary card LABEL.
card() { grep -o "<div class=\"l\">$1</div><div class=\"n\">[^<]*" "$2" | sed 's/.*"n">//'; }

mkdir dir
sqlite3 dir/case.db <<'SQL'
CREATE TABLE ppc_schema (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO ppc_schema VALUES ('schema_version', '1');
CREATE TABLE files (path TEXT, size INTEGER, sha256 TEXT, status TEXT, error TEXT, artifact TEXT);
INSERT INTO files VALUES ('/etc/passwd', 10, 'aa', 'complete', NULL, 'users');
INSERT INTO files VALUES ('/etc/localtime', 0, NULL, 'symlink', NULL, 'system_info');
INSERT INTO files VALUES ('/bin/sh', 0, NULL, 'symlink', NULL, 'setid_files');
INSERT INTO files VALUES ('/etc/shadow', 0, NULL, 'unreadable', 'Permission denied', 'shadow_meta');
CREATE TABLE processes (pid INTEGER, ppid INTEGER, name TEXT, start_time INTEGER);
INSERT INTO processes VALUES (100, 1, 'hundred', 1714564800);
INSERT INTO processes VALUES (9, 1, 'nine', 1714564800);
INSERT INTO processes VALUES (10, 1, 'ten', 1714564800);
SQL
printf '{}\n' >dir/custody.json
expect_exit 0 "$BIUNZIP" report dir
eq "$(card Errors dir/report.html)" 1 "Errors card (symlinks are not errors)"
order=$(grep -o '>hundred<\|>nine<\|>ten<' dir/report.html | tr -d '<>' | tr '\n' ' ')
eq "$order" "nine ten hundred " "process order"
grep -q '2024-05-01T12:00:00Z' dir/report.html || fail "start time not shown as UTC ISO 8601"
ok "errors card, PID order, start times"

# --- a salvaged package without case.db --------------------------------------------------------
vectors="$PPC_SOURCE_DIR/tests/vectors"
expect_exit 12 "$BIUNZIP" salvage "$vectors/truncated-mid-chunk.ppc" \
  --password-file "$vectors/pass.txt" -o salvaged
[[ ! -e salvaged/case.db ]] || fail "the vector should have lost case.db"
recovered=$(jq '[.recovered[] | select(.type == "file")] | length' salvaged/salvage.json)
(( recovered > 0 )) || fail "nothing recovered"
eq "$(card 'Files stored' salvaged/report.html)" "$recovered" "Files card of a salvaged folder"
grep -q 'No file was collected' salvaged/report.html && fail "report says no file was collected"
grep -q 'files/etc/passwd' salvaged/report.html || fail "recovered files not listed"
# The bytes counted are those of the recovered files, not of the file cut short.
[[ $(jq '.lost | length' salvaged/salvage.json) == 1 ]] || fail "the vector should cut one file"
want=$(jq '[.recovered[] | select(.type == "file") | .size] | add' salvaged/salvage.json)
eq "$(jq -r .bytes salvaged/custody.log)" "$want" "bytes recovered (custody.log)"
contains "$OUT" " files ($want B)"
# The report's salvage section and header say what was recovered and what was lost.
lost=$(jq -r '.lost[0].name // .lost[0].name_hex' salvaged/salvage.json)
salvage=$(grep -o '<section id="salvage">.*</section>' salvaged/report.html)
contains "$salvage" "$recovered files recovered"
contains "$salvage" "1 entries lost"
contains "$salvage" "$lost"
grep -q "salvaged: $recovered files recovered, 1 lost" salvaged/report.html ||
  fail "the header does not say the package was salvaged"
ok "a salvaged folder's report lists the recovered files; lost bytes are not counted"

echo "biunzip_report_data: $pass_count ok"
