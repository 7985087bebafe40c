#pragma once
// The one glob and exclusion engine for asset paths (artifact definitions, --collect, --scan,
// --scan-exclude), matched one path component at a time: `*`, `?` and `[...]` stay inside a
// component (fnmatch without FNM_PERIOD, so `*` also matches dot files, which is where things
// hide); a component that is exactly `**` matches zero or more components; `\` escapes.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace collector::asset {

// Components of a path, without empty ones or ".": "/a//b/" -> {"a", "b"}.
std::vector<std::string> split_path(std::string_view path);
// "/a/b" from {"a", "b"}; "/" when empty.
std::string join_path(std::span<const std::string> components);
// "/a" + "b" -> "/a/b"; "/" + "b" -> "/b".
std::string join_path(std::string_view dir, std::string_view name);

// One name against one component pattern (fnmatch, no FNM_PERIOD).
bool match_name(const std::string& pattern, const std::string& name);
// A component with `*`, `?` or `[`.
bool has_wildcard(std::string_view component);
// A path as a pattern matching only itself (a directory named "[x]" must not become a class).
std::string escape_glob(std::string_view path);

// The whole of `path` matches `pattern`.
bool glob_match(std::span<const std::string> pattern, std::span<const std::string> path);
// Some path below `path` (or `path` itself) could match `pattern`: worth descending into.
bool glob_could_match_below(std::span<const std::string> pattern,
                            std::span<const std::string> path);

// Exclusions: a glob with a '/' is matched against the whole asset path, one without against
// each file or directory name (like .gitignore), so "*.iso" excludes ISO images anywhere. A path
// is excluded when it or one of its parent directories matches: "/var/log/journal/*" leaves out
// everything below the journal's directories.
class PathFilter {
 public:
  PathFilter() = default;
  explicit PathFilter(const std::vector<std::string>& globs);
  bool excluded(std::span<const std::string> components) const;
  // The path itself matches (its parents not checked): for walks that prune excluded
  // directories on the way down.
  bool matches(std::span<const std::string> components) const;
  bool excluded(std::string_view asset_path) const { return excluded(split_path(asset_path)); }
  bool empty() const { return full_.empty() && names_.empty(); }

 private:
  std::vector<std::vector<std::string>> full_;
  std::vector<std::string> names_;
};

}  // namespace collector::asset
