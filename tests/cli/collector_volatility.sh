#!/usr/bin/env bash
# Artifacts run in order of volatility (RFC 3227, issue #22 item 2): what exists only in memory
# now (processes, sockets, logins, loaded modules) first, then configuration, then logs, then
# bulk file sets; so a limit or Ctrl-C loses the least volatile evidence. The class of each
# artifact is declared in its definition (rules/artifacts/*.yaml, `volatility:`).
source "$TEST_HELPERS"

# name -> rank, from the definitions (default: config).
declare -A rank
while read -r name cls; do
  case $cls in memory) rank[$name]=0 ;; logs) rank[$name]=2 ;; bulk) rank[$name]=3 ;; *) rank[$name]=1 ;; esac
done < <(awk '/^- name:/{if (n) print n, c; n=$3; c="config"} /^  volatility:/{c=$2} END{print n, c}' \
  "$PPC_SOURCE_DIR"/rules/artifacts/*.yaml)

check_order() {  # $1: label; stdin: artifact names in run order
  local prev=0 first="" name r count=0
  while read -r name; do
    [[ -n ${rank[$name]+x} ]] || fail "$1: unknown artifact $name"
    r=${rank[$name]}
    ((r >= prev)) || fail "$1: $name (class $r) runs after a class-$prev artifact"
    prev=$r
    [[ -n $first ]] || first=$name
    count=$((count + 1))
  done
  eq "${rank[$first]}" 0 "$1: the first artifact ($first) is memory-resident state"
  ((count > 10)) || fail "$1: only $count artifacts"
}

for profile in full compromise-assessment; do
  "$COLLECTOR" --dry-run --profile "$profile" | awk '/^  /{print $1}' | grep -v -- '^--collect$' |
    check_order "--dry-run --profile $profile"
done
ok "--dry-run lists the full and compromise-assessment profiles most volatile first"

expect_exit_in() { local rc=0; "$@" >/dev/null 2>err || rc=$?; [[ $rc == 0 || $rc == 3 ]] || fail "exit $rc: $(cat err)"; }
expect_exit_in "$COLLECTOR" --profile full --no-encrypt -q --case-dir cases
pkg=$(only_pkg cases)
unpack "$pkg" x
jq -r 'select(.event=="artifact_done" or .event=="artifact_skipped") | .artifact' x/collection.log |
  check_order "collection.log of a full run"
eq "$(jq -r '.profile.artifacts | join(" ")' x/custody.json)" \
  "$(jq -r 'select(.event=="artifact_done" or .event=="artifact_skipped") | .artifact' x/collection.log | paste -sd' ')" \
  "custody.json lists the artifacts in the order they ran"
ok "a full run collects processes, sockets and logins before configuration, logs and bulk files"
