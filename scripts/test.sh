#!/usr/bin/env bash
# README command 2: install what the tests need, build (static release binaries plus the
# test suite, warnings as errors) and run every test with CTest.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/install-deps.sh"
bash "$here/scripts/build.sh" release
cd "$here/build-release"
ctest --output-on-failure -j"$(nproc)" --timeout 900
