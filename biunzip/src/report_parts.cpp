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
  return 5;
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

std::string render_table(const TableData& t, const std::vector<ColumnView>& cols,
                         const std::vector<std::size_t>& rows) {
  std::string h = "<div class=\"scroll\"><table><thead><tr>";
  for (const ColumnView& c : cols) h += "<th>" + esc(heading_text(c.heading)) + "</th>";
  h += "</tr></thead><tbody>";
  for (std::size_t r : rows) {
    h += "<tr>";
    for (const ColumnView& c : cols) {
      const auto& row = t.rows[r];
      h += cell(c.index >= 0 && static_cast<std::size_t>(c.index) < row.size() ? row[c.index] : "",
                c.kind);
    }
    h += "</tr>";
  }
  h += "</tbody></table></div>";
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

std::string stylesheet() {
  return R"CSS(
:root{--ink:#1d2433;--muted:#5b6578;--line:#e4e8ef;--bg:#f3f5f9;--card:#fff}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
 font:14px/1.5 "Inter","Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
header.band{background:linear-gradient(120deg,#0f1c36 0%,#1f3c70 60%,#2a5298 100%);color:#fff;
 padding:30px 48px 64px}
header.band .kicker{text-transform:uppercase;letter-spacing:.12em;font-size:11px;opacity:.7}
header.band h1{margin:4px 0 6px;font-size:26px;font-weight:650;word-break:break-all}
header.band .meta{display:flex;flex-wrap:wrap;gap:8px 28px;font-size:13px;opacity:.92}
header.band .meta b{font-weight:600;opacity:.75;margin-right:6px}
main{max-width:1320px;margin:-40px auto 0;padding:0 48px 40px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:14px;margin-bottom:22px}
.card{background:var(--card);border-radius:12px;padding:16px 18px;
 box-shadow:0 1px 3px rgba(16,24,40,.10),0 1px 2px rgba(16,24,40,.06);border-top:3px solid #2a5298}
.card.alert{border-top-color:#d92d20}.card.warn{border-top-color:#f79009}.card.good{border-top-color:#12b76a}
.card .n{font-size:28px;font-weight:700;line-height:1.2}
.card .l{color:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.07em}
.card .s{color:var(--muted);font-size:12px;margin-top:2px}
section{background:var(--card);border-radius:12px;padding:20px 24px;margin-bottom:20px;
 box-shadow:0 1px 3px rgba(16,24,40,.10),0 1px 2px rgba(16,24,40,.06)}
section h2{margin:0 0 14px;font-size:17px;font-weight:650;display:flex;align-items:center;gap:10px}
section h2 .count{font-size:12px;font-weight:600;color:var(--muted);background:#eef2f7;
 border-radius:999px;padding:1px 10px}
details>summary{cursor:pointer;color:#2a5298;font-weight:600;margin:4px 0 10px}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
table{width:100%;border-collapse:collapse;font-size:13px}
th{text-align:left;background:#eef2f7;color:#344054;font-weight:600;padding:8px 10px;
 border-bottom:1px solid var(--line);white-space:nowrap}
td{padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:break-word}
tbody tr:nth-child(even){background:#f8fafc}
tbody tr:hover{background:#eef4ff}
tbody tr:last-child td{border-bottom:none}
td.num{white-space:nowrap;font-variant-numeric:tabular-nums}
.mono{font-family:"JetBrains Mono",ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;
 word-break:break-all}
table.kv th{width:30%;background:none;color:var(--muted);font-weight:500;white-space:normal}
table.kv tbody tr:nth-child(even){background:#f8fafc}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:11px;font-weight:700;
 text-transform:uppercase;letter-spacing:.04em;white-space:nowrap}
.sev-critical{background:#7a0916;color:#fff}.sev-high{background:#d92d20;color:#fff}
.sev-medium{background:#f79009;color:#fff}.sev-low{background:#1570ef;color:#fff}
.sev-info{background:#98a2b3;color:#fff}.sev-other{background:#e4e7ec;color:#344054}
.sevbar{display:flex;gap:10px;flex-wrap:wrap;margin-bottom:14px}
.sevbar span.badge{font-size:12px;padding:3px 12px}
.ok{color:#067647;font-weight:600}.fail{color:#b42318;font-weight:600}
.muted{color:var(--muted);font-size:12px}
.note{color:#93370d;background:#fffaeb;border:1px solid #fedf89;padding:8px 12px;border-radius:8px;margin:0 0 10px}
.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12px;text-align:center;padding:8px 0 32px}
@media print{header.band{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 details{display:block}section{box-shadow:none;border:1px solid var(--line)}}
)CSS";
}

}  // namespace biunzip::report
