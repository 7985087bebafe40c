#pragma once
// One collection run, from resolved options to a finished package and its sidecars.
#include "collector/options.hpp"

namespace collector {

// Returns the process exit code (collector::ExitCode). Usage errors throw ppc::Error(usage)
// before anything is written.
int run_collection(RunOptions options);
// --dry-run: what would be collected and an estimate of its size; writes nothing.
int dry_run(const RunOptions& options);

}  // namespace collector
