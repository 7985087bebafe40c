#pragma once
// The compiled form of a rule's detection section (private to ppc_sigma).
//
// A search identifier compiles to a Search: an OR of alternatives, each an AND of FieldTests.
// A FieldTest holds a list of ValueTests (OR, or AND with `all`); a ValueTest holds the variants
// one rule value expands to (base64offset, windash, wide), any of which may match.
#include <cstdint>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "sigma/event.hpp"

namespace sigma::detail {

// A Sigma string after escape processing: `*`/`?` marked as wildcards or literal.
struct Glob {
  std::string text;        // lower-cased unless cased
  std::vector<bool> wild;  // wild[i]: text[i] is a `*` or `?` wildcard
  bool cased = false;
  // Most rule values are a literal with `*` at one or both ends: matched without backtracking.
  enum class Shape { exact, startswith, endswith, contains, general } shape = Shape::general;
  std::string core;  // the literal of the fast shapes
  bool match(std::string_view subject) const;
};

struct Cidr {
  bool v6 = false;
  unsigned char addr[16] = {};
  int bits = 0;
  bool contains(std::string_view ip) const;
};

enum class ValueKind { glob, regex, cidr, compare, exists, null, fieldref };
enum class Compare { gt, gte, lt, lte };
enum class Anchor { exact, contains, startswith, endswith };

struct ValueTest {
  ValueKind kind = ValueKind::glob;
  std::vector<Glob> variants;            // glob: any of them
  std::shared_ptr<const std::regex> re;  // regex
  Cidr cidr;
  Compare compare = Compare::gt;
  double number = 0;
  bool exists = true;
  std::string ref_field;  // fieldref
  Anchor ref_anchor = Anchor::exact;
  bool ref_cased = false;
};

struct FieldTest {
  std::string field;  // empty: a keyword search over the event's raw text
  std::vector<ValueTest> values;
  bool all = false;
  bool matches(const Event& event) const;
};

struct Search {
  std::string name;
  std::vector<std::vector<FieldTest>> alternatives;  // OR of ANDs
  bool matches(const Event& event) const;
};

struct CondNode {
  enum Kind { ref, not_, and_, or_, of } kind = ref;
  std::vector<CondNode> children;
  std::vector<size_t> refs;  // ref: one search index; of: the matched searches
  size_t need = 1;           // of: how many must match (SIZE_MAX: all)
};

struct Detection {
  std::vector<Search> searches;
  std::vector<CondNode> conditions;  // a condition list is an OR
  bool matches(const Event& event) const;
};

// Compiles `field|mod|mod` with its YAML value(s). Throws std::invalid_argument naming the
// unsupported modifier or bad value.
struct RawValue {
  bool is_null = false;
  std::string text;
};
FieldTest compile_field_test(std::string_view key, const std::vector<RawValue>& values,
                             bool value_was_list);
Glob make_glob(std::string_view sigma_string, Anchor anchor, bool cased);
Glob make_literal_glob(std::string_view literal, Anchor anchor, bool cased);

// Compiles a Sigma `re` value with its i/m/s flags (and a leading PCRE `(?ims)` group) into
// ECMAScript std::regex. Throws std::invalid_argument when std::regex cannot express it.
std::shared_ptr<const std::regex> compile_regex(const std::string& pattern, bool icase,
                                                bool multiline, bool dotall);
// regex_search over at most the first kMaxRegexSubject bytes: libstdc++'s matcher recurses per
// character and would exhaust the stack on a multi-megabyte value.
inline constexpr size_t kMaxRegexSubject = 64 * 1024;

// Parses one condition string against the rule's search names. Throws std::invalid_argument.
CondNode parse_condition(std::string_view text, const std::vector<Search>& searches);

// Case-insensitive (ASCII) equality of two strings.
bool iequals(std::string_view a, std::string_view b);

}  // namespace sigma::detail
