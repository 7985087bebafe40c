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
collector=${COLLECTOR:-$bin/collector/collector}
biunzip=${BIUNZIP:-$bin/biunzip/biunzip}
work=$(mktemp -d "${TMPDIR:-/tmp}/sigma-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/bench/gen_logs.py" "$work/root" "$mib"
bytes=$(du -cb "$work"/root/var/log/auth.log "$work"/root/var/log/syslog "$work"/root/var/log/audit/audit.log | tail -1 | cut -f1)
cat "$work"/root/var/log/auth.log "$work"/root/var/log/syslog "$work"/root/var/log/audit/audit.log >/dev/null  # warm the cache

measure() {  # measure NAME CMD...: prints "NAME wall_s cpu_s peak_rss_mib"
  local name=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err"
  read -r wall user sys rss <"$work/time"
  cpu=$(echo "$user + $sys" | bc)
  printf '%-14s wall %8.2f s  cpu %8.2f s  peak RSS %8.1f MiB\n' "$name" "$wall" "$cpu" \
    "$(echo "$rss / 1024" | bc -l)"
  eval "${name//[^a-z]/_}_wall=$wall ${name//[^a-z]/_}_cpu=$cpu"
}
common=(--root "$work/root" --profile none --artifact var_log --no-encrypt --log-format json --artifact-timeout 0)
echo "logs: $((bytes / 1048576)) MiB, rules: $(find "$rules" -name '*.yml' | wc -l) SigmaHQ files"
measure collect "$collector" "${common[@]}" --case-dir "$work/c1"
measure collect+sigma "$collector" "${common[@]}" --sigma "$rules" --case-dir "$work/c2"
events=$(grep -o '"events":[0-9]*' "$work/collect+sigma.err" | head -1 | cut -d: -f2)
matches=$(grep -o '"matches":[0-9]*' "$work/collect+sigma.err" | tail -1 | cut -d: -f2)
sigma_s=$(grep -o '"seconds":[0-9.e+-]*' "$work/collect+sigma.err" | head -1 | cut -d: -f2)
pkg=$(ls "$work"/c2/*.ppc)
"$biunzip" -q extract "$pkg" -o "$work/x" --no-report
echo "events: $events, matches: $matches; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# On a busy machine wall time says little: the rate is per CPU second Sigma added to the run.
echo "collector: Sigma added $(echo "$collect_sigma_cpu - $collect_cpu" | bc) s of CPU ->" \
  "$(echo "$events / ($collect_sigma_cpu - $collect_cpu)" | bc) events per CPU second" \
  "(main-thread wall in Sigma: ${sigma_s}s); CPU ratio collect+sigma / collect:" \
  "$(echo "scale=2; $collect_sigma_cpu / $collect_cpu" | bc)"
if "$biunzip" triage --help >/dev/null 2>&1; then
  measure triage "$biunzip" triage "$work/x" --sigma "$rules"
  echo "biunzip triage: $(echo "$events / $triage_cpu" | bc) events per CPU second," \
    "$(echo "scale=1; $bytes / 1048576 / $triage_cpu" | bc) MiB per CPU second"
fi
