#!/usr/bin/env bash
# The fast tier, for the edit-build-test loop: builds only the unit test binaries of the release
# flavour (build preset `unit`) and runs the tests labelled `unit` (test preset `unit`): no
# static front ends, no script, vector or fuzz tests. Further arguments go to ctest, e.g.
#   scripts/test-fast.sh -R Salvage
# The full suite is scripts/test.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export CCACHE_BASEDIR=$here CCACHE_NOHASHDIR=1
cd "$here"
cmake --preset release >/dev/null
cmake --build --preset unit -j "$(nproc)"
ctest --preset unit -j "$(nproc)" "$@"
