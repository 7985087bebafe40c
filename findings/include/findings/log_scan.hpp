#pragma once
// Sigma over Linux text logs, streamed: a file's bytes are fed in order, block by block (the
// collector hands over the buffers it stores; biunzip reads an extracted file), cut into lines,
// normalised into events (sigma/normalize.hpp) and matched. Memory stays bounded whatever the
// log's size: one partial line, at most 16 pending auditd events, the parent table of
// ProcessTracker, and the matches.
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "findings/finding.hpp"
#include "ppc/case_db.hpp"
#include "sigma/normalize.hpp"
#include "sigma/rule_set.hpp"

namespace findings {

enum class LogKind { none, syslog, auditd };
// Which normaliser reads the log at `path` (an asset path): auth.log, secure, syslog, messages,
// kern.log, cron, daemon.log (and their rotations .1, -20240101; not compressed ones) are
// syslog; audit.log and its rotations are auditd; anything else none.
LogKind log_kind(std::string_view path);

struct SigmaMatch {
  std::string rule_id, title, level, status;
  std::vector<std::string> tags;
  std::string logsource;  // product/category/service of the rule, e.g. "linux//auditd"
  std::string source_file;
  int64_t line = 0;   // 1-based line of the event (an auditd event: its first record)
  std::string time;   // ISO 8601 UTC when the log says it (auditd), else empty
  std::string event;  // the event's fields as a JSON object (multi-valued fields as arrays)
};

// sigma_matches(rule_id, title, level, status, tags, logsource, source_file, line, time, event).
const std::vector<ppc::Column>& sigma_matches_columns();
// Creates the table if needed and inserts the rows.
void write_sigma_matches(ppc::CaseDb& db, const std::vector<SigmaMatch>& rows);
std::string sigma_matches_jsonl(const std::vector<SigmaMatch>& rows);
// One finding per match (object: source_file:line, object_type log).
std::vector<Finding> findings_from_sigma(const std::vector<SigmaMatch>& rows);

class LogScanner {
 public:
  explicit LogScanner(const sigma::RuleSet& rules) : rules_(rules) {}
  // Starts a file; a file still open is ended first.
  void begin(std::string path, LogKind kind);
  void data(std::span<const uint8_t> bytes);
  void end();
  bool in_file() const { return kind_ != LogKind::none; }
  const std::string& current() const { return path_; }

  const std::vector<SigmaMatch>& matches() const { return matches_; }
  uint64_t events() const { return events_; }
  uint64_t lines() const { return lines_; }
  uint64_t files() const { return files_; }

 private:
  void line(std::string_view text);
  void match(const sigma::Event& event, int64_t line, const std::string& time);
  void emit_audit(std::vector<sigma::Event>& events);

  const sigma::RuleSet& rules_;
  std::string path_;
  LogKind kind_ = LogKind::none;
  std::string partial_;
  int64_t line_no_ = 0;
  sigma::AuditdGrouper grouper_;
  sigma::ProcessTracker tracker_;
  std::map<std::string, int64_t, std::less<>> first_line_;  // pending auditd ids -> first line
  std::vector<sigma::Event> ready_;
  std::vector<SigmaMatch> matches_;
  uint64_t events_ = 0, lines_ = 0, files_ = 0;
};

}  // namespace findings
