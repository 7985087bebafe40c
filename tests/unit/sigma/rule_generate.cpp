// Writing events from a RuleModel: the smallest set of searches that makes a condition true, an
// event holding exactly their values, and a near miss with one value of one search altered.
#include <algorithm>
#include <bitset>
#include <cctype>
#include <set>

#include "rule_oracle.hpp"

namespace sigma::test {
namespace {

// A text the Sigma string matches: escapes resolved, `*` dropped, `?` filled.
std::string plain(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() &&
        (s[i + 1] == '*' || s[i + 1] == '?' || s[i + 1] == '\\'))
      out += s[++i];
    else if (s[i] == '?')
      out += 'x';
    else if (s[i] != '*')
      out += s[i];
  }
  return out;
}

// The same text with its first letter or digit changed to its neighbour.
std::string mutate(std::string s) {
  for (char& c : s) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      c = (c == 'z' || c == 'Z') ? static_cast<char>(c - 25) : static_cast<char>(c + 1);
      return s;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      c = c == '9' ? '0' : static_cast<char>(c + 1);
      return s;
    }
  }
  return s.empty() ? "Q" : "Q" + s.substr(1);
}

std::string compose(const std::vector<const Constraint*>& cs, const Constraint* broken,
                    const std::map<std::string, std::string>& samples, std::string& why) {
  std::string prefix, middle, suffix;
  for (const Constraint* c : cs) {
    const bool b = c == broken;
    if (c->kind == "re") {
      const auto it = samples.find(c->literal);
      if (it == samples.end()) why = "no sample text for regex " + c->literal;
      middle += " " + (b ? std::string("plain") : it == samples.end() ? "" : it->second);
      continue;
    }
    std::string lit =
        c->kind == "cidr" ? c->literal.substr(0, c->literal.find('/')) : plain(c->literal);
    if (b) lit = mutate(lit);
    if (c->kind == "exact" || c->kind == "cidr") return lit;
    if (c->kind == "startswith")
      prefix = lit;
    else if (c->kind == "endswith")
      suffix = lit;
    else if (c->kind == "contains")
      middle += " " + lit + " ";
    else
      why = "modifier " + c->kind + " not generated";
  }
  // A value that is only the rule's literal would also hit filters listing that exact value.
  if (prefix.empty() && !suffix.empty()) prefix = "/opt/gen";
  if (suffix.empty() && !prefix.empty()) suffix = "-gen";
  return prefix + middle + suffix;
}

Event build(const RuleModel& m, const std::set<std::string>& on, const Constraint* broken,
            const std::map<std::string, std::string>& samples, std::string& why) {
  std::map<std::string, std::vector<const Constraint*>> by_field;
  std::string keywords;
  for (const std::string& name : on)
    for (const Constraint& c : m.search.at(name)) {
      if (c.field.empty())
        keywords += " " + (&c == broken ? mutate(plain(c.literal)) : plain(c.literal));
      else
        by_field[c.field].push_back(&c);
    }
  Event e(m.source);
  std::string raw;
  for (const auto& [field, cs] : by_field) {
    std::string v = compose(cs, broken, samples, why);
    raw += field + "=" + v + " ";
    e.add(field, std::move(v));
  }
  e.set_raw(raw + keywords);
  return e;
}

// The searches left false must stay false on the event written for the others.
bool others_stay_false(const RuleModel& m, const std::set<std::string>& on, const Event& e) {
  for (const std::string& name : m.names)
    if (!on.count(name) && search_holds(m, name, e)) return false;
  return true;
}

}  // namespace

Generated generate(const RuleModel& m, const std::map<std::string, std::string>& samples) {
  Generated g;
  const size_t n = m.names.size();
  if (n > 16) return g.why_not = "too many searches", g;
  std::vector<unsigned> masks;
  for (unsigned mask = 1; mask < (1u << n); ++mask) masks.push_back(mask);
  std::stable_sort(masks.begin(), masks.end(), [](unsigned a, unsigned b) {
    return std::bitset<32>(a).count() < std::bitset<32>(b).count();
  });
  for (unsigned mask : masks) {
    std::map<std::string, bool> truth;
    std::set<std::string> on;
    for (size_t i = 0; i < n; ++i) {
      truth[m.names[i]] = mask & (1u << i);
      if (mask & (1u << i)) on.insert(m.names[i]);
    }
    if (!condition_holds(m, truth)) continue;
    std::string why;
    Event match = build(m, on, nullptr, samples, why);
    if (!why.empty() || !others_stay_false(m, on, match)) continue;
    for (const std::string& name : on) {  // a search whose loss makes the condition false
      auto flipped = truth;
      flipped[name] = false;
      if (condition_holds(m, flipped)) continue;
      g.match = std::move(match);
      g.near_miss = build(m, on, &m.search.at(name).front(), samples, why);
      return g;
    }
  }
  g.why_not = "no assignment of the searches could be written as an event";
  return g;
}

}  // namespace sigma::test
