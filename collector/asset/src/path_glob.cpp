#include "asset/path_glob.hpp"

#include <fnmatch.h>

namespace collector::asset {
namespace {

constexpr std::string_view kAnyDepth = "**";

bool component_match(const std::string& pattern, const std::string& name) {
  return ::fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

// Classic wildcard matching with one backtrack point, lifted from characters to components:
// `**` plays the role of `*`. With `prefix_only`, running out of path before the pattern is a
// success (a deeper path could still match).
bool match_components(std::span<const std::string> pattern, std::span<const std::string> path,
                      bool prefix_only) {
  std::size_t i = 0, j = 0;
  std::size_t star_i = pattern.size(), star_j = 0;
  while (j < path.size()) {
    if (i < pattern.size() && pattern[i] == kAnyDepth) {
      star_i = i++;
      star_j = j;
    } else if (i < pattern.size() && component_match(pattern[i], path[j])) {
      ++i;
      ++j;
    } else if (star_i < pattern.size()) {
      i = star_i + 1;
      j = ++star_j;
    } else {
      return false;
    }
  }
  if (prefix_only) return true;
  while (i < pattern.size() && pattern[i] == kAnyDepth) ++i;
  return i == pattern.size();
}

}  // namespace

bool match_name(const std::string& pattern, const std::string& name) {
  return component_match(pattern, name);
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    if (!part.empty() && part != ".") out.emplace_back(part);
    start = slash + 1;
  }
  return out;
}

std::string join_path(std::span<const std::string> components) {
  if (components.empty()) return "/";
  std::string out;
  for (const std::string& c : components) {
    out += '/';
    out += c;
  }
  return out;
}

std::string join_path(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

bool has_wildcard(std::string_view component) {
  return component.find_first_of("*?[") != std::string_view::npos;
}

std::string escape_glob(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '*' || c == '?' || c == '[' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

bool glob_match(std::span<const std::string> pattern, std::span<const std::string> path) {
  return match_components(pattern, path, false);
}

bool glob_could_match_below(std::span<const std::string> pattern,
                            std::span<const std::string> path) {
  return match_components(pattern, path, true);
}

PathFilter::PathFilter(const std::vector<std::string>& globs) {
  for (const std::string& glob : globs) {
    if (glob.find('/') == std::string::npos)
      names_.push_back(glob);
    else
      full_.push_back(split_path(glob));
  }
}

bool PathFilter::matches(std::span<const std::string> components) const {
  if (components.empty()) return false;
  for (const std::string& name : names_)
    if (component_match(name, components.back())) return true;
  for (const auto& pattern : full_)
    if (glob_match(pattern, components)) return true;
  return false;
}

bool PathFilter::excluded(std::span<const std::string> components) const {
  for (std::size_t n = 1; n <= components.size(); ++n)
    if (matches(components.first(n))) return true;
  return false;
}

}  // namespace collector::asset
