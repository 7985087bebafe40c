#!/usr/bin/env bash
# A limit stop on a busy machine (issue #22 item 1): with both cores kept busy and --cpu-limit
# pausing the collector, runs stopped by a limit or a signal at varied moments each leave a
# package that `biunzip verify` accepts, exit 3 (limit) or 130 (signal), and print the SHA-256
# that sha256sum and the .sha256 sidecar give.
#
# The broken packages of the issue were whole: the reader rejected a payload whose decoded
# bytes after the last frame boundary ended exactly where its 128 KiB output buffer filled.
# That depends only on how many tar bytes a run writes after its last checkpoint, so a run
# that a limit always stops at the same file is rejected every time. The first part builds
# such a run on purpose (the --note length moves custody.json and case.db); the second part
# stops runs at random moments, as the field did.
set -euo pipefail
: "${TEST_HELPERS:?run by ctest (tests/CMakeLists.txt sets TEST_HELPERS, COLLECTOR, BIUNZIP)}"
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/faults/fault_lib.bash"
trap 'exit 143' TERM INT HUP  # so fault_lib's EXIT trap still stops the load

# --- the load: two busy loops, bounded even if this script is killed outright --------------
for _ in 1 2; do
  timeout 300 yes >/dev/null &
  CLEANUP+=("kill $!")
done

# log_tree DIR COUNT: COUNT compressible log files of 7 MiB (zstd writes compressed blocks,
# which is what the reader mis-counted; random bytes are stored blocks and never showed it).
# At --cpu-limit 20 they take a few seconds, so stops land part way.
log_tree() {
  local dir=$1 count=$2 i
  mkdir -p "$dir"
  seq 1 160000 | sed 's/^/Nov 21 08:00:00 host app[4242]: request /' >"$dir/app001.log"
  for ((i = 2; i <= count; i++)); do cp "$dir/app001.log" "$dir/$(printf 'app%03d.log' "$i")"; done
}
log_tree logs 24
random_tree logs/bin 4 1
busy=(--profile none --no-encrypt --cpu-limit 20 --collect "$TEST_TMP/logs/**")

# check_run DIR ERRFILE OUTFILE WHAT: the package verifies, stdout names it, and the SHA-256
# on stderr is the file's own and the sidecar's.
check_run() {
  local dir=$1 err=$2 out=$3 what=$4 pkg printed
  pkg=$(only_pkg "$dir")
  "$BIUNZIP" verify "$pkg" >"$dir.verify" 2>&1 ||
    fail "$what: the package does not verify: $(tail -2 "$dir.verify")"
  eq "$(cat "$out")" "$pkg" "$what: the package path on stdout"
  printed=$(sed -n 's/^sha256  //p' "$err")
  eq "$printed" "$(sha "$pkg")" "$what: the SHA-256 printed"
  eq "$(cut -d' ' -f1 "$pkg.sha256")" "$printed" "$what: the .sha256 sidecar"
}

# payload_tail PKG: tar bytes after the last checkpoint that closing records follow; the
# writer ends a zstd frame at every checkpoint, so these are the last frame's bytes. GNU tar's
# -R gives the block of an entry's ustar header (after its pax records): the checkpoint ends
# that block, plus its data blocks, later.
payload_tail() {
  "$BIUNZIP" export "$1" -o tail.tar --force >/dev/null 2>tail.err ||
    fail "biunzip export rejects $1: $(cat tail.err)"
  local end
  end=$(tar -tvR -f tail.tar | awk '
    prev && !/Block of NULs/ { end = last }
    { prev = 0 }
    /ppc\/checkpoint\// { sub(":", "", $2); last = ($2 + 1 + int(($5 + 511) / 512)) * 512; prev = 1 }
    END { print end }')
  [[ -n $end ]] || fail "no checkpoint before the closing records of $1"
  echo $(($(stat -c %s tail.tar) - end))
}

# --- a stop whose last frame ends on the decoder's 128 KiB buffer ---------------------------
# --max-package-size stops at the same file every time (the first whose size, uncompressed, no
# longer fits) and checkpoints before it stops, so the last frame holds only the closing
# records; the note makes them a multiple of 128 KiB.
block=$((128 << 10))
len=0
for ((try = 1; try <= 10; try++)); do
  rm -rf c-aligned
  note=$(head -c "$len" /dev/zero | tr '\0' n)
  EXIT=0
  collect "${busy[@]}" --max-package-size 8MiB --note "n$note" --case-dir c-aligned >c-aligned.out \
    2>c-aligned.err || EXIT=$?
  eq "$EXIT" 3 "stopped by --max-package-size (try $try); stderr: $(tail -2 c-aligned.err)"
  tail_bytes=$(payload_tail "$(only_pkg c-aligned)")
  short=$(((block - tail_bytes % block) % block))
  ((short == 0)) && break
  # Each note byte lands in custody.json, case.db and collection.log; tar pads to 512.
  len=$((len + (short + 2) / 3))
done
((short == 0)) || fail "could not bring the last frame to a multiple of 128 KiB (off by $short after $try runs)"
check_run c-aligned c-aligned.err c-aligned.out "aligned stop"
ok "a --max-package-size stop whose last frame is $tail_bytes bytes (a multiple of 128 KiB) verifies ($try runs)"

# --- stops at random moments under load -------------------------------------------------------
kinds=(timeout INT size TERM timeout size INT TERM)
for ((run = 0; run < ${#kinds[@]}; run++)); do
  kind=${kinds[run]} dir=c-$run
  case $kind in
    timeout)
      start_collector "$dir" "${busy[@]}" --timeout $((1 + RANDOM % 2)) --case-dir "$dir"
      what="--timeout" want=3
      ;;
    size)
      limit=$((256 + RANDOM % 4096))KiB
      start_collector "$dir" "${busy[@]}" --max-package-size "$limit" --case-dir "$dir"
      what="--max-package-size $limit" want=3
      ;;
    *)
      start_collector "$dir" "${busy[@]}" --case-dir "$dir"
      delay=0.$((2 + RANDOM % 8))$((RANDOM % 10))
      sleep "$delay"
      what="SIG$kind after ${delay}s" want=130
      kill -"$kind" "$COLLECTOR_PID" 2>/dev/null || true
      ;;
  esac
  wait_exit "$COLLECTOR_PID" 60
  # A run that ended before its signal arrived (a fast machine) exits 0: still checked below.
  [[ $want == 130 && $EXIT == 0 ]] && what="$what (the run had ended)" want=0
  [[ $EXIT == "$want" ]] || fail "$what: exit $EXIT, want $want; stderr: $(tail -3 "$dir.err")"
  check_run "$dir" "$dir.err" "$dir.out" "$what"
  ok "$what: exit $EXIT, $(stat -c %s "$(only_pkg "$dir")") bytes, verifies, SHA-256 printed is the file's"
done

echo "busy_stop: $pass_count checks passed"
