// Parsing of artifact and profile definitions (YAML). The schema is documented by example at
// the top of every file under rules/artifacts and rules/profiles.
#include <algorithm>
#include <charconv>
#include <regex>
#include <set>

#include "collector/artifact.hpp"
#include "collector/definitions.hpp"
#include "ppc/error.hpp"
#include "yaml_util.hpp"

namespace collector {
namespace {

bool valid_identifier(const std::string& s) {
  static const std::regex re("[a-z_][a-z0-9_]*");
  return std::regex_match(s, re);
}

bool valid_profile_name(const std::string& s) {
  static const std::regex re("[a-z0-9][a-z0-9_-]*");
  return std::regex_match(s, re);
}

ppc::ColumnType column_type(const yaml::Reader& r, const YAML::Node& node) {
  std::string t = r.string(node, "column type");
  if (t == "integer") return ppc::ColumnType::integer;
  if (t == "real") return ppc::ColumnType::real;
  if (t == "text") return ppc::ColumnType::text;
  r.fail(node, "column type must be integer, real or text, not '" + t + "'");
}

TableDef parse_table(const yaml::Reader& r, const YAML::Node& node) {
  r.check_keys(node, "output", {"table", "columns"});
  TableDef t;
  t.name = r.string(node["table"], "output table");
  if (!valid_identifier(t.name))
    r.fail(node["table"], "table name '" + t.name + "' must match [a-z_][a-z0-9_]*");
  const YAML::Node cols = node["columns"];
  if (!cols.IsSequence() || cols.size() == 0)
    r.fail(cols.IsDefined() ? cols : node, "table '" + t.name + "' needs a list of columns");
  std::set<std::string> seen;
  for (const auto& c : cols) {
    r.check_keys(c, "column", {"name", "type"});
    ppc::Column col{r.string(c["name"], "column name"), column_type(r, c["type"])};
    if (!valid_identifier(col.name))
      r.fail(c["name"], "column name '" + col.name + "' must match [a-z_][a-z0-9_]*");
    if (!seen.insert(col.name).second) r.fail(c, "duplicate column '" + col.name + "'");
    t.columns.push_back(std::move(col));
  }
  return t;
}

FileSpec parse_file_spec(const yaml::Reader& r, const YAML::Node& node) {
  r.check_keys(node, "file collector",
               {"paths", "exclude", "max_depth", "max_size", "modified_within_days",
                "executables_only", "setid_only"});
  FileSpec f;
  f.paths = r.string_list(node["paths"], "paths");
  if (f.paths.empty()) r.fail(node, "a file collector needs at least one path");
  for (std::size_t i = 0; i < f.paths.size(); ++i)
    if (f.paths[i].empty() || f.paths[i][0] != '/')
      r.fail(node["paths"], "path '" + f.paths[i] + "' must be absolute");
  if (node["exclude"]) f.exclude = r.string_list(node["exclude"], "exclude");
  if (node["max_depth"])
    f.max_depth = static_cast<int>(r.integer(node["max_depth"], "max_depth", -1, 128));
  if (node["max_size"]) f.max_size = r.size(node["max_size"], "max_size");
  if (node["modified_within_days"])
    f.modified_within_days =
        r.integer(node["modified_within_days"], "modified_within_days", 0, 100000);
  if (node["executables_only"])
    f.executables_only = r.boolean(node["executables_only"], "executables_only");
  if (node["setid_only"]) f.setid_only = r.boolean(node["setid_only"], "setid_only");
  return f;
}

void parse_collector(const yaml::Reader& r, const YAML::Node& node, ArtifactDef& a) {
  r.check_keys(node, "collector", {"native", "file", "command"});
  const bool native = bool(node["native"]), file = bool(node["file"]),
             command = bool(node["command"]);
  if (native + file + command == 0) r.fail(node, "collector needs one of native, file, command");
  if (command && (native || file))
    r.fail(node, "a command collector cannot also be native or file");
  if (file) a.files = parse_file_spec(r, node["file"]);
  if (native) {
    a.kind = CollectorKind::native;
    a.native = r.string(node["native"], "native");
    if (!find_native_collector(a.native))
      r.fail(node["native"], "no native collector named '" + a.native + "'");
  } else if (file) {
    a.kind = CollectorKind::file;
  } else {
    a.kind = CollectorKind::command;
    a.command = r.string_list(node["command"], "command");
    if (a.command.empty()) r.fail(node["command"], "command needs at least the program");
  }
}

}  // namespace

std::string_view to_string(Volatility v) {
  switch (v) {
    case Volatility::memory:
      return "memory";
    case Volatility::config:
      return "config";
    case Volatility::logs:
      return "logs";
    case Volatility::bulk:
      return "bulk";
  }
  return "config";
}

namespace {

void parse_options(const yaml::Reader& r, const YAML::Node& node, ArtifactDef& a) {
  r.require_map(node, "options");
  for (const auto& kv : node) {
    std::string key = r.string(kv.first, "option name");
    a.options[key] = r.string_list(kv.second, "option '" + key + "'");
  }
}

Volatility parse_volatility(const yaml::Reader& r, const YAML::Node& node) {
  std::string v = r.string(node, "volatility");
  for (Volatility c : {Volatility::memory, Volatility::config, Volatility::logs, Volatility::bulk})
    if (v == to_string(c)) return c;
  r.fail(node, "volatility '" + v + "' is not one of memory, config, logs, bulk");
}

ArtifactDef parse_artifact(const yaml::Reader& r, const YAML::Node& node) {
  r.check_keys(node, "artifact",
               {"name", "description", "supported_os", "collector", "outputs", "live_only",
                "volatility", "options"});
  ArtifactDef a;
  a.source = r.source();
  if (!node["name"]) r.fail(node, "artifact without a name");
  a.name = r.string(node["name"], "name");
  if (!valid_identifier(a.name))
    r.fail(node["name"], "artifact name '" + a.name + "' must match [a-z_][a-z0-9_]*");
  if (!node["description"]) r.fail(node, "artifact '" + a.name + "' needs a description");
  a.description = r.string(node["description"], "description");
  a.supported_os = node["supported_os"] ? r.string_list(node["supported_os"], "supported_os")
                                        : std::vector<std::string>{"linux"};
  if (!node["collector"]) r.fail(node, "artifact '" + a.name + "' needs a collector");
  parse_collector(r, node["collector"], a);
  if (node["live_only"]) a.live_only = r.boolean(node["live_only"], "live_only");
  if (node["volatility"]) a.volatility = parse_volatility(r, node["volatility"]);
  if (node["options"]) parse_options(r, node["options"], a);
  if (const YAML::Node outs = node["outputs"]) {
    if (!outs.IsSequence()) r.fail(outs, "outputs must be a list of tables");
    for (const auto& t : outs) a.outputs.push_back(parse_table(r, t));
  }
  if (a.kind == CollectorKind::native && a.outputs.empty())
    r.fail(node, "native artifact '" + a.name + "' declares no outputs");
  return a;
}

TriageOptions parse_triage(const yaml::Reader& r, const YAML::Node& node) {
  r.check_keys(node, "triage",
               {"enabled", "scan", "scan_exclude", "scan_max_size", "scan_max_depth", "scan_memory",
                "sigma", "sql_rules"});
  TriageOptions t;
  if (node["enabled"]) t.enabled = r.boolean(node["enabled"], "enabled");
  if (node["sigma"]) t.sigma = r.boolean(node["sigma"], "sigma");
  if (node["sql_rules"]) t.sql_rules = r.boolean(node["sql_rules"], "sql_rules");
  if (node["scan"]) t.scan = r.string_list(node["scan"], "scan");
  if (node["scan_exclude"]) t.scan_exclude = r.string_list(node["scan_exclude"], "scan_exclude");
  if (node["scan_max_size"]) t.scan_max_size = r.size(node["scan_max_size"], "scan_max_size");
  if (node["scan_max_depth"])
    t.scan_max_depth =
        static_cast<int>(r.integer(node["scan_max_depth"], "scan_max_depth", -1, 128));
  if (node["scan_memory"]) t.scan_memory = r.string_list(node["scan_memory"], "scan_memory");
  return t;
}

std::vector<std::string> parse_hashes(const yaml::Reader& r, const YAML::Node& node) {
  std::vector<std::string> out = r.string_list(node, "hashes");
  for (const auto& h : out)
    if (h != "sha256" && h != "md5" && h != "sha1")
      r.fail(node, "unknown hash '" + h + "' (expected sha256, md5, sha1)");
  if (std::find(out.begin(), out.end(), "sha256") == out.end()) out.insert(out.begin(), "sha256");
  return out;
}

// yaml-cpp throws for a node used the wrong way (a subscript on a scalar, an absent key read as
// a value); whatever a definition file holds, the caller must get the documented usage error.
template <class F>
auto yaml_errors_as_usage(const yaml::Reader& r, F&& parse) {
  try {
    return parse();
  } catch (const YAML::Exception& e) {
    r.fail_line(e.mark.is_null() ? 0 : e.mark.line + 1, e.msg);
  }
}

std::vector<ArtifactDef> parse_artifacts_doc(const yaml::Reader& r, std::string_view text) {
  YAML::Node doc = r.load(text);
  std::vector<ArtifactDef> out;
  std::set<std::string> names;
  auto add = [&](const YAML::Node& node) {
    out.push_back(parse_artifact(r, node));
    if (!names.insert(out.back().name).second)
      r.fail(node, "artifact '" + out.back().name + "' is defined twice");
  };
  if (doc.IsMap()) {
    add(doc);
  } else if (doc.IsSequence()) {
    for (const auto& node : doc) add(node);
  } else {
    r.fail_line(1, "expected an artifact (mapping) or a list of artifacts");
  }
  return out;
}

ProfileDef parse_profile_doc(const yaml::Reader& r, std::string_view text,
                             std::string_view source) {
  YAML::Node doc = r.load(text);
  if (!doc.IsMap()) r.fail_line(1, "expected a profile (mapping)");
  r.check_keys(doc, "profile",
               {"name", "description", "artifacts", "hashes", "max_file_size", "triage"});
  ProfileDef p;
  p.source = std::string(source);
  if (!doc["name"]) r.fail_line(1, "profile without a name");
  p.name = r.string(doc["name"], "name");
  if (!valid_profile_name(p.name))
    r.fail(doc["name"], "profile name '" + p.name + "' must match [a-z0-9][a-z0-9_-]*");
  if (!doc["description"]) r.fail_line(1, "profile '" + p.name + "' needs a description");
  p.description = r.string(doc["description"], "description");
  if (const YAML::Node arts = doc["artifacts"]; arts && !arts.IsNull()) {
    if (!arts.IsSequence()) r.fail(arts, "artifacts must be a list of names");
    for (const auto& a : arts) {
      p.artifacts.push_back(r.string(a, "artifact"));
      p.artifact_lines.push_back(yaml::Reader::line_of(a));
    }
  }
  p.hashes = doc["hashes"] ? parse_hashes(r, doc["hashes"]) : std::vector<std::string>{"sha256"};
  if (doc["max_file_size"]) p.max_file_size = r.size(doc["max_file_size"], "max_file_size");
  if (doc["triage"]) p.triage = parse_triage(r, doc["triage"]);
  return p;
}

}  // namespace

std::vector<ArtifactDef> parse_artifacts(std::string_view text, std::string_view source) {
  yaml::Reader r(source);
  return yaml_errors_as_usage(r, [&] { return parse_artifacts_doc(r, text); });
}

ProfileDef parse_profile(std::string_view text, std::string_view source) {
  yaml::Reader r(source);
  return yaml_errors_as_usage(r, [&] { return parse_profile_doc(r, text, source); });
}

std::string ArtifactDef::option(std::string_view key, std::string_view fallback) const {
  auto it = options.find(std::string(key));
  if (it == options.end() || it->second.empty()) return std::string(fallback);
  return it->second.front();
}

int64_t ArtifactDef::option_int(std::string_view key, int64_t fallback) const {
  std::string text = option(key);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return fallback;
  return v;
}

std::vector<std::string> ArtifactDef::option_list(std::string_view key,
                                                  std::vector<std::string> fallback) const {
  auto it = options.find(std::string(key));
  return it == options.end() ? fallback : it->second;
}

}  // namespace collector
