#pragma once
// `biunzip --dir DIR --csv FILE`: every package a password list names, several at a time.
#include <iosfwd>
#include <string>

#include "biunzip/extract_job.hpp"

namespace biunzip {

struct BatchRequest {
  std::string dir;      // where the listed packages are
  std::string csv;      // the password list
  ExtractJob defaults;  // options shared by every package (tree limits, force, quiet)
  unsigned jobs = 0;    // 0: one per core
};

// Problems with single rows (no name, duplicate, missing file) are reported one line each and
// do not stop the others. Returns the exit code of the first failing row in list order.
int run_batch(const BatchRequest& request, std::ostream& out, std::ostream& err);

}  // namespace biunzip
