// UAC's file syntax, read as UAC reads it, rewritten as strict YAML for yaml-cpp.
//
// UAC does not parse YAML: it reads "key: value" lines with the shell (lib/parse_artifact.sh),
// so its files hold values YAML would refuse or change (`%user_home%/x`, `*.log`, `! cmd`,
// `"""` blocks). Each line is rewritten on its own line, so yaml-cpp's line numbers are the
// file's and it still checks the structure (mappings, lists, indentation, duplicates).
#include <regex>
#include <sstream>

#include "ppc/error.hpp"
#include "uac/uac.hpp"

namespace collector::uac {
namespace {

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::string quote(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// UAC's _array_to_psv: brackets off, split on ',' ("\," keeps one), quotes removed.
std::string flow_list(std::string_view value) {
  std::string inner(value.substr(1, value.size() - 2));
  std::vector<std::string> items;
  std::string cur;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\' && i + 1 < inner.size() && inner[i + 1] == ',') {
      cur += ',';
      ++i;
    } else if (inner[i] == ',') {
      items.push_back(cur);
      cur.clear();
    } else if (inner[i] != '"' && inner[i] != '\'') {
      cur += inner[i];
    }
  }
  items.push_back(cur);
  std::string out = "[";
  bool first = true;
  for (auto& item : items) {
    std::string t = trim(item);
    if (t.empty()) continue;
    out += (first ? "" : ", ") + quote(t);
    first = false;
  }
  return out + "]";
}

// The keys whose values are lists ("[a, b]"); any other value starting with '[' is text (a
// condition such as `[ -s file ]`).
bool is_list_key(const std::string& key) {
  static const char* const keys[] = {
      "supported_os",         "path_pattern",        "name_pattern", "exclude_path_pattern",
      "exclude_name_pattern", "exclude_file_system", "file_type",    "permissions",
      "hash_algorithm"};
  for (const char* k : keys)
    if (key == k) return true;
  return false;
}

}  // namespace

std::string normalize_uac_text(std::string_view text, std::string_view source) {
  static const std::regex key_line(R"(^(\s*)(-\s+)?([A-Za-z0-9_]+):(\s.*)?$)");
  static const std::regex item_line(R"(^(\s*)-\s+(.*)$)");
  std::istringstream in{std::string(text)};
  std::ostringstream out;
  std::string line;
  std::string block_indent;  // non-empty inside a """ block
  int number = 0, block_start = 0;
  auto unterminated = [&] {
    ppc::fail(ppc::ErrorClass::usage, std::string(source) + ":" + std::to_string(block_start) +
                                          ": unterminated \"\"\" block (no closing \"\"\")");
  };
  while (std::getline(in, line)) {
    ++number;
    if (std::size_t hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::string stripped = trim(line);
    if (!block_indent.empty()) {
      if (stripped == "-") unterminated();
      if (stripped == "\"\"\"") {
        block_indent.clear();
        out << '\n';
      } else {
        out << (stripped.empty() ? "" : block_indent + stripped) << '\n';
      }
      continue;
    }
    std::smatch m;
    if (std::regex_match(line, m, key_line)) {
      std::string head = m[1].str() + m[2].str() + m[3].str() + ":";
      std::string value = trim(m[4].str());
      if (value.empty()) {
        out << head << '\n';
      } else if (value == "\"\"\"") {
        out << head << " |\n";
        block_indent = std::string(m[1].length() + m[2].length() + 2, ' ');
        block_start = number;
      } else if (value.size() >= 2 && value.front() == '[' && value.back() == ']' &&
                 is_list_key(m[3].str())) {
        out << head << ' ' << flow_list(value) << '\n';
      } else {
        out << head << ' ' << quote(value) << '\n';
      }
    } else if (std::regex_match(line, m, item_line)) {
      out << m[1].str() << "- " << quote(trim(m[2].str())) << '\n';
    } else {
      out << line << '\n';
    }
  }
  if (!block_indent.empty()) unterminated();
  return out.str();
}

}  // namespace collector::uac
