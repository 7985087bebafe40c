// The file list of a `file` collector: globs expanded by RootFs::glob (asset/path_glob.hpp has
// the grammar), directories walked, excludes and filters applied.
#include <set>

#include "asset/path_glob.hpp"
#include "collector/artifact.hpp"

namespace collector {
namespace {

bool passes_filters(const FileSpec& spec, const struct stat& st, int64_t now_s) {
  if (!S_ISREG(st.st_mode)) return false;
  if (spec.executables_only && (st.st_mode & 0111) == 0) return false;
  if (spec.setid_only && (st.st_mode & (S_ISUID | S_ISGID)) == 0) return false;
  if (spec.modified_within_days && st.st_mtime < now_s - *spec.modified_within_days * 86400)
    return false;
  return true;
}

}  // namespace

std::vector<std::string> expand_file_spec(const RootFs& fs, const FileSpec& spec, int64_t now_s) {
  std::set<std::string> out;
  const asset::PathFilter exclude(spec.exclude);
  auto consider = [&](const std::string& path) {
    if (exclude.excluded(path)) return;
    // Symlinks to files are followed inside the root: /etc/resolv.conf is often one.
    auto st = fs.stat(path);
    if (st && passes_filters(spec, *st, now_s)) out.insert(path);
  };
  for (const auto& pattern : spec.paths) {
    for (const auto& match : fs.glob(pattern, spec.max_depth)) {
      auto lst = fs.lstat(match);
      if (!lst) continue;
      if (S_ISDIR(lst->st_mode)) {
        if (exclude.excluded(match)) continue;
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
