#pragma once
// SQL rules: osquery-style detections written as one SELECT over case.db's tables.
//
// A rule file is YAML, one rule per document (`---` between them):
//   id: ppc-sql-uid0-account            # unique
//   title: A uid-0 account other than root
//   description: ...
//   severity: high                      # informational | low | medium | high | critical
//   attack: {techniques: [T1136.001], tactics: [persistence]}
//   object_type: user                   # what `object` names: file, process, user, socket, ...
//   query: SELECT name AS object, uid, line FROM users WHERE uid = 0 AND name <> 'root'
// Every row the query returns is one finding. Its column `object` names what the finding is
// about; optional columns `time`, `source_table` and `source_rowid` fill those fields of the
// finding; every column goes into the evidence JSON. Queries run read-only and bounded
// (ppc::CaseDb::query_guarded): one that writes is refused at load or at run, one that runs over
// its budget is stopped and reported.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "findings/finding.hpp"
#include "ppc/case_db.hpp"

namespace findings {

struct SqlRule {
  std::string id, title, description, severity;
  std::string techniques, tactics;  // comma-separated
  std::string object_type;
  std::string query;
  std::string file;  // where it came from
};

struct SqlRuleSet {
  std::vector<SqlRule> rules;
  std::vector<std::string> issues;  // "file: rule N: reason", one per rule or file not loaded
};

SqlRuleSet load_sql_rules_from_text(std::string_view text, const std::string& origin);
// A .yml/.yaml file, or a folder walked recursively in name order.
SqlRuleSet load_sql_rules_from_path(const std::filesystem::path& path);
// The built-in set, embedded from rules/sql/.
SqlRuleSet builtin_sql_rules();

// Virtual-machine steps one query may take (about a second of CPU here).
inline constexpr uint64_t kSqlRuleBudget = 200'000'000;

struct SqlRunResult {
  std::vector<Finding> findings;
  std::vector<std::string> errors;          // "rule id: reason": refused, over budget, failed
  std::vector<std::string> not_applicable;  // rule ids whose tables this case.db lacks
};
SqlRunResult run_sql_rules(const ppc::CaseDb& db, const std::vector<SqlRule>& rules,
                           uint64_t max_steps = kSqlRuleBudget);

}  // namespace findings
