#pragma once
// RootFs helpers shared by rootfs.cpp and glob.cpp (not part of the public interface).
#include <dirent.h>
#include <fcntl.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/stat.h>

#include "collector/artifact.hpp"

namespace collector::detail {

// Where a path leads: the directory holding the last component, and that component's name
// ("." when the path names a directory that was fully walked, e.g. "/").
struct Resolved {
  UniqueFd dir;
  std::string name;
};
// Walks `path` below the root one component at a time (see rootfs.cpp); symlinks are followed
// inside the root, the last one only when follow_last.
std::optional<Resolved> resolve(const std::string& root, std::string_view path, bool follow_last,
                                int* errno_out);
std::optional<std::string> readlink_at(int dirfd, const std::string& name);
// openat with O_NOATIME, dropped when we do not own the file and lack CAP_FOWNER (EPERM).
int open_noatime(int dirfd, const std::string& name, int flags);

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};

struct DirEntry {
  std::string name;
  bool is_dir = false;  // a real directory, never a symlink to one
  bool is_symlink = false;
};

// Directory entries (no "." or ".."), sorted by name, with their types from lstat semantics.
std::vector<DirEntry> list_dir_typed(const RootFs& fs, std::string_view asset_path, int* errno_out);
// stat of an asset path; `follow_last` follows a final symlink (inside the root only).
std::optional<struct stat> stat_in_root(const RootFs& fs, std::string_view asset_path,
                                        bool follow_last, int* errno_out);
// "/a" + "b" -> "/a/b"; "/" + "b" -> "/b".
std::string join_path(std::string_view dir, std::string_view name);
bool has_glob_chars(std::string_view s);

// Metadata of one entry met by walk_tree: statx without following links (so with the birth
// time when the file system records it), and the target when the entry is a symlink.
struct WalkEntry {
  const std::string& path;
  const struct statx& stx;
  const std::string& link_target;
};
// Visits `start` and everything below it, depth-first in name order, descending at most
// max_depth directories (-1 = unlimited), never through a symlink, never reading a file.
// Directory descriptors are opened relative to their parent, so the walk costs one statx per
// entry. `visit` returns false to stop the walk.
void walk_tree(const RootFs& fs, std::string_view start, int max_depth,
               const std::function<bool(const WalkEntry&)>& visit);

}  // namespace collector::detail
