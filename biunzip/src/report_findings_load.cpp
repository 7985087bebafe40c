// Findings for the report: the `findings` table (engine yara|sigma|sql, docs/USAGE.md) when
// case.db has one; otherwise each YARA match of triage_matches becomes a finding, its ATT&CK
// technique from the rule's `mitre` meta and the tactic from a small table of techniques.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "report_db.hpp"

namespace biunzip::report_db {
namespace {

// Enterprise ATT&CK: the tactic a technique is first listed under (techniques of the rules
// shipped in rules/yara and the usual Linux ones).
struct TechniqueTactic {
  std::string_view technique, tactic;
};
constexpr TechniqueTactic kTactics[] = {
    {"T1014", "defense-evasion"},
    {"T1027", "defense-evasion"},
    {"T1036", "defense-evasion"},
    {"T1055", "defense-evasion"},
    {"T1070", "defense-evasion"},
    {"T1562", "defense-evasion"},
    {"T1564", "defense-evasion"},
    {"T1574", "persistence"},
    {"T1037", "persistence"},
    {"T1053", "persistence"},
    {"T1098", "persistence"},
    {"T1136", "persistence"},
    {"T1505", "persistence"},
    {"T1543", "persistence"},
    {"T1546", "persistence"},
    {"T1547", "persistence"},
    {"T1556", "credential-access"},
    {"T1003", "credential-access"},
    {"T1110", "credential-access"},
    {"T1552", "credential-access"},
    {"T1059", "execution"},
    {"T1204", "execution"},
    {"T1071", "command-and-control"},
    {"T1090", "command-and-control"},
    {"T1095", "command-and-control"},
    {"T1105", "command-and-control"},
    {"T1571", "command-and-control"},
    {"T1572", "command-and-control"},
    {"T1496", "impact"},
    {"T1485", "impact"},
    {"T1486", "impact"},
    {"T1068", "privilege-escalation"},
    {"T1548", "privilege-escalation"},
    {"T1021", "lateral-movement"},
    {"T1046", "discovery"},
    {"T1082", "discovery"},
    {"T1041", "exfiltration"},
    {"T1048", "exfiltration"},
    {"T1078", "initial-access"},
    {"T1190", "initial-access"},
};

std::string tactics_of(const std::string& techniques) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < techniques.size()) {
    std::size_t comma = techniques.find(',', at);
    std::string t = techniques.substr(at, comma == std::string::npos ? comma : comma - at);
    at = comma == std::string::npos ? techniques.size() : comma + 1;
    t.erase(0, t.find_first_not_of(' '));
    for (const TechniqueTactic& m : kTactics) {
      if (t.substr(0, 5) == m.technique && std::find(out.begin(), out.end(), m.tactic) == out.end())
        out.emplace_back(m.tactic);
    }
  }
  std::string joined;
  for (const std::string& t : out) joined += (joined.empty() ? "" : ",") + t;
  return joined;
}

std::string meta_text(const nlohmann::json& meta, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = meta.find(k);
    if (it != meta.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

std::string cell(const std::vector<ppc::Value>& row, std::size_t i) {
  return i < row.size() ? value_text(row[i]) : std::string();
}

void load_table_findings(const ppc::CaseDb& db, std::size_t limit, ReportData& d) {
  d.findings_total = static_cast<uint64_t>(single_int(db, "SELECT count(*) FROM findings"));
  for (const auto& r :
       db.query("SELECT engine, rule_id, rule_title, severity, attack_techniques, attack_tactics, "
                "object_type, object, evidence, time, source_table, source_rowid FROM findings "
                "ORDER BY object_type, object, rowid LIMIT " +
                std::to_string(limit))) {
    Finding f{cell(r, 0), cell(r, 1), cell(r, 2), cell(r, 3), cell(r, 4), cell(r, 5),
              cell(r, 6), cell(r, 7), cell(r, 8), cell(r, 9), cell(r, 10)};
    f.source_rowid =
        r.size() > 11 && std::holds_alternative<int64_t>(r[11]) ? std::get<int64_t>(r[11]) : 0;
    d.findings.push_back(std::move(f));
  }
  // Timed findings (Sigma on logs, mostly) also feed the activity histogram.
  for (const auto& r :
       db.query("SELECT CAST(strftime('%s', time) AS INTEGER) / 3600 AS h, count(*) FROM "
                "findings WHERE coalesce(time, '') != '' AND h > 0 GROUP BY h")) {
    if (r.size() == 2 && std::holds_alternative<int64_t>(r[0]) &&
        std::holds_alternative<int64_t>(r[1]))
      d.activity.push_back(
          {"findings", std::get<int64_t>(r[0]), static_cast<uint64_t>(std::get<int64_t>(r[1]))});
  }
}

void derive_yara_findings(const ppc::CaseDb& db, std::size_t limit, ReportData& d) {
  d.findings_derived = true;
  d.findings_total = static_cast<uint64_t>(single_int(db, "SELECT count(*) FROM triage_matches"));
  for (const auto& r : db.query("SELECT rule, severity, meta, target_type, path, pid, strings, "
                                "rowid FROM triage_matches ORDER BY path, pid, rowid LIMIT " +
                                std::to_string(limit))) {
    nlohmann::json meta = nlohmann::json::parse(cell(r, 2), nullptr, false);
    if (!meta.is_object()) meta = nlohmann::json::object();
    Finding f;
    f.engine = "yara";
    f.rule_id = cell(r, 0);
    f.rule_title = meta_text(meta, {"description", "title"});
    f.severity = cell(r, 1);
    f.techniques = meta_text(meta, {"mitre", "attack", "mitre_attack", "technique"});
    f.tactics = tactics_of(f.techniques);
    bool process = cell(r, 3) == "process";
    f.object_type = process ? "process" : "file";
    f.object = process ? "PID " + cell(r, 5) + " " + cell(r, 4) : cell(r, 4);
    f.evidence = cell(r, 6);
    f.source_table = "triage_matches";
    f.source_rowid =
        r.size() > 7 && std::holds_alternative<int64_t>(r[7]) ? std::get<int64_t>(r[7]) : 0;
    d.findings.push_back(std::move(f));
  }
}

}  // namespace

void load_findings(const ppc::CaseDb& db, const std::vector<std::string>& names, std::size_t limit,
                   ReportData& d) {
  auto has = [&](std::string_view t) {
    return std::find(names.begin(), names.end(), t) != names.end();
  };
  if (has("findings")) {
    try {
      load_table_findings(db, limit, d);
      return;
    } catch (const std::exception& e) {
      d.findings.clear();
      d.notes.push_back(std::string("the findings table could not be read: ") + e.what());
    }
  }
  if (has("triage_matches")) derive_yara_findings(db, limit, d);
}

}  // namespace biunzip::report_db
