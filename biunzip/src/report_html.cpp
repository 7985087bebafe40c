// report.html's page, in the order an investigator reads it: header, at a glance, findings,
// custody and identity, accounts, persistence, processes and network, files, errors, images
// and timeline, collection events, case.db tables. Every value from the package goes through
// esc(); the one script is allowed by its hash (report_script.cpp).
#include "biunzip/version.hpp"
#include "report_sections.hpp"

namespace biunzip {
namespace report {

std::string artifact_table_section(
    const char* id, const std::string& title, const TableData& t,
    const std::vector<std::pair<std::vector<std::string_view>, CellKind>>& wanted,
    const std::string& when_empty) {
  if (t.columns.empty()) return section(id, title, 0, true, empty_note("Not collected."));
  if (t.rows.empty()) return section(id, title, 0, true, empty_note(when_empty));
  return section(id, title, t.total_rows, true, render_table(t, pick_columns(t, wanted)));
}

std::string salvage_section(const ReportData& d) {
  if (!d.salvaged) return {};
  std::string body = "<p><span class=\"ok\">" + std::to_string(d.recovered) +
                     " files recovered</span> and verified as listed under Files; <span "
                     "class=\"fail\">" +
                     std::to_string(d.lost.total_rows) + " entries lost</span>.</p>";
  body += d.lost.rows.empty() ? empty_note("Nothing was lost.")
                              : render_table(d.lost, {{0, "name", CellKind::mono},
                                                      {1, "size", CellKind::bytes},
                                                      {2, "status", CellKind::text},
                                                      {3, "note", CellKind::text}});
  return section("salvage", "Salvage: recovered and lost", d.lost.total_rows, true, body);
}

// Disk images (biunzip image) and the timeline (biunzip timeline) when case.db has them.
std::string images_section(const ReportData& d) {
  std::string body;
  for (const auto& [name, n] : d.table_counts) {
    if (name.starts_with("image"))
      body += "<p>case.db table <span class=\"mono\">" + esc(name) +
              "</span>: " + std::to_string(n) +
              " rows (digests and error ranges of each image).</p>";
  }
  if (body.empty()) body = empty_note("No disk image in this package.");
  body +=
      "<p class=\"muted\">For the merged timeline of files, logins, processes, logs and "
      "findings run <span class=\"mono\">biunzip timeline DIR</span>.</p>";
  return section("images", "Images and timeline", 0, false, body);
}

}  // namespace report

namespace {

using report::CellKind;
using report::esc;

std::string files_section(const TableData& t) {
  if (t.rows.empty())
    return report::section("files", "Files", 0, true, report::empty_note("No file was collected."));
  auto cols = report::pick_columns(t, {{{"path"}, CellKind::mono},
                                       {{"size"}, CellKind::bytes},
                                       {{"sha256"}, CellKind::mono},
                                       {{"md5"}, CellKind::mono},
                                       {{"status"}, CellKind::text},
                                       {{"mtime"}, CellKind::time},
                                       {{"artifact"}, CellKind::text}});
  return report::section("files", "Files", t.total_rows, true,
                         report::filter_box("files", "Filter files (path, hash, status)") +
                             report::render_table(t, cols));
}

std::string tables_section(const ReportData& d) {
  TableData t;
  t.name = "case.db";
  t.columns = {"table", "rows"};
  for (const auto& [name, n] : d.table_counts) t.rows.push_back({name, std::to_string(n)});
  t.total_rows = t.rows.size();
  if (t.rows.empty())
    return report::section("tables", "Case database", 0, false, report::empty_note("No tables."));
  return report::section(
      "tables", "Case database tables", t.total_rows, true,
      report::render_table(t, {{0, "table", CellKind::mono}, {1, "rows", CellKind::text}}));
}

std::string nav() {
  static constexpr std::pair<const char*, const char*> kLinks[] = {
      {"glance", "At a glance"},      {"findings", "Findings"},
      {"custody", "Custody"},         {"accounts", "Accounts"},
      {"persistence", "Persistence"}, {"processes", "Processes"},
      {"network", "Network"},         {"files", "Files"},
      {"errors", "Errors"},           {"images", "Images"},
      {"tables", "case.db"}};
  std::string h = "<nav>";
  for (const auto& [id, label] : kLinks)
    h += std::string("<a href=\"#") + id + "\">" + label + "</a>";
  return h + "</nav>\n";
}

}  // namespace

std::string render_report_html(const ReportData& d) {
  const report::Custody custody = report::read_custody(d.custody);
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src " +
      report::filter_script_csp() + "\"><title>Case report: " + esc(d.package_name) +
      "</title><style>" + report::stylesheet() + "</style></head>\n<body>\n" +
      report::header_band(d, custody) + "<main>\n" + nav();
  for (const std::string& n : d.notes) h += "<p class=\"note\">" + esc(n) + "</p>\n";
  h += report::glance_section(d);
  h += report::salvage_section(d);
  h += report::findings_section(d);
  h += report::custody_section(d, custody);
  h += report::accounts_section(d);
  h += report::persistence_section(d);
  h += report::processes_section(d);
  h += report::network_section(d);
  h += files_section(d.files);
  h += report::artifact_table_section("errors", "Errors and skips", d.errors,
                                      {{{"path"}, CellKind::mono},
                                       {{"status"}, CellKind::text},
                                       {{"error"}, CellKind::text},
                                       {{"artifact"}, CellKind::text}},
                                      "Every file was read completely (symlinks are not errors).");
  h += report::images_section(d);
  h += report::artifact_table_section("events", "Collection events", d.events,
                                      {{{"time_utc", "utc", "time"}, CellKind::time},
                                       {{"event"}, CellKind::text},
                                       {{"detail_json", "detail"}, CellKind::mono}},
                                      "No collection event recorded.");
  h += tables_section(d);
  h += "</main>\n<footer>Generated by biunzip " + esc(version()) + " (" + esc(git_commit()) +
       ") from case.db, custody.json and custody.log. Values are shown as recorded; times are "
       "UTC; bytes that are not printable UTF-8 appear as \\x escapes.</footer>\n<script>" +
       report::filter_script() + "</script>\n</body></html>\n";
  return h;
}

}  // namespace biunzip
