// "At a glance": the counts an analyst asks first, and three pictures - activity over time,
// findings by ATT&CK tactic, and the process tree of suspicious processes.
#include <algorithm>
#include <map>

#include "biunzip/text.hpp"
#include "report_sections.hpp"

namespace biunzip::report {
namespace {

std::string card(const std::string& label, const std::string& value, const std::string& sub,
                 const char* tone = "") {
  return std::string("<div class=\"card ") + tone + "\"><div class=\"l\">" + esc(label) +
         "</div><div class=\"n\">" + esc(value) + "</div><div class=\"s\">" + esc(sub) +
         "</div></div>";
}

std::vector<std::pair<std::string, uint64_t>> objects_by_tactic(const ReportData& d) {
  std::map<std::string, uint64_t> count;
  for (const ObjectFindings& o : group_findings(d.findings)) {
    std::vector<std::string> seen;
    for (const Finding* f : o.hits) {
      std::string tactics = f->tactics.empty() ? "unmapped" : f->tactics;
      std::size_t at = 0;
      while (at <= tactics.size()) {
        std::size_t comma = tactics.find(',', at);
        std::string t = tactics.substr(at, comma == std::string::npos ? comma : comma - at);
        t.erase(0, t.find_first_not_of(' '));
        at = comma == std::string::npos ? tactics.size() + 1 : comma + 1;
        if (t.empty() || std::find(seen.begin(), seen.end(), t) != seen.end()) continue;
        seen.push_back(t);
        ++count[t];
      }
    }
  }
  std::vector<std::pair<std::string, uint64_t>> out(count.begin(), count.end());
  std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.second > b.second; });
  return out;
}

std::string figure(const char* id, const std::string& title, const std::string& svg,
                   const std::string& when_empty) {
  return std::string("<figure id=\"") + id + "\"><figcaption>" + esc(title) + "</figcaption>" +
         (svg.empty() ? empty_note(when_empty) : svg) + "</figure>";
}

}  // namespace

std::string glance_section(const ReportData& d) {
  std::map<int, uint64_t> by_severity;
  for (const ObjectFindings& o : group_findings(d.findings)) ++by_severity[o.worst];
  uint64_t serious = by_severity[0] + by_severity[1];
  std::string sev_line;
  static constexpr const char* kNames[] = {"critical", "high", "medium", "low", "info", "unrated"};
  for (const auto& [rank, n] : by_severity)
    if (n) sev_line += (sev_line.empty() ? "" : ", ") + std::to_string(n) + " " + kNames[rank];
  std::vector<TreeNode> tree = suspicious_tree(d);
  uint64_t flagged = static_cast<uint64_t>(
      std::count_if(tree.begin(), tree.end(), [](const TreeNode& n) { return n.flagged; }));

  std::string h = "<div class=\"cards\">";
  h += card("Objects with findings", std::to_string(group_findings(d.findings).size()),
            sev_line.empty() ? "no rule matched" : sev_line, serious ? "alert" : "good");
  h += card("Files stored", std::to_string(d.files.total_rows), human_bytes(d.files_bytes));
  h += card("Processes", std::to_string(d.processes.total_rows),
            std::to_string(flagged) + " flagged", flagged ? "alert" : "");
  h += card("Network connections", std::to_string(d.network.total_rows), d.network.name);
  auto users = d.tables.find("users");
  uint64_t uid0 = 0;
  if (users != d.tables.end())
    for (std::size_t r = 0; r < users->second.rows.size(); ++r)
      uid0 += cell_text(users->second, r, {"uid"}) == "0";
  h += card("Accounts", users == d.tables.end() ? "-" : std::to_string(users->second.total_rows),
            std::to_string(uid0) + " with uid 0", uid0 > 1 ? "alert" : "");
  h += card("Errors", std::to_string(d.file_errors), "files not read completely",
            d.file_errors ? "warn" : "good");
  h += "</div><div class=\"figures\">";
  h += figure("activity", "Activity over time (UTC): file changes, logins, process starts",
              activity_svg(d.activity), "No timestamped activity in case.db.");
  h += figure("tactics", "Objects with findings, by ATT&CK tactic", bars_svg(objects_by_tactic(d)),
              "No finding.");
  h += figure("suspicious", "Suspicious processes and their parents", tree_svg(tree),
              "No process is flagged (deleted or memfd executable, temporary directory, finding).");
  return section("glance", "At a glance", 0, false, h + "</div>");
}

}  // namespace biunzip::report
