#pragma once
// Sigma rules (specification v2): loading from YAML and matching one event.
//
// Loading never drops a rule silently: a file that does not parse, a rule missing its detection
// or condition, and a rule using a feature this evaluator does not implement (correlations,
// aggregations, `expand` placeholders, an unknown modifier, a regular expression std::regex
// cannot compile, ...) each produce a LoadIssue naming the file, the line and the reason.
//
// Matching semantics (docs/SIGMA.md): values are compared case-insensitively unless `cased`
// (or `re` without `i`); `*` and `?` are wildcards, `\` escapes `*`, `?` and `\`; maps are ANDs,
// lists ORs (ANDs with `all`); keyword lists search the event's raw text.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sigma/event.hpp"

namespace sigma {

namespace detail {
struct Detection;  // the compiled detection and condition(s), private to the library
}

struct Rule {
  std::string title, id, status, level, description;
  std::vector<std::string> tags;
  LogSource logsource;
  std::string file;  // where the rule came from, for reports
  int line = 0;      // first line of the rule's YAML document (1-based)
  std::shared_ptr<const detail::Detection> detection;
};

struct LoadIssue {
  std::string file;
  int line = 0;  // 1-based; 0 when the issue concerns the whole file
  std::string reason;
  // "file:line: reason" (or "file: reason"), one line.
  std::string to_string() const;
};

struct LoadResult {
  std::vector<Rule> rules;
  std::vector<LoadIssue> issues;  // one per rule or file not loaded
};

// Parses every YAML document in `text` as one rule; `origin` names it in issues.
LoadResult load_rules_from_text(std::string_view text, const std::string& origin);
// A .yml/.yaml file, or a folder walked recursively (other files are ignored, in name order).
LoadResult load_rules_from_path(const std::filesystem::path& path);

// True when `event` satisfies the rule's detection (any of its conditions). The log source is
// not checked here: RuleSet does that.
bool rule_matches(const Rule& rule, const Event& event);

}  // namespace sigma
