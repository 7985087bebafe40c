#!/usr/bin/env bash
# --collect on a generated tree (byte-exact round trip, awkward names, special files), exit 3
# for unreadable sources, the run limits (--max-package-size, --min-free-space, --timeout), an
# interrupted run (exit 130, the package still verifies), --io-nice and --cpu-limit. Runs are
# paused with SIGSTOP where a test needs time to pass mid-run (the monotonic clock keeps going).
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

# --- '**' stores exactly the tree, byte for byte -----------------------------------------------------
src=$TEST_TMP/src
mkdir -p "$src"/sub/deeper "$src"/.dot
printf 'one\n' >"$src/one.txt"
printf 'two\0binary\377' >"$src/sub/two.bin"
head -c 200000 /dev/urandom >"$src/sub/deeper/random.bin"
: >"$src/empty"
printf 'latin-1 name\n' >"$src/sub/$(printf 'caf\xe9 \xff\xfe')"
printf 'newline name\n' >"$src/sub/with
newline"
printf 'spaces and * glob chars\n' >"$src/sub/a [b] *c?.txt"
printf 'hidden\n' >"$src/.dot/.hidden"
ln -s one.txt "$src/link-to-one"
mkfifo "$src/sub/a.fifo"
chmod 4755 "$src/sub/two.bin"
touch -d '2001-02-03 04:05:06' "$src/one.txt"

expect_exit 0 timeout 60 "$COLLECTOR" --profile none --no-encrypt --collect "$src/**" --case-dir c-tree -q
pkg=$(only_pkg c-tree)
unpack "$pkg" x-tree
got=$TEST_TMP/x-tree/files$src
# Regular files, names and contents: identical (the FIFO is recorded, not stored).
diff <(cd "$src" && find . -type f | LC_ALL=C sort) <(cd "$got" && find . -type f | LC_ALL=C sort) ||
  fail "the stored files differ from the tree"
diff -r --no-dereference -x a.fifo "$src" "$got" || fail "diff -r found a difference"
eq "$(readlink "$got/link-to-one")" one.txt "symlink target"
eq "$(stat -c %Y "$got/one.txt")" "$(stat -c %Y "$src/one.txt")" "mtime of one.txt"
# The listing names every stored file and the symlink once.
listed=$("$BIUNZIP" list --json "$pkg" | jq '[.[] | select(.name | startswith("files/"))] | length')
eq "$listed" 9 "entries under files/ (8 files and the symlink)"
db=x-tree/case.db
eq "$(sql $db "select count(*) from files where status='complete' and artifact='adhoc'")" 8 "complete rows"
eq "$(sql $db "select status from files where path='$src/sub/a.fifo'")" "skipped:fifo" "FIFO row"
eq "$(sql $db "select status from files where path='$src/link-to-one'")" "symlink" "symlink row"
eq "$(sql $db "select sha256 from files where path='$src/sub/deeper/random.bin'")" \
  "$(sha256sum "$src/sub/deeper/random.bin" | cut -d' ' -f1)" "sha256 in case.db"
hex=$(printf '%s/sub/caf\xe9 \xff\xfe' "$src" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
eq "$(sql $db "select count(*) from files where hex(path)='$hex'")" 1 \
  "rows whose path is the non-UTF-8 name, byte-exact"
ok "--collect '**': every file byte-exact, non-UTF-8 and newline names, symlink kept, FIFO recorded"

# A single file, a glob on one level, and a path given twice: stored once.
expect_exit 0 collect --profile none --no-encrypt --collect "$src/one.txt" --collect "$src/sub/*.bin" \
  --collect "$src/one.txt" --case-dir c-some -q
unpack "$(only_pkg c-some)" x-some
eq "$(cd x-some/files && find . -type f | LC_ALL=C sort | tr '\n' ' ')" \
  "./${src#/}/one.txt ./${src#/}/sub/two.bin " "files of --collect FILE --collect 'DIR/*.bin'"
ok "--collect FILE and a one-level glob store just those files, once"

# --- exit 3: a source the collector cannot read ----------------------------------------------------------
# Root runs the collector as nobody (setpriv), on a case directory nobody may write.
if [[ $(id -u) == 0 ]]; then
  chmod 755 "$TEST_TMP"
  mkdir -p locked nobody-cases
  printf 'readable\n' >locked/open.txt
  printf 'secret\n' >locked/closed.txt
  chmod 000 locked/closed.txt
  chown 65534:65534 nobody-cases
  expect_exit 3 setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/locked/*" --case-dir nobody-cases </dev/null
  contains "$ERR" "source_unreadable"
  contains "$ERR" "closed.txt"
  pkg=$(only_pkg nobody-cases)
  unpack "$pkg" x-nobody
  eq "$(sql x-nobody/case.db "select status from files where path='$TEST_TMP/locked/closed.txt'")" unreadable \
    "row of the unreadable file"
  eq "$(jq -r .counts.source_errors x-nobody/custody.json)" 1 "source_errors"
  cmp locked/open.txt "x-nobody/files$TEST_TMP/locked/open.txt" || fail "the readable file was not stored"
  ok "an unreadable source: exit 3, recorded as unreadable, the rest stored"
else
  echo "skipped: the unreadable-source check needs root (to run the collector as nobody)"
fi

# --- limits: the run stops early, finalizes, and says why (exit 3) ---------------------------------------
mkdir many
for i in $(seq -w 1 300); do printf 'file %s\n' "$i" >"many/f$i"; done
expect_exit 3 collect --profile none --no-encrypt --collect "$TEST_TMP/many/*" --case-dir c-pkgsize -q \
  --max-package-size 1
unpack "$(only_pkg c-pkgsize)" x-pkgsize
contains "$(jq -r .stopped_early x-pkgsize/custody.json)" "--max-package-size"
stored=$(jq -r .counts.files_stored x-pkgsize/custody.json)
[[ $stored -lt 300 ]] || fail "--max-package-size 1 still stored all $stored files"
ok "--max-package-size: exit 3, stopped_early recorded, $stored of 300 files stored"

expect_exit 3 collect --profile none --no-encrypt --collect "$TEST_TMP/many/*" --case-dir c-free -q \
  --min-free-space 1000T
unpack "$(only_pkg c-free)" x-free
contains "$(jq -r .stopped_early x-free/custody.json)" "--min-free-space"
eq "$(jq -r .counts.files_stored x-free/custody.json)" 0 "files stored below --min-free-space"
ok "--min-free-space above the free space: exit 3, nothing collected, the package is still whole"

# Enough files that the run is still going when it is stopped.
mkdir slow
for i in $(seq -w 1 3000); do printf '%s\n' "$i" >"slow/f$i"; done

# --timeout: the clock runs while the process is stopped, so the deadline passes mid-run.
"$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/slow/*" --case-dir c-timeout \
  --log-format json --timeout 1 </dev/null >/dev/null 2>timeout.log &
pid=$!
stop_when_started timeout.log $pid
sleep 1.2
kill -CONT $pid
rc=0
wait $pid || rc=$?
eq "$rc" 3 "exit code after --timeout"
pkg=$(only_pkg c-timeout)
"$BIUNZIP" -q verify "$pkg" >/dev/null || fail "the package of a timed-out run does not verify"
unpack "$pkg" x-timeout
contains "$(jq -r .stopped_early x-timeout/custody.json)" "--timeout"
stored=$(jq -r .counts.files_stored x-timeout/custody.json)
[[ $stored -lt 3000 ]] || fail "--timeout 1 still stored all 3000 files"
ok "--timeout: exit 3 after $stored of 3000 files, stopped_early names --timeout, the package verifies"

# SIGTERM mid-run: exit 130, finalized, verifies, custody says interrupted.
"$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/slow/*" --case-dir c-term \
  --log-format json </dev/null >/dev/null 2>term.log &
pid=$!
stop_when_started term.log $pid
kill -TERM $pid
kill -CONT $pid
rc=0
wait $pid || rc=$?
eq "$rc" 130 "exit code after SIGTERM"
pkg=$(only_pkg c-term)
"$BIUNZIP" -q verify "$pkg" >/dev/null || fail "an interrupted run's package does not verify"
(cd c-term && sha256sum -c --strict --quiet ./*.sha256) || fail "sidecar of an interrupted run"
unpack "$pkg" x-term
eq "$(jq -r .interrupted x-term/custody.json)" true "custody interrupted"
[[ $(jq -r .counts.files_stored x-term/custody.json) -lt 3000 ]] || fail "SIGTERM did not stop the run"
ok "SIGTERM: exit 130, the package is finalized, verifies and records the interruption"

# --io-nice idle: the process runs in the idle I/O class.
"$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/slow/*" --case-dir c-ionice \
  --log-format json --io-nice idle </dev/null >/dev/null 2>ionice.log &
pid=$!
stop_when_started ionice.log $pid
class=$(ionice -p $pid)
kill -CONT $pid
rc=0
wait $pid || rc=$?
eq "$rc" 0 "exit code with --io-nice idle"
eq "$class" idle "ionice -p of the running collector"
[[ $(ionice -p $$) != idle ]] || fail "the test shell itself is in the idle class: the check proves nothing"
unpack "$(only_pkg c-ionice)" x-ionice
eq "$(jq -r .limits.io_nice x-ionice/custody.json)" idle "custody io_nice"
ok "--io-nice idle puts the collector in the idle I/O class (ionice -p) and records it"

# --cpu-limit: CPU time stays near the share of wall time (generous bound: twice the limit).
TIMEFORMAT='%3U %3S %3R'
{ time "$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/slow/*" --case-dir c-cpu -q \
  --cpu-limit 20 </dev/null >/dev/null 2>&1; } 2>cpu.times
read -r user sys real <cpu.times
share=$(awk -v u="$user" -v s="$sys" -v r="$real" 'BEGIN { printf "%d", (u + s) * 100 / r }')
((share <= 40)) || fail "--cpu-limit 20 used $share% of wall time ($user user + $sys sys in $real s)"
unpack "$(only_pkg c-cpu)" x-cpu
eq "$(jq -r .limits.cpu_limit_percent x-cpu/custody.json)" 20 "custody cpu_limit_percent"
eq "$(jq -r .counts.files_stored x-cpu/custody.json)" 3000 "files stored under --cpu-limit"
ok "--cpu-limit 20: $share% CPU over the run, every file stored"

echo "collector_collect: $pass_count checks passed"
