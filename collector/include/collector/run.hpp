#pragma once
// The collector's command line, callable in-process (tests) as well as from main().

namespace collector {

// Exit codes (documented in --help and docs/USAGE.md).
enum ExitCode : int {
  kExitComplete = 0,
  kExitFailed = 1,
  kExitUsage = 2,
  kExitPartial = 3,        // complete, but some sources could not be read
  kExitInterrupted = 130,  // interrupted; a valid, finalized package was still written
};

int run(int argc, char** argv);

}  // namespace collector
