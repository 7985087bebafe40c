#include <nlohmann/json.hpp>

#include "ppc/custody.hpp"
#include "ppc/error.hpp"

namespace ppc {
namespace {

using nlohmann::json;

json object_or_empty(const std::string& text) {
  if (text.empty()) return json::object();
  return json::parse(text, nullptr, false, true);
}

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? std::string() : it->dump();
}

template <class T>
void get(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) {
    try {
      out = it->get<T>();
    } catch (const json::exception&) {
      // A member of the wrong type in a damaged record: keep the default, read the rest.
    }
  }
}

json counts_json(const CustodyCounts& c) {
  return {{"artifacts", c.artifacts},
          {"rows", c.rows},
          {"files_stored", c.files_stored},
          {"files_skipped", c.files_skipped},
          {"files_failed", c.files_failed},
          {"bytes_stored", c.bytes_stored},
          {"source_errors", c.source_errors},
          {"triage_matches", c.triage_matches},
          {"log_lines_dropped", c.log_lines_dropped}};
}

CustodyCounts counts_from(const json& j) {
  CustodyCounts c;
  get(j, "artifacts", c.artifacts);
  get(j, "rows", c.rows);
  get(j, "files_stored", c.files_stored);
  get(j, "files_skipped", c.files_skipped);
  get(j, "files_failed", c.files_failed);
  get(j, "bytes_stored", c.bytes_stored);
  get(j, "source_errors", c.source_errors);
  get(j, "triage_matches", c.triage_matches);
  get(j, "log_lines_dropped", c.log_lines_dropped);
  return c;
}

json limits_json(const CustodyLimits& l) {
  return {{"cpu_limit_percent", l.cpu_limit_percent},
          {"io_nice", l.io_nice},
          {"max_file_size", l.max_file_size},
          {"max_package_size", l.max_package_size},
          {"min_free_space", l.min_free_space},
          {"timeout_seconds", l.timeout_seconds},
          {"artifact_timeout_seconds", l.artifact_timeout_seconds},
          {"cpu_throttled_seconds", l.cpu_throttled_seconds}};
}

CustodyLimits limits_from(const json& j) {
  CustodyLimits l;
  get(j, "cpu_limit_percent", l.cpu_limit_percent);
  get(j, "io_nice", l.io_nice);
  get(j, "max_file_size", l.max_file_size);
  get(j, "max_package_size", l.max_package_size);
  get(j, "min_free_space", l.min_free_space);
  get(j, "timeout_seconds", l.timeout_seconds);
  get(j, "artifact_timeout_seconds", l.artifact_timeout_seconds);
  get(j, "cpu_throttled_seconds", l.cpu_throttled_seconds);
  return l;
}

json recipients_json(const std::vector<CustodyRecipient>& recipients) {
  json out = json::array();
  for (const CustodyRecipient& r : recipients) {
    json one = {{"type", r.type}, {"sha256", r.sha256}};
    if (!r.subject.empty()) one["subject"] = r.subject;
    out.push_back(std::move(one));
  }
  return out;
}

std::vector<CustodyRecipient> recipients_from(const json& j) {
  std::vector<CustodyRecipient> out;
  if (!j.is_array()) return out;
  for (const json& one : j) {
    if (!one.is_object()) continue;
    CustodyRecipient r;
    get(one, "type", r.type);
    get(one, "sha256", r.sha256);
    get(one, "subject", r.subject);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::string custody_counts_json(const CustodyCounts& counts) {
  return counts_json(counts).dump();
}

std::string custody_to_json(const CustodyRecord& r) {
  json j;
  j["format"] = "ppc-custody/1";
  j["case"] = {{"case_id", r.case_info.case_id},
               {"examiner", r.case_info.examiner},
               {"organization", r.case_info.organization},
               {"note", r.case_info.note}};
  j["asset"] = object_or_empty(r.asset_json);
  j["tool"] = object_or_empty(r.tool_json);
  j["profile"] = {
      {"name", r.profile_name}, {"source", r.profile_source}, {"artifacts", r.profile_artifacts}};
  j["rules"] = object_or_empty(r.rules_json);
  j["command_line"] = r.command_line;
  j["config_file"] = r.config_file;
  j["operator"] = object_or_empty(r.operator_json);
  j["started_utc"] = r.started_utc;
  j["ended_utc"] = r.ended_utc;
  j["duration_seconds"] = r.duration_seconds;
  j["clock"] = object_or_empty(r.clock_json);
  j["counts"] = counts_json(r.counts);
  j["package"] = {{"name", r.package.name},
                  {"encrypted", r.package.encrypted},
                  {"recipient_types", r.package.recipient_types},
                  {"recipients", recipients_json(r.package.recipients)},
                  {"hashes", r.package.hashes},
                  {"signing_key_id", r.package.signing_key_id},
                  {"sha256", "recorded in " + r.package.name +
                                 ".sha256: a package cannot contain its own hash"}};
  j["limits"] = limits_json(r.limits);
  j["interrupted"] = r.interrupted;
  j["stopped_early"] = r.stopped_early;
  if (!r.images_json.empty()) j["images"] = json::parse(r.images_json, nullptr, false);
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

CustodyRecord custody_from_json(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    fail(ErrorClass::payload_malformed, "custody.json is not a JSON object");
  CustodyRecord r;
  const json& c = j.value("case", json::object());
  get(c, "case_id", r.case_info.case_id);
  get(c, "examiner", r.case_info.examiner);
  get(c, "organization", r.case_info.organization);
  get(c, "note", r.case_info.note);
  r.asset_json = text_of(j, "asset");
  r.tool_json = text_of(j, "tool");
  r.operator_json = text_of(j, "operator");
  r.clock_json = text_of(j, "clock");
  r.rules_json = text_of(j, "rules");
  if (j.contains("images") && j["images"].is_array()) r.images_json = j["images"].dump();
  const json& p = j.value("profile", json::object());
  get(p, "name", r.profile_name);
  get(p, "source", r.profile_source);
  get(p, "artifacts", r.profile_artifacts);
  get(j, "command_line", r.command_line);
  get(j, "config_file", r.config_file);
  get(j, "started_utc", r.started_utc);
  get(j, "ended_utc", r.ended_utc);
  get(j, "duration_seconds", r.duration_seconds);
  r.counts = counts_from(j.value("counts", json::object()));
  const json& pkg = j.value("package", json::object());
  get(pkg, "name", r.package.name);
  get(pkg, "encrypted", r.package.encrypted);
  get(pkg, "recipient_types", r.package.recipient_types);
  get(pkg, "hashes", r.package.hashes);
  r.package.recipients = recipients_from(pkg.value("recipients", json::array()));
  get(pkg, "signing_key_id", r.package.signing_key_id);
  r.limits = limits_from(j.value("limits", json::object()));
  get(j, "interrupted", r.interrupted);
  get(j, "stopped_early", r.stopped_early);
  return r;
}

}  // namespace ppc
