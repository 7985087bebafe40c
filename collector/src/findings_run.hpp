#pragma once
// Sigma and SQL rules within a collection (library ppc_findings): the rule sets are loaded
// before anything is collected (a rule that does not load stops the run, exit 2); the collected
// logs are matched as their bytes are stored; at the end sigma_matches, findings and their
// JSONL go into case.db and live/triage/.
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "collector/definitions.hpp"
#include "collector/options.hpp"
#include "file_store.hpp"
#include "findings/triage.hpp"
#include "run_log.hpp"

namespace collector {

class FindingsRun {
 public:
  // Sigma: --sigma paths, else the built-in set when the profile enables it. SQL: --sql-rules,
  // else the built-in set when the profile enables it. Findings are written whenever anything
  // triages (YARA included). Throws ppc::Error(usage) listing rules that do not load.
  FindingsRun(const RunOptions& options, const ProfileDef& profile, bool yara);
  bool sigma_enabled() const { return sigma_rules_ != nullptr; }
  bool enabled() const { return sigma_enabled() || sql_enabled_ || yara_; }
  // Wraps the file store's observer: collected logs also go through Sigma.
  decltype(FileStoreOptions::observer) wrap_observer(decltype(FileStoreOptions::observer) inner);
  // After the YARA scan: sigma_matches, SQL rules, findings (case.db and live/triage/*.jsonl).
  void finish(ppc::PackageWriter& writer, ppc::CaseDb& db, RunLog& log);
  nlohmann::json custody() const;
  std::size_t findings() const { return findings_; }

 private:
  void observe(const std::string& path, uint64_t offset, std::span<const uint8_t> data,
               uint64_t file_size);
  std::unique_ptr<sigma::RuleSet> sigma_rules_;
  std::optional<findings::LogScanner> scanner_;
  std::vector<findings::SqlRule> sql_rules_;
  bool sql_enabled_ = false, yara_ = false;
  uint64_t expected_end_ = 0;  // the size of the log being streamed
  std::size_t findings_ = 0;
  double sigma_seconds_ = 0;
};

}  // namespace collector
