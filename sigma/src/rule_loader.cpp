// Loading Sigma rules from YAML: metadata, log source, and the detection compiled up front so
// that every unsupported feature is reported at load, with its file and line.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "detection.hpp"
#include "sigma/rule.hpp"

namespace sigma {
namespace {

using detail::RawValue;

struct LoadError {
  int line;
  std::string reason;
};

int line_of(const YAML::Node& n) {
  return n.Mark().line + 1;
}

[[noreturn]] void fail_at(const YAML::Node& n, const std::string& reason) {
  throw LoadError{line_of(n), reason};
}

std::string scalar(const YAML::Node& n, const char* what) {
  if (!n) return {};
  if (!n.IsScalar()) fail_at(n, std::string(what) + " must be a string");
  return n.Scalar();
}

RawValue raw_value(const YAML::Node& n) {
  if (n.IsNull()) return RawValue{true, {}};
  if (!n.IsScalar()) fail_at(n, "a value must be a string, number, boolean or null");
  return RawValue{false, n.Scalar()};
}

detail::FieldTest field_test(const std::string& key, const YAML::Node& value) {
  std::vector<RawValue> values;
  if (value.IsSequence()) {
    for (const auto& v : value) values.push_back(raw_value(v));
  } else {
    values.push_back(raw_value(value));
  }
  try {
    return detail::compile_field_test(key, values, value.IsSequence());
  } catch (const std::invalid_argument& e) {
    fail_at(value, "'" + key + "': " + e.what());
  }
}

std::vector<detail::FieldTest> field_map(const YAML::Node& map) {
  std::vector<detail::FieldTest> tests;
  for (const auto& kv : map) tests.push_back(field_test(kv.first.as<std::string>(), kv.second));
  if (tests.empty()) fail_at(map, "an empty map matches nothing");
  return tests;
}

detail::Search compile_search(const std::string& name, const YAML::Node& node) {
  detail::Search s{name, {}};
  if (node.IsMap()) {
    s.alternatives.push_back(field_map(node));
  } else if (node.IsSequence() && node.size() > 0 && node[0].IsMap()) {
    for (const auto& item : node) {
      if (!item.IsMap()) fail_at(item, "'" + name + "' mixes maps and plain values");
      s.alternatives.push_back(field_map(item));
    }
  } else if (node.IsSequence() || node.IsScalar()) {
    if (node.IsSequence())
      for (const auto& item : node)
        if (!item.IsScalar()) fail_at(item, "'" + name + "': a keyword must be a plain value");
    s.alternatives.push_back({field_test("", node)});  // keywords
  } else {
    fail_at(node, "search identifier '" + name + "' is empty");
  }
  return s;
}

std::shared_ptr<const detail::Detection> compile_detection(const YAML::Node& det) {
  if (!det.IsMap()) fail_at(det, "detection must be a map");
  auto d = std::make_shared<detail::Detection>();
  for (const auto& kv : det) {
    const std::string key = kv.first.as<std::string>();
    if (key == "condition") continue;
    if (key == "timeframe") fail_at(kv.first, "timeframe (aggregation) is not supported");
    d->searches.push_back(compile_search(key, kv.second));
  }
  const YAML::Node cond = det["condition"];
  if (!cond) fail_at(det, "detection has no condition");
  std::vector<YAML::Node> texts;
  if (cond.IsSequence()) {
    for (const auto& c : cond) texts.push_back(c);
  } else {
    texts.push_back(cond);
  }
  for (const YAML::Node& c : texts) {
    try {
      d->conditions.push_back(detail::parse_condition(scalar(c, "condition"), d->searches));
    } catch (const std::invalid_argument& e) {
      fail_at(c, e.what());
    }
  }
  if (d->conditions.empty()) fail_at(cond, "empty condition list");
  return d;
}

Rule compile_rule(const YAML::Node& doc, const std::string& origin) {
  if (!doc.IsMap()) fail_at(doc, "a rule must be a YAML map");
  if (doc["correlation"]) fail_at(doc["correlation"], "correlation rules are not supported");
  if (doc["action"]) fail_at(doc["action"], "rule collections (action:) are not supported");
  if (doc["filter"] && !doc["detection"]) fail_at(doc, "Sigma filters are not supported");
  Rule r;
  r.file = origin;
  r.line = line_of(doc);
  r.title = scalar(doc["title"], "title");
  if (r.title.empty()) fail_at(doc, "rule has no title");
  r.id = scalar(doc["id"], "id");
  r.status = scalar(doc["status"], "status");
  r.level = scalar(doc["level"], "level");
  r.description = scalar(doc["description"], "description");
  if (const YAML::Node tags = doc["tags"]) {
    if (!tags.IsSequence()) fail_at(tags, "tags must be a list");
    for (const auto& t : tags) r.tags.push_back(scalar(t, "a tag"));
  }
  const YAML::Node ls = doc["logsource"];
  if (!ls || !ls.IsMap()) fail_at(doc, "rule has no logsource map");
  r.logsource = {scalar(ls["product"], "product"), scalar(ls["category"], "category"),
                 scalar(ls["service"], "service")};
  if (!doc["detection"]) fail_at(doc, "rule has no detection");
  r.detection = compile_detection(doc["detection"]);
  return r;
}

void load_into(LoadResult& out, std::string_view text, const std::string& origin) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    out.issues.push_back({origin, e.mark.line + 1, "YAML: " + e.msg});
    return;
  }
  for (const YAML::Node& doc : docs) {
    if (doc.IsNull()) continue;  // an empty document between `---` separators
    try {
      out.rules.push_back(compile_rule(doc, origin));
    } catch (const LoadError& e) {
      out.issues.push_back({origin, e.line, e.reason});
    } catch (const YAML::Exception& e) {
      out.issues.push_back({origin, e.mark.line + 1, "YAML: " + e.msg});
    }
  }
}

void load_file(LoadResult& out, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    out.issues.push_back({path.string(), 0, "cannot read the file"});
    return;
  }
  load_into(out, text.str(), path.string());
}

}  // namespace

std::string LoadIssue::to_string() const {
  return line > 0 ? file + ":" + std::to_string(line) + ": " + reason : file + ": " + reason;
}

LoadResult load_rules_from_text(std::string_view text, const std::string& origin) {
  LoadResult out;
  load_into(out, text, origin);
  return out;
}

LoadResult load_rules_from_path(const std::filesystem::path& path) {
  LoadResult out;
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    if (!std::filesystem::exists(path, ec))
      out.issues.push_back({path.string(), 0, "no such file or folder"});
    else
      load_file(out, path);
    return out;
  }
  std::vector<std::filesystem::path> files;
  std::filesystem::recursive_directory_iterator it(path, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string ext = it->path().extension().string();
    if (it->is_regular_file(ec) && (ext == ".yml" || ext == ".yaml")) files.push_back(it->path());
  }
  if (ec) out.issues.push_back({path.string(), 0, "walking the folder: " + ec.message()});
  std::sort(files.begin(), files.end());
  for (const auto& f : files) load_file(out, f);
  return out;
}

bool rule_matches(const Rule& rule, const Event& event) {
  return rule.detection && rule.detection->matches(event);
}

}  // namespace sigma
