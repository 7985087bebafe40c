#include "fuzz_support.hpp"

#include "ppc/io.hpp"

namespace ppc_fuzz {

std::string source_file(const std::string& relative) {
  auto bytes = ppc::read_file(std::string(PPC_SOURCE_DIR) + "/" + relative);
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace ppc_fuzz
