#!/usr/bin/env bash
# README command 2 (and the CI command): install what the tests need, then
#   0. check that every C/C++ source is clang-format clean (scripts/format.sh fixes them);
#   1. build the release flavour (static collector and biunzip, the test suite, warnings as errors);
#   2. run the unit, vector and fuzz-replay tests under AddressSanitizer + UndefinedBehaviorSanitizer
#      (build-asan is dynamic: the script tests that check static linking are not run there);
#   3. run every libFuzzer target briefly (crash inputs are kept in tests/fuzz/regressions/ and fail
#      this step);
#   4. run the whole suite on the release build with CTest, whose summary ends the output.
# The flavours, and what each test step runs, are CMakePresets.json's presets of the same names.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/install-deps.sh"
bash "$here/scripts/format.sh" --check
bash "$here/scripts/build.sh" release

# The asan test preset sets full stacks on every allocation, so the suppressions (third-party
# leaks, scripts/lsan.supp) match their frames.
bash "$here/scripts/build.sh" asan
(cd "$here" && ctest --preset asan -j"$(nproc)")

if command -v clang++ >/dev/null; then
  bash "$here/scripts/fuzz" all 10
fi

cd "$here"
ctest --preset release -j"$(nproc)"
