#include "findings/sql_rules.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "ppc/embedded.hpp"
#include "ppc/error.hpp"

namespace rules {
std::span<const ppc::EmbeddedFile> embedded_files();
}

namespace findings {
namespace {

bool known_severity(const std::string& s) {
  return s == "informational" || s == "low" || s == "medium" || s == "high" || s == "critical";
}

std::string joined(const YAML::Node& node, const std::string& what) {
  if (!node) return {};
  if (node.IsScalar()) return node.as<std::string>();
  if (!node.IsSequence()) throw std::runtime_error(what + " must be a list");
  std::string out;
  for (const auto& item : node) out += (out.empty() ? "" : ",") + item.as<std::string>();
  return out;
}

SqlRule parse_rule(const YAML::Node& doc) {
  static const std::set<std::string> keys = {"id",       "title",  "description",
                                             "severity", "attack", "object_type",
                                             "query",    "author", "references"};
  if (!doc.IsMap()) throw std::runtime_error("a rule must be a map");
  for (const auto& kv : doc)
    if (!keys.count(kv.first.as<std::string>()))
      throw std::runtime_error("unknown key '" + kv.first.as<std::string>() + "'");
  SqlRule r;
  auto need = [&](const char* key) {
    if (!doc[key] || !doc[key].IsScalar() || doc[key].as<std::string>().empty())
      throw std::runtime_error(std::string("missing ") + key);
    return doc[key].as<std::string>();
  };
  r.id = need("id");
  r.title = need("title");
  r.severity = need("severity");
  r.query = need("query");
  if (!known_severity(r.severity))
    throw std::runtime_error("severity '" + r.severity +
                             "' is not informational, low, medium, high or critical");
  if (doc["description"]) r.description = doc["description"].as<std::string>();
  r.object_type = doc["object_type"] ? doc["object_type"].as<std::string>() : "";
  if (const YAML::Node attack = doc["attack"]) {
    if (!attack.IsMap()) throw std::runtime_error("attack must be a map");
    r.techniques = joined(attack["techniques"], "attack.techniques");
    r.tactics = joined(attack["tactics"], "attack.tactics");
  }
  return r;
}

// Refuses at load what can be refused without the case's tables: more than one statement, a
// statement that writes (checked against an empty case.db: the fixed tables exist there).
std::string static_check(const SqlRule& r) {
  static const ppc::CaseDb empty;
  try {
    empty.query_guarded(r.query, 1'000'000);
  } catch (const ppc::Error& e) {
    std::string what = e.what();
    if (what.find("no such table") != std::string::npos ||
        what.find("no such column") != std::string::npos ||
        what.find("over its budget") != std::string::npos)
      return {};  // artifact tables are declared at run time; the budget applies to real data
    return what;
  }
  return {};
}

}  // namespace

SqlRuleSet load_sql_rules_from_text(std::string_view text, const std::string& origin) {
  SqlRuleSet out;
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    out.issues.push_back(origin + ": " + e.what());
    return out;
  }
  std::set<std::string> ids;
  int n = 0;
  for (const YAML::Node& doc : docs) {
    ++n;
    if (doc.IsNull()) continue;
    std::string where = origin + ": rule " + std::to_string(n);
    try {
      SqlRule r = parse_rule(doc);
      r.file = origin;
      if (std::string why = static_check(r); !why.empty())
        throw std::runtime_error("query refused: " + why);
      if (!ids.insert(r.id).second) throw std::runtime_error("id '" + r.id + "' used twice");
      out.rules.push_back(std::move(r));
    } catch (const std::exception& e) {
      out.issues.push_back(where + ": " + e.what());
    }
  }
  return out;
}

SqlRuleSet load_sql_rules_from_path(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  SqlRuleSet out;
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec))
      if (it->is_regular_file() &&
          (it->path().extension() == ".yml" || it->path().extension() == ".yaml"))
        files.push_back(it->path());
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    out.issues.push_back(path.string() + ": no such file or folder");
    return out;
  }
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      out.issues.push_back(file.string() + ": cannot be read");
      continue;
    }
    SqlRuleSet one = load_sql_rules_from_text(text.str(), file.string());
    for (auto& r : one.rules) out.rules.push_back(std::move(r));
    for (auto& i : one.issues) out.issues.push_back(std::move(i));
  }
  return out;
}

SqlRuleSet builtin_sql_rules() {
  SqlRuleSet out;
  for (const ppc::EmbeddedFile& file : rules::embedded_files()) {
    if (!file.path.starts_with("sql/")) continue;
    SqlRuleSet one = load_sql_rules_from_text(file.data, "built-in " + std::string(file.path));
    for (auto& r : one.rules) out.rules.push_back(std::move(r));
    for (auto& i : one.issues) out.issues.push_back(std::move(i));
  }
  return out;
}

namespace {

std::string value_text(const ppc::Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

nlohmann::ordered_json value_json(const ppc::Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return *d;
  return nullptr;
}

Finding finding_of(const SqlRule& rule, const std::vector<std::string>& columns,
                   const std::vector<ppc::Value>& row) {
  Finding f;
  f.engine = "sql";
  f.rule_id = rule.id;
  f.rule_title = rule.title;
  f.severity = rule.severity;
  f.attack_techniques = rule.techniques;
  f.attack_tactics = rule.tactics;
  f.object_type = rule.object_type;
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string& c = columns[i];
    if (c == "object") f.object = value_text(row[i]);
    if (c == "time") f.time = value_text(row[i]);
    if (c == "source_table") f.source_table = value_text(row[i]);
    if (c == "source_rowid") {
      if (auto* n = std::get_if<int64_t>(&row[i])) f.source_rowid = *n;
    }
    evidence[c] = value_json(row[i]);
  }
  f.evidence = evidence.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return f;
}

}  // namespace

SqlRunResult run_sql_rules(const ppc::CaseDb& db, const std::vector<SqlRule>& rules,
                           uint64_t max_steps) {
  SqlRunResult out;
  for (const SqlRule& rule : rules) {
    ppc::CaseDb::QueryResult result;
    try {
      result = db.query_guarded(rule.query, max_steps);
    } catch (const ppc::Error& e) {
      std::string what = e.what();
      if (what.find("no such table") != std::string::npos)
        out.not_applicable.push_back(rule.id);
      else
        out.errors.push_back(rule.id + ": " + what);
      continue;
    }
    for (const auto& row : result.rows)
      out.findings.push_back(finding_of(rule, result.columns, row));
  }
  return out;
}

}  // namespace findings
