// sigma_matches rows, their JSONL and their findings.
#include <nlohmann/json.hpp>

#include "findings/log_scan.hpp"

namespace findings {
namespace {

ppc::Value text(const std::string& s) {
  return s.empty() ? ppc::Value{} : ppc::Value{s};
}

std::string tags_json(const std::vector<std::string>& tags) {
  return nlohmann::json(tags).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

const std::vector<ppc::Column>& sigma_matches_columns() {
  using enum ppc::ColumnType;
  static const std::vector<ppc::Column> columns = {
      {"rule_id", text}, {"title", text},     {"level", text},       {"status", text},
      {"tags", text},    {"logsource", text}, {"source_file", text}, {"line", integer},
      {"time", text},    {"event", text}};
  return columns;
}

void write_sigma_matches(ppc::CaseDb& db, const std::vector<SigmaMatch>& rows) {
  db.create_table("sigma_matches", sigma_matches_columns());
  for (const SigmaMatch& m : rows) {
    const ppc::Value row[] = {
        text(m.rule_id),   text(m.title),       text(m.level), text(m.status), tags_json(m.tags),
        text(m.logsource), text(m.source_file), m.line,        text(m.time),   text(m.event)};
    db.insert("sigma_matches", row);
  }
}

std::string sigma_matches_jsonl(const std::vector<SigmaMatch>& rows) {
  std::string out;
  for (const SigmaMatch& m : rows) {
    nlohmann::ordered_json j = {{"rule_id", m.rule_id},
                                {"title", m.title},
                                {"level", m.level},
                                {"status", m.status},
                                {"tags", m.tags},
                                {"logsource", m.logsource},
                                {"source_file", m.source_file},
                                {"line", m.line},
                                {"time", m.time},
                                {"event", nlohmann::ordered_json::parse(m.event, nullptr, false)}};
    if (j["event"].is_discarded()) j["event"] = m.event;
    out += j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  return out;
}

// Rows are numbered as write_sigma_matches inserts them into a new table (rowid = index + 1).
std::vector<Finding> findings_from_sigma(const std::vector<SigmaMatch>& rows) {
  std::vector<Finding> out;
  int64_t rowid = 0;
  for (const SigmaMatch& m : rows) {
    ++rowid;
    Finding f;
    f.engine = "sigma";
    f.rule_id = m.rule_id;
    f.rule_title = m.title;
    f.severity = normalize_severity(m.level);
    attack_from_tags(m.tags, f.attack_techniques, f.attack_tactics);
    f.object_type = "log";
    f.object = m.source_file + ":" + std::to_string(m.line);
    f.evidence = m.event;
    f.time = m.time;
    f.source_table = "sigma_matches";
    f.source_rowid = rowid;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace findings
