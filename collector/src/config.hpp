#pragma once
// Pre-configuration: a collector.yaml beside the executable (or --config FILE) sets any option,
// so a field operator only runs the binary. Keys are the long option names without dashes; the
// values go through the same option table as the command line (options_table.hpp).
#include <CLI/CLI.hpp>
#include <string>

namespace collector {

// The configuration file to apply: --config's value if argv has one, else collector.yaml beside
// the running executable if it exists, else empty. Throws CLI::ParseError for a bad --config.
std::string find_config(int argc, char** argv);

// Parses every key of the YAML file at `path` with `app` (declared by declare_options), as the
// arguments its flag would take on the command line: "key: value" is --key=value, a list
// repeats the flag, "flag: true" is --flag=true. Throws ppc::Error(usage) "path:line: message"
// for a key that is not a configurable option and for any value its option refuses.
void apply_config(CLI::App& app, const std::string& path);

}  // namespace collector
