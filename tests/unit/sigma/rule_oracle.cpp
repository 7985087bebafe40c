#include "rule_oracle.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>

namespace sigma::test {
namespace {

std::vector<Constraint> constraints_of(const std::string& key, const YAML::Node& value) {
  std::vector<std::string> parts;
  std::stringstream ss(key);
  for (std::string p; std::getline(ss, p, '|');) parts.push_back(p);
  if (parts.empty()) parts.push_back("");
  std::string kind = "exact";
  bool all = false;
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i] == "all")
      all = true;
    else if (parts[i] != "cased" && parts[i] != "i")
      kind = parts[i];
  }
  if (parts[0].empty() && kind == "exact") kind = "contains";  // keywords
  std::vector<Constraint> out;
  if (value.IsSequence()) {
    for (const auto& v : value) {
      out.push_back({parts[0], kind, v.Scalar()});
      if (!all) break;  // OR: the first value is enough
    }
  } else {
    out.push_back({parts[0], kind, value.Scalar()});
  }
  return out;
}

std::vector<Constraint> map_constraints(const YAML::Node& map) {
  std::vector<Constraint> out;
  for (const auto& kv : map) {
    auto c = constraints_of(kv.first.Scalar(), kv.second);
    out.insert(out.end(), c.begin(), c.end());
  }
  return out;
}

FieldCheck check_of(const std::string& key, const YAML::Node& value) {
  const auto first = constraints_of(key, value);
  FieldCheck c{first.front().field, first.front().kind, {}, key.find("|all") != std::string::npos};
  if (value.IsSequence())
    for (const auto& v : value) c.values.push_back(v.Scalar());
  else
    c.values.push_back(value.Scalar());
  return c;
}

std::vector<FieldCheck> map_checks(const YAML::Node& map) {
  std::vector<FieldCheck> out;
  for (const auto& kv : map) out.push_back(check_of(kv.first.Scalar(), kv.second));
  return out;
}

}  // namespace

RuleModel read_rule(const YAML::Node& doc) {
  RuleModel m;
  const YAML::Node ls = doc["logsource"];
  m.source = {ls["product"] ? ls["product"].Scalar() : "",
              ls["category"] ? ls["category"].Scalar() : "",
              ls["service"] ? ls["service"].Scalar() : ""};
  for (const auto& kv : doc["detection"]) {
    const std::string name = kv.first.Scalar();
    const YAML::Node v = kv.second;
    if (name == "condition") {
      if (v.IsSequence())
        for (const auto& c : v) m.conditions.push_back(c.Scalar());
      else
        m.conditions.push_back(v.Scalar());
      continue;
    }
    m.names.push_back(name);
    if (v.IsMap()) {
      m.full[name].push_back(map_checks(v));
    } else if (v.IsSequence() && v[0].IsMap()) {
      for (const auto& alt : v) m.full[name].push_back(map_checks(alt));
    } else {
      m.full[name].push_back({check_of("", v)});
    }
    if (v.IsMap())
      m.search[name] = map_constraints(v);
    else if (v.IsSequence() && v[0].IsMap())
      m.search[name] = map_constraints(v[0]);
    else
      m.search[name] = constraints_of("", v);
  }
  return m;
}

namespace {

bool glob_name(const std::string& p, const std::string& s) {
  if (p.empty()) return s.empty();
  if (p[0] == '*')
    for (size_t i = 0; i <= s.size(); ++i)
      if (glob_name(p.substr(1), s.substr(i))) return true;
  return !s.empty() && p[0] == s[0] && p[0] != '*' && glob_name(p.substr(1), s.substr(1));
}

// Recursive descent straight to a truth value: or < and < not < of < ( ).
struct Eval {
  const RuleModel& m;
  const std::map<std::string, bool>& truth;
  std::vector<std::string> t;
  size_t i = 0;
  bool orx() {
    bool v = andx();
    while (i < t.size() && t[i] == "or") ++i, v = andx() || v;
    return v;
  }
  bool andx() {
    bool v = notx();
    while (i < t.size() && t[i] == "and") ++i, v = notx() && v;
    return v;
  }
  bool notx() {
    if (t[i] == "not") return ++i, !notx();
    if (t[i] == "(") {
      ++i;
      const bool v = orx();
      ++i;  // ")"
      return v;
    }
    if (i + 1 < t.size() && t[i + 1] == "of") {
      const std::string n = t[i], pat = t[i + 2];
      i += 3;
      size_t hits = 0, total = 0;
      for (const auto& name : m.names)
        if (pat == "them" ? name[0] != '_' : glob_name(pat, name)) ++total, hits += truth.at(name);
      return n == "all" ? hits == total : hits >= std::stoul(n);
    }
    return truth.at(t[i++]);
  }
};

std::vector<std::string> split_tokens(const std::string& s) {
  std::string spaced;
  for (char c : s)
    spaced += (c == '(' || c == ')') ? std::string(" ") + c + " " : std::string(1, c);
  std::stringstream ss(spaced);
  std::vector<std::string> out;
  for (std::string w; ss >> w;) out.push_back(w);
  return out;
}

}  // namespace

namespace {

std::string folded(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool wild(const std::string& p, size_t i, const std::string& s, size_t j) {
  if (i == p.size()) return j == s.size();
  if (p[i] == '*') return wild(p, i + 1, s, j) || (j < s.size() && wild(p, i, s, j + 1));
  if (j == s.size()) return false;
  if (p[i] == '\\' && i + 1 < p.size() && (p[i + 1] == '*' || p[i + 1] == '?' || p[i + 1] == '\\'))
    return p[i + 1] == s[j] && wild(p, i + 2, s, j + 1);
  return (p[i] == '?' || p[i] == s[j]) && wild(p, i + 1, s, j + 1);
}

bool value_holds(const FieldCheck& c, const std::string& v, const std::string& s) {
  if (c.kind == "re") return std::regex_search(s, std::regex(v));
  if (c.kind == "cidr") return false;  // no generated value collides with a CIDR filter
  std::string p = folded(v);
  if (c.kind == "contains" || c.kind == "endswith") p = "*" + p;
  if (c.kind == "contains" || c.kind == "startswith") p += "*";
  return wild(p, 0, folded(s), 0);
}

bool check_holds(const FieldCheck& c, const Event& e) {
  for (const std::string& v : c.values) {
    bool hit = false;
    if (c.field.empty()) hit = value_holds(c, v, e.raw());
    for (const auto& f : e.values(c.field)) hit = hit || value_holds(c, v, f.second);
    if (c.all && !hit) return false;
    if (!c.all && hit) return true;
  }
  return c.all;
}

}  // namespace

bool search_holds(const RuleModel& m, const std::string& name, const Event& e) {
  for (const auto& alternative : m.full.at(name)) {
    bool all = true;
    for (const FieldCheck& c : alternative) all = all && check_holds(c, e);
    if (all) return true;
  }
  return false;
}

bool condition_holds(const RuleModel& m, const std::map<std::string, bool>& truth) {
  for (const std::string& c : m.conditions) {
    Eval e{m, truth, split_tokens(c)};
    if (e.orx()) return true;
  }
  return false;
}

}  // namespace sigma::test
