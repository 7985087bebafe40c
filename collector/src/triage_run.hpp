#pragma once
// YARA triage within a collection: rules compiled before anything is collected, collected files
// scanned from the buffer that stores them, then the file-system and memory scopes.
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "artifact_runner.hpp"
#include "collector/definitions.hpp"
#include "collector/options.hpp"
#include "collector/triage.hpp"
#include "file_store.hpp"

namespace collector {

class TriageRun {
 public:
  // Compiles the rules when triage is enabled (by options or profile); a rule that does not
  // compile throws ppc::Error(usage) "file:line: message".
  TriageRun(const RunOptions& options, const ProfileDef& profile, const RootFs& fs);
  ~TriageRun();
  bool enabled() const { return rules_.has_value(); }
  // Leaves the case directory (a host path) out of the file-system scan.
  void exclude_case_dir(const std::string& host_dir);
  // Null when triage is off.
  decltype(FileStoreOptions::observer) collected_file_observer();
  void scan(ppc::PackageWriter& writer, ppc::CaseDb& db, FileStore& store, RunLog& log, const RunControl& control);
  nlohmann::json custody() const;
  uint64_t matches() const { return matches_; }

 private:
  void record(const ppc::TriageRow& row);
  const RootFs& fs_;
  ScanOptions scan_;
  bool collect_matches_ = false;
  std::optional<CompiledRules> rules_;
  std::unique_ptr<BufferScanner> buffer_scanner_;
  std::vector<ppc::TriageRow> rows_;
  std::mutex mu_;
  uint64_t matches_ = 0;
};

}  // namespace collector
