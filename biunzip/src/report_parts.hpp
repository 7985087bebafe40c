#pragma once
// Building blocks of report.html (internal to biunzip_core).
#include <string>
#include <string_view>
#include <vector>

#include "biunzip/report.hpp"

namespace biunzip::report {

// How one column is shown.
enum class CellKind { text, mono, bytes, time, severity };
struct ColumnView {
  int index = -1;
  std::string heading;
  CellKind kind = CellKind::text;
};

// Escaped, printable text of hostile bytes.
std::string esc(std::string_view bytes);
// A coloured badge; `suffix` (plain text, escaped here) follows the label.
std::string severity_badge(std::string_view severity, std::string_view suffix = {});
int severity_rank(std::string_view severity);  // critical 0 … info 4, unknown 5

// Columns of `t` chosen by preferred names (first match of each alternative list), or the
// first `fallback` columns when none match.
std::vector<ColumnView> pick_columns(
    const TableData& t,
    const std::vector<std::pair<std::vector<std::string_view>, CellKind>>& wanted,
    std::size_t fallback = 8);

// <table> of `rows` (indices into t.rows) with zebra rows; a note when t was cut short.
std::string render_table(const TableData& t, const std::vector<ColumnView>& cols,
                         const std::vector<std::size_t>& rows);
std::string render_table(const TableData& t, const std::vector<ColumnView>& cols);

// "sha256" -> "SHA-256", "local_port" -> "Local port".
std::string heading_text(const std::string& column);

std::string stylesheet();

// <section id=ID><h2>TITLE [count]</h2>BODY</section>
std::string section(const char* id, const std::string& title, uint64_t count, bool with_count,
                    const std::string& body);
std::string empty_note(const std::string& what);
// A table of `t` or, when it was not collected / is empty, a note saying so.
std::string table_or_note(const TableData* t, const std::vector<ColumnView>& cols,
                          const std::string& when_empty);
// A table of `t`'s rows with columns picked by name (pick_columns).
std::string table_of(const TableData* t,
                     const std::vector<std::pair<std::vector<std::string_view>, CellKind>>& wanted,
                     const std::string& when_empty);
// One cell's text of row r (empty when the column is absent).
std::string cell_text(const TableData& t, std::size_t r,
                      std::initializer_list<std::string_view> names);
// A table with the given rows as HTML cells (already escaped), for computed views.
std::string html_table(const std::vector<std::string>& headings,
                       const std::vector<std::vector<std::string>>& rows, const char* cls = "");
// ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" of epoch seconds given as text; the text as is otherwise.
std::string utc_of(const std::string& epoch_text);
int64_t epoch_of_iso(const std::string& iso);  // 0 when not "YYYY-MM-DDTHH:MM:SS..."

// The page's one script (the filter box) and its CSP source expression ('sha256-...').
const std::string& filter_script();
std::string filter_script_csp();
// <input> that filters the rows of the tables in section `section_id` (needs filter_script).
std::string filter_box(const char* section_id, const std::string& placeholder);

// Row count above which a table shows its first rows and folds the rest.
constexpr std::size_t kPageRows = 100;

}  // namespace biunzip::report
