#pragma once
// What both front ends do with the engines: load the rule sets (refusing, before anything runs,
// a set with any rule that does not load), and at the end write sigma_matches and findings into
// case.db.
#include <memory>
#include <string>
#include <vector>

#include "findings/log_scan.hpp"
#include "findings/sql_rules.hpp"
#include "ppc/case_db.hpp"
#include "sigma/rule_set.hpp"

namespace findings {

// Sigma rules from files and folders (`paths`), or the built-in set (rules/sigma/) when `paths`
// is empty. Any rule that does not load throws ppc::Error(usage) listing each "file:line: reason".
std::unique_ptr<sigma::RuleSet> load_sigma_rules(const std::vector<std::string>& paths);
// SQL rules likewise (built-in set: rules/sql/).
std::vector<SqlRule> load_sql_rule_files(const std::vector<std::string>& paths);

// The sigma_matches rows already in `db` (a package triaged before), in rowid order; empty when
// the table does not exist.
std::vector<SigmaMatch> read_sigma_matches(const ppc::CaseDb& db);

struct TriageOutcome {
  std::vector<Finding> findings;
  std::vector<std::string> sql_errors;
  std::size_t sql_not_applicable = 0;
  std::string sigma_jsonl, findings_jsonl;
};

// Writes `sigma` into sigma_matches (replacing the table) when given, runs the SQL rules, and
// rebuilds `findings` from triage_matches (YARA), the Sigma matches and the SQL rules.
TriageOutcome finish_triage(ppc::CaseDb& db, const std::vector<SigmaMatch>* sigma,
                            const std::vector<SqlRule>& sql_rules);

}  // namespace findings
