// RootFs: directories, globs and the metadata walk.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <set>

#include "asset/open_at.hpp"
#include "asset/path_glob.hpp"
#include "asset/root_fs.hpp"
#include "asset/statx_at.hpp"

namespace collector::asset {
namespace {

constexpr int kHardDepthLimit = 128;              // guards the recursion whatever max_depth says
constexpr std::size_t kMaxGlobResults = 2000000;  // one glob cannot exhaust memory

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};

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
    if (i == parts_.size()) return add(dir);
    const std::string& part = parts_[i];
    const bool last = i + 1 == parts_.size();
    if (part == "**") {
      if (last)
        everything_below(dir, 0);
      else
        any_depth(dir, i, 0);
    } else if (part.find_first_of("*?[\\") != std::string::npos) {  // a backslash escapes
      for (const auto& e : fs_.list_dir_typed(dir)) {
        if (!match_name(part, e.name)) continue;
        std::string child = join_path(dir, e.name);
        if (last)
          add(std::move(child));
        else if (e.is_dir)
          match(child, i + 1);
      }
    } else if (last) {
      std::string child = join_path(dir, part);
      if (fs_.exists(child)) add(std::move(child));
    } else {
      match(join_path(dir, part), i + 1);  // a literal may be a symlink: followed in the root
    }
  }

  // `**` followed by more parts: zero or more directories, then the rest of the pattern.
  void any_depth(const std::string& dir, std::size_t i, int used) {
    match(dir, i + 1);
    if (!depth_allows(used)) return;
    for (const auto& e : fs_.list_dir_typed(dir))
      if (e.is_dir) any_depth(join_path(dir, e.name), i, used + 1);
  }

  // A trailing `**`: every entry below dir, through at most max_depth directories.
  void everything_below(const std::string& dir, int used) {
    for (const auto& e : fs_.list_dir_typed(dir)) {
      std::string child = join_path(dir, e.name);
      if (e.is_dir && depth_allows(used)) everything_below(child, used + 1);
      add(std::move(child));
    }
  }

  const RootFs& fs_;
  std::vector<std::string> parts_;
  int max_depth_;
  std::set<std::string> found_;
};

class TreeWalker {
 public:
  using Visit = std::function<RootFs::WalkStep(const RootFs::WalkEntry&)>;
  TreeWalker(int max_depth, const Visit& visit) : max_depth_(max_depth), visit_(visit) {}

  // Visits dirfd/name; descends when it is a directory. Returns false once told to stop.
  bool entry(int dirfd, const std::string& name, const std::string& path, int depth) {
    struct statx stx {};
    if (statx_at(dirfd, name.c_str(), AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC,
                 STATX_BASIC_STATS | STATX_BTIME, stx) != 0)
      return true;  // vanished meanwhile
    std::string target;
    if (S_ISLNK(stx.stx_mode)) read_link_at(dirfd, name.c_str(), target);
    RootFs::WalkStep step = visit_(RootFs::WalkEntry{path, stx, target});
    if (step == RootFs::WalkStep::stop) return false;
    if (step == RootFs::WalkStep::skip_below || !S_ISDIR(stx.stx_mode) ||
        depth >= kHardDepthLimit || (max_depth_ >= 0 && depth >= max_depth_))
      return true;
    UniqueFd dir(open_at(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY));
    if (!dir) return true;
    for (const auto& child : entry_names(dir.get()))
      if (!entry(dir.get(), child, join_path(path, child), depth + 1)) return false;
    return true;
  }

 private:
  int max_depth_;
  const Visit& visit_;
};

}  // namespace

std::vector<RootFs::DirEntry> RootFs::list_dir_typed(std::string_view asset_path,
                                                     int* errno_out) const {
  std::vector<DirEntry> out;
  auto p = open_parent(asset_path, true, errno_out);
  if (!p) return out;
  int fd = open_at(p->dir.get(), p->name.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) {
    if (errno_out) *errno_out = errno;
    return out;
  }
  std::unique_ptr<DIR, DirCloser> dir(::fdopendir(fd));
  if (!dir) {
    if (errno_out) *errno_out = errno;
    ::close(fd);
    return out;
  }
  while (const dirent* d = ::readdir(dir.get())) {
    std::string_view name = d->d_name;
    if (name == "." || name == "..") continue;
    unsigned char type = d->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(::dirfd(dir.get()), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_REG;
    }
    out.push_back(DirEntry{std::string(name), type == DT_DIR, type == DT_LNK});
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

std::vector<std::string> RootFs::list_dir(std::string_view asset_path, int* errno_out) const {
  std::vector<std::string> names;
  for (auto& e : list_dir_typed(asset_path, errno_out)) names.push_back(std::move(e.name));
  return names;
}

bool RootFs::can_list(std::string_view asset_path, int* errno_out) const {
  auto p = open_parent(asset_path, true, errno_out);
  if (!p) return false;
  UniqueFd fd(open_at(p->dir.get(), p->name.c_str(), O_RDONLY | O_DIRECTORY));
  if (!fd && errno_out) *errno_out = errno;
  return static_cast<bool>(fd);
}

std::vector<std::string> RootFs::glob(std::string_view pattern, int max_depth) const {
  if (pattern.empty() || pattern[0] != '/') return {};
  return Globber(*this, split_path(pattern), max_depth).run();
}

void RootFs::walk_tree(std::string_view start, int max_depth,
                       const std::function<bool(const WalkEntry&)>& visit) const {
  auto p = open_parent(start, false, nullptr);  // a linked start is recorded, not walked
  if (!p) return;
  std::string path = start.empty() ? "/" : std::string(start);
  TreeWalker::Visit step = [&](const WalkEntry& e) {
    return visit(e) ? WalkStep::go_on : WalkStep::stop;
  };
  TreeWalker(max_depth, step).entry(p->dir.get(), p->name, path, 0);
}

void RootFs::walk_tree_pruning(std::string_view start, int max_depth,
                               const std::function<WalkStep(const WalkEntry&)>& visit) const {
  auto p = open_parent(start, false, nullptr);
  if (!p) return;
  std::string path = start.empty() ? "/" : std::string(start);
  TreeWalker(max_depth, visit).entry(p->dir.get(), p->name, path, 0);
}

}  // namespace collector::asset
