# Shared helpers for the script tests (sourced). Each test gets its own temporary directory,
# removed on exit, and fails loudly with the line that failed.
set -euo pipefail
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ppc-test.XXXXXX")
trap 'rm -rf "$TEST_TMP"' EXIT
cd "$TEST_TMP"
trap 'echo "FAILED at line $LINENO of ${BASH_SOURCE[0]}: $BASH_COMMAND" >&2' ERR

fail() { echo "FAIL: $*" >&2; exit 1; }
pass_count=0
ok() { pass_count=$((pass_count + 1)); echo "ok - $*"; }

# expect_exit CODE CMD...: runs CMD, captures stdout/stderr in $OUT/$ERR, checks the exit code.
expect_exit() {
  local want=$1; shift
  set +e
  "$@" >"$TEST_TMP/.out" 2>"$TEST_TMP/.err"
  local got=$?
  set -e
  OUT=$(cat "$TEST_TMP/.out"); ERR=$(cat "$TEST_TMP/.err")
  [[ $got == "$want" ]] || fail "expected exit $want, got $got from: $* | stderr: $ERR"
}
contains() { [[ $1 == *"$2"* ]] || fail "expected to find '$2' in: $1"; }
# eq GOT WANT WHAT: fails naming WHAT unless GOT is exactly WANT.
eq() { [[ $1 == "$2" ]] || fail "$3: got '$1', want '$2'"; }

# A passphrase file the collector accepts (>= 12 characters).
make_password_file() { printf 'a test passphrase of length\n' >"$1"; }

# only_pkg DIR: the one .ppc in DIR (fails unless there is exactly one).
only_pkg() {
  local found=("$1"/*.ppc)
  [[ ${#found[@]} == 1 && -f ${found[0]} ]] || fail "expected one package in $1, found: ${found[*]}"
  printf '%s\n' "${found[0]}"
}

# unpack PKG DIR [key options]: verified extraction without the HTML report (fails the test
# when the package does not verify).
unpack() {
  local pkg=$1 dir=$2
  shift 2
  "$BIUNZIP" -q extract "$pkg" -o "$dir" --no-report "$@" >/dev/null ||
    fail "biunzip could not extract $pkg"
}
