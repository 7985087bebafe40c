#pragma once
// Where rule sources come from: files and directories named on the command line, or the default
// set compiled into the collector from rules/yara/*.yar.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collector::triage {

struct RuleSource {
  std::string name;  // the path as given (or "yara/<file>" when embedded): used in errors
  std::string ns;    // YARA namespace: the file name without extension
  std::string text;  // the exact bytes compiled and hashed
  bool on_disk = false;
};

// Files as given and the .yar/.yara files of directories (not recursive, sorted by name).
// Throws ppc::Error(usage) when a path is missing, unreadable or a directory holds no rules.
std::vector<RuleSource> read_rule_sources(const std::vector<std::string>& paths);

// The embedded rules/yara/*.yar files in path order.
std::vector<RuleSource> embedded_rule_sources();

// The embedded rule file an `include "name"` refers to (relative to the yara/ directory).
std::optional<std::string_view> find_embedded_rule(std::string_view include_name);

// yarac output starts with the magic "YARA".
bool is_compiled_rules(std::string_view bytes);

}  // namespace collector::triage
