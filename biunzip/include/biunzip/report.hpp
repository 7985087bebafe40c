#pragma once
// report.html: one self-contained page (inline CSS and SVG, one inline script allowed by its
// hash, no external resource) that tells an analyst what a package holds. Built from case.db,
// custody.json, custody.log and salvage.json; every value is escaped, because evidence is hostile.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace biunzip {

// A case.db table (or any tabular data) as text, possibly cut to a row limit.
struct TableData {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  uint64_t total_rows = 0;  // before the limit

  // Index of the first column whose name is in `names`, or -1.
  int column(std::initializer_list<std::string_view> names) const;
};

// One row of the `findings` table (docs/USAGE.md), or one YARA match turned into one when
// case.db has no findings table.
struct Finding {
  std::string engine, rule_id, rule_title, severity, techniques, tactics;
  std::string object_type, object, evidence, time, source_table;
  int64_t source_rowid = 0;
};

// Events per hour for the activity histogram, by source ("file changes", "logins", ...).
struct ActivityCount {
  std::string source;
  int64_t hour = 0;  // UTC seconds / 3600
  uint64_t count = 0;
};

struct ReportData {
  std::string package_name;                 // what the page is titled after
  std::string package_sha256;               // from the newest custody.log line, when known
  nlohmann::json custody;                   // custody.json (null when absent)
  std::vector<nlohmann::json> custody_log;  // DIR/custody.log lines, oldest first
  TableData files, triage, processes, network, events;
  std::vector<std::pair<std::string, uint64_t>> table_counts;  // every case.db table
  uint64_t files_bytes = 0;                                    // sum of files.size
  uint64_t file_errors = 0;  // files rows with an error or a non-complete status
  TableData errors;          // those rows
  // Artifact tables the report's sections read by name (users, cron_jobs, ...), already in
  // the order they are shown (unusual first); absent when not collected.
  std::map<std::string, TableData> tables;
  std::vector<Finding> findings;  // ordered by object
  uint64_t findings_total = 0;    // before the limit
  bool findings_derived = false;  // no findings table: built from triage_matches
  std::vector<ActivityCount> activity;
  TableData lost;          // salvage.json's lost entries (salvaged folders)
  uint64_t recovered = 0;  // salvage.json's recovered files
  bool salvaged = false;
  std::string verification;  // how the package was checked (package input: by this report)
  std::string signature;     // signed by which key, or unsigned (package input)
  std::string timestamp;     // RFC 3161 state (package input: the .tsr/.tsq sidecars)
  std::string generated_utc;
  std::vector<std::string> notes;  // e.g. "case.db missing"
};

struct ReportSources {
  std::string case_db;       // path, empty when absent
  std::string custody_json;  // text
  std::string custody_log;   // text
  std::string salvage_json;  // text, in a salvaged directory: its recovered files are listed
  std::string package_name;
  std::string package_sha256;  // when the report read the package itself
  std::string verification, signature, timestamp;
  std::size_t row_limit = 5000;
};

// Reads the case database read-only and parses the JSON texts (bad lines become notes).
ReportData load_report_data(const ReportSources& sources);

std::string render_report_html(const ReportData& data);

}  // namespace biunzip
