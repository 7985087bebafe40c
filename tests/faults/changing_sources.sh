#!/usr/bin/env bash
# Sources that change while the collector reads them. First, deterministically: the run is slowed
# with --cpu-limit and the test acts when /proc/PID/fd shows the collector reading a file:
# a file that grows (status grew, the size at open stored), one that shrinks (shrank, zero
# tail), and, while a first file is read, later files that vanish (vanished), become a FIFO
# (skipped:fifo, never opened), become a directory (skipped:directory) or are replaced
# (the new content stored), once they are beyond the collector's read-ahead window. Then chaos: writers appending, truncating and replacing files in
# loops during a full-speed run; every row must still agree with the bytes stored.
set -euo pipefail
: "${TEST_HELPERS:?run by ctest (tests/CMakeLists.txt sets TEST_HELPERS, COLLECTOR, BIUNZIP)}"
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/faults/fault_lib.bash"

src=$TEST_TMP/src
mkdir -p "$src"
for f in a-gate b-grow c-shrink; do head -c 32M /dev/urandom >"$src/$f"; done
# The collector reads up to 64 small files ahead of the one it stores (docs/ARCHITECTURE.md): 80
# fillers keep the files changed below beyond that window while the 32 MiB gate file is read.
for i in $(seq -w 1 80); do printf 'filler %s\n' "$i" >"$src/d-fill-$i"; done
printf 'vanishes\n' >"$src/e-vanish"
printf 'becomes a fifo\n' >"$src/f-fifo"
printf 'becomes a directory\n' >"$src/g-dir"
printf 'old content\n' >"$src/h-replaced"
grow_head=$(sha "$src/b-grow")
shrink_head=$(head -c 1M "$src/c-shrink" | sha256sum | cut -d' ' -f1)

start_collector run --profile none --no-encrypt --collect "$src/**" --cpu-limit 5 --case-dir cases
pid=$COLLECTOR_PID
wait_until_open "$pid" "$src/a-gate" 30
rm "$src/e-vanish"
rm "$src/f-fifo" && mkfifo "$src/f-fifo"
(exec 3>"$src/f-fifo" && echo opened >"$TEST_TMP/fifo-writer") &
CLEANUP+=("kill $!")
rm "$src/g-dir" && mkdir "$src/g-dir"
printf 'new content\n' >"$src/h-replaced.new" && mv "$src/h-replaced.new" "$src/h-replaced"
kill -0 "$pid" || fail "the collector finished before the changes were made"
# The collector takes the size with fstat right after open: change the file only once it has
# surely done so (reading 32 MiB at 5% of a core takes over a second).
wait_until_open "$pid" "$src/b-grow" 30
sleep 0.05
head -c 1M /dev/urandom >>"$src/b-grow"
wait_until_open "$pid" "$src/c-shrink" 30
sleep 0.05
truncate -s 1M "$src/c-shrink"
wait_exit "$pid" 60
eq "$EXIT" 0 "exit status ($(cat run.err))"
[[ ! -e $TEST_TMP/fifo-writer ]] || fail "the collector opened the FIFO that replaced a file"
ok "slowed run with files changing under it: exit 0, the new FIFO never opened"

unpack "$(only_pkg cases)" x
db=x/case.db
row() { sql $db "select status || '|' || ifnull(size, '') from files where path='$src/$1'"; }
eq "$(row b-grow)" "grew|$((32 << 20))" "b-grow"
eq "$(sha "x/files$src/b-grow")" "$grow_head" "b-grow stored bytes (the size at open)"
eq "$(head -c 32M "$src/b-grow" | sha256sum | cut -d' ' -f1)" "$grow_head" "b-grow source prefix"
ok "a file growing while read: status grew, exactly the bytes present at open"
eq "$(row c-shrink)" "shrank|$((32 << 20))" "c-shrink"
eq "$(head -c 1M "x/files$src/c-shrink" | sha256sum | cut -d' ' -f1)" "$shrink_head" "c-shrink first MiB"
cmp <(tail -c 1M "x/files$src/c-shrink") <(head -c 1M /dev/zero) || fail "c-shrink's missing tail is not zeros"
ok "a file shrinking while read: status shrank, what was read then zeros, size at open"
eq "$(row e-vanish)" "vanished|" "e-vanish"
eq "$(sql $db "select status from files where path='$src/f-fifo'")" "skipped:fifo" "f-fifo"
eq "$(sql $db "select status from files where path='$src/g-dir'")" "skipped:directory" "g-dir"
eq "$(row h-replaced)" "complete|12" "h-replaced"
eq "$(cat "x/files$src/h-replaced")" "new content" "h-replaced content"
eq "$(jq -r .counts.source_errors x/custody.json)" 0 "source errors"
ok "files vanished, turned into a FIFO or a directory, or replaced before their turn: recorded as such"

# --- chaos: writers in loops, collector at full speed ----------------------------------------
chaos=$TEST_TMP/chaos
mkdir -p "$chaos"
for i in 1 2 3 4; do head -c 3M /dev/urandom >"$chaos/steady-$i"; done
(while :; do head -c 64K /dev/urandom >>"$chaos/appended"; done) &
CLEANUP+=("kill $!")
(while :; do head -c 2M /dev/urandom >"$chaos/truncated"; truncate -s 100K "$chaos/truncated"; done) &
CLEANUP+=("kill $!")
(while :; do printf 'v1\n' >"$chaos/swapped.tmp" && mv "$chaos/swapped.tmp" "$chaos/swapped"; rm -f "$chaos/swapped"; done) &
CLEANUP+=("kill $!")
sleep 0.3
statuses=()
for round in 1 2; do
  expect_exit 0 timeout 60 "$COLLECTOR" --profile none --no-encrypt --collect "$chaos/**" --case-dir "c-chaos-$round" -q </dev/null
  pkg=$(only_pkg "c-chaos-$round")
  expect_exit 0 "$BIUNZIP" verify "$pkg"
  unpack "$pkg" "x-chaos-$round"
  while IFS='|' read -r path status size digest; do
    case $status in complete | grew | shrank | truncated) ;;
      *) fail "round $round: $path has status $status" ;; esac
    eq "$(stat -c %s "x-chaos-$round/files$path")" "$size" "round $round: stored size of $path"
    eq "$(sha "x-chaos-$round/files$path")" "$digest" "round $round: case.db sha256 of $path"
    statuses+=("$status")
  done < <(sql "x-chaos-$round/case.db" "select path, status, size, sha256 from files where sha256 is not null")
  for i in 1 2 3 4; do
    eq "$(sql "x-chaos-$round/case.db" "select sha256 from files where path='$chaos/steady-$i'")" \
      "$(sha "$chaos/steady-$i")" "round $round: steady-$i"
  done
done
ok "two runs amid appending, truncating and replacing writers: exit 0, every row agrees with its bytes" \
  "(statuses seen: $(printf '%s\n' "${statuses[@]}" | sort | uniq -c | tr -s ' \n' ' '))"

echo "changing_sources: $pass_count checks passed"
