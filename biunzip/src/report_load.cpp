// Loading the report's data: case.db through ppc::CaseDb (read-only), JSON texts by hand.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "biunzip/report.hpp"
#include "biunzip/text.hpp"
#include "ppc/case_db.hpp"
#include "ppc/error.hpp"
#include "report_db.hpp"

namespace biunzip {
namespace report_db {

std::string value_text(const ppc::Value& v) {
  if (std::holds_alternative<int64_t>(v)) return std::to_string(std::get<int64_t>(v));
  if (std::holds_alternative<double>(v)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", std::get<double>(v));
    return buf;
  }
  if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
  return {};
}

// SQL quoting for names that come from the (hostile) database itself.
std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

int64_t single_int(const ppc::CaseDb& db, const std::string& sql) {
  auto rows = db.query(sql);
  if (rows.empty() || rows[0].empty() || !std::holds_alternative<int64_t>(rows[0][0])) return 0;
  return std::get<int64_t>(rows[0][0]);
}

TableData load_rows(const ppc::CaseDb& db, const std::string& table, const std::string& sql,
                    std::size_t limit) {
  TableData t;
  t.name = table;
  for (auto& row : db.query("SELECT name FROM pragma_table_info(" + quote_literal(table) + ")")) {
    t.columns.push_back(value_text(row.at(0)));
  }
  t.total_rows = static_cast<uint64_t>(single_int(db, "SELECT count(*) FROM (" + sql + ")"));
  for (auto& row : db.query(sql + " LIMIT " + std::to_string(limit))) {
    std::vector<std::string> cells;
    for (const ppc::Value& v : row) cells.push_back(value_text(v));
    t.rows.push_back(std::move(cells));
  }
  return t;
}

bool has_column(const ppc::CaseDb& db, const std::string& table, std::string_view column) {
  return !db.query("SELECT 1 FROM pragma_table_info(" + quote_literal(table) +
                   ") WHERE name = " + quote_literal(column))
              .empty();
}

}  // namespace report_db

namespace {

using namespace report_db;

TableData load_table(const ppc::CaseDb& db, const std::string& table, std::size_t limit) {
  return load_rows(db, table, "SELECT * FROM " + quote_identifier(table), limit);
}

// The artifact table that best matches one of `words`, in order of preference.
std::string find_table(const std::vector<std::string>& names,
                       std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    for (const std::string& n : names) {
      if (n == w) return n;
    }
  }
  for (std::string_view w : words) {
    for (const std::string& n : names) {
      if (n.find(w) != std::string::npos) return n;
    }
  }
  return {};
}

void load_case_db(const std::string& path, std::size_t limit, ReportData& d) {
  ppc::CaseDb db = ppc::CaseDb::open_file(path);
  std::vector<std::string> names = db.table_names();
  for (const std::string& n : names) {
    d.table_counts.emplace_back(
        n, static_cast<uint64_t>(single_int(db, "SELECT count(*) FROM " + quote_identifier(n))));
  }
  auto has = [&](std::string_view n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  if (has("files")) {
    d.files = load_table(db, "files", limit);
    d.files_bytes = static_cast<uint64_t>(
        single_int(db, "SELECT coalesce(sum(size), 0) FROM files WHERE size > 0"));
    d.errors = load_rows(db, "files",
                         "SELECT * FROM files WHERE coalesce(error, '') != '' OR "
                         "coalesce(status, 'complete') NOT IN ('complete', 'symlink', '')",
                         limit);
    d.file_errors = d.errors.total_rows;
  }
  if (has("triage_matches")) d.triage = load_table(db, "triage_matches", limit);
  if (has("custody")) d.events = load_table(db, "custody", limit);
  std::string procs = find_table(names, {"processes", "process_list", "process"});
  if (!procs.empty()) {
    bool pid = has_column(db, procs, "pid");
    // By PID as a number (a text column would put 10 before 9).
    d.processes = load_rows(
        db, procs,
        "SELECT * FROM " + quote_identifier(procs) + (pid ? " ORDER BY CAST(pid AS INTEGER)" : ""),
        limit);
  }
  std::string net = find_table(
      names, {"network_connections", "connections", "sockets", "netstat", "network", "socket"});
  if (!net.empty()) {
    // Listening sockets first: what the host offers, then what it talks to.
    bool state = has_column(db, net, "state");
    d.network = load_rows(db, net,
                          "SELECT * FROM " + quote_identifier(net) +
                              (state ? " ORDER BY state != 'LISTEN', rowid" : ""),
                          limit);
  }
  load_analyst_tables(db, names, limit, d);
  load_findings(db, names, limit, d);
}

void parse_custody_log(const std::string& text, ReportData& d) {
  std::istringstream in(text);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      d.notes.push_back("custody.log line " + std::to_string(n) + " is not a JSON object");
      continue;
    }
    if (j.contains("package_sha256") && j["package_sha256"].is_string()) {
      d.package_sha256 = j["package_sha256"].get<std::string>();
    }
    if (j.contains("package") && j["package"].is_string()) {
      std::string p = j["package"].get<std::string>();
      d.package_name = p.substr(p.rfind('/') + 1);  // npos + 1 == 0
    }
    d.custody_log.push_back(std::move(j));
  }
}

// A salvaged directory often lacks case.db (it comes last in a package): the files listing
// then comes from salvage.json's recovered entries.
void load_salvage_listing(const std::string& text, std::size_t limit, ReportData& d) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j["recovered"].is_array()) {
    d.notes.push_back("salvage.json is not valid JSON");
    return;
  }
  TableData t;
  t.name = "files";
  t.columns = {"path", "size", "sha256", "status"};
  uint64_t bytes = 0;
  for (const nlohmann::json& e : j["recovered"]) {
    if (!e.is_object() || e.value("type", "") != "file") continue;
    std::string name = e.value("name", "");
    if (name.empty()) name = e.value("name_hex", "");
    uint64_t size = e.value("size", uint64_t{0});
    bytes += size;
    ++t.total_rows;
    if (t.rows.size() < limit) {
      t.rows.push_back({name, std::to_string(size), e.value("sha256", ""),
                        "recovered, " + e.value("verification", "")});
    }
  }
  d.salvaged = true;
  d.recovered = t.total_rows;
  d.lost.name = "salvage.json lost";
  d.lost.columns = {"name", "size", "status", "note"};
  if (j["lost"].is_array()) {
    for (const nlohmann::json& e : j["lost"]) {
      if (!e.is_object()) continue;
      std::vector<std::string> row;
      for (const std::string& c : d.lost.columns) {
        nlohmann::json v = e.value(c, nlohmann::json());
        if (c == "name" && !v.is_string()) v = e.value("name_hex", nlohmann::json());
        row.push_back(v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump());
      }
      d.lost.rows.push_back(std::move(row));
    }
  }
  d.lost.total_rows = d.lost.rows.size();
  if (d.files.rows.empty() && t.total_rows > 0) {
    d.files = std::move(t);
    d.files_bytes = bytes;
    d.notes.push_back("salvaged package: the file listing is salvage.json's recovered entries");
  }
}

}  // namespace

int TableData::column(std::initializer_list<std::string_view> names) const {
  for (std::string_view want : names) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] == want) return static_cast<int>(i);
    }
  }
  return -1;
}

ReportData load_report_data(const ReportSources& s) {
  ReportData d;
  d.package_name = s.package_name;
  d.generated_utc = utc_now();
  if (s.case_db.empty()) {
    d.notes.push_back(s.salvage_json.empty()
                          ? "case.db is missing: no file, triage or artifact data to show"
                          : "case.db was not recovered: no triage or artifact data to show");
  } else {
    try {
      load_case_db(s.case_db, s.row_limit, d);
    } catch (const std::exception& e) {
      d.notes.push_back(std::string("case.db could not be read: ") + e.what());
    }
  }
  if (!s.custody_json.empty()) {
    d.custody = nlohmann::json::parse(s.custody_json, nullptr, false);
    if (d.custody.is_discarded()) {
      d.custody = nullptr;
      d.notes.push_back("custody.json is not valid JSON");
    }
  } else {
    d.notes.push_back("custody.json is missing");
  }
  if (!s.salvage_json.empty()) load_salvage_listing(s.salvage_json, s.row_limit, d);
  parse_custody_log(s.custody_log, d);  // names the package when the directory was renamed
  if (!s.package_sha256.empty()) d.package_sha256 = s.package_sha256;
  d.verification = s.verification;
  d.signature = s.signature;
  d.timestamp = s.timestamp;
  if (d.package_name.empty()) d.package_name = s.package_name;
  return d;
}

}  // namespace biunzip
