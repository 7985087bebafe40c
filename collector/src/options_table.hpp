#pragma once
// The collector's options, declared once. The command line and collector.yaml are both parsed
// by this table, so a value gets the same checks and conversions wherever it comes from.
#include <CLI/CLI.hpp>
#include <string>

#include "collector/options.hpp"

namespace collector {

// Declares every option of a run on `app`, bound to `options`. Every check of a value is a
// CLI11 check or transform here, never code after parsing. Options that make no sense in a
// configuration file (--config, --dry-run, --help, --version) are marked not configurable.
void declare_options(CLI::App& app, RunOptions& options);

// --config alone: declare_options uses it, and so does the early look for the configuration
// file, which must be applied before the command line is parsed.
CLI::Option* declare_config_option(CLI::App& app, std::string& path);

}  // namespace collector
