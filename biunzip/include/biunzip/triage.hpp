#pragma once
// `biunzip triage`: the collector's Sigma and SQL engines (ppc_findings) run at the lab, on an
// extracted folder or straight from a package, adding sigma_matches and findings to case.db.
#include <string>
#include <vector>

#include "biunzip/package_file.hpp"
#include "findings/triage.hpp"
#include "ppc/reader.hpp"

namespace biunzip {

struct TriageSummary {
  std::string case_db;  // the case.db that was updated or written
  uint64_t log_files = 0, events = 0, sigma_matches = 0;
  std::size_t sigma_rules = 0, sql_rules = 0, sql_not_applicable = 0;
  std::vector<findings::Finding> findings;
  std::vector<std::string> sql_errors;
};

// DIR/files/var/log/... logs through Sigma (in name order, read in 1 MiB blocks), then
// DIR/case.db updated in place (sigma_matches replaced, findings rebuilt). Throws ppc::Error:
// io when DIR has no case.db.
TriageSummary triage_directory(const std::string& dir, const sigma::RuleSet& sigma,
                               const std::vector<findings::SqlRule>& sql);

// Reads the package once (verifying it as extract does): its /var/log logs stream through
// Sigma, its case.db is kept, triaged and written to `output` (a new file).
TriageSummary triage_package(PackageFile& file, const ppc::ReadOptions& options,
                             const std::string& output, const sigma::RuleSet& sigma,
                             const std::vector<findings::SqlRule>& sql);

}  // namespace biunzip
