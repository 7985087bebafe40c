#pragma once
// Shared by the fuzz targets (tests/fuzz/fuzz_*.cpp). Each target defines
// LLVMFuzzerTestOneInput; it is linked either with libFuzzer (scripts/fuzz, clang) or with
// replay_main.cpp, which runs the committed seeds and regression inputs as a normal test.
//
// A target swallows only the errors its parser documents (ppc::Error). Anything else that
// escapes -- std::out_of_range, a YAML or JSON exception, a crash -- is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "ppc/error.hpp"

namespace ppc_fuzz {

inline std::string_view as_text(const uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Runs `f`, ignoring the documented ppc::Error.
template <class F>
void tolerate(F&& f) {
  try {
    f();
  } catch (const ppc::Error&) {
  }
}

// An invariant the parser promises: abort (a crash libFuzzer records) when it does not hold.
inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

// A file of the source tree (test keys for the reader targets).
std::string source_file(const std::string& relative);

}  // namespace ppc_fuzz

#define PPC_FUZZ_TARGET extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
