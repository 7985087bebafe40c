// UAC's find-based collectors (file, find, hash, stat) without find: one walk of the asset per
// root through the asset layer, find's predicates evaluated on the statx of each entry.
#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>

#include "asset/path_glob.hpp"
#include "uac_internal.hpp"

namespace collector::uac::detail {
namespace {

bool any_fnmatch(const std::vector<std::string>& patterns, const std::string& text) {
  for (const auto& p : patterns)
    if (::fnmatch(p.c_str(), text.c_str(), 0) == 0) return true;
  return false;
}

char type_letter(uint32_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return 'f';
    case S_IFDIR:
      return 'd';
    case S_IFLNK:
      return 'l';
    case S_IFIFO:
      return 'p';
    case S_IFSOCK:
      return 's';
    case S_IFBLK:
      return 'b';
    case S_IFCHR:
      return 'c';
  }
  return '?';
}

// find -perm MODE (exactly these bits) and -perm -MODE (at least these bits).
bool perm_matches(const std::string& spec, uint32_t mode) {
  bool at_least = spec[0] == '-';
  uint32_t want = static_cast<uint32_t>(std::stoul(at_least ? spec.substr(1) : spec, nullptr, 8));
  return at_least ? (mode & want) == want : (mode & 07777) == want;
}

bool in_range(const FindSpec& s, int64_t t) {
  return (!s.start_epoch || t >= *s.start_epoch) && (!s.end_epoch || t <= *s.end_epoch);
}

bool selects(const FindSpec& s, const std::string& path, const std::string& name,
             const struct statx& stx) {
  if (!s.path_pattern.empty() && !any_fnmatch(s.path_pattern, path)) return false;
  if (!s.name_pattern.empty() && !any_fnmatch(s.name_pattern, name)) return false;
  if (!s.file_type.empty()) {
    std::string t(1, type_letter(stx.stx_mode));
    if (std::find(s.file_type.begin(), s.file_type.end(), t) == s.file_type.end()) return false;
  }
  if (s.min_size && !(stx.stx_size > *s.min_size)) return false;
  if (s.max_size && !(stx.stx_size < *s.max_size)) return false;
  if (!s.permissions.empty() &&
      std::none_of(s.permissions.begin(), s.permissions.end(),
                   [&](const std::string& p) { return perm_matches(p, stx.stx_mode); }))
    return false;
  if (s.no_user && s.known_uids && s.known_uids->count(stx.stx_uid)) return false;
  if (s.no_group && s.known_gids && s.known_gids->count(stx.stx_gid)) return false;
  if (s.start_epoch || s.end_epoch) {
    bool any = (s.by_mtime && in_range(s, stx.stx_mtime.tv_sec)) ||
               (s.by_ctime && in_range(s, stx.stx_ctime.tv_sec)) ||
               (s.by_atime && in_range(s, stx.stx_atime.tv_sec));
    if (!any) return false;
  }
  return true;
}

bool prunes(const FindSpec& s, const std::string& path, const std::string& name) {
  for (const auto& p : s.pruned)
    if (path == p) return true;
  return any_fnmatch(s.exclude_path_pattern, path) || any_fnmatch(s.exclude_name_pattern, name);
}

int depth_below(const std::string& root, const std::string& path) {
  if (path.size() <= root.size()) return 0;
  std::string_view rest(path);
  rest.remove_prefix(root == "/" ? 0 : root.size());
  return static_cast<int>(std::count(rest.begin(), rest.end(), '/'));
}

std::vector<std::string> expand_root(const asset::RootFs& fs, const std::string& root) {
  if (asset::has_wildcard(root)) return fs.glob(root);
  if (fs.exists(root)) return {root};
  return {};
}

}  // namespace

void find_all(const asset::RootFs& fs, const std::vector<FindSpec>& specs,
              const std::function<void(std::size_t, const Found&)>& found,
              const std::function<bool()>& stop) {
  std::vector<std::pair<std::string, std::vector<std::size_t>>> roots;  // in first-seen order
  for (std::size_t i = 0; i < specs.size(); ++i)
    for (const auto& pattern : specs[i].roots)
      for (const auto& root : expand_root(fs, pattern)) {
        auto at =
            std::find_if(roots.begin(), roots.end(), [&](auto& r) { return r.first == root; });
        if (at == roots.end())
          roots.push_back({root, {i}});
        else if (std::find(at->second.begin(), at->second.end(), i) == at->second.end())
          at->second.push_back(i);
      }
  for (const auto& [root, members] : roots) {
    if (stop()) return;
    int depth_limit = 0;
    for (std::size_t i : members)
      depth_limit = specs[i].max_depth < 0 || depth_limit < 0
                        ? -1
                        : std::max(depth_limit, specs[i].max_depth);
    std::vector<std::string> pruned_at(members.size());  // per member: the subtree it left out
    std::size_t visited = 0;
    fs.walk_tree_pruning(root, depth_limit, [&](const asset::RootFs::WalkEntry& e) {
      if ((++visited & 1023) == 0 && stop()) return asset::RootFs::WalkStep::stop;
      const std::string& path = e.path;
      std::size_t slash = path.rfind('/');
      std::string name = path == "/" ? "/" : path.substr(slash + 1);
      int depth = depth_below(root, path);
      bool descend = false;
      for (std::size_t m = 0; m < members.size(); ++m) {
        const FindSpec& s = specs[members[m]];
        std::string& cut = pruned_at[m];
        if (!cut.empty()) {
          if (path.size() > cut.size() && path.compare(0, cut.size(), cut) == 0 &&
              (cut == "/" || path[cut.size()] == '/'))
            continue;
          cut.clear();
        }
        if (s.max_depth >= 0 && depth > s.max_depth) continue;
        if (prunes(s, path, name)) {
          cut = path;
          continue;
        }
        if (s.max_depth < 0 || depth < s.max_depth) descend = true;
        if (selects(s, path, name, e.stx)) found(members[m], Found{path, e.stx, e.link_target});
      }
      return descend ? asset::RootFs::WalkStep::go_on : asset::RootFs::WalkStep::skip_below;
    });
  }
}

std::string bodyfile_line(const std::string& path, const struct statx& stx,
                          const std::string& link_target) {
  uint32_t m = stx.stx_mode;
  char mode[11] = "----------";
  mode[0] = "?pc?d?b?-?l?s???"[(m & S_IFMT) >> 12];
  const char* rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; ++i)
    if (m & (0400u >> i)) mode[1 + i] = rwx[i];
  if (m & S_ISUID) mode[3] = (m & S_IXUSR) ? 's' : 'S';
  if (m & S_ISGID) mode[6] = (m & S_IXGRP) ? 's' : 'S';
  if (m & S_ISVTX) mode[9] = (m & S_IXOTH) ? 't' : 'T';
  int64_t btime = (stx.stx_mask & STATX_BTIME) ? stx.stx_btime.tv_sec : 0;
  if (btime > -1000 && btime < 10000) btime = 0;  // UAC's sed: a 1-4 character last field is 0
  std::string name = S_ISLNK(m) ? path + " -> " + link_target : path;
  return "0|" + name + "|" + std::to_string(stx.stx_ino) + "|" + mode + "|" +
         std::to_string(stx.stx_uid) + "|" + std::to_string(stx.stx_gid) + "|" +
         std::to_string(stx.stx_size) + "|" + std::to_string(stx.stx_atime.tv_sec) + "|" +
         std::to_string(stx.stx_mtime.tv_sec) + "|" + std::to_string(stx.stx_ctime.tv_sec) + "|" +
         std::to_string(btime) + "\n";
}

std::string hash_line(const std::string& digest, const std::string& path) {
  if (path.find_first_of("\\\n") == std::string::npos) return digest + "  " + path + "\n";
  std::string escaped;
  for (char c : path) escaped += c == '\\' ? "\\\\" : c == '\n' ? "\\n" : std::string(1, c);
  return "\\" + digest + "  " + escaped + "\n";
}

}  // namespace collector::uac::detail
