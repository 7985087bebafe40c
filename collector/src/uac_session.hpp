#pragma once
// The collector's side of UAC artifacts (collector/uac/): options into a plan before anything
// runs, and a run that stores what the UAC runner produces in the package and case.db.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "artifact_runner.hpp"
#include "collector/options.hpp"
#include "file_store.hpp"
#include "ppc/case_db.hpp"
#include "ppc/writer.hpp"
#include "run_log.hpp"
#include "uac/uac.hpp"

namespace collector {

struct UacPlan {
  std::shared_ptr<const uac::Tree> tree;
  std::string profile;  // the UAC profile's name, when --profile uac:NAME
  std::string profile_source;
  std::vector<const uac::Artifact*> artifacts;  // in run order
  std::vector<std::string> warnings;            // invalid artifacts skipped
};

// NAME=VALUE of --uac-var; throws ppc::Error(usage).
std::pair<std::string, std::string> parse_uac_var(const std::string& text);
// YYYY-MM-DD at 00:00:00 UTC as seconds since the epoch; throws ppc::Error(usage).
int64_t parse_iso_date(const std::string& text);

// Takes the uac: items out of --profile and --artifact (the profile becomes "none" when it is a
// UAC one) and loads and selects them from --uac. Throws ppc::Error(usage) "file:line: ..."
// for a malformed selected file (unless --uac-skip-invalid), an unknown profile or pattern, or
// uac: without --uac.
UacPlan make_uac_plan(RunOptions& options);

// Runs the plan: files under files/ (through `store`), outputs under uac/, each command in
// case.db's uac_commands. `work_dir` (inside the case directory) is removed afterwards.
void run_uac_plan(const UacPlan& plan, const RunOptions& options, const RootFs& fs,
                  FileStore& store, ppc::PackageWriter& writer, ppc::CaseDb& db, RunLog& log,
                  const RunControl& control, const std::string& hostname,
                  const std::string& work_dir, const std::string& case_dir);

// collector --uac DIR artifacts | profiles; and --dry-run's lines for the UAC artifacts.
int list_uac_artifacts(const RunOptions& options);
int list_uac_profiles(const RunOptions& options);
void dry_run_uac(const UacPlan& plan, const RunOptions& options, const RootFs& fs,
                 uint64_t& total_files, uint64_t& total_bytes);

}  // namespace collector
