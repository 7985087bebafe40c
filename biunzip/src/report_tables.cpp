// Small shared pieces of the report's sections: sections, notes, tables of picked columns.
#include <cstdlib>
#include <ctime>

#include "biunzip/text.hpp"
#include "report_parts.hpp"

namespace biunzip::report {

std::string section(const char* id, const std::string& title, uint64_t count, bool with_count,
                    const std::string& body) {
  std::string h = std::string("<section id=\"") + id + "\"><h2>" + esc(title);
  if (with_count) h += " <span class=\"count\">" + std::to_string(count) + "</span>";
  return h + "</h2>" + body + "</section>\n";
}

std::string empty_note(const std::string& what) {
  return "<p class=\"empty\">" + esc(what) + "</p>";
}

std::string table_or_note(const TableData* t, const std::vector<ColumnView>& cols,
                          const std::string& when_empty) {
  if (t == nullptr) return empty_note(when_empty + " (not collected)");
  if (t->rows.empty()) return empty_note(when_empty);
  return render_table(*t, cols);
}

std::string table_of(const TableData* t,
                     const std::vector<std::pair<std::vector<std::string_view>, CellKind>>& wanted,
                     const std::string& when_empty) {
  if (t == nullptr || t->rows.empty()) return table_or_note(t, {}, when_empty);
  return render_table(*t, pick_columns(*t, wanted));
}

std::string cell_text(const TableData& t, std::size_t r,
                      std::initializer_list<std::string_view> names) {
  int c = t.column(names);
  if (c < 0 || r >= t.rows.size() || static_cast<std::size_t>(c) >= t.rows[r].size()) return {};
  return t.rows[r][c];
}

std::string html_table(const std::vector<std::string>& headings,
                       const std::vector<std::vector<std::string>>& rows, const char* cls) {
  auto part = [&](std::size_t from, std::size_t to) {
    std::string h = std::string("<div class=\"scroll\"><table class=\"") + cls + "\"><thead><tr>";
    for (const std::string& c : headings) h += "<th>" + esc(c) + "</th>";
    h += "</tr></thead><tbody>";
    for (std::size_t i = from; i < to; ++i) {
      h += "<tr>";
      for (const std::string& c : rows[i]) h += "<td>" + c + "</td>";
      h += "</tr>";
    }
    return h + "</tbody></table></div>";
  };
  std::size_t first = std::min(rows.size(), kPageRows);
  std::string h = part(0, first);
  if (rows.size() > first) {
    h += "<details class=\"more\"><summary>Show the other " + std::to_string(rows.size() - first) +
         " rows</summary>" + part(first, rows.size()) + "</details>";
  }
  return h;
}

std::string utc_of(const std::string& epoch_text) {
  char* end = nullptr;
  long long n = std::strtoll(epoch_text.c_str(), &end, 10);
  if (epoch_text.empty() || *end != '\0' || n <= 0) return epoch_text;
  return utc_time(n);
}

int64_t epoch_of_iso(const std::string& iso) {
  std::tm tm{};
  if (iso.size() < 19 || strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return 0;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace biunzip::report
