// biunzip's report.html from what a package says about itself: custody.json and the
// custody.log lines. Input: custody.json, a NUL byte, custody.log. Evidence is hostile, so the
// page must never carry live markup from it: no "<script" but the report's own can survive
// escaping.
#include <algorithm>
#include <cctype>

#include "biunzip/report.hpp"
#include "fuzz_support.hpp"

PPC_FUZZ_TARGET {
  std::string_view text = ppc_fuzz::as_text(data, size);
  std::size_t nul = text.find('\0');
  biunzip::ReportSources s;
  s.custody_json = std::string(text.substr(0, nul));
  if (nul != std::string_view::npos) s.custody_log = std::string(text.substr(nul + 1));
  s.package_name = "fuzz.ppc";
  biunzip::ReportData d = biunzip::load_report_data(s);
  std::string html = biunzip::render_report_html(d);
  std::transform(html.begin(), html.end(), html.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t first = html.find("<script");
  ppc_fuzz::require(first != std::string::npos && first == html.rfind("<script"),
                    "report.html holds a <script besides its own");
  return 0;
}
