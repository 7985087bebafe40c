#include "findings_run.hpp"

#include <chrono>

#include "utc.hpp"

namespace collector {

FindingsRun::FindingsRun(const RunOptions& o, const ProfileDef& profile, bool yara) : yara_(yara) {
  if (!o.sigma.empty() || profile.triage.sigma) {
    sigma_rules_ = findings::load_sigma_rules(o.sigma);
    scanner_.emplace(*sigma_rules_);
  }
  if (!o.sql_rules.empty() || profile.triage.sql_rules) {
    sql_rules_ = findings::load_sql_rule_files(o.sql_rules);
    sql_enabled_ = true;
  }
}

decltype(FileStoreOptions::observer) FindingsRun::wrap_observer(
    decltype(FileStoreOptions::observer) inner) {
  if (!sigma_enabled()) return inner;
  return [this, inner](const std::string& path, uint64_t offset, std::span<const uint8_t> data,
                       uint64_t file_size, bool whole_file) {
    if (inner) inner(path, offset, data, file_size, whole_file);
    observe(path, offset, data, file_size);
  };
}

// Called on the main thread with each stored block of each collected file, in order.
void FindingsRun::observe(const std::string& path, uint64_t offset, std::span<const uint8_t> data,
                          uint64_t file_size) {
  auto t0 = std::chrono::steady_clock::now();
  if (offset == 0) {
    scanner_->end();
    findings::LogKind kind =
        path.starts_with("/var/log/") ? findings::log_kind(path) : findings::LogKind::none;
    if (kind != findings::LogKind::none) scanner_->begin(path, kind);
    expected_end_ = file_size;
  }
  if (scanner_->in_file() && scanner_->current() == path) {
    scanner_->data(data);
    if (offset + data.size() >= expected_end_) scanner_->end();
  }
  sigma_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void FindingsRun::finish(ppc::PackageWriter& writer, ppc::CaseDb& db, RunLog& log) {
  if (!enabled()) return;
  if (scanner_) scanner_->end();
  const std::vector<findings::SigmaMatch>* sigma = scanner_ ? &scanner_->matches() : nullptr;
  findings::TriageOutcome out = findings::finish_triage(db, sigma, sql_rules_);
  if (sigma) writer.add_text(produced_entry("live/triage/sigma.jsonl"), out.sigma_jsonl);
  writer.add_text(produced_entry("live/triage/findings.jsonl"), out.findings_jsonl);
  for (const auto& e : out.sql_errors) log.source_error("sql_rules", "", e);
  findings_ = out.findings.size();
  nlohmann::json by_engine = nlohmann::json::object();
  for (const auto& f : out.findings) by_engine[f.engine] = by_engine.value(f.engine, 0) + 1;
  nlohmann::json fields = {{"findings", findings_}, {"by_engine", by_engine}};
  if (scanner_)
    fields["sigma"] = {{"rules", sigma_rules_->rules().size()},
                       {"files", scanner_->files()},
                       {"lines", scanner_->lines()},
                       {"events", scanner_->events()},
                       {"matches", scanner_->matches().size()},
                       {"seconds", sigma_seconds_}};
  if (sql_enabled_)
    fields["sql"] = {{"rules", sql_rules_.size()},
                     {"not_applicable", out.sql_not_applicable},
                     {"errors", out.sql_errors.size()}};
  log.info("findings_finished", fields);
  std::string line = "findings: " + std::to_string(findings_);
  for (auto& [engine, n] : by_engine.items())
    line += ", " + engine + ": " + std::to_string(n.get<int>());
  if (scanner_)
    line += " (sigma: " + std::to_string(sigma_rules_->rules().size()) + " rules over " +
            std::to_string(scanner_->events()) + " events of " + std::to_string(scanner_->files()) +
            " logs)";
  log.console(line);
}

nlohmann::json FindingsRun::custody() const {
  nlohmann::json j = nlohmann::json::object();
  if (sigma_rules_) j["sigma_rule_count"] = sigma_rules_->rules().size();
  if (sql_enabled_) j["sql_rule_count"] = sql_rules_.size();
  return j;
}

}  // namespace collector
