#pragma once
// Pre-configuration: a collector.yaml beside the executable (or --config FILE) sets any option,
// so a field operator only runs the binary. Keys are the long option names without dashes.
#include <string>

#include "collector/options.hpp"

namespace collector {

// The config file to apply: --config's value if given in argv, else collector.yaml beside the
// running executable if it exists, else empty.
std::string find_config(int argc, char** argv);
// A size option ("4096", "64MiB", "1G"); throws ppc::Error(usage) naming the bad text.
uint64_t size_option(std::string_view text);
// Applies the YAML file to `options`; throws ppc::Error(usage) "file:line: message".
void apply_config(const std::string& path, RunOptions& options);

}  // namespace collector
