#pragma once
// biunzip's exit codes: one per failure class, so scripts can tell a wrong key from a damaged
// package. Documented in `biunzip --help` (footer) and docs/USAGE.md.
#include <string>

#include "ppc/error.hpp"

namespace biunzip {

enum Exit : int {
  kExitOk = 0,
  kExitOther = 1,       // anything not listed below (crypto library failure, unsupported file)
  kExitUsage = 2,       // bad command line or input list
  kExitKey = 10,        // no matching key, wrong passphrase
  kExitIntegrity = 11,  // chunk authentication, header MAC, manifest, signature, sidecar mismatch
  kExitTruncated = 12,  // the package ends early
  kExitRefused = 13,    // unsafe or over-limit entries were refused (the others were extracted)
  kExitIo = 14,         // reading or writing a file failed
  kExitTimestamp = 15,  // an RFC 3161 response does not match the package
  kExitExists = 16,     // the output directory already holds files (and no --force)
};

// The one place that maps a library failure class to an exit code.
int exit_code_for(ppc::ErrorClass c);

// A word for an exit code: "key", "integrity", "truncated", "refused", "io", "timestamp"...
std::string exit_code_name(int code);

// The table printed in --help's footer.
std::string exit_code_help();

}  // namespace biunzip
