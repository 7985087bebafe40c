#include "triage_run.hpp"

#include <charconv>
#include <ctime>

#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "utc.hpp"

namespace collector {
namespace {

// "YYYY-MM-DD" or "<n>d" → Unix seconds.
std::optional<int64_t> parse_since(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (text.back() == 'd') {
    int64_t days = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, days);
    if (ec != std::errc() || end != text.data() + text.size() - 1 || days < 0)
      throw ppc::Error(ppc::ErrorClass::usage, "--scan-modified-since takes YYYY-MM-DD or a number of days like 7d");
    return static_cast<int64_t>(std::time(nullptr)) - days * 86400;
  }
  std::tm tm{};
  if (!strptime(text.c_str(), "%Y-%m-%d", &tm))
    throw ppc::Error(ppc::ErrorClass::usage, "--scan-modified-since takes YYYY-MM-DD or a number of days like 7d");
  return static_cast<int64_t>(timegm(&tm));
}

nlohmann::json row_json(const ppc::TriageRow& r) {
  auto parse = [](const std::string& s) {
    return s.empty() ? nlohmann::json() : nlohmann::json::parse(s, nullptr, false);
  };
  return {{"rule", r.rule},          {"namespace", r.rule_namespace}, {"tags", parse(r.tags_json)},
          {"meta", parse(r.meta_json)}, {"target_type", r.target_type}, {"path", json_text(r.path)},
          {"pid", r.pid < 0 ? nlohmann::json() : nlohmann::json(r.pid)}, {"sha256", r.sha256},
          {"strings", parse(r.strings_json)}, {"severity", r.severity}};
}

}  // namespace

TriageRun::TriageRun(const RunOptions& o, const ProfileDef& profile, const RootFs& fs) : fs_(fs) {
  const TriageOptions& t = profile.triage;
  scan_.scan = o.scan;
  scan_.scan.insert(scan_.scan.end(), t.scan.begin(), t.scan.end());
  scan_.exclude = o.scan_exclude;
  scan_.exclude.insert(scan_.exclude.end(), t.scan_exclude.begin(), t.scan_exclude.end());
  scan_.memory = o.scan_memory;
  scan_.memory.insert(scan_.memory.end(), t.scan_memory.begin(), t.scan_memory.end());
  scan_.max_size = o.scan_max_size != 0 ? o.scan_max_size : t.scan_max_size;
  scan_.max_depth = o.scan_max_depth >= 0 ? o.scan_max_depth : t.scan_max_depth;
  scan_.modified_since = parse_since(o.scan_modified_since);
  scan_.threads = o.threads;
  collect_matches_ = o.collect_matches;
  bool enabled = t.enabled || !o.rules.empty() || !scan_.scan.empty() || !scan_.memory.empty();
  if (!enabled) return;
  rules_.emplace(CompiledRules::compile(o.rules));
  buffer_scanner_ = std::make_unique<BufferScanner>(*rules_, scan_.timeout_seconds, scan_.max_strings_per_match);
}

TriageRun::~TriageRun() = default;

void TriageRun::exclude_case_dir(const std::string& host_dir) {
  // Scan paths are asset paths: below --root, the case directory appears without the root prefix.
  std::string root = fs_.root() == "/" ? "" : fs_.root();
  if (host_dir.compare(0, root.size(), root) != 0) return;  // outside the asset: nothing to exclude
  std::string asset = host_dir.substr(root.size());
  scan_.exclude.push_back(asset);
  scan_.exclude.push_back(asset + "/*");
}

void TriageRun::record(const ppc::TriageRow& row) {
  std::lock_guard lock(mu_);
  rows_.push_back(row);
  ++matches_;
}

decltype(FileStoreOptions::observer) TriageRun::collected_file_observer() {
  if (!enabled()) return {};
  return [this](const std::string& path, uint64_t, std::span<const uint8_t> data, bool whole) {
    // Collected files up to the writer's buffer size arrive whole and are scanned from that
    // buffer; larger ones are left to the file-system scan scope.
    if (!whole || data.size() > scan_.max_size) return;
    std::string sha;
    for (auto row : buffer_scanner_->scan(path, data, "")) {
      if (row.sha256.empty()) {
        if (sha.empty()) sha = ppc::to_hex(ppc::sha256(data));
        row.sha256 = sha;
      }
      record(row);
    }
  };
}

void TriageRun::scan(ppc::PackageWriter& writer, ppc::CaseDb& db, FileStore& store, RunLog& log,
                     const RunControl& control) {
  if (!enabled()) return;
  ScanSummary summary;
  if (!scan_.scan.empty() || !scan_.memory.empty()) {
    summary = scan_targets(*rules_, fs_, scan_, [this](const ppc::TriageRow& r) { record(r); },
                           control.interrupted);
  }
  if (collect_matches_) {
    // Storing a file shows it to the collected-file observer, which records into rows_: take
    // the paths first. Those files were scanned already, so their new matches are dropped.
    std::vector<std::string> paths;
    for (const auto& r : rows_)
      if (r.target_type == "file") paths.push_back(r.path);
    std::size_t known = rows_.size();
    for (const auto& p : paths)
      if (!store.excluded(p)) store.collect(p, "triage");
    std::lock_guard lock(mu_);
    matches_ -= rows_.size() - known;
    rows_.resize(known);
  }
  std::string jsonl;
  for (const auto& r : rows_) {
    db.add_triage_match(r);
    jsonl += row_json(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  ppc::EntryMeta meta;
  meta.name = "live/triage/matches.jsonl";
  writer.add_text(meta, jsonl);
  nlohmann::json by_severity = nlohmann::json::object();
  for (const auto& r : rows_) {
    std::string sev = r.severity.empty() ? "medium" : r.severity;
    by_severity[sev] = by_severity.value(sev, 0) + 1;
  }
  for (uint64_t i = 0; i < summary.timeouts; ++i) log.source_error("triage", "", "a scan target timed out");
  log.info("triage_finished", {{"rules", rules_->rule_count()},
                               {"files_scanned", summary.files_scanned},
                               {"bytes_scanned", summary.bytes_scanned},
                               {"processes_scanned", summary.processes_scanned},
                               {"errors", summary.errors},
                               {"timeouts", summary.timeouts},
                               {"matches", rows_.size()},
                               {"matches_by_severity", by_severity}});
  std::string line = "triage: " + std::to_string(rules_->rule_count()) + " rules, " +
                     std::to_string(summary.files_scanned) + " files and " +
                     std::to_string(summary.processes_scanned) + " processes scanned, " +
                     std::to_string(rows_.size()) + " matches";
  for (auto& [sev, n] : by_severity.items()) line += ", " + sev + ": " + std::to_string(n.get<int>());
  log.console(line);
}

nlohmann::json TriageRun::custody() const {
  if (!enabled()) return {{"enabled", false}};
  return {{"enabled", true}, {"rule_count", rules_->rule_count()}, {"sha256", rules_->sha256()}};
}

}  // namespace collector
