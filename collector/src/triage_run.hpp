#pragma once
// YARA triage within a collection: rules compiled before anything is collected, collected files
// scanned (on other threads) from the bytes that were stored, then the file-system and memory
// scopes, leaving out the files already scanned.
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_set>

#include "artifact_runner.hpp"
#include "collected_scan.hpp"
#include "collector/definitions.hpp"
#include "collector/options.hpp"
#include "collector/triage.hpp"
#include "file_store.hpp"

namespace collector {

// --scan-modified-since's "YYYY-MM-DD" (UTC) or "<n>d" (days before now) as Unix seconds;
// nullopt for "" (no limit). Throws ppc::Error(usage) naming the accepted forms.
std::optional<int64_t> parse_since(const std::string& text);

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
  void scan(ppc::PackageWriter& writer, ppc::CaseDb& db, FileStore& store, RunLog& log,
            const RunControl& control);
  nlohmann::json custody() const;
  uint64_t matches() const { return matches_; }

 private:
  void record(const ppc::TriageRow& row);
  void assemble(const std::string& path, uint64_t offset, std::span<const uint8_t> data,
                uint64_t file_size);
  void end_assembly();
  const RootFs& fs_;
  ScanOptions scan_;
  bool collect_matches_ = false;
  std::optional<CompiledRules> rules_;
  std::unique_ptr<CollectedScanQueue> collected_;  // declared after rules_: destroyed first
  std::unordered_set<std::string> scanned_;        // collected files already scanned
  bool observing_ = true;                          // false once collection is over
  std::string assembling_path_;                    // a large collected file being copied
  std::vector<uint8_t> assembling_;                // its copy: its size is reserved in the queue
  std::size_t assembling_reserved_ = 0;
  std::vector<ppc::TriageRow> rows_;
  std::vector<std::pair<std::string, std::string>> skipped_;  // (path, reason): not scanned
  std::mutex mu_;
  uint64_t matches_ = 0;
};

}  // namespace collector
