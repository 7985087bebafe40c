// walk_tree: a metadata-only walk below the root (the bodyfile's engine). Each directory is
// opened relative to its parent with O_NOFOLLOW, so the walk costs one statx per entry and
// can never be led out of the root or around a loop by a symlink.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "rootfs_internal.hpp"

namespace collector::detail {
namespace {

constexpr int kWalkHardDepth = 128;

class TreeWalker {
 public:
  TreeWalker(int max_depth, const std::function<bool(const WalkEntry&)>& visit)
      : max_depth_(max_depth), visit_(visit) {}

  // Visits dirfd/name; descends when it is a directory. Returns false once told to stop.
  bool entry(int dirfd, const std::string& name, const std::string& path, int depth) {
    struct statx stx {};
    if (::statx(dirfd, name.c_str(), AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC,
                STATX_BASIC_STATS | STATX_BTIME, &stx) != 0)
      return true;  // vanished meanwhile
    std::string target;
    if (S_ISLNK(stx.stx_mode)) target = readlink_at(dirfd, name).value_or("");
    if (!visit_(WalkEntry{path, stx, target})) return false;
    if (!S_ISDIR(stx.stx_mode) || depth >= kWalkHardDepth ||
        (max_depth_ >= 0 && depth >= max_depth_))
      return true;
    UniqueFd dir(
        open_noatime(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!dir) return true;
    for (const auto& child : names(dir.get()))
      if (!entry(dir.get(), child, join_path(path, child), depth + 1)) return false;
    return true;
  }

 private:
  static std::vector<std::string> names(int fd) {
    std::vector<std::string> out;
    int dup = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (dup < 0) return out;
    std::unique_ptr<DIR, DirCloser> dir(::fdopendir(dup));
    if (!dir) {
      ::close(dup);
      return out;
    }
    while (dirent* d = ::readdir(dir.get())) {
      std::string_view n = d->d_name;
      if (n != "." && n != "..") out.emplace_back(n);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  int max_depth_;
  const std::function<bool(const WalkEntry&)>& visit_;
};

}  // namespace

void walk_tree(const RootFs& fs, std::string_view start, int max_depth,
               const std::function<bool(const WalkEntry&)>& visit) {
  auto r = resolve(fs.root(), start, false, nullptr);  // a linked start is recorded, not walked
  if (!r) return;
  std::string path = start.empty() ? "/" : std::string(start);
  TreeWalker(max_depth, visit).entry(r->dir.get(), r->name, path, 0);
}

}  // namespace collector::detail
