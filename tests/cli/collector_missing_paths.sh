#!/usr/bin/env bash
# Paths the responder names that are not there are reported, never silently empty (issue #22
# item 6): a relative --scan path is refused like a relative --collect path (exit 2); a --scan
# or --collect path that does not exist is a source error (not_found, exit 3), and the summary
# counts it.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

mkdir corpus
echo "hello" >corpus/a.txt
printf 'rule never_matches { strings: $a = "zq8-no-such-string-8qz" condition: $a }\n' >r.yar

expect_exit 2 "$COLLECTOR" --profile none --no-encrypt --case-dir cases --rules r.yar --scan corpus
contains "$ERR" "--scan"
eq "$(wc -l <<<"$ERR")" 1 "lines of the error"
[[ ! -d cases ]] || fail "a refused run left a case directory"
ok "a relative --scan path is refused before anything runs (exit 2)"

expect_exit 3 "$COLLECTOR" --profile none --no-encrypt --case-dir cases --rules r.yar \
  --scan "$TEST_TMP/corpus" --scan /no/such/scan-path --collect /no/such/collect-file
pkg=$(only_pkg cases)
"$BIUNZIP" -q verify "$pkg" >/dev/null || fail "the package does not verify"
unpack "$pkg" x
contains "$ERR" "1 --scan paths not found"
contains "$ERR" "1 failed"
eq "$(jq -r 'select(.event=="source_unreadable") | .path' x/collection.log | sort | paste -sd' ')" \
  "/no/such/collect-file /no/such/scan-path" "source errors"
eq "$(sql x/case.db "select status from files where path='/no/such/collect-file'")" not_found "--collect row"
eq "$(jq -r .counts.source_errors x/custody.json)" 2 "custody source_errors"
eq "$(jq -r .exit_code "${pkg%.ppc}.log")" 3 "the .log's exit code"
ok "missing --scan and --collect paths are source errors (not_found), exit 3, counted in the summary"
