#!/usr/bin/env bash
# Configures and builds one flavour into build-<flavour>/ (ccache makes rebuilds cheap).
#   release  static collector and biunzip (-O2), plus the test suite
#   asan     AddressSanitizer + UndefinedBehaviorSanitizer, dynamic, with tests
#   debug    dynamic, -O0 -g, with tests
# Further arguments are ninja targets (default: everything).
# Warnings are errors in every flavour built by this script.
set -euo pipefail
flavour=${1:-release}
shift || true
here=$(cd "$(dirname "$0")/.." && pwd)
case "$flavour" in
  release) args=(-DCMAKE_BUILD_TYPE=Release -DPPC_STATIC=ON) ;;
  asan) args=(-DCMAKE_BUILD_TYPE=Debug -DPPC_SANITIZE=ON) ;;
  debug) args=(-DCMAKE_BUILD_TYPE=Debug -DPPC_STATIC=OFF) ;;
  *) echo "build.sh: unknown flavour '$flavour' (release, asan, debug)" >&2; exit 2 ;;
esac
# Cache hits across clones (CI builds a fresh clone in a new directory).
export CCACHE_BASEDIR=$here CCACHE_NOHASHDIR=1
cmake -S "$here" -B "$here/build-$flavour" -G Ninja -DPPC_WERROR=ON "${args[@]}" >/dev/null
ninja -C "$here/build-$flavour" -j"$(nproc)" "$@"
