#include "findings/triage.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "ppc/embedded.hpp"
#include "ppc/error.hpp"
#include "sigma/rule.hpp"

namespace rules {
std::span<const ppc::EmbeddedFile> embedded_files();
}

namespace findings {
namespace {

[[noreturn]] void refuse(const std::string& what, const std::vector<std::string>& issues) {
  std::string message = what + ": " + std::to_string(issues.size()) + " rule(s) not loaded";
  for (const auto& i : issues) message += "\n  " + i;
  throw ppc::Error(ppc::ErrorClass::usage, message);
}

}  // namespace

std::unique_ptr<sigma::RuleSet> load_sigma_rules(const std::vector<std::string>& paths) {
  std::vector<sigma::Rule> rules;
  std::vector<std::string> issues;
  auto take = [&](sigma::LoadResult r) {
    for (auto& rule : r.rules) rules.push_back(std::move(rule));
    for (auto& i : r.issues) issues.push_back(i.to_string());
  };
  if (paths.empty()) {
    for (const ppc::EmbeddedFile& file : rules::embedded_files())
      if (file.path.starts_with("sigma/"))
        take(sigma::load_rules_from_text(file.data, "built-in " + std::string(file.path)));
  } else {
    for (const auto& p : paths) {
      std::error_code ec;
      if (!std::filesystem::exists(p, ec)) {
        issues.push_back(p + ": no such file or folder");
        continue;
      }
      take(sigma::load_rules_from_path(p));
    }
  }
  if (!issues.empty()) refuse("--sigma", issues);
  return std::make_unique<sigma::RuleSet>(std::move(rules));
}

std::vector<SqlRule> load_sql_rule_files(const std::vector<std::string>& paths) {
  SqlRuleSet set;
  if (paths.empty()) set = builtin_sql_rules();
  for (const auto& p : paths) {
    SqlRuleSet one = load_sql_rules_from_path(p);
    for (auto& r : one.rules) set.rules.push_back(std::move(r));
    for (auto& i : one.issues) set.issues.push_back(std::move(i));
  }
  std::set<std::string> ids;
  for (const auto& r : set.rules)
    if (!ids.insert(r.id).second) set.issues.push_back(r.file + ": id '" + r.id + "' used twice");
  if (!set.issues.empty()) refuse("--sql-rules", set.issues);
  return std::move(set.rules);
}

std::vector<SigmaMatch> read_sigma_matches(const ppc::CaseDb& db) {
  std::vector<SigmaMatch> out;
  auto names = db.table_names();
  if (std::find(names.begin(), names.end(), "sigma_matches") == names.end()) return out;
  auto str = [](const ppc::Value& v) {
    auto* s = std::get_if<std::string>(&v);
    return s ? *s : std::string();
  };
  for (const auto& r :
       db.query("SELECT rule_id, title, level, status, tags, logsource, "
                "source_file, line, time, event FROM sigma_matches ORDER BY rowid")) {
    SigmaMatch m{str(r[0]), str(r[1]),
                 str(r[2]), str(r[3]),
                 {},        str(r[5]),
                 str(r[6]), std::holds_alternative<int64_t>(r[7]) ? std::get<int64_t>(r[7]) : 0,
                 str(r[8]), str(r[9])};
    nlohmann::json tags = nlohmann::json::parse(str(r[4]), nullptr, false);
    if (tags.is_array())
      for (const auto& t : tags)
        if (t.is_string()) m.tags.push_back(t.get<std::string>());
    out.push_back(std::move(m));
  }
  return out;
}

TriageOutcome finish_triage(ppc::CaseDb& db, const std::vector<SigmaMatch>* sigma,
                            const std::vector<SqlRule>& sql_rules) {
  TriageOutcome out;
  std::vector<SigmaMatch> kept;
  if (sigma) {
    db.drop_table("sigma_matches");
    write_sigma_matches(db, *sigma);
    out.sigma_jsonl = sigma_matches_jsonl(*sigma);
  } else {
    kept = read_sigma_matches(db);
    sigma = &kept;
  }
  out.findings = findings_from_yara(db);
  for (auto& f : findings_from_sigma(*sigma)) out.findings.push_back(std::move(f));
  // The rules see case.db as it is now, sigma_matches included, findings not yet.
  db.drop_table("findings");
  SqlRunResult sql = run_sql_rules(db, sql_rules);
  for (auto& f : sql.findings) out.findings.push_back(std::move(f));
  out.sql_errors = std::move(sql.errors);
  out.sql_not_applicable = sql.not_applicable.size();
  write_findings(db, out.findings);
  out.findings_jsonl = findings_jsonl(out.findings);
  return out;
}

}  // namespace findings
