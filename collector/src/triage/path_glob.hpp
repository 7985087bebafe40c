#pragma once
// Globs over asset paths, matched one path component at a time: `*`, `?` and `[...]` stay
// inside a component (fnmatch without FNM_PERIOD, so `*` also matches dot files, which is
// where things hide), and a component that is exactly `**` matches zero or more components.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace collector::triage {

// Components of a path, without empty ones, "." or a leading "/": "/a//b/" -> {"a", "b"}.
std::vector<std::string> split_path(std::string_view path);
std::string join_path(std::span<const std::string> components);  // "/a/b"; "/" when empty

bool has_wildcard(std::string_view component);

// The whole of `path` matches `pattern`.
bool glob_match(std::span<const std::string> pattern, std::span<const std::string> path);
// Some path below `path` (or `path` itself) could match `pattern`: worth descending into.
bool glob_could_match_below(std::span<const std::string> pattern,
                            std::span<const std::string> path);

// An exclusion: with a '/' it is matched against the whole asset path, without one against
// each file or directory name (like .gitignore), so "*.iso" excludes ISO images anywhere.
class PathFilter {
 public:
  explicit PathFilter(const std::vector<std::string>& globs);
  bool excluded(std::span<const std::string> path) const;
  bool empty() const { return full_.empty() && names_.empty(); }

 private:
  std::vector<std::vector<std::string>> full_;
  std::vector<std::string> names_;
};

}  // namespace collector::triage
