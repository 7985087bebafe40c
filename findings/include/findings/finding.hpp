#pragma once
// The `findings` table of case.db: one row per thing a rule engine (YARA, Sigma, SQL) flagged,
// with its severity and ATT&CK mapping, so the report and the timeline read one table.
#include <cstdint>
#include <string>
#include <vector>

#include "ppc/case_db.hpp"

namespace findings {

struct Finding {
  std::string engine;  // yara | sigma | sql
  std::string rule_id, rule_title;
  std::string severity;                           // informational | low | medium | high | critical
  std::string attack_techniques, attack_tactics;  // comma-separated: T1053.003 / persistence
  std::string object_type;                        // file | process | user | log | socket | ...
  std::string object;                             // path, pid, user name, log file:line, ...
  std::string evidence;                           // JSON
  std::string time;                               // ISO 8601 UTC or empty
  std::string source_table;
  int64_t source_rowid = -1;  // -1: none
};

// findings(engine, rule_id, rule_title, severity, attack_techniques, attack_tactics,
// object_type, object, evidence, time, source_table, source_rowid).
const std::vector<ppc::Column>& findings_columns();
// Creates the table if needed and inserts the rows.
void write_findings(ppc::CaseDb& db, const std::vector<Finding>& rows);
// One JSON line per finding (live/triage/findings.jsonl).
std::string findings_jsonl(const std::vector<Finding>& rows);

// Sigma levels and YARA severities to the five severities; unknown ones become "medium".
std::string normalize_severity(std::string_view level);
// The ATT&CK tactic(s) of a technique id, for engines that name only techniques (YARA's `mitre`
// meta): from a table of the techniques our rules use; empty when unknown.
std::string tactics_of_technique(std::string_view technique);
// Sigma tags to ATT&CK: `attack.t1059.004` -> technique T1059.004, `attack.execution` ->
// tactic execution (the names of the enterprise tactics, underscores as hyphens).
void attack_from_tags(const std::vector<std::string>& tags, std::string& techniques,
                      std::string& tactics);

// Findings for the YARA matches already in triage_matches (one per row).
std::vector<Finding> findings_from_yara(const ppc::CaseDb& db);

}  // namespace findings
