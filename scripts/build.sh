#!/usr/bin/env bash
# Configures and builds one flavour into build-<flavour>/ (ccache makes rebuilds cheap).
# The flavours are CMakePresets.json's configure presets; this is `cmake --preset` plus
# `cmake --build --preset`:
#   release  static collector and biunzip (-O2), plus the test suite
#   asan     AddressSanitizer + UndefinedBehaviorSanitizer, dynamic, with tests
#   debug    dynamic, -O0 -g, with tests
# Further arguments are build targets (default: everything).
# Warnings are errors in every flavour.
set -euo pipefail
flavour=${1:-release}
shift || true
here=$(cd "$(dirname "$0")/.." && pwd)
case "$flavour" in
  release | asan | debug) ;;
  *) echo "build.sh: unknown flavour '$flavour' (release, asan, debug)" >&2; exit 2 ;;
esac
# Cache hits across clones (CI builds a fresh clone in a new directory); the build presets set
# the same, this also covers the configure step's compiler checks.
export CCACHE_BASEDIR=$here CCACHE_NOHASHDIR=1
cd "$here"
cmake --preset "$flavour" >/dev/null
targets=()
if (($# > 0)); then
  targets=(--target "$@")
fi
cmake --build --preset "$flavour" -j "$(nproc)" "${targets[@]}"
