#!/usr/bin/env bash
# Imaging benchmark (issue #18): one source file, half zeros and half random (generated once),
# imaged by the collector (MD5 + SHA-1 + SHA-256, zstd, X25519 + AES-256-GCM) against
#   dc3dd hash=sha256 (which also hashes), and dd bs=1M | zstd -1 -T2 | openssl enc -aes-256-ctr;
# then biunzip image --format e01 against ewfacquire (fast deflate, MD5 + SHA-1) on the same raw
# image. Wall time (best of --runs), MiB/s of source, CPU seconds (user + sys) and peak RSS
# (GNU time) per row; load average before and after.
#
#   bench/image.sh [--mib N] [--runs N] [--workdir DIR]     (default 4096 MiB, 1 run, bench/work)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mib=4096 runs=1 work=$here/work
while (($#)); do
  case $1 in
    --mib) mib=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --workdir) work=$2; shift 2 ;;
    *) echo "usage: $0 [--mib N] [--runs N] [--workdir DIR]" >&2; exit 2 ;;
  esac
done
COLLECTOR=${COLLECTOR:-$here/../build-release/collector/collector}
BIUNZIP=${BIUNZIP:-$here/../build-release/biunzip/biunzip}
for t in dc3dd zstd openssl ewfacquire /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "image.sh: $t missing (scripts/install-deps.sh)" >&2; exit 1; }
done
mkdir -p "$work/image"
cd "$work/image"
src=source-$mib.bin
if [[ ! -f $src ]]; then
  head -c $((mib / 2 * 1048576)) /dev/zero >"$src"
  openssl enc -aes-256-ctr -nosalt -K "$(printf '%064d' 7)" -iv "$(printf '%032d' 7)" \
    -in /dev/zero 2>/dev/null | head -c $((mib / 2 * 1048576)) >>"$src"
fi
[[ -f key && -s recipient ]] || { rm -f key; "$BIUNZIP" keygen -o key >recipient; }
recipient=$(grep -o 'ppc1[0-9a-z]*' recipient)

# measure NAME CMD...: best wall seconds of $runs and the peak RSS, appended to results.tsv.
measure() {
  local name=$1 best="" rss=0 cpu=0 s r u k
  shift
  for ((i = 0; i < runs; i++)); do
    rm -rf out && mkdir out
    sync
    /usr/bin/time -f '%e %M %U %S' -o t.txt bash -c "$*" >/dev/null 2>err.txt ||
      { echo "$name failed: $(tail -3 err.txt)" >&2; exit 1; }
    read -r s r u k <t.txt
    if [[ -z $best ]] || (($(echo "$s < $best" | bc))); then best=$s cpu=$(echo "$u + $k" | bc); fi
    ((r > rss)) && rss=$r
  done
  printf '%s\t%s\t%.0f\t%s\t%d\n' "$name" "$best" "$(echo "$mib / $best" | bc -l)" "$cpu" $((rss / 1024)) |
    tee -a results.tsv
}

: >results.tsv
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'row\tseconds\tMiB/s\tCPU seconds\tpeak RSS MiB\n'
measure "collector --image (md5+sha1+sha256, zstd, x25519)" \
  "'$COLLECTOR' -q --profile none --image '$src' --recipient $recipient --case-dir out"
measure "dc3dd hash=sha256" "dc3dd if='$src' of=out/img.raw hash=sha256 log=out/log"
measure "dd | zstd -1 -T2 | openssl aes-256-ctr" \
  "dd if='$src' bs=1M status=none | zstd -1 -T2 -q | openssl enc -aes-256-ctr -K $(printf '%064d' 1) -iv $(printf '%032d' 1) >out/img.zst.enc"
# The same raw image for both E01 writers: an extracted package directory.
rm -rf pkgdir && mkdir pkgdir
"$COLLECTOR" -q --profile none --image "$src" --no-encrypt --case-dir pkgdir >/dev/null
"$BIUNZIP" -q extract pkgdir/*.ppc -o pkgdir/x --no-report
measure "biunzip image --format e01" \
  "'$BIUNZIP' -q image pkgdir/x '$src' --format e01 -o out/img"
measure "ewfacquire -c fast -d sha1" \
  "ewfacquire -u -q -c deflate:fast -d sha1 -t out/img pkgdir/x/images/'$src'.raw"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
