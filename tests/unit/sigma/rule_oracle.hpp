#pragma once
// An independent model of a Sigma rule for the SigmaHQ compatibility test: it reads the rule's
// YAML itself, evaluates conditions over truth assignments, and writes events that must match
// (and near misses that must not) from the detection's values. It shares no code with the
// library, so the library's answers are checked against a second reading of the rule.
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sigma/event.hpp"

namespace sigma::test {

// One literal constraint on a field (or on the raw text when field is empty).
struct Constraint {
  std::string field, kind, literal;  // kind: exact, startswith, endswith, contains, re, cidr
};

// A field test in full (every value), to tell whether a search left false stays false.
struct FieldCheck {
  std::string field, kind;
  std::vector<std::string> values;
  bool all = false;
};

struct RuleModel {
  std::vector<std::string> names;                                    // search identifiers, in order
  std::map<std::string, std::vector<Constraint>> search;             // first alternative of each
  std::map<std::string, std::vector<std::vector<FieldCheck>>> full;  // OR of ANDs
  std::vector<std::string> conditions;
  LogSource source;
};

RuleModel read_rule(const YAML::Node& doc);

// Does the search hold on `e`? (A plain reading: case-insensitive, `*`/`?` wildcards.)
bool search_holds(const RuleModel& m, const std::string& name, const Event& e);

// Truth of the rule's conditions under a truth assignment of its searches.
bool condition_holds(const RuleModel& m, const std::map<std::string, bool>& truth);

struct Generated {
  Event match, near_miss;
  std::string why_not;  // non-empty when no event could be derived
};
// `regex_samples` gives, per `re` pattern, a text it matches.
Generated generate(const RuleModel& m, const std::map<std::string, std::string>& regex_samples);

}  // namespace sigma::test
