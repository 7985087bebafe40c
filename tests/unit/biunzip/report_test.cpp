// report.html is built from hostile data: everything must come out as text, never as markup.
#include <gtest/gtest.h>

#include <set>

#include "biunzip/report.hpp"
#include "biunzip/text.hpp"
#include "fixture.hpp"
#include "ppc/case_db.hpp"
#include "ppc/io.hpp"

namespace biunzip {
namespace {

constexpr const char* kScript = "<script>alert(1)</script>";

TEST(Text, PrintableEscapesControlsInvalidBytesAndBidi) {
  EXPECT_EQ(printable("plain/ascii.txt"), "plain/ascii.txt");
  EXPECT_EQ(printable("caf\xc3\xa9"), "caf\xc3\xa9");               // valid UTF-8 kept
  EXPECT_EQ(printable("a\x1b[31mred"), "a\\x1b[31mred");            // terminal escape
  EXPECT_EQ(printable("bin\xff\xfe"), "bin\\xff\\xfe");             // not UTF-8
  EXPECT_EQ(printable("x\xe2\x80\xaegpj.exe"), "x\\u202egpj.exe");  // right-to-left override
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");                   // overlong '/'
  EXPECT_EQ(printable("back\\slash\n"), "back\\\\slash\\x0a");
}

TEST(Text, HtmlEscape) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

ReportData hostile_data() {
  ReportData d;
  d.package_name = std::string("pkg") + kScript + ".ppc";
  d.package_sha256 = kScript;
  d.custody = nlohmann::json::parse(R"({"asset":{"hostname":"<img src=x onerror=alert(1)>"},)"
                                    R"("<b>key</b>":"v\"'&"})");
  TableData files;
  files.name = "files";
  files.columns = {"path", "size", "sha256", "status", "error"};
  files.rows = {{std::string("/tmp/") + kScript, "12", "ab", "complete", ""},
                {"/x\xff\x1b", "not a number", "", "unreadable", "</td></tr></table><h1>"}};
  files.total_rows = 2;
  d.files = files;
  d.errors = files;
  d.triage.name = "triage_matches";
  d.triage.columns = {"severity", "rule", "path"};
  d.triage.rows = {{"<script>", "r1", kScript}, {"critical", "r\"2", "p"}};
  d.triage.total_rows = 2;
  d.findings = {{"yara", "r1", "<b>title</b>", "<script>", "", "", "file", kScript,
                 R"([{"identifier":"$a","offset":1,"data":"<i>x</i>"}])", "", "triage_matches", 1},
                {"yara", "r\"2", "", "critical", "T1059", "execution", "file", "p", "", "",
                 "triage_matches", 2}};
  d.processes.name = "processes";
  d.processes.columns = {"pid", "ppid", "name", "exe", "exe_deleted"};
  d.processes.rows = {{"1", "0", "init", "/sbin/init", "0"},
                      {"20", "1", "<svg onload=alert(3)>", "/tmp/x (deleted)", "1"}};
  d.processes.total_rows = 2;
  d.custody_log.push_back({{"time", "t"}, {"action", kScript}, {"analyst", "<u>"}});
  d.table_counts = {{"<table>", 3}};
  d.notes.push_back(kScript);
  return d;
}

TEST(Report, HostileValuesAreEscapedEverywhere) {
  std::string html = render_report_html(hostile_data());
  // One script, the report's own filter box, allowed by its hash; none from the data.
  EXPECT_EQ(html.find("<script"), html.rfind("<script"));
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<h1><"), std::string::npos);
  EXPECT_EQ(html.find("<u>"), std::string::npos);
  EXPECT_EQ(html.find("<i>x"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  EXPECT_NE(html.find("&lt;svg onload=alert(3)&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>key"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("/x\\xff\\x1b"), std::string::npos);
  EXPECT_NE(html.find("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;h1&gt;"), std::string::npos);
}

TEST(Report, SelfContainedWithAStrictPolicy) {
  std::string html = render_report_html(hostile_data());
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(html.find("script-src 'sha256-"), std::string::npos);
  EXPECT_EQ(html.find("script-src 'unsafe"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  // Every tag in the page is one the renderer writes: none came from the data.
  static const std::set<std::string> kAllowed = {
      "!DOCTYPE", "html",   "head",       "meta", "title",   "style",   "body",   "header", "div",
      "h1",       "span",   "b",          "main", "section", "h2",      "p",      "table",  "thead",
      "tbody",    "tr",     "th",         "td",   "details", "summary", "footer", "nav",    "a",
      "h3",       "figure", "figcaption", "svg",  "rect",    "line",    "text",   "g",      "path",
      "circle",   "tspan",  "title",      "ul",   "li",      "input",   "script"};
  for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    std::size_t start = at + 1 + (html[at + 1] == '/');
    std::size_t end = html.find_first_of(" >", start);
    std::string tag = html.substr(start, end - start);
    EXPECT_TRUE(kAllowed.count(tag)) << "unexpected tag <" << tag << "> at " << at;
  }
}

TEST(Report, SectionsAndSeverityOrder) {
  std::string html = render_report_html(hostile_data());
  for (const char* id : {"glance", "findings", "custody", "accounts", "persistence", "processes",
                         "network", "files", "errors", "images", "events", "tables"}) {
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
  }
  // Findings from the YARA matches: the critical object sorts before the unrated one.
  EXPECT_LT(html.find(">p</div>"), html.find("&lt;script&gt;alert(1)&lt;/script&gt;</div>"));
  EXPECT_NE(html.find("r&quot;2"), std::string::npos);
  EXPECT_NE(html.find("sev-critical"), std::string::npos);
}

TEST(Report, LoadsCaseDbAndCutsLongTables) {
  biunzip_test::TempDir tmp;
  ppc::CaseDb db;
  for (int i = 0; i < 10; ++i) {
    ppc::FileRow r;
    r.path = "/f" + std::to_string(i);
    r.size = 100;
    r.status = i == 3 ? "shrank" : "complete";
    db.add_file(r);
  }
  db.create_table("processes", {{"pid", ppc::ColumnType::integer}});
  std::vector<ppc::Value> row = {int64_t{7}};
  db.insert("processes", row);
  std::vector<uint8_t> bytes = db.serialize();
  ppc::write_file(tmp / "case.db", bytes);
  ReportSources s;
  s.case_db = tmp / "case.db";
  s.custody_json = R"({"asset":{"hostname":"h1"}})";
  s.custody_log =
      "{\"action\":\"extract\",\"package\":\"/cases/p1.ppc\",\"package_sha256\":\"aa\"}\nnot "
      "json\n";
  s.row_limit = 3;
  ReportData d = load_report_data(s);
  EXPECT_EQ(d.files.total_rows, 10u);
  EXPECT_EQ(d.files.rows.size(), 3u);
  EXPECT_EQ(d.files_bytes, 1000u);
  EXPECT_EQ(d.file_errors, 1u);
  EXPECT_EQ(d.processes.total_rows, 1u);
  EXPECT_EQ(d.package_name, "p1.ppc");
  EXPECT_EQ(d.package_sha256, "aa");
  ASSERT_EQ(d.notes.size(), 1u);  // the bad custody.log line
  std::string html = render_report_html(d);
  EXPECT_NE(html.find("Showing 3 of 10 rows"), std::string::npos);
  EXPECT_NE(html.find("h1"), std::string::npos);
}

TEST(Report, ProcessTreeInPidOrderKeepsParentCycles) {
  ReportData d;
  d.processes.name = "processes";
  d.processes.columns = {"pid", "ppid", "name", "start_time"};
  d.processes.rows = {{"100", "1", "hundred", "1714564800"},
                      {"9", "1", "nine", "0"},
                      {"1", "0", "init", "0"},
                      {"10", "9", "ten", "0"},
                      {"70", "71", "cycle_a", "0"},
                      {"71", "70", "cycle_b", "0"}};
  d.processes.total_rows = d.processes.rows.size();
  std::string html = render_report_html(d);
  std::size_t init = html.find(">init<"), nine = html.find(">\u2514 nine<"),
              ten = html.find(">\u2514 ten<"), hundred = html.find(">\u2514 hundred<");
  ASSERT_NE(init, std::string::npos);
  ASSERT_NE(nine, std::string::npos);
  ASSERT_NE(ten, std::string::npos);
  ASSERT_NE(hundred, std::string::npos);
  EXPECT_LT(init, nine);  // children after their parent, numeric PID order
  EXPECT_LT(nine, ten);
  EXPECT_LT(ten, hundred);
  EXPECT_NE(html.find("cycle_a"), std::string::npos);
  EXPECT_NE(html.find("cycle_b"), std::string::npos);
  EXPECT_NE(html.find("2024-05-01T12:00:00Z"), std::string::npos);
}

}  // namespace
}  // namespace biunzip
