#pragma once
// Helpers for the Sigma tests: small rules written inline, events built field by field.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "sigma/event.hpp"
#include "sigma/rule.hpp"

namespace sigma::test {

// A rule with the given detection block (YAML indented by four spaces under `detection:`).
inline std::string rule_text(const std::string& detection, const std::string& title = "t",
                             const std::string& logsource = "    product: linux\n") {
  return "title: " + title + "\nid: " + title + "\nlevel: high\nlogsource:\n" + logsource +
         "detection:\n" + detection;
}

// Loads exactly one rule and fails the test on any load issue.
inline Rule load_one(const std::string& text) {
  LoadResult r = load_rules_from_text(text, "inline.yml");
  for (const LoadIssue& i : r.issues) ADD_FAILURE() << i.to_string();
  if (r.rules.size() != 1) {
    ADD_FAILURE() << "expected one rule, got " << r.rules.size();
    return Rule{};
  }
  return std::move(r.rules.front());
}

inline Event event_of(std::vector<std::pair<std::string, std::string>> fields,
                      std::string raw = {}) {
  Event e(LogSource{"linux", "", ""});
  for (auto& [k, v] : fields) e.add(k, v);
  e.set_raw(std::move(raw));
  return e;
}

// Does `detection` (a rule body) match the event?
inline bool hits(const std::string& detection, const Event& e) {
  return rule_matches(load_one(rule_text(detection)), e);
}

// The one issue loading `text` gives (empty when it loads).
inline std::string load_issue(const std::string& text) {
  LoadResult r = load_rules_from_text(text, "bad.yml");
  return r.issues.size() == 1 ? r.issues[0].to_string() : std::string();
}

}  // namespace sigma::test
