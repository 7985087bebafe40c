// Replays inputs through one fuzz target without libFuzzer, so every compiler builds it and
// ctest runs the seeds and the crash inputs kept in tests/fuzz/regressions/<target>/:
//   fuzz_replay_<target> FILE_OR_DIR...
// Missing directories count as empty (a target with no regressions yet).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "ppc/error.hpp"
#include "ppc/io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const fs::path& arg) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::is_directory(arg, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(arg))
      if (e.is_regular_file()) out.push_back(e.path());
    std::sort(out.begin(), out.end());
  } else if (fs::exists(arg, ec)) {
    out.push_back(arg);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    for (const fs::path& p : inputs_of(argv[i])) {
      // Named before it runs: a crash's log then says which input did it.
      std::fprintf(stderr, "replay %s\n", p.c_str());
      std::vector<uint8_t> bytes = ppc::read_file(p.string());
      LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
      ++count;
    }
  }
  std::printf("replayed %zu inputs without a failure\n", count);
  return 0;
}
