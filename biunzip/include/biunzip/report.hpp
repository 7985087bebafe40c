#pragma once
// report.html: one self-contained page (inline CSS, no script, no external resource) that
// tells an analyst what a package holds. Built from case.db, custody.json and custody.log;
// every value is escaped, because evidence is hostile.
#include <cstdint>
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
  std::string generated_utc;
  std::vector<std::string> notes;  // e.g. "case.db missing"
};

struct ReportSources {
  std::string case_db;       // path, empty when absent
  std::string custody_json;  // text
  std::string custody_log;   // text
  std::string salvage_json;  // text, in a salvaged directory: its recovered files are listed
  std::string package_name;
  std::size_t row_limit = 5000;
};

// Reads the case database read-only and parses the JSON texts (bad lines become notes).
ReportData load_report_data(const ReportSources& sources);

std::string render_report_html(const ReportData& data);

}  // namespace biunzip
