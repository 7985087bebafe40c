#pragma once
// One extraction from start to finish, as `extract`, `salvage`, `--file` and each row of
// `--dir --csv` run it: open, unlock, extract safely, then write manifest.jsonl (and
// salvage.json), append to custody.log and build report.html.
#include <iosfwd>
#include <string>

#include "biunzip/key_input.hpp"
#include "biunzip/output_tree.hpp"

namespace biunzip {

struct ExtractJob {
  std::string package;
  std::string output_dir;  // empty: default_output_dir(package)
  KeyOptions keys;
  TreeOptions tree;
  uint64_t max_ratio = 20000;
  bool salvage = false;
  bool quiet = false;
  bool progress = false;  // draw a progress meter on stderr
  bool write_report = true;
};

// Returns the exit code; writes a summary to `out` and one line per refusal or problem to
// `err`. Never throws for a bad package or key.
int run_extract_job(const ExtractJob& job, std::ostream& out, std::ostream& err);

}  // namespace biunzip
