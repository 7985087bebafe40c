# Helpers of the fault suite (tests/faults/*.sh), sourced after $TEST_HELPERS. Named .bash so
# the suite's *.sh glob does not run it as a test.
: "${COLLECTOR:?set by ctest}" "${BIUNZIP:?set by ctest}"

# Cleanup beyond lib.sh's: every command in CLEANUP runs at exit (mounts, background writers),
# then the test directory goes.
CLEANUP=()
on_exit() {
  local c
  for c in "${CLEANUP[@]}"; do eval "$c" >/dev/null 2>&1 || true; done
  chmod -R u+rwX "$TEST_TMP" 2>/dev/null || true
  rm -rf "$TEST_TMP"
}
trap on_exit EXIT

# collect ARGS...: the collector with no terminal on stdin.
collect() { "$COLLECTOR" "$@" </dev/null; }

# random_tree DIR COUNT MIB: COUNT files of MIB MiB of random (incompressible) bytes, named
# f001..fNNN so they are collected in that order.
random_tree() {
  local dir=$1 count=$2 mib=$3 i
  mkdir -p "$dir"
  for ((i = 1; i <= count; i++)); do
    head -c "${mib}M" /dev/urandom >"$dir/$(printf 'f%03d' "$i")"
  done
}


# sql DB QUERY: one row per line, columns separated by '|'.
sql() { sqlite3 -batch -noheader "$1" "$2"; }

# eq GOT WANT WHAT

# sha FILE: its SHA-256 in hex.
sha() { sha256sum "$1" | cut -d' ' -f1; }

# start_collector OUT_PREFIX ARGS...: runs the collector in the background; PID in $COLLECTOR_PID,
# stdout/stderr in OUT_PREFIX.out/.err.
start_collector() {
  local prefix=$1
  shift
  "$COLLECTOR" "$@" </dev/null >"$prefix.out" 2>"$prefix.err" &
  COLLECTOR_PID=$!
}

# wait_exit PID SECONDS: waits for the background process and sets $EXIT to its status; fails
# when it is still running after SECONDS (then kills it).
wait_exit() {
  local pid=$1 limit=$2 i
  for ((i = 0; i < limit * 20; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    fail "process $pid still running after ${limit}s (hang)"
  fi
  set +e
  { wait "$pid"; } 2>/dev/null  # no "Killed" line from the shell
  EXIT=$?
  set -e
}

# wait_for_package_size DIR BYTES PID SECONDS: waits until the .ppc in DIR has at least BYTES;
# fails when PID exits first or after SECONDS.
wait_for_package_size() {
  local dir=$1 want=$2 pid=$3 limit=$4 i size f
  for ((i = 0; i < limit * 100; i++)); do
    for f in "$dir"/*.ppc; do
      [[ -f $f ]] || continue
      size=$(stat -c %s "$f")
      ((size >= want)) && return 0
    done
    kill -0 "$pid" 2>/dev/null || fail "the collector ended before its package reached $want bytes"
    sleep 0.01
  done
  fail "the package did not reach $want bytes within ${limit}s"
}

# wait_until_open PID PATH SECONDS: waits until PID has PATH open (it is reading it).
wait_until_open() {
  local pid=$1 path=$2 limit=$3 i fd
  for ((i = 0; i < limit * 200; i++)); do
    for fd in /proc/"$pid"/fd/*; do
      [[ $(readlink "$fd" 2>/dev/null) == "$path" ]] && return 0
    done
    kill -0 "$pid" 2>/dev/null || fail "the collector ended before it opened $path"
    sleep 0.005
  done
  fail "the collector did not open $path within ${limit}s"
}
