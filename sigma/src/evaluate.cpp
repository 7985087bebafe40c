// Evaluating a compiled detection against one event.
#include <cstdlib>

#include "detection.hpp"

namespace sigma::detail {
namespace {

bool compare(const ValueTest& t, const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  const double x = std::strtod(s.c_str(), &end);
  if (*end) return false;
  switch (t.compare) {
    case Compare::gt:
      return x > t.number;
    case Compare::gte:
      return x >= t.number;
    case Compare::lt:
      return x < t.number;
    case Compare::lte:
      return x <= t.number;
  }
  return false;
}

// One value of the event against one rule value (not null/exists, which look at the field).
bool value_matches(const ValueTest& t, const std::string& s, const Event& event) {
  switch (t.kind) {
    case ValueKind::glob:
      for (const Glob& g : t.variants)
        if (g.match(s)) return true;
      return false;
    case ValueKind::regex: {
      const std::string_view view(s.data(), std::min(s.size(), kMaxRegexSubject));
      return std::regex_search(view.begin(), view.end(), *t.re);
    }
    case ValueKind::cidr:
      return t.cidr.contains(s);
    case ValueKind::compare:
      return compare(t, s);
    case ValueKind::fieldref:
      for (const auto& ref : event.values(t.ref_field))
        if (make_literal_glob(ref.second, t.ref_anchor, t.ref_cased).match(s)) return true;
      return false;
    default:
      return false;
  }
}

bool test_matches(const ValueTest& t, const FieldTest& f, const Event& event) {
  if (f.field.empty()) return value_matches(t, event.raw(), event);
  const auto values = event.values(f.field);
  if (t.kind == ValueKind::exists) return values.empty() != t.exists;
  if (t.kind == ValueKind::null) {
    for (const auto& v : values)
      if (!v.second.empty()) return false;
    return true;
  }
  for (const auto& v : values)
    if (value_matches(t, v.second, event)) return true;
  return false;
}

}  // namespace

bool FieldTest::matches(const Event& event) const {
  for (const ValueTest& t : values) {
    const bool hit = test_matches(t, *this, event);
    if (all && !hit) return false;
    if (!all && hit) return true;
  }
  return all && !values.empty();
}

bool Search::matches(const Event& event) const {
  for (const auto& alternative : alternatives) {
    bool ok = true;
    for (const FieldTest& f : alternative)
      if (!f.matches(event)) {
        ok = false;
        break;
      }
    if (ok) return true;
  }
  return false;
}

namespace {

// Searches are evaluated at most once per event: memo[i] is -1 (not yet), 0 or 1.
bool eval(const CondNode& n, const Detection& d, const Event& e, std::vector<signed char>& memo) {
  auto search = [&](size_t i) {
    if (memo[i] < 0) memo[i] = d.searches[i].matches(e) ? 1 : 0;
    return memo[i] == 1;
  };
  switch (n.kind) {
    case CondNode::ref:
      return search(n.refs[0]);
    case CondNode::not_:
      return !eval(n.children[0], d, e, memo);
    case CondNode::and_:
      for (const CondNode& c : n.children)
        if (!eval(c, d, e, memo)) return false;
      return true;
    case CondNode::or_:
      for (const CondNode& c : n.children)
        if (eval(c, d, e, memo)) return true;
      return false;
    case CondNode::of: {
      const size_t need = n.need == SIZE_MAX ? n.refs.size() : n.need;
      size_t hits = 0;
      for (size_t i : n.refs)
        if (search(i) && ++hits >= need) return true;
      return hits >= need;
    }
  }
  return false;
}

}  // namespace

bool Detection::matches(const Event& event) const {
  std::vector<signed char> memo(searches.size(), -1);
  for (const CondNode& c : conditions)
    if (eval(c, *this, event, memo)) return true;
  return false;
}

}  // namespace sigma::detail
