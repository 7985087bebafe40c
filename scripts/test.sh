#!/usr/bin/env bash
# README command 2: install what the tests need, build (static release binaries plus the
# test suite, warnings as errors) and run every test with CTest; then the unit, vector and
# fuzz-replay tests under ASan+UBSan, and every fuzz target for 10 seconds.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/install-deps.sh"
bash "$here/scripts/build.sh" release
cd "$here/build-release"
ctest --output-on-failure -j"$(nproc)" --timeout 900

# The unit, vector and fuzz-replay tests again under AddressSanitizer + UndefinedBehaviorSanitizer
# (build-asan is dynamic: the script tests that check static linking are not run there).
bash "$here/scripts/build.sh" asan
(cd "$here/build-asan" && ctest --output-on-failure -j"$(nproc)" --timeout 900 -L 'unit|vectors|fuzz')

# Every libFuzzer target briefly (clang comes with install-deps.sh); crash inputs it finds are
# kept in tests/fuzz/regressions/ and fail this step.
if command -v clang++ >/dev/null; then
  bash "$here/scripts/fuzz" all 10
fi
