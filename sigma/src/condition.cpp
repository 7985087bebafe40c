// The condition language: or < and < not < `x of` < parentheses (least to most binding).
// Aggregations (`| count() ...`) and `near` belong to Sigma v1 and correlations: refused.
#include <cctype>
#include <climits>
#include <stdexcept>

#include "detection.hpp"

namespace sigma::detail {
namespace {

std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '(' || c == ')' || c == '|') {
      tokens.emplace_back(1, c);
      ++i;
    } else {
      const size_t start = i;
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) &&
             text[i] != '(' && text[i] != ')' && text[i] != '|')
        ++i;
      tokens.emplace_back(text.substr(start, i - start));
    }
  }
  return tokens;
}

// Search-identifier patterns use `*` only (any run of characters).
bool name_matches(std::string_view pattern, std::string_view name) {
  const size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == name;
  if (name.substr(0, star) != pattern.substr(0, star)) return false;
  const std::string_view rest = pattern.substr(star + 1);
  for (size_t i = star; i <= name.size(); ++i)
    if (name_matches(rest, name.substr(i))) return true;
  return false;
}

class Parser {
 public:
  Parser(std::string_view text, const std::vector<Search>& searches)
      : tokens_(tokenize(text)), searches_(searches) {}

  CondNode parse() {
    if (tokens_.empty()) fail("empty condition");
    CondNode n = parse_or();
    if (pos_ < tokens_.size()) {
      if (tokens_[pos_] == "|") fail("aggregation expressions ('|') are not supported");
      fail("unexpected '" + tokens_[pos_] + "'");
    }
    return n;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::invalid_argument("condition: " + why);
  }
  bool peek(std::string_view word) const {
    return pos_ < tokens_.size() && iequals(tokens_[pos_], word);
  }
  const std::string& next() {
    if (pos_ >= tokens_.size()) fail("ends too early");
    return tokens_[pos_++];
  }

  CondNode combine(CondNode::Kind kind, CondNode first, std::string_view op) {
    if (!peek(op)) return first;
    CondNode n;
    n.kind = kind;
    n.children.push_back(std::move(first));
    while (peek(op)) {
      ++pos_;
      n.children.push_back(kind == CondNode::or_ ? parse_and() : parse_not());
    }
    return n;
  }
  CondNode parse_or() { return combine(CondNode::or_, parse_and(), "or"); }
  CondNode parse_and() { return combine(CondNode::and_, parse_not(), "and"); }

  CondNode parse_not() {
    if (!peek("not")) return parse_primary();
    ++pos_;
    CondNode n;
    n.kind = CondNode::not_;
    n.children.push_back(parse_not());
    return n;
  }

  CondNode parse_primary() {
    const std::string& t = next();
    if (t == "(") {
      CondNode n = parse_or();
      if (next() != ")") fail("missing ')'");
      return n;
    }
    if (peek("of")) return parse_of(t);
    if (t == ")" || t == "|" || iequals(t, "and") || iequals(t, "or"))
      fail("unexpected '" + t + "'");
    if (iequals(t, "near")) fail("'near' is not supported");
    for (size_t i = 0; i < searches_.size(); ++i)
      if (searches_[i].name == t) return CondNode{CondNode::ref, {}, {i}, 1};
    fail("unknown search identifier '" + t + "'");
  }

  CondNode parse_of(const std::string& count) {
    ++pos_;  // "of"
    CondNode n;
    n.kind = CondNode::of;
    if (iequals(count, "all")) {
      n.need = SIZE_MAX;
    } else if (!count.empty() && count.find_first_not_of("0123456789") == std::string::npos &&
               count.size() < 6) {
      n.need = std::stoul(count);
    } else {
      fail("'" + count + " of': expected a number or 'all'");
    }
    const std::string& target = next();
    const bool them = iequals(target, "them");
    for (size_t i = 0; i < searches_.size(); ++i) {
      const std::string& name = searches_[i].name;
      if (them ? name.rfind('_', 0) != 0 : name_matches(target, name)) n.refs.push_back(i);
    }
    if (n.refs.empty()) fail("'" + target + "' names no search identifier");
    return n;
  }

  std::vector<std::string> tokens_;
  const std::vector<Search>& searches_;
  size_t pos_ = 0;
};

}  // namespace

CondNode parse_condition(std::string_view text, const std::vector<Search>& searches) {
  return Parser(text, searches).parse();
}

}  // namespace sigma::detail
