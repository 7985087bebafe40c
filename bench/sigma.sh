#!/usr/bin/env bash
# Sigma over logs: events per second and peak RSS with SigmaHQ's Linux rules (../shared/sigma,
# skipped when absent), on MIB MiB of generated auth.log + syslog + audit.log (bench/gen_logs.py).
#   bench/sigma.sh [MIB]            (default 200)
# Rows, each under /usr/bin/time (wall seconds, peak RSS):
#   collect      collector --root FAKE --profile none --artifact var_log          (baseline)
#   collect+sigma  the same with --sigma ../shared/sigma: Sigma on the stored blocks, streaming
#   triage       biunzip triage DIR --sigma ../shared/sigma on the extracted folder (Sigma alone
#                plus the built-in SQL rules over a small case.db)
# Events are what the engine matched (syslog lines, auditd events, process_creation events).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mib=${1:-200}
rules=$here/../shared/sigma
[[ -d $rules ]] || { echo "sigma bench: skipped ($rules absent)"; exit 0; }
bin=${BUILD_DIR:-$here/build-release}
work=$(mktemp -d "${TMPDIR:-/tmp}/sigma-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/bench/gen_logs.py" "$work/root" "$mib"
bytes=$(du -cb "$work"/root/var/log/auth.log "$work"/root/var/log/syslog "$work"/root/var/log/audit/audit.log | tail -1 | cut -f1)
cat "$work"/root/var/log/auth.log "$work"/root/var/log/syslog "$work"/root/var/log/audit/audit.log >/dev/null  # warm the cache

measure() {  # measure NAME CMD...: prints "NAME wall_s peak_rss_mib"
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err"
  read -r wall rss <"$work/time"
  printf '%-14s %8.2f s %8.1f MiB\n' "$name" "$wall" "$(echo "$rss / 1024" | bc -l)"
  eval "${name//[^a-z]/_}_wall=$wall"
}
common=(--root "$work/root" --profile none --artifact var_log --no-encrypt --log-format json)
echo "logs: $((bytes / 1048576)) MiB, rules: $(find "$rules" -name '*.yml' | wc -l) SigmaHQ files"
measure collect "$bin/collector/collector" "${common[@]}" --case-dir "$work/c1"
measure collect+sigma "$bin/collector/collector" "${common[@]}" --sigma "$rules" --case-dir "$work/c2"
events=$(grep -o '"events":[0-9]*' "$work/collect+sigma.err" | head -1 | cut -d: -f2)
matches=$(grep -o '"matches":[0-9]*' "$work/collect+sigma.err" | tail -1 | cut -d: -f2)
sigma_s=$(grep -o '"seconds":[0-9.e+-]*' "$work/collect+sigma.err" | head -1 | cut -d: -f2)
pkg=$(ls "$work"/c2/*.ppc)
"$bin/biunzip/biunzip" -q extract "$pkg" -o "$work/x" --no-report
measure triage "$bin/biunzip/biunzip" triage "$work/x" --sigma "$rules"
echo "events: $events, matches: $matches"
echo "collector: Sigma time on the main thread ${sigma_s}s -> $(echo "$events / $sigma_s" | bc) events/s;" \
  "run time ratio collect+sigma / collect: $(echo "scale=2; $collect_sigma_wall / $collect_wall" | bc)"
echo "biunzip triage: $(echo "$events / $triage_wall" | bc) events/s, $(echo "scale=1; $bytes / 1048576 / $triage_wall" | bc) MiB/s"
