// Sigma strings: escape processing, wildcard matching, CIDR tests.
#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "detection.hpp"

namespace sigma::detail {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool char_eq(char pattern, char subject, bool cased) {
  return pattern == (cased ? subject : lower(subject));
}

// Finds `needle` (already lower-cased unless cased) in `hay`.
size_t find_folded(std::string_view hay, std::string_view needle, bool cased) {
  if (needle.empty()) return 0;
  if (hay.size() < needle.size()) return std::string_view::npos;
  const char first = needle[0];
  const char first_upper = (first >= 'a' && first <= 'z') ? static_cast<char>(first - 32) : first;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    const char h = hay[i];
    if (h != first && (cased || h != first_upper)) continue;
    size_t j = 1;
    while (j < needle.size() && char_eq(needle[j], hay[i + j], cased)) ++j;
    if (j == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool equal_at(std::string_view hay, size_t pos, std::string_view needle, bool cased) {
  if (pos + needle.size() > hay.size()) return false;
  for (size_t j = 0; j < needle.size(); ++j)
    if (!char_eq(needle[j], hay[pos + j], cased)) return false;
  return true;
}

// Iterative wildcard match; on a mismatch it backtracks to the last `*` only.
bool match_general(const Glob& g, std::string_view s) {
  size_t p = 0, i = 0, star_p = std::string::npos, star_i = 0;
  while (i < s.size()) {
    if (p < g.text.size() && g.wild[p] && g.text[p] == '*') {
      star_p = p++;
      star_i = i;
    } else if (p < g.text.size() &&
               ((g.wild[p] && g.text[p] == '?') || char_eq(g.text[p], s[i], g.cased))) {
      ++p;
      ++i;
    } else if (star_p != std::string::npos) {
      p = star_p + 1;
      i = ++star_i;
    } else {
      return false;
    }
  }
  while (p < g.text.size() && g.wild[p] && g.text[p] == '*') ++p;
  return p == g.text.size();
}

void classify(Glob& g) {
  const size_t n = g.text.size();
  size_t begin = 0, end = n;
  while (begin < n && g.wild[begin] && g.text[begin] == '*') ++begin;
  while (end > begin && g.wild[end - 1] && g.text[end - 1] == '*') --end;
  for (size_t i = begin; i < end; ++i)
    if (g.wild[i]) return;  // a wildcard inside: general
  g.core = g.text.substr(begin, end - begin);
  const bool lead = begin > 0, trail = end < n;
  if (lead && trail)
    g.shape = Glob::Shape::contains;
  else if (lead)
    g.shape = Glob::Shape::endswith;
  else if (trail)
    g.shape = Glob::Shape::startswith;
  else
    g.shape = Glob::Shape::exact;
}

void add_anchor(Glob& g, Anchor anchor) {
  if (anchor == Anchor::contains || anchor == Anchor::endswith) {
    g.text.insert(g.text.begin(), '*');
    g.wild.insert(g.wild.begin(), true);
  }
  if (anchor == Anchor::contains || anchor == Anchor::startswith) {
    g.text.push_back('*');
    g.wild.push_back(true);
  }
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool Glob::match(std::string_view s) const {
  switch (shape) {
    case Shape::exact:
      return s.size() == core.size() && equal_at(s, 0, core, cased);
    case Shape::startswith:
      return equal_at(s, 0, core, cased);
    case Shape::endswith:
      return s.size() >= core.size() && equal_at(s, s.size() - core.size(), core, cased);
    case Shape::contains:
      return find_folded(s, core, cased) != std::string_view::npos;
    case Shape::general:
      break;
  }
  return match_general(*this, s);
}

// `\` escapes `*`, `?` and `\`; before any other character it is a plain backslash.
Glob make_glob(std::string_view value, Anchor anchor, bool cased) {
  Glob g;
  g.cased = cased;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    bool wild = (c == '*' || c == '?');
    if (c == '\\' && i + 1 < value.size() &&
        (value[i + 1] == '*' || value[i + 1] == '?' || value[i + 1] == '\\')) {
      c = value[++i];
      wild = false;
    }
    g.text.push_back(cased ? c : lower(c));
    g.wild.push_back(wild);
  }
  add_anchor(g, anchor);
  classify(g);
  return g;
}

Glob make_literal_glob(std::string_view literal, Anchor anchor, bool cased) {
  Glob g;
  g.cased = cased;
  for (char c : literal) g.text.push_back(cased ? c : lower(c));
  g.wild.assign(g.text.size(), false);
  add_anchor(g, anchor);
  classify(g);
  return g;
}

bool Cidr::contains(std::string_view ip) const {
  unsigned char got[16] = {};
  const std::string text(ip);
  if (inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), got) != 1) return false;
  int left = bits;
  for (int i = 0; left > 0; ++i, left -= 8) {
    const unsigned mask = left >= 8 ? 0xffu : (0xffu << (8 - left)) & 0xffu;
    if ((got[i] & mask) != (addr[i] & mask)) return false;
  }
  return true;
}

}  // namespace sigma::detail
