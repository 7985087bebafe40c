#!/usr/bin/env bash
# biunzip timeline on a real collection (--root on a fake tree: bodyfile, accounts, systemd
# units) plus rows added with sqlite3 (logins with microseconds, processes, YARA/Sigma/SQL
# findings, a table no code knows): every format is sorted, per-source counts equal what
# sqlite3 counts in case.db, Debian's mactime reads the bodyfile, Timesketch's fields are on
# every line, --since/--until cut the stream, bad input is one line and exit 2.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"
command -v mactime >/dev/null || { echo "SKIP: mactime (Debian's sleuthkit) not installed"; exit 0; }

make_fake_root root
touch -d '2023-01-02 03:04:05 UTC' root/etc/passwd
collect --root root --profile none --artifact bodyfile --artifact users --artifact shadow_meta \
  --artifact persistence_systemd --no-encrypt -q --case-dir cases >/dev/null 2>&1 || [[ $? == 3 ]] ||
  fail "collection failed"
pkg=$(only_pkg cases)
unpack "$pkg" dir
db=dir/case.db
(($(sql $db "SELECT count(*) FROM bodyfile") > 10)) || fail "bodyfile too small"
sqlite3 $db <<'SQL'
CREATE TABLE IF NOT EXISTS logins (source TEXT, type TEXT, pid INTEGER, line TEXT, terminal_id TEXT,
  user TEXT, host TEXT, addr TEXT, time INTEGER, time_usec INTEGER, session INTEGER, exit_status INTEGER);
INSERT INTO logins (source, type, user, line, host, time, time_usec) VALUES
  ('/var/log/wtmp', 'USER_PROCESS', 'alice', 'pts/0', '203.0.113.9', 1714564800, 250000),
  ('/var/log/btmp', 'LOGIN_PROCESS', 'root', 'ssh:notty', '198.51.100.7', 1714564801, 0),
  ('/var/log/wtmp', 'BOOT_TIME', 'reboot', '~', NULL, 0, 0);
CREATE TABLE IF NOT EXISTS processes (pid INTEGER, name TEXT, cmdline TEXT, start_time INTEGER);
INSERT INTO processes VALUES (4242, 'implant', '/usr/bin/implant -d', 1714564900);
CREATE TABLE findings (engine TEXT, rule_id TEXT, rule_title TEXT, severity TEXT,
  attack_techniques TEXT, attack_tactics TEXT, object_type TEXT, object TEXT, evidence TEXT,
  time TEXT, source_table TEXT, source_rowid INTEGER);
INSERT INTO findings VALUES
  ('sigma', 'r1', 'Cron job added', 'high', 'T1053.003', 'persistence', 'file', '/etc/crontab', '{}',
   '2024-05-01T12:00:00.123456Z', 'cron_jobs', 1),
  ('yara', 'r2', 'Implant', 'critical', '', '', 'process', '4242', '{}', '', 'processes', 1);
CREATE TABLE journal_events (message TEXT, unit TEXT, realtime_time INTEGER);
INSERT INTO journal_events VALUES ('Accepted publickey for alice', 'ssh.service', 1714564802);
SQL
# Every event's time column and what it counts in case.db (zero, NULL and empty are unknown).
declare -A want
want[bodyfile]=$(sql $db "SELECT (SELECT count(*) FROM bodyfile WHERE atime != 0) + (SELECT count(*) FROM bodyfile WHERE mtime != 0) +
  (SELECT count(*) FROM bodyfile WHERE ctime != 0) + (SELECT count(*) FROM bodyfile WHERE crtime != 0)")
want[files]=$(sql $db "SELECT (SELECT count(*) FROM files WHERE atime != 0) + (SELECT count(*) FROM files WHERE mtime != 0) +
  (SELECT count(*) FROM files WHERE ctime != 0) + (SELECT count(*) FROM files WHERE btime != 0)")
want[logins]=2 want[processes]=1 want[findings]=1 want[journal_events]=1
want[custody]=$(sql $db "SELECT count(*) FROM custody")
want[shadow_meta]=$(sql $db "SELECT count(*) FROM shadow_meta WHERE last_change > 0")
want[systemd_units]=$(sql $db "SELECT count(*) FROM systemd_units WHERE mtime != 0")
want[custody_log]=$(wc -l <dir/custody.log)
((${want[custody]} >= 2 && ${want[shadow_meta]} == 3 && ${want[systemd_units]} >= 1)) ||
  fail "collection lacks rows: custody ${want[custody]} shadow ${want[shadow_meta]} units ${want[systemd_units]}"

expect_exit 0 "$BIUNZIP" timeline dir --format timesketch -o ts.jsonl
contains "$ERR" "events"
jq -e -s 'all(.[]; (.message | type) == "string" and (.datetime | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}\\+00:00$"))
          and (.timestamp | type) == "number" and (.timestamp_desc | length) > 0)' ts.jsonl >/dev/null ||
  fail "a Timesketch line lacks message/datetime/timestamp/timestamp_desc"
jq -r .timestamp ts.jsonl >stamps
sort -n -c stamps || fail "timesketch output not sorted by timestamp"
for src in "${!want[@]}"; do
  got=$(jq -r --arg s "$src" 'select(.source_table == $s) | .source_table' ts.jsonl | wc -l)
  eq "$got" "${want[$src]}" "events of $src"
done
eq "$(jq -r 'select(.source_table == "custody" or .source_table == "custody_log" or .source_table == "files" or .source_table == "bodyfile" or .source_table == "users" or .source_table == "systemd_units" or .source_table == "shadow_meta" or .source_table == "logins" or .source_table == "processes" or .source_table == "findings" or .source_table == "journal_events") | 1' ts.jsonl | wc -l)" \
  "$(wc -l <ts.jsonl)" "sources beyond the expected ones"
ok "timesketch: required fields on $(wc -l <ts.jsonl) lines, sorted, per-source counts equal case.db's"

# Microseconds, ISO text and days since 1970 become the right instants; rows' fields come along.
eq "$(jq -r 'select(.source_table == "logins" and .user == "alice") | "\(.timestamp) \(.datetime)"' ts.jsonl)" \
  "1714564800250000 2024-05-01T12:00:00.250000+00:00" "login with microseconds"
eq "$(jq -r 'select(.source_table == "findings") | "\(.timestamp) \(.message)"' ts.jsonl)" \
  "1714564800123456 [high] sigma Cron job added: /etc/crontab" "finding"
eq "$(jq -r 'select(.source_table == "shadow_meta" and .name == "alice") | .datetime' ts.jsonl)" \
  "$(date -u -d @$((19001 * 86400)) +%Y-%m-%dT%H:%M:%S.000000+00:00)" "shadow last_change in days"
eq "$(jq -r 'select(.source_table == "journal_events") | "\(.timestamp_desc)|\(.journal_events_message)|\(.unit)"' ts.jsonl)" \
  "Realtime Time|Accepted publickey for alice|ssh.service" "an unknown table's *_time column"
eq "$(jq -r 'select(.source_table == "bodyfile" and .name == "/etc/passwd" and .time_column == "mtime") |
  .timestamp' ts.jsonl)" 1672628645000000 "passwd's mtime"
ok "microseconds, ISO 8601 text, days and new tables' time columns read right"

# The package itself gives the same stream, minus the folder's custody.log.
expect_exit 0 "$BIUNZIP" timeline "$pkg" -f jsonl -o pkg.jsonl
eq "$(jq -r .source pkg.jsonl | sort | uniq -c | grep -c custody_log || true)" 0 "custody.log from a package"
eq "$(jq -r 'select(.source == "bodyfile") | .time_us' pkg.jsonl | wc -l)" "${want[bodyfile]}" "package's bodyfile events"
jq -r .time_us pkg.jsonl | sort -n -c || fail "jsonl not sorted"
ok "a package (read in place) gives the sorted stream"

# bodyfile: one line per file row with its four times, one line per other event; mactime reads it.
expect_exit 0 "$BIUNZIP" timeline dir --format bodyfile -o body.txt
files=$(sql $db "SELECT count(*) FROM bodyfile WHERE atime != 0 OR mtime != 0 OR ctime != 0 OR crtime != 0")
eq "$(grep -c '^0|/' body.txt)" \
  "$((files + $(sql $db "SELECT count(*) FROM files WHERE atime != 0 OR mtime != 0 OR ctime != 0 OR btime != 0")))" "file rows"
awk -F'|' 'NF != 11 { exit 1 }' body.txt || fail "a bodyfile line without 11 fields"
mactime -b body.txt -z UTC -d >mactime.csv 2>mactime.err || fail "mactime -b failed: $(cat mactime.err)"
[[ ! -s mactime.err ]] || fail "mactime complained: $(head -3 mactime.err)"
grep -q 'Mon Jan 02 2023 03:04:05,.*m.*/etc/passwd' mactime.csv || fail "mactime lacks passwd's mtime"
grep -q 'Wed May 01 2024 12:00:00,0,macb,.*\[logins\] Login Record Time: USER_PROCESS alice' mactime.csv ||
  fail "mactime lacks the login"
ok "mactime -b reads the bodyfile ($(wc -l <mactime.csv) lines)"

# csv: RFC 4180 with the Timesketch columns; sqlite3 reads it back with the same count.
expect_exit 0 "$BIUNZIP" timeline dir --format csv -o tl.csv
eq "$(head -1 tl.csv | tr -d '\r')" \
  "datetime,timestamp,timestamp_desc,message,data_type,source_table,source_rowid,time_column,fields" "csv header"
sqlite3 :memory: ".mode csv" ".import tl.csv t" "SELECT count(*) FROM t" >n
eq "$(cat n)" "$(wc -l <ts.jsonl)" "csv records"
sqlite3 :memory: ".mode csv" ".import tl.csv t" "SELECT timestamp FROM t" | sort -n -c ||
  fail "csv not sorted"
ok "csv parses back with every event"

# --since/--until: [since, until).
expect_exit 0 "$BIUNZIP" timeline dir -o win.jsonl --since 2024-05-01T12:00:00.250000Z --until '2024-05-01 14:00:02.5+02:00'
eq "$(jq -r '"\(.source_table):\(.timestamp)"' win.jsonl | tr '\n' ' ')" \
  "logins:1714564800250000 logins:1714564801000000 journal_events:1714564802000000 " "window"
ok "--since and --until cut the stream"

# Bad input: one line, exit 2 (usage) or 14 (I/O), no output file left behind.
expect_exit 2 "$BIUNZIP" timeline dir --since yesterday -o bad.out
contains "$ERR" "--since"
[[ ! -e bad.out ]] || fail "output left after a usage error"
expect_exit 2 "$BIUNZIP" timeline dir --format xml
mkdir empty
expect_exit 2 "$BIUNZIP" timeline empty
contains "$ERR" "no case.db"
mkdir notdb && echo "not sqlite" >notdb/case.db
expect_exit 14 "$BIUNZIP" timeline notdb -o x.out
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "more than one line: $ERR"
[[ ! -e x.out ]] || fail "partial output left"
expect_exit 14 "$BIUNZIP" timeline dir -o ts.jsonl
contains "$ERR" "exists"
ok "bad dates, formats, folders and databases are one line and a documented exit code"
echo "biunzip_timeline: $pass_count ok"
