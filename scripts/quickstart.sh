#!/usr/bin/env bash
# README command 1: install, build, and run the collector's main job on this machine:
# the default profile into ./Cases, encrypted to an analyst key made here, then biunzip
# verifies the package it wrote. Run as root from the repository's top directory.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/install-deps.sh"
bash "$here/scripts/build.sh" release collector biunzip
collector=$here/build-release/collector/collector
biunzip=$here/build-release/biunzip/biunzip

# The analyst's identity stays here; the collector only ever sees the public key.
key=$here/analyst.key
[[ -f $key ]] || "$biunzip" keygen -o "$key" >/dev/null
recipient=$(grep -o 'ppc1[a-z2-7]*' "$key" | head -n 1)

package=$("$collector" --case-dir ./Cases --case-id QUICKSTART --examiner "$(id -un)" \
  --recipient "$recipient" --quiet) || status=$?
status=${status:-0}
if ((status != 0 && status != 3)); then
  echo "quickstart: the collector failed (exit $status)" >&2
  exit "$status"
fi
"$biunzip" verify "$package" --identity "$key"
echo "package: $package"
