#pragma once
// The sections of report.html, one file each (internal to biunzip_core).
#include <nlohmann/json.hpp>

#include "ppc/custody.hpp"
#include "report_parts.hpp"
#include "report_svg.hpp"

namespace biunzip::report {

// custody.json read by name (ppc::CustodyRecord, docs/FORMAT.md "The custody record"); the
// collector's objects (asset, tool, operator, clock, rules) by their documented member names.
struct Custody {
  bool present = false;
  ppc::CustodyRecord record;
  nlohmann::json asset = nlohmann::json::object();
  nlohmann::json tool = nlohmann::json::object();
  nlohmann::json op = nlohmann::json::object();
  nlohmann::json clock = nlohmann::json::object();
  nlohmann::json rules = nlohmann::json::object();
};
Custody read_custody(const nlohmann::json& j);
// A member as text: strings as they are, other JSON values dumped, absent as "".
std::string text_of(const nlohmann::json& obj, const char* key);

std::string header_band(const ReportData& d, const Custody& c);  // report_custody.cpp
std::string custody_section(const ReportData& d, const Custody& c);
std::string glance_section(const ReportData& d);    // report_glance.cpp
std::string findings_section(const ReportData& d);  // report_findings.cpp
std::string accounts_section(const ReportData& d);  // report_accounts.cpp
std::string persistence_section(const ReportData& d);
std::string processes_section(const ReportData& d);  // report_processes.cpp
std::string network_section(const ReportData& d);
std::vector<TreeNode> suspicious_tree(const ReportData& d);
std::string salvage_section(const ReportData& d);  // report_html.cpp
std::string images_section(const ReportData& d);

// A section holding one artifact table (or a note: not collected / empty).
std::string artifact_table_section(
    const char* id, const std::string& title, const TableData& t,
    const std::vector<std::pair<std::vector<std::string_view>, CellKind>>& wanted,
    const std::string& when_empty);

// Findings grouped per object, the most severe object first.
struct ObjectFindings {
  std::string object_type, object;
  std::vector<const Finding*> hits;
  int worst = 5;  // severity_rank of the most severe hit
};
std::vector<ObjectFindings> group_findings(const std::vector<Finding>& findings);

}  // namespace biunzip::report
