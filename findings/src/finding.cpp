#include "findings/finding.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

namespace findings {
namespace {

ppc::Value text(const std::string& s) {
  return s.empty() ? ppc::Value{} : ppc::Value{s};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void append(std::string& list, std::string_view item) {
  if (item.empty()) return;
  for (std::size_t s = 0; s <= list.size();) {
    std::size_t e = std::min(list.find(',', s), list.size());
    if (std::string_view(list).substr(s, e - s) == item) return;
    s = e + 1;
  }
  if (!list.empty()) list += ',';
  list += item;
}

// The enterprise tactics as Sigma tags spell them (attack.defense_evasion, ...).
const char* const kTactics[] = {"reconnaissance",  "resource_development",
                                "initial_access",  "execution",
                                "persistence",     "privilege_escalation",
                                "defense_evasion", "credential_access",
                                "discovery",       "lateral_movement",
                                "collection",      "command_and_control",
                                "exfiltration",    "impact"};

}  // namespace

const std::vector<ppc::Column>& findings_columns() {
  using enum ppc::ColumnType;
  static const std::vector<ppc::Column> columns = {{"engine", text},
                                                   {"rule_id", text},
                                                   {"rule_title", text},
                                                   {"severity", text},
                                                   {"attack_techniques", text},
                                                   {"attack_tactics", text},
                                                   {"object_type", text},
                                                   {"object", text},
                                                   {"evidence", text},
                                                   {"time", text},
                                                   {"source_table", text},
                                                   {"source_rowid", integer}};
  return columns;
}

void write_findings(ppc::CaseDb& db, const std::vector<Finding>& rows) {
  db.create_table("findings", findings_columns());
  for (const Finding& f : rows) {
    const ppc::Value row[] = {text(f.engine),
                              text(f.rule_id),
                              text(f.rule_title),
                              text(f.severity),
                              text(f.attack_techniques),
                              text(f.attack_tactics),
                              text(f.object_type),
                              text(f.object),
                              text(f.evidence),
                              text(f.time),
                              text(f.source_table),
                              f.source_rowid < 0 ? ppc::Value{} : ppc::Value{f.source_rowid}};
    db.insert("findings", row);
  }
}

std::string findings_jsonl(const std::vector<Finding>& rows) {
  std::string out;
  for (const Finding& f : rows) {
    nlohmann::ordered_json j = {
        {"engine", f.engine},
        {"rule_id", f.rule_id},
        {"rule_title", f.rule_title},
        {"severity", f.severity},
        {"attack_techniques", f.attack_techniques},
        {"attack_tactics", f.attack_tactics},
        {"object_type", f.object_type},
        {"object", f.object},
        {"evidence", nlohmann::ordered_json::parse(f.evidence, nullptr, false)},
        {"time", f.time},
        {"source_table", f.source_table},
        {"source_rowid",
         f.source_rowid < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(f.source_rowid)}};
    if (j["evidence"].is_discarded()) j["evidence"] = f.evidence;
    out += j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  return out;
}

std::string normalize_severity(std::string_view level) {
  std::string l = lower(level);
  if (l == "informational" || l == "info") return "informational";
  if (l == "low" || l == "medium" || l == "high" || l == "critical") return l;
  return "medium";
}

std::string tactics_of_technique(std::string_view technique) {
  // The techniques our rules (YARA meta `mitre`) name, mapped to their enterprise tactics.
  static const std::map<std::string, std::string, std::less<>> table = {
      {"T1003", "credential-access"},
      {"T1014", "defense-evasion"},
      {"T1027", "defense-evasion"},
      {"T1036", "defense-evasion"},
      {"T1053", "execution,persistence,privilege-escalation"},
      {"T1057", "discovery"},
      {"T1059", "execution"},
      {"T1068", "privilege-escalation"},
      {"T1070", "defense-evasion"},
      {"T1071", "command-and-control"},
      {"T1078", "defense-evasion,persistence,privilege-escalation,initial-access"},
      {"T1082", "discovery"},
      {"T1090", "command-and-control"},
      {"T1095", "command-and-control"},
      {"T1098", "persistence,privilege-escalation"},
      {"T1105", "command-and-control"},
      {"T1110", "credential-access"},
      {"T1136", "persistence"},
      {"T1140", "defense-evasion"},
      {"T1205", "defense-evasion,persistence,command-and-control"},
      {"T1496", "impact"},
      {"T1498", "impact"},
      {"T1505", "persistence"},
      {"T1543", "persistence,privilege-escalation"},
      {"T1546", "privilege-escalation,persistence"},
      {"T1547", "persistence,privilege-escalation"},
      {"T1548", "privilege-escalation,defense-evasion"},
      {"T1555", "credential-access"},
      {"T1556", "credential-access,defense-evasion,persistence"},
      {"T1564", "defense-evasion"},
      {"T1571", "command-and-control"},
      {"T1572", "command-and-control"},
      {"T1574", "persistence,privilege-escalation,defense-evasion"},
      {"T1611", "privilege-escalation"},
      {"T1620", "defense-evasion"}};
  std::string_view base = technique.substr(0, technique.find('.'));
  auto it = table.find(base);
  return it == table.end() ? std::string() : it->second;
}

void attack_from_tags(const std::vector<std::string>& tags, std::string& techniques,
                      std::string& tactics) {
  for (const std::string& tag : tags) {
    std::string t = lower(tag);
    if (!t.starts_with("attack.")) continue;
    std::string_view rest = std::string_view(t).substr(7);
    if (rest.size() >= 5 && rest[0] == 't' && std::isdigit(static_cast<unsigned char>(rest[1]))) {
      std::string id(rest);
      id[0] = 'T';
      append(techniques, id);
      continue;
    }
    for (const char* tactic : kTactics)
      if (rest == tactic) {
        std::string name(rest);
        std::replace(name.begin(), name.end(), '_', '-');
        append(tactics, name);
      }
  }
}

std::vector<Finding> findings_from_yara(const ppc::CaseDb& db) {
  std::vector<Finding> out;
  auto rows = db.query(
      "SELECT id, rule, namespace, meta, target_type, path, pid, sha256, strings, severity "
      "FROM triage_matches ORDER BY id");
  auto str = [](const ppc::Value& v) {
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
    return std::string();
  };
  for (const auto& r : rows) {
    Finding f;
    f.engine = "yara";
    f.rule_id = str(r[2]).empty() ? str(r[1]) : str(r[2]) + ":" + str(r[1]);
    nlohmann::json meta = nlohmann::json::parse(str(r[3]), nullptr, false);
    if (meta.is_object()) {
      f.rule_title = meta.value("description", "");
      if (meta.contains("mitre") && meta["mitre"].is_string()) {
        f.attack_techniques = meta["mitre"].get<std::string>();
        for (std::size_t s = 0; s <= f.attack_techniques.size();) {
          std::size_t e = std::min(f.attack_techniques.find(',', s), f.attack_techniques.size());
          std::string tactics = tactics_of_technique(f.attack_techniques.substr(s, e - s));
          for (std::size_t a = 0; a <= tactics.size();) {
            std::size_t b = std::min(tactics.find(',', a), tactics.size());
            append(f.attack_tactics, tactics.substr(a, b - a));
            a = b + 1;
          }
          s = e + 1;
        }
      }
    }
    if (f.rule_title.empty()) f.rule_title = str(r[1]);
    f.severity = normalize_severity(str(r[9]));
    std::string target = str(r[4]);
    bool process = target == "process";
    f.object_type = process ? "process" : "file";
    f.object = process ? str(r[6]) : str(r[5]);
    nlohmann::json evidence = {{"target_type", target},
                               {"path", str(r[5])},
                               {"sha256", str(r[7])},
                               {"strings", nlohmann::json::parse(str(r[8]), nullptr, false)}};
    if (process) evidence["pid"] = str(r[6]);
    if (evidence["strings"].is_discarded()) evidence["strings"] = nullptr;
    f.evidence = evidence.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    f.source_table = "triage_matches";
    f.source_rowid = std::get<int64_t>(r[0]);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace findings
