// YAML reading helpers for the definition loader (see yaml_util.hpp).
#include "yaml_util.hpp"

#include <charconv>

#include "collector/definitions.hpp"
#include "ppc/error.hpp"
#include "ppc/units.hpp"

namespace collector::yaml {
namespace {

// Messages stay one line whatever a value contains.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

std::string type_name(const YAML::Node& n) {
  if (!n.IsDefined()) return "missing";  // Type() throws on the node of an absent key
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Null:
      return "empty";
    default:
      return "undefined";
  }
}

}  // namespace

YAML::Node Reader::load(std::string_view text) const {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    fail_line(e.mark.is_null() ? 0 : e.mark.line + 1, "YAML syntax: " + e.msg);
  }
}

int Reader::line_of(const YAML::Node& node) {
  if (!node.IsDefined()) return 0;
  YAML::Mark m = node.Mark();
  return m.is_null() ? 0 : m.line + 1;
}

void Reader::fail(const YAML::Node& at, const std::string& message) const {
  fail_line(line_of(at), message);
}

void Reader::fail_line(int line, const std::string& message) const {
  ppc::fail(ppc::ErrorClass::usage,
            one_line(source_ + ":" + std::to_string(line) + ": " + message));
}

void Reader::require_map(const YAML::Node& node, std::string_view what) const {
  if (!node.IsDefined() || !node.IsMap())
    fail(node, std::string(what) + " must be a mapping, not " + type_name(node));
}

void Reader::check_keys(const YAML::Node& map, std::string_view what,
                        std::initializer_list<std::string_view> allowed) const {
  require_map(map, what);
  for (const auto& kv : map) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    bool known = false;
    for (auto a : allowed) known = known || key == a;
    if (known) continue;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(kv.first,
         "unknown key '" + key + "' in " + std::string(what) + " (expected: " + list + ")");
  }
}

std::string Reader::string(const YAML::Node& node, std::string_view what) const {
  if (!node.IsDefined() || !node.IsScalar())
    fail(node, std::string(what) + " must be a string, not " + type_name(node));
  return node.Scalar();
}

std::vector<std::string> Reader::string_list(const YAML::Node& node, std::string_view what) const {
  std::vector<std::string> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (node.IsScalar()) return {node.Scalar()};
  if (!node.IsSequence())
    fail(node, std::string(what) + " must be a list of strings, not " + type_name(node));
  for (const auto& item : node) out.push_back(string(item, what));
  return out;
}

int64_t Reader::integer(const YAML::Node& node, std::string_view what, int64_t min,
                        int64_t max) const {
  std::string text = string(node, what);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    fail(node, std::string(what) + " must be an integer, not '" + text + "'");
  if (v < min || v > max)
    fail(node, std::string(what) + " must be between " + std::to_string(min) + " and " +
                   std::to_string(max));
  return v;
}

bool Reader::boolean(const YAML::Node& node, std::string_view what) const {
  std::string text = string(node, what);
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  fail(node, std::string(what) + " must be true or false, not '" + text + "'");
}

uint64_t Reader::size(const YAML::Node& node, std::string_view what) const {
  std::string text = string(node, what);
  auto v = ppc::parse_size(text);
  if (!v) fail(node, std::string(what) + ": " + ppc::not_a_size_message(text));
  return *v;
}

}  // namespace collector::yaml
