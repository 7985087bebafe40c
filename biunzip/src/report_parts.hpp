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

}  // namespace biunzip::report
