// The report's header band and its custody cards: case, asset, tool, operator and command
// line, times and clock, counts and limits, recipients and signature; then the custody history
// (custody.log) of every unpack.
#include "report_sections.hpp"

namespace biunzip::report {
namespace {

using Rows = std::vector<std::pair<std::string, std::string>>;

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string kv_card(const char* title, const Rows& rows) {
  std::string h =
      std::string("<div class=\"kvcard\"><h3>") + title + "</h3><table class=\"kv\"><tbody>";
  bool any = false;
  for (const auto& [k, v] : rows) {
    if (v.empty()) continue;
    any = true;
    h += "<tr><th>" + esc(k) + "</th><td>" + esc(v) + "</td></tr>";
  }
  if (!any) h += "<tr><td class=\"empty\">not recorded</td></tr>";
  return h + "</tbody></table></div>";
}

std::string addresses(const nlohmann::json& list, const char* key) {
  std::vector<std::string> out;
  if (list.is_array())
    for (const nlohmann::json& a : list)
      if (a.is_object()) out.push_back(text_of(a, "interface") + " " + text_of(a, key));
  return join(out, ", ");
}

// The newest custody.log line: what biunzip last did with the package, and its result.
std::string last_action(const ReportData& d) {
  if (d.custody_log.empty()) return {};
  const nlohmann::json& j = d.custody_log.back();
  return text_of(j, "action") + ": " + text_of(j, "result") + " (" + text_of(j, "time") + ")";
}

std::string history_table(const std::vector<nlohmann::json>& log) {
  if (log.empty()) return empty_note("No analyst action recorded yet (custody.log).");
  static const char* kCols[] = {"time",  "action", "analyst", "host",           "result",
                                "files", "lost",   "bytes",   "package_sha256", "tool"};
  std::vector<std::vector<std::string>> rows;
  for (const nlohmann::json& j : log) {
    std::vector<std::string> row;
    for (const char* c : kCols) row.push_back(esc(text_of(j, c)));
    rows.push_back(std::move(row));
  }
  return html_table({"Time (UTC)", "Action", "Analyst", "Host", "Result", "Files", "Lost", "Bytes",
                     "Package SHA-256", "Tool"},
                    rows, "history");
}

// The triage rules: how many and their digest (custody.json "rules").
std::string rules_text(const nlohmann::json& rules) {
  if (rules.empty()) return {};
  if (text_of(rules, "enabled") == "false") return "triage off";
  std::string n = text_of(rules, "rule_count"), sha = text_of(rules, "sha256");
  return (n.empty() ? "" : n + " rules") + (sha.empty() ? "" : ", SHA-256 " + sha);
}

}  // namespace

std::string text_of(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

Custody read_custody(const nlohmann::json& j) {
  Custody c;
  if (!j.is_object()) return c;
  try {
    c.record = ppc::custody_from_json(j.dump());
  } catch (const std::exception&) {
    return c;
  }
  c.present = true;
  auto object = [&](const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_object() ? *it : nlohmann::json::object();
  };
  c.asset = object("asset");
  c.tool = object("tool");
  c.op = object("operator");
  c.clock = object("clock");
  c.rules = object("rules");
  return c;
}

std::string header_band(const ReportData& d, const Custody& c) {
  std::string h = "<header class=\"band\"><div class=\"kicker\">Case package report</div><h1>" +
                  esc(d.package_name.empty() ? "case package" : d.package_name) +
                  "</h1><div class=\"meta\">";
  auto meta = [&](const char* label, const std::string& v, const char* cls = "") {
    if (!v.empty())
      h += std::string("<span class=\"") + cls + "\"><b>" + label + "</b>" + esc(v) + "</span>";
  };
  meta("Case", c.record.case_info.case_id);
  meta("Asset", text_of(c.asset, "hostname"));
  meta("Collected (UTC)", c.record.started_utc);
  meta("Package SHA-256", d.package_sha256, "mono");
  std::string verified = d.verification.empty() ? last_action(d) : d.verification;
  if (d.salvaged)
    verified = "salvaged: " + std::to_string(d.recovered) + " files recovered, " +
               std::to_string(d.lost.total_rows) + " lost";
  meta("Verification", verified.empty() ? "not recorded: run biunzip verify" : verified,
       d.salvaged ? "bad" : "");
  meta("Signature", !d.signature.empty() ? d.signature
                    : !c.record.package.signing_key_id.empty()
                        ? "signed by key " + c.record.package.signing_key_id
                        : "unsigned");
  meta("Timestamp", d.timestamp);
  meta("Report generated (UTC)", d.generated_utc);
  return h + "</div></header>\n";
}

std::string custody_section(const ReportData& d, const Custody& c) {
  std::string body;
  if (!c.present) {
    body = empty_note("custody.json is not available.");
  } else {
    const ppc::CustodyRecord& r = c.record;
    const ppc::CustodyCounts& n = r.counts;
    std::vector<std::string> recipients;
    for (const auto& x : r.package.recipients)
      recipients.push_back(x.type + (x.sha256.empty() ? "" : " " + x.sha256) +
                           (x.subject.empty() ? "" : " (" + x.subject + ")"));
    body = "<div class=\"kvgrid\">";
    body += kv_card("Case", {{"Case", r.case_info.case_id},
                             {"Examiner", r.case_info.examiner},
                             {"Organization", r.case_info.organization},
                             {"Note", r.case_info.note}});
    body += kv_card(
        "Asset",
        {{"Hostname", text_of(c.asset, "hostname")},
         {"Machine id", text_of(c.asset, "machine_id")},
         {"DMI vendor", text_of(c.asset, "dmi_sys_vendor")},
         {"DMI serial", text_of(c.asset, "dmi_product_serial")},
         {"DMI UUID", text_of(c.asset, "dmi_product_uuid")},
         {"Operating system", text_of(c.asset, "os")},
         {"Kernel", text_of(c.asset, "kernel")},
         {"IP addresses", addresses(c.asset.value("ip_addresses", nlohmann::json()), "address")},
         {"MAC addresses", addresses(c.asset.value("mac_addresses", nlohmann::json()), "mac")},
         {"Root", text_of(c.asset, "root")}});
    body += kv_card(
        "Tool", {{"Collector", text_of(c.tool, "version")},
                 {"Commit", text_of(c.tool, "commit")},
                 {"Collector SHA-256", text_of(c.tool, "sha256")},
                 {"Profile", r.profile_name + " (" + std::to_string(r.profile_artifacts.size()) +
                                 " artifacts)"},
                 {"Profile source", r.profile_source},
                 {"Rules", rules_text(c.rules)}});
    body +=
        kv_card("Operator", {{"Login", text_of(c.op, "login")},
                             {"uid / euid", text_of(c.op, "uid") + " / " + text_of(c.op, "euid")},
                             {"Login user", text_of(c.op, "login_user")},
                             {"sudo user", text_of(c.op, "sudo_user")},
                             {"TTY", text_of(c.op, "tty")},
                             {"Command line", join(r.command_line, " ")},
                             {"Configuration file", r.config_file}});
    body +=
        kv_card("Times and clock", {{"Started (UTC)", r.started_utc},
                                    {"Ended (UTC)", r.ended_utc},
                                    {"Duration (s)", std::to_string(r.duration_seconds)},
                                    {"Clock synchronised", text_of(c.clock, "synchronized")},
                                    {"Estimated error (us)", text_of(c.clock, "est_error_us")}});
    body += kv_card(
        "Counts and limits",
        {{"Artifacts / rows", std::to_string(n.artifacts) + " / " + std::to_string(n.rows)},
         {"Files", std::to_string(n.files_stored) + " stored, " + std::to_string(n.files_skipped) +
                       " skipped, " + std::to_string(n.files_failed) + " failed"},
         {"Source errors", std::to_string(n.source_errors)},
         {"Triage matches", std::to_string(n.triage_matches)},
         {"Max file size", r.limits.max_file_size ? std::to_string(r.limits.max_file_size) : ""},
         {"Timeout (s)", r.limits.timeout_seconds ? std::to_string(r.limits.timeout_seconds) : ""},
         {"Stopped early", r.stopped_early},
         {"Interrupted", r.interrupted ? "yes: a signal ended the collection early" : ""}});
    body += kv_card("Encryption and signature",
                    {{"Encryption", r.package.encrypted ? join(r.package.recipient_types, ", ")
                                                        : "none (integrity only)"},
                     {"Recipients", join(recipients, "; ")},
                     {"Digests", r.package.hashes},
                     {"Signing key",
                      r.package.signing_key_id.empty() ? "unsigned" : r.package.signing_key_id}});
    body += "</div>";
  }
  body += "<h3 id=\"history\">Custody history (custody.log)</h3>" + history_table(d.custody_log);
  return section("custody", "Custody and identity", 0, false, body);
}

}  // namespace biunzip::report
