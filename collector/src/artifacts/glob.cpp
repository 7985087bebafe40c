// Glob expansion over RootFs, and the file list of a `file` collector.
//
// `*`, `?` and `[...]` match within one component (fnmatch, dot files included: hidden files
// are exactly what an intruder leaves behind). `**` matches any number of directories, at
// most max_depth of them; a trailing `**` matches everything below. Wildcards never descend
// into a symlinked directory, so a link cannot loop the walk or lead it somewhere unexpected.
#include <fnmatch.h>

#include <deque>
#include <set>

#include "collector/artifact.hpp"
#include "rootfs_internal.hpp"

namespace collector {
namespace {

constexpr int kHardDepthLimit = 128;              // guards the recursion whatever max_depth says
constexpr std::size_t kMaxGlobResults = 2000000;  // one glob cannot exhaust memory

std::vector<std::string> split_pattern(std::string_view pattern) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    std::size_t j = pattern.find('/', i);
    if (j == std::string_view::npos) j = pattern.size();
    std::string_view c = pattern.substr(i, j - i);
    if (!c.empty() && c != ".") out.emplace_back(c);
    i = j + 1;
  }
  return out;
}

class Globber {
 public:
  Globber(const RootFs& fs, std::vector<std::string> parts, int max_depth)
      : fs_(fs), parts_(std::move(parts)), max_depth_(max_depth) {}

  std::vector<std::string> run() {
    match("/", 0);
    return {found_.begin(), found_.end()};
  }

 private:
  bool depth_allows(int used) const {
    return used < kHardDepthLimit && (max_depth_ < 0 || used < max_depth_);
  }
  void add(std::string path) {
    if (found_.size() < kMaxGlobResults) found_.insert(std::move(path));
  }

  void match(const std::string& dir, std::size_t i) {
    if (i == parts_.size()) {
      add(dir);
      return;
    }
    const std::string& part = parts_[i];
    const bool last = i + 1 == parts_.size();
    if (part == "**") {
      if (last)
        everything_below(dir, 0);
      else
        any_depth(dir, i, 0);
    } else if (part.find_first_of("*?[\\") != std::string::npos) {  // a backslash escapes
      for (const auto& e : detail::list_dir_typed(fs_, dir, nullptr)) {
        if (::fnmatch(part.c_str(), e.name.c_str(), 0) != 0) continue;
        std::string child = detail::join_path(dir, e.name);
        if (last)
          add(std::move(child));
        else if (e.is_dir)
          match(child, i + 1);
      }
    } else {
      std::string child = detail::join_path(dir, part);
      if (last) {
        if (fs_.exists(child)) add(std::move(child));
      } else {
        match(child, i + 1);  // a literal component may be a symlink: followed inside the root
      }
    }
  }

  // `**` followed by more parts: zero or more directories, then the rest of the pattern.
  void any_depth(const std::string& dir, std::size_t i, int used) {
    match(dir, i + 1);
    if (!depth_allows(used)) return;
    for (const auto& e : detail::list_dir_typed(fs_, dir, nullptr))
      if (e.is_dir) any_depth(detail::join_path(dir, e.name), i, used + 1);
  }

  // A trailing `**`: every entry below dir, through at most max_depth directories.
  void everything_below(const std::string& dir, int used) {
    for (const auto& e : detail::list_dir_typed(fs_, dir, nullptr)) {
      std::string child = detail::join_path(dir, e.name);
      if (e.is_dir && depth_allows(used)) everything_below(child, used + 1);
      add(std::move(child));
    }
  }

  const RootFs& fs_;
  std::vector<std::string> parts_;
  int max_depth_;
  std::set<std::string> found_;
};

bool excluded(const std::vector<std::string>& excludes, const std::string& path) {
  std::string_view base = path;
  if (auto slash = base.rfind('/'); slash != std::string_view::npos) base.remove_prefix(slash + 1);
  for (const auto& ex : excludes) {
    // Without FNM_PATHNAME `*` also matches '/', so "/var/log/journal/*" excludes the tree;
    // a pattern without '/' is matched against the file name alone ("*.gz").
    if (ex.find('/') == std::string::npos) {
      if (::fnmatch(ex.c_str(), std::string(base).c_str(), 0) == 0) return true;
    } else if (::fnmatch(ex.c_str(), path.c_str(), 0) == 0) {
      return true;
    }
  }
  return false;
}

bool passes_filters(const FileSpec& spec, const struct stat& st, int64_t now_s) {
  if (!S_ISREG(st.st_mode)) return false;
  if (spec.executables_only && (st.st_mode & 0111) == 0) return false;
  if (spec.setid_only && (st.st_mode & (S_ISUID | S_ISGID)) == 0) return false;
  if (spec.modified_within_days && st.st_mtime < now_s - *spec.modified_within_days * 86400)
    return false;
  return true;
}

}  // namespace

// A path as a pattern matching only itself (a directory named "[x]" must not become a class).
std::string escape_glob(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '*' || c == '?' || c == '[' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::vector<std::string> RootFs::glob(std::string_view pattern, int max_depth) const {
  if (pattern.empty() || pattern[0] != '/') return {};
  return Globber(*this, split_pattern(pattern), max_depth).run();
}

std::vector<std::string> expand_file_spec(const RootFs& fs, const FileSpec& spec, int64_t now_s) {
  std::set<std::string> out;
  auto consider = [&](const std::string& path) {
    if (excluded(spec.exclude, path)) return;
    // Symlinks to files are followed inside the root: /etc/resolv.conf is often one.
    auto st = detail::stat_in_root(fs, path, true, nullptr);
    if (st && passes_filters(spec, *st, now_s)) out.insert(path);
  };
  for (const auto& pattern : spec.paths) {
    for (const auto& match : fs.glob(pattern, spec.max_depth)) {
      auto lst = fs.lstat(match);
      if (!lst) continue;
      if (S_ISDIR(lst->st_mode)) {
        if (excluded(spec.exclude, match)) continue;
        for (const auto& below : fs.glob(escape_glob(match) + "/**", spec.max_depth))
          consider(below);
      } else {
        consider(match);
      }
    }
  }
  return {out.begin(), out.end()};
}

}  // namespace collector
