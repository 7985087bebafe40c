#include "report_parts.hpp"

#include <algorithm>
#include <cctype>

#include "biunzip/text.hpp"

namespace biunzip::report {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string cell(const std::string& value, CellKind kind) {
  switch (kind) {
    case CellKind::mono:
      return "<td class=\"mono\">" + esc(value) + "</td>";
    case CellKind::severity:
      return "<td>" + severity_badge(value) + "</td>";
    case CellKind::bytes:
    case CellKind::time: {
      char* end = nullptr;
      long long n = std::strtoll(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 0)
        return "<td class=\"num\">" + esc(value) + "</td>";
      std::string shown = kind == CellKind::bytes ? human_bytes(static_cast<uint64_t>(n))
                          : n == 0                ? std::string()
                                                  : utc_time(n);
      return "<td class=\"num\" title=\"" + esc(value) + "\">" + esc(shown) + "</td>";
    }
    case CellKind::text:
      break;
  }
  return "<td>" + esc(value) + "</td>";
}

}  // namespace

std::string esc(std::string_view bytes) {
  return html_escape(printable(bytes));
}

int severity_rank(std::string_view severity) {
  static constexpr std::string_view kOrder[] = {"critical", "high", "medium", "low", "info"};
  std::string s = lower(severity);
  for (int i = 0; i < 5; ++i) {
    if (s == kOrder[i]) return i;
  }
  return s == "informational" ? 4 : 5;
}

std::string severity_badge(std::string_view severity, std::string_view suffix) {
  static constexpr std::string_view kClass[] = {"critical", "high", "medium",
                                                "low",      "info", "other"};
  std::string label = severity.empty() ? std::string("unrated") : std::string(severity);
  return "<span class=\"badge sev-" + std::string(kClass[severity_rank(severity)]) + "\">" +
         esc(label) + html_escape(suffix) + "</span>";
}

std::vector<ColumnView> pick_columns(
    const TableData& t,
    const std::vector<std::pair<std::vector<std::string_view>, CellKind>>& wanted,
    std::size_t fallback) {
  std::vector<ColumnView> out;
  for (const auto& [names, kind] : wanted) {
    for (std::string_view n : names) {
      int i = t.column({n});
      if (i >= 0) {
        out.push_back({i, std::string(n), kind});
        break;
      }
    }
  }
  if (out.empty()) {
    for (std::size_t i = 0; i < t.columns.size() && i < fallback; ++i) {
      out.push_back({static_cast<int>(i), t.columns[i], CellKind::text});
    }
  }
  // Columns empty in every row (md5 when only SHA-256 was asked for) only take room.
  if (t.rows.empty()) return out;
  std::erase_if(out, [&](const ColumnView& c) {
    return std::all_of(t.rows.begin(), t.rows.end(), [&](const auto& row) {
      return c.index < 0 || static_cast<std::size_t>(c.index) >= row.size() || row[c.index].empty();
    });
  });
  return out;
}

std::string heading_text(const std::string& column) {
  static const std::pair<std::string_view, std::string_view> kKnown[] = {
      {"sha256", "SHA-256"},
      {"sha1", "SHA-1"},
      {"md5", "MD5"},
      {"pid", "PID"},
      {"ppid", "PPID"},
      {"uid", "UID"},
      {"gid", "GID"},
      {"mtime", "Modified (UTC)"},
      {"time_utc", "Time (UTC)"},
      {"cmdline", "Command line"},
      {"exe", "Executable"},
      {"tags_json", "Tags"},
      {"package_sha256", "Package SHA-256"}};
  for (const auto& [k, v] : kKnown) {
    if (column == k) return std::string(v);
  }
  std::string out = column;
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

namespace {

std::string table_part(const TableData& t, const std::vector<ColumnView>& cols,
                       const std::vector<std::size_t>& rows, std::size_t from, std::size_t to) {
  std::string h = "<div class=\"scroll\"><table><thead><tr>";
  for (const ColumnView& c : cols) h += "<th>" + esc(heading_text(c.heading)) + "</th>";
  h += "</tr></thead><tbody>";
  for (std::size_t i = from; i < to; ++i) {
    const auto& row = t.rows[rows[i]];
    h += "<tr>";
    for (const ColumnView& c : cols) {
      h += cell(c.index >= 0 && static_cast<std::size_t>(c.index) < row.size() ? row[c.index] : "",
                c.kind);
    }
    h += "</tr>";
  }
  return h + "</tbody></table></div>";
}

}  // namespace

// Long tables show their first kPageRows rows; the rest fold under a summary with the count
// (the filter box, where there is one, searches folded rows too).
std::string render_table(const TableData& t, const std::vector<ColumnView>& cols,
                         const std::vector<std::size_t>& rows) {
  std::size_t first = std::min(rows.size(), kPageRows);
  std::string h = table_part(t, cols, rows, 0, first);
  if (rows.size() > first) {
    h += "<details class=\"more\"><summary>Show the other " + std::to_string(rows.size() - first) +
         " rows</summary>" + table_part(t, cols, rows, first, rows.size()) + "</details>";
  }
  if (t.total_rows > t.rows.size()) {
    h += "<p class=\"muted\">Showing " + std::to_string(t.rows.size()) + " of " +
         std::to_string(t.total_rows) + " rows; all of them are in case.db (table " + esc(t.name) +
         ").</p>";
  }
  return h;
}

std::string render_table(const TableData& t, const std::vector<ColumnView>& cols) {
  std::vector<std::size_t> rows(t.rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  return render_table(t, cols, rows);
}

}  // namespace biunzip::report
