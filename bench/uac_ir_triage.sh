#!/usr/bin/env bash
# UAC's ir_triage profile run by UAC itself and by the collector (--uac), on this live machine, in
# one run: wall time of each and the ratio (the target: ours <= 1/4 of UAC's). Ours hashes every
# stored file with SHA-256 and encrypts to a passphrase; UAC writes its usual tar.gz.
#   bench/uac_ir_triage.sh [UAC_DIR] [WORK_DIR]      (as root; several minutes)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
uac_dir=$(cd "${1:-$here/../shared/uac}" && pwd)
work=${2:-$here/bench/work/uac}
collector=${COLLECTOR:-$here/build-release/collector/collector}
rm -rf "$work" && mkdir -p "$work/uac-out" "$work/ours"
printf 'a bench passphrase, long enough\n' >"$work/pass.txt"
now() { date +%s.%N; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(now)
(cd "$uac_dir" && ./uac -p ir_triage "$work/uac-out") >"$work/uac.log" 2>&1 || echo "uac exited $?"
t1=$(now)
"$collector" --uac "$uac_dir" --profile uac:ir_triage --password-file "$work/pass.txt" \
  --case-dir "$work/ours" --quiet >"$work/ours.log" 2>&1 || echo "collector exited $? (3: some sources unreadable)"
t2=$(now)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
uac_s=$(echo "$t1 - $t0" | bc)
ours_s=$(echo "$t2 - $t1" | bc)
echo "uac -p ir_triage:                       ${uac_s} s, $(du -sh "$work/uac-out" | cut -f1)"
echo "collector --profile uac:ir_triage:      ${ours_s} s, $(du -sh "$work/ours" | cut -f1)"
echo "ratio ours/uac: $(echo "scale=3; $ours_s / $uac_s" | bc) (target <= 0.25)"
