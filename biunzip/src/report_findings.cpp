// Findings grouped per object: one file with 21 rule hits is one row listing 21 rules, each
// with its severity, description, ATT&CK ids, a few matched strings and the case.db rows
// behind it.
#include <algorithm>
#include <map>

#include "report_sections.hpp"

namespace biunzip::report {
namespace {

constexpr std::size_t kStringsShown = 3;     // matched strings per rule hit
constexpr std::size_t kEvidenceChars = 160;  // of each
constexpr std::size_t kHitsShown = 5;        // rule hits per object before the rest fold

std::string capped(const std::string& s) {
  return s.size() <= kEvidenceChars ? s : s.substr(0, kEvidenceChars) + "\u2026";
}

// YARA evidence is an array of {identifier, offset, data}; other engines' is any JSON.
std::string evidence_html(const std::string& evidence) {
  if (evidence.empty()) return {};
  nlohmann::json j = nlohmann::json::parse(evidence, nullptr, false);
  std::string h = "<ul class=\"ev\">";
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size() && i < kStringsShown; ++i) {
      const nlohmann::json& m = j[i];
      std::string line = m.is_object() ? text_of(m, "identifier") + " @" + text_of(m, "offset") +
                                             ": " + text_of(m, "data")
                                       : m.dump();
      h += "<li class=\"mono\">" + esc(capped(line)) + "</li>";
    }
    if (j.size() > kStringsShown)
      h += "<li class=\"muted\">and " + std::to_string(j.size() - kStringsShown) + " more</li>";
  } else {
    h += "<li class=\"mono\">" + esc(capped(j.is_discarded() ? evidence : j.dump())) + "</li>";
  }
  return h + "</ul>";
}

std::string hit_html(const Finding& f) {
  std::string h = "<li>" + severity_badge(f.severity) + " <b class=\"rule\">" + esc(f.rule_id) +
                  "</b> <span class=\"muted\">" + esc(f.engine) + "</span>";
  if (!f.rule_title.empty()) h += " \u2014 " + esc(f.rule_title);
  if (!f.techniques.empty()) h += " <span class=\"attack\">" + esc(f.techniques) + "</span>";
  if (!f.time.empty()) h += " <span class=\"muted\">" + esc(f.time) + "</span>";
  if (!f.source_table.empty())
    h += " <span class=\"src\">case.db " + esc(f.source_table) + " rowid " +
         std::to_string(f.source_rowid) + "</span>";
  return h + evidence_html(f.evidence) + "</li>";
}

}  // namespace

std::vector<ObjectFindings> group_findings(const std::vector<Finding>& findings) {
  std::map<std::pair<std::string, std::string>, ObjectFindings> by_object;
  for (const Finding& f : findings) {
    ObjectFindings& o = by_object[{f.object_type, f.object}];
    o.object_type = f.object_type;
    o.object = f.object;
    o.hits.push_back(&f);
    o.worst = std::min(o.worst, severity_rank(f.severity));
  }
  std::vector<ObjectFindings> out;
  for (auto& [k, o] : by_object) {
    std::stable_sort(o.hits.begin(), o.hits.end(), [](const Finding* a, const Finding* b) {
      return severity_rank(a->severity) < severity_rank(b->severity);
    });
    out.push_back(std::move(o));
  }
  std::stable_sort(out.begin(), out.end(), [](const ObjectFindings& a, const ObjectFindings& b) {
    return a.worst != b.worst ? a.worst < b.worst : a.hits.size() > b.hits.size();
  });
  return out;
}

std::string findings_section(const ReportData& d) {
  if (d.findings.empty())
    return section("findings", "Findings", 0, true,
                   empty_note("No YARA, Sigma or SQL rule matched (or no rule ran)."));
  std::vector<ObjectFindings> groups = group_findings(d.findings);
  std::vector<std::vector<std::string>> rows;
  for (const ObjectFindings& o : groups) {
    std::string hits = "<ul class=\"hits\">";
    for (std::size_t i = 0; i < o.hits.size() && i < kHitsShown; ++i) hits += hit_html(*o.hits[i]);
    hits += "</ul>";
    if (o.hits.size() > kHitsShown) {
      hits += "<details class=\"more\"><summary>and " + std::to_string(o.hits.size() - kHitsShown) +
              " more rule hits</summary><ul class=\"hits\">";
      for (std::size_t i = kHitsShown; i < o.hits.size(); ++i) hits += hit_html(*o.hits[i]);
      hits += "</ul></details>";
    }
    rows.push_back({severity_badge(o.hits.front()->severity),
                    esc(o.object_type) + "<div class=\"mono obj\">" + esc(o.object) + "</div>",
                    std::to_string(o.hits.size()), hits});
  }
  std::string body =
      "<p class=\"muted\">" + std::to_string(d.findings.size()) + " rule hits on " +
      std::to_string(groups.size()) + " objects" +
      (d.findings_derived
           ? "; from the YARA matches (triage_matches): case.db has no findings table"
           : "; from case.db's findings table") +
      ".</p>" + filter_box("findings", "Filter findings (rule, object, technique)") +
      html_table({"Severity", "Object", "Hits", "Rules"}, rows, "findings");
  if (d.findings_total > d.findings.size())
    body += "<p class=\"muted\">Showing " + std::to_string(d.findings.size()) + " of " +
            std::to_string(d.findings_total) + " rule hits; all of them are in case.db.</p>";
  return section("findings", "Findings", groups.size(), true, body);
}

}  // namespace biunzip::report
