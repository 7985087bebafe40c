#!/usr/bin/env bash
# Entries the collector writes itself (live/<artifact>/<table>.jsonl, command output, triage
# results, case.db, custody.json, collection.log) carry the time they were written, not 1970
# (issue #22 item 19): analysts sort and timeline by these times.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

before=$(date +%s)
expect_exit_any() { "$@" >/dev/null 2>err || [[ $? == 3 ]] || fail "exit $?: $(cat err)"; }
expect_exit_any "$COLLECTOR" --profile quick --no-encrypt -q --case-dir cases
after=$(date +%s)
pkg=$(only_pkg cases)
"$BIUNZIP" list --json "$pkg" >list.json
n=$(jq '[.[] | select(.name | test("^(live/|case.db|custody.json|collection.log)"))] | length' list.json)
((n > 10)) || fail "only $n produced entries listed"
bad=$(jq -r --argjson lo $((before - 2)) --argjson hi $((after + 2)) \
  '.[] | select(.name | test("^(live/|case.db|custody.json|collection.log)")) |
   select((.mtime | fromdateiso8601) < $lo or (.mtime | fromdateiso8601) > $hi) | "\(.name) \(.mtime)"' list.json)
[[ -z $bad ]] || fail "entries not stamped with the run's time: $(head -3 <<<"$bad")"
ok "$n entries the collector wrote are stamped with the run's time"
