// report.html's page and sections. Every value from the package goes through esc().
#include <algorithm>
#include <map>

#include "biunzip/text.hpp"
#include "biunzip/version.hpp"
#include "ppc/custody.hpp"
#include "ppc/error.hpp"
#include "report_parts.hpp"

namespace biunzip {
namespace {

using report::CellKind;
using report::esc;

std::string card(const std::string& label, const std::string& value, const std::string& sub,
                 const char* tone = "") {
  return std::string("<div class=\"card ") + tone + "\"><div class=\"l\">" + esc(label) +
         "</div><div class=\"n\">" + esc(value) + "</div><div class=\"s\">" + esc(sub) +
         "</div></div>";
}

std::string section(const char* id, const std::string& title, uint64_t count, bool with_count,
                    const std::string& body) {
  std::string h = std::string("<section id=\"") + id + "\"><h2>" + esc(title);
  if (with_count) h += " <span class=\"count\">" + std::to_string(count) + "</span>";
  return h + "</h2>" + body + "</section>\n";
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string empty(const std::string& what) {
  return "<p class=\"empty\">" + esc(what) + "</p>";
}

// custody.json read by name (ppc::CustodyRecord, docs/FORMAT.md "The custody record"); the
// asset object's members are the collector's, read by their documented names.
struct Custody {
  bool present = false;
  ppc::CustodyRecord record;
  nlohmann::json asset = nlohmann::json::object();
  nlohmann::json tool = nlohmann::json::object();
};

Custody read_custody(const nlohmann::json& j) {
  Custody c;
  if (!j.is_object()) return c;
  try {
    c.record = ppc::custody_from_json(j.dump());
  } catch (const ppc::Error&) {
    return c;
  }
  c.present = true;
  c.asset = j.value("asset", nlohmann::json::object());
  c.tool = j.value("tool", nlohmann::json::object());
  return c;
}

std::string text_of(const nlohmann::json& obj, const char* key) {
  auto it = obj.is_object() ? obj.find(key) : obj.end();
  if (!obj.is_object() || it == obj.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

uint64_t severity_count(const TableData& t, int sev, int rank_max) {
  if (sev < 0) return 0;
  return static_cast<uint64_t>(std::count_if(t.rows.begin(), t.rows.end(), [&](const auto& r) {
    return report::severity_rank(static_cast<std::size_t>(sev) < r.size() ? r[sev] : "") <=
           rank_max;
  }));
}

std::string header_band(const ReportData& d, const Custody& c) {
  std::string host = text_of(c.asset, "hostname");
  std::string case_id = c.record.case_info.case_id;
  std::string started = c.record.started_utc;
  std::string h = "<header class=\"band\"><div class=\"kicker\">Case package report</div><h1>" +
                  esc(d.package_name.empty() ? "case package" : d.package_name) +
                  "</h1><div class=\"meta\">";
  auto meta = [&](const char* label, const std::string& v, const char* cls = "") {
    if (!v.empty())
      h += std::string("<span class=\"") + cls + "\"><b>" + label + "</b>" + esc(v) + "</span>";
  };
  meta("Asset", host);
  meta("Case", case_id);
  meta("Collected", started);
  meta("Package SHA-256", d.package_sha256, "mono");
  meta("Report generated", d.generated_utc);
  return h + "</div></header>\n";
}

std::string cards(const ReportData& d) {
  int sev = d.triage.column({"severity"});
  uint64_t serious = severity_count(d.triage, sev, 1);
  std::string h = "<div class=\"cards\">";
  h += card("Files stored", std::to_string(d.files.total_rows), human_bytes(d.files_bytes));
  h += card("Triage hits", std::to_string(d.triage.total_rows),
            std::to_string(serious) + " high or critical", serious ? "alert" : "good");
  h += card("Processes", std::to_string(d.processes.total_rows), d.processes.name);
  h += card("Network connections", std::to_string(d.network.total_rows), d.network.name);
  h += card("Errors", std::to_string(d.file_errors), "files not read completely",
            d.file_errors ? "warn" : "good");
  h += card("Custody records", std::to_string(d.custody_log.size()), "analyst actions");
  return h + "</div>\n";
}

std::string custody_section(const Custody& c) {
  if (!c.present)
    return section("custody", "Custody & asset identity", 0, false,
                   empty("custody.json is not available."));
  const ppc::CustodyRecord& r = c.record;
  std::vector<std::pair<std::string, std::string>> rows;
  auto add = [&](const char* label, const std::string& value) {
    if (!value.empty()) rows.emplace_back(label, value);
  };
  add("Case", r.case_info.case_id);
  add("Examiner", r.case_info.examiner);
  add("Organization", r.case_info.organization);
  add("Note", r.case_info.note);
  add("Asset", text_of(c.asset, "hostname"));
  add("Operating system", text_of(c.asset, "os"));
  add("Kernel", text_of(c.asset, "kernel"));
  add("Machine id", text_of(c.asset, "machine_id"));
  add("Collected", r.started_utc + (r.ended_utc.empty() ? "" : " to " + r.ended_utc));
  add("Profile",
      r.profile_name + " (" + std::to_string(r.profile_artifacts.size()) + " artifacts)");
  add("Collector", text_of(c.tool, "version") + " " + text_of(c.tool, "commit"));
  add("Collector SHA-256", text_of(c.tool, "sha256"));
  add("Encryption",
      r.package.encrypted ? join(r.package.recipient_types, ", ") : "none (integrity only)");
  add("Digests", r.package.hashes);
  add("Files", std::to_string(r.counts.files_stored) + " stored, " +
                   std::to_string(r.counts.files_skipped) + " skipped, " +
                   std::to_string(r.counts.files_failed) + " failed");
  add("Source errors", std::to_string(r.counts.source_errors));
  add("Stopped early", r.stopped_early);
  if (r.interrupted) add("Interrupted", "yes: a signal ended the collection early");
  add("Command line", join(r.command_line, " "));
  add("Configuration file", r.config_file);
  std::string h = "<div class=\"scroll\"><table class=\"kv\"><tbody>";
  for (const auto& [k, v] : rows) h += "<tr><th>" + esc(k) + "</th><td>" + esc(v) + "</td></tr>";
  return section("custody", "Custody & asset identity", rows.size(), false,
                 h + "</tbody></table></div>");
}

std::string triage_section(const TableData& t) {
  if (t.rows.empty())
    return section("triage", "Triage hits", 0, true, empty("No triage rule matched."));
  int sev = t.column({"severity"});
  std::vector<std::size_t> order(t.rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto rank = [&](std::size_t r) {
    return report::severity_rank(
        sev >= 0 && static_cast<std::size_t>(sev) < t.rows[r].size() ? t.rows[r][sev] : "");
  };
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return rank(a) < rank(b); });
  std::map<int, std::pair<std::string, uint64_t>> by_rank;
  for (std::size_t r : order) {
    auto& slot = by_rank[rank(r)];
    if (slot.second++ == 0 && sev >= 0) slot.first = t.rows[r][sev];
  }
  std::string h = "<div class=\"sevbar\">";
  for (const auto& [r, v] : by_rank) {
    h += report::severity_badge(v.first, " \u00d7 " + std::to_string(v.second));
  }
  h += "</div>";
  auto cols = report::pick_columns(t, {{{"severity"}, CellKind::severity},
                                       {{"rule"}, CellKind::text},
                                       {{"namespace", "rule_namespace"}, CellKind::text},
                                       {{"target_type"}, CellKind::text},
                                       {{"path"}, CellKind::mono},
                                       {{"pid"}, CellKind::text},
                                       {{"sha256"}, CellKind::mono},
                                       {{"tags_json", "tags"}, CellKind::text}});
  return section("triage", "Triage hits by severity", t.total_rows, true,
                 h + report::render_table(t, cols, order));
}

std::string artifact_section(
    const char* id, const std::string& title, const TableData& t,
    const std::vector<std::pair<std::vector<std::string_view>, CellKind>>& wanted,
    const std::string& when_empty = "") {
  if (t.columns.empty()) return section(id, title, 0, true, empty("Not collected."));
  if (t.rows.empty()) {
    return section(id, title, 0, true,
                   empty(when_empty.empty() ? "The table " + t.name + " is empty." : when_empty));
  }
  return section(id, title, t.total_rows, true,
                 report::render_table(t, report::pick_columns(t, wanted)));
}

std::string files_section(const TableData& t) {
  auto cols = report::pick_columns(t, {{{"path"}, CellKind::mono},
                                       {{"size"}, CellKind::bytes},
                                       {{"sha256"}, CellKind::mono},
                                       {{"md5"}, CellKind::mono},
                                       {{"status"}, CellKind::text},
                                       {{"mtime"}, CellKind::time},
                                       {{"artifact"}, CellKind::text}});
  if (t.rows.empty()) return section("files", "Files", 0, true, empty("No file was collected."));
  return section("files", "Files", t.total_rows, true,
                 "<details open><summary>File listing with hashes</summary>" +
                     report::render_table(t, cols) + "</details>");
}

std::string history_section(const std::vector<nlohmann::json>& log) {
  TableData t;
  t.name = "custody.log";
  t.columns = {"time",  "action", "analyst",        "host", "result",
               "files", "bytes",  "package_sha256", "tool"};
  for (const nlohmann::json& j : log) {
    std::vector<std::string> row;
    for (const std::string& c : t.columns) {
      const nlohmann::json* v = j.contains(c) ? &j.at(c) : nullptr;
      row.push_back(!v ? "" : v->is_string() ? v->get<std::string>() : v->dump());
    }
    t.rows.push_back(std::move(row));
  }
  t.total_rows = t.rows.size();
  if (t.rows.empty())
    return section("history", "Chain of custody", 0, true,
                   empty("No analyst action recorded yet."));
  auto cols = report::pick_columns(t, {{{"time"}, CellKind::time},
                                       {{"action"}, CellKind::text},
                                       {{"analyst"}, CellKind::text},
                                       {{"host"}, CellKind::text},
                                       {{"result"}, CellKind::text},
                                       {{"files"}, CellKind::text},
                                       {{"bytes"}, CellKind::bytes},
                                       {{"package_sha256"}, CellKind::mono},
                                       {{"tool"}, CellKind::text}});
  return section("history", "Chain of custody", t.total_rows, true, report::render_table(t, cols));
}

std::string tables_section(const ReportData& d) {
  TableData t;
  t.name = "case.db";
  t.columns = {"table", "rows"};
  for (const auto& [name, n] : d.table_counts) t.rows.push_back({name, std::to_string(n)});
  t.total_rows = t.rows.size();
  if (t.rows.empty()) return section("tables", "Case database", 0, false, empty("No tables."));
  return section(
      "tables", "Case database tables", t.total_rows, true,
      report::render_table(t, {{0, "table", CellKind::mono}, {1, "rows", CellKind::text}}));
}

}  // namespace

std::string render_report_html(const ReportData& d) {
  const Custody custody = read_custody(d.custody);
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">"
      "<title>Case report: " +
      esc(d.package_name) + "</title><style>" + report::stylesheet() + "</style></head>\n<body>\n" +
      header_band(d, custody) + "<main>\n" + cards(d);
  for (const std::string& n : d.notes) h += "<p class=\"note\">" + esc(n) + "</p>\n";
  h += custody_section(custody);
  h += triage_section(d.triage);
  h += artifact_section("processes", "Processes", d.processes,
                        {{{"pid"}, CellKind::text},
                         {{"ppid"}, CellKind::text},
                         {{"name", "comm"}, CellKind::text},
                         {{"user", "username", "uid"}, CellKind::text},
                         {{"exe", "path"}, CellKind::mono},
                         {{"cmdline", "command"}, CellKind::mono},
                         {{"start_time", "started"}, CellKind::time},
                         {{"state"}, CellKind::text}});
  h += artifact_section("network", "Network connections", d.network,
                        {{{"protocol", "proto"}, CellKind::text},
                         {{"local_address", "local_addr", "laddr"}, CellKind::mono},
                         {{"local_port", "lport"}, CellKind::text},
                         {{"remote_address", "remote_addr", "raddr"}, CellKind::mono},
                         {{"remote_port", "rport"}, CellKind::text},
                         {{"state"}, CellKind::text},
                         {{"pid"}, CellKind::text},
                         {{"process", "comm", "name"}, CellKind::text}});
  h += files_section(d.files);
  h += artifact_section("errors", "Errors", d.errors,
                        {{{"path"}, CellKind::mono},
                         {{"status"}, CellKind::text},
                         {{"error"}, CellKind::text},
                         {{"artifact"}, CellKind::text}},
                        "Every file was read completely.");
  h += artifact_section("events", "Collection events", d.events,
                        {{{"time_utc", "utc", "time"}, CellKind::time},
                         {{"event"}, CellKind::text},
                         {{"detail_json", "detail"}, CellKind::mono}});
  h += history_section(d.custody_log);
  h += tables_section(d);
  h += "</main>\n<footer>Generated by biunzip " + esc(version()) + " (" + esc(git_commit()) +
       ") from case.db, custody.json and custody.log. Values are shown as recorded; "
       "bytes that are not printable UTF-8 appear as \\x escapes.</footer>\n</body></html>\n";
  return h;
}

}  // namespace biunzip
