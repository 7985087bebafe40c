#!/usr/bin/env bash
# --artifact adds artifacts to a profile: process_environment, which no built-in profile takes,
# records this test's own marker variable; an unknown name is a usage error.
source "$TEST_HELPERS"
export PPC_TEST_MARKER=env-marker-$$
expect_exit 0 "$COLLECTOR" --profile none --artifact process_environment --no-encrypt --case-dir c --quiet
expect_exit 0 "$BIUNZIP" extract "$OUT" -o out
n=$(sqlite3 out/case.db "select count(*) from process_environment where name = 'PPC_TEST_MARKER' and value = '$PPC_TEST_MARKER'")
[[ $n -ge 1 ]] || fail "the collector's own environment marker is not in process_environment"
ok "--artifact process_environment records process environments ($n marker rows)"
expect_exit 2 "$COLLECTOR" --profile none --artifact no_such_artifact --no-encrypt --case-dir c2
contains "$ERR" "no_such_artifact"
ok "an unknown --artifact is a usage error"
"$COLLECTOR" --profile full --dry-run | grep -q process_environment && fail "full includes process_environment"
ok "full leaves process_environment out"
echo "$pass_count passed, 0 failed"
