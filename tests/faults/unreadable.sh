#!/usr/bin/env bash
# Sources the collector may not read (it runs as nobody here): files without read permission,
# a directory it cannot list, a file behind that directory named explicitly. Exit 3; each is in
# case.db `files` with status unreadable and in collection.log as source_unreadable; the
# readable file is stored byte-exact.
set -euo pipefail
: "${TEST_HELPERS:?run by ctest (tests/CMakeLists.txt sets TEST_HELPERS, COLLECTOR, BIUNZIP)}"
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/faults/fault_lib.bash"

[[ $(id -u) == 0 ]] || fail "needs root to prepare files nobody may not read"
chmod 711 "$TEST_TMP"
tree=$TEST_TMP/tree
mkdir -p "$tree/locked" cases
printf 'readable\n' >"$tree/open.txt"
printf 'root only\n' >"$tree/mode-0600"
printf 'nobody at all\n' >"$tree/mode-0000"
printf 'behind a locked door\n' >"$tree/locked/inner.txt"
chmod 755 "$tree"
chmod 600 "$tree/mode-0600"
chmod 000 "$tree/mode-0000"
chmod 700 "$tree/locked"
chown nobody cases

as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all)
expect_exit 3 timeout 60 "${as_nobody[@]}" "$COLLECTOR" --profile none --no-encrypt --collect "$tree/**" \
  --collect "$tree/locked/inner.txt" --case-dir cases </dev/null
pkg=$(only_pkg cases)
eq "$OUT" "$pkg" "stdout"
contains "$ERR" "4 source errors"
ok "run as nobody: exit 3"

unpack "$pkg" x
db=x/case.db
for path in "$tree/mode-0600" "$tree/mode-0000" "$tree/locked" "$tree/locked/inner.txt"; do
  eq "$(sql $db "select status || '|' || error from files where path='$path'")" "unreadable|Permission denied" \
    "case.db row of $path"
  eq "$(jq -r --arg p "$path" 'select(.event=="source_unreadable" and .path==$p) | .level' x/collection.log)" \
    warning "collection.log source_unreadable event for $path"
  [[ ! -e x/files$path ]] || fail "$path was stored although it is unreadable"
done
eq "$(jq -r .counts.source_errors x/custody.json)" 4 "custody.json source_errors"
eq "$(jq -r .counts.files_failed x/custody.json)" 4 "custody.json files_failed"
ok "each unreadable source: case.db status unreadable, collection.log source_unreadable, not stored"

eq "$(sql $db "select status from files where path='$tree/open.txt'")" complete "open.txt status"
cmp "$tree/open.txt" "x/files$tree/open.txt" || fail "open.txt differs"
ok "the readable file is stored byte-exact"

echo "unreadable: $pass_count checks passed"
