// RootFs: resolving asset paths inside the root, and reading files there.
#include "asset/root_fs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>

#include "asset/open_at.hpp"
#include "asset/path_glob.hpp"
#include "asset/pseudo_fs.hpp"
#include "ppc/error.hpp"

namespace collector::asset {
namespace {

constexpr int kMaxSymlinkHops = 40;  // the kernel's MAXSYMLINKS
constexpr std::size_t kReadChunk = 64 * 1024;

template <class T>
T fail(int* out, int value, T result = T{}) {
  if (out) *out = value;
  return result;
}

bool absolute(std::string_view path) {
  return !path.empty() && path[0] == '/';
}

// The walk of one path below the root: the directories entered (names and O_PATH descriptors)
// and the last component, the way chroot(2) would resolve it.
struct Walk {
  UniqueFd rootfd;
  std::vector<std::pair<std::string, UniqueFd>> dirs;
  std::string last;  // "." when the path ends on a directory that was entered
  int current() const { return dirs.empty() ? rootfd.get() : dirs.back().second.get(); }
};

std::optional<Walk> walk(const std::string& root, std::string_view path, bool follow_last,
                         int* err) {
  Walk w;
  w.rootfd = UniqueFd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!w.rootfd) return fail<std::optional<Walk>>(err, errno);
  std::vector<std::string> parts = split_path(path);
  std::deque<std::string> todo(parts.begin(), parts.end());
  int hops = 0;
  while (!todo.empty()) {
    std::string c = std::move(todo.front());
    todo.pop_front();
    if (c == "..") {
      if (!w.dirs.empty()) w.dirs.pop_back();  // ".." at the root stays at the root
      continue;
    }
    const bool last = todo.empty();
    struct stat st {};
    if (::fstatat(w.current(), c.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      return fail<std::optional<Walk>>(err, errno);
    if (S_ISLNK(st.st_mode) && (!last || follow_last)) {
      std::string target;
      if (++hops > kMaxSymlinkHops) return fail<std::optional<Walk>>(err, ELOOP);
      if (!read_link_at(w.current(), c.c_str(), target))
        return fail<std::optional<Walk>>(err, errno);
      if (absolute(target)) w.dirs.clear();
      auto more = split_path(target);
      todo.insert(todo.begin(), more.begin(), more.end());
      continue;
    }
    if (last) {
      w.last = std::move(c);
      return w;
    }
    if (!S_ISDIR(st.st_mode)) return fail<std::optional<Walk>>(err, ENOTDIR);
    UniqueFd dir(open_at(w.current(), c.c_str(), O_PATH | O_DIRECTORY));
    if (!dir) return fail<std::optional<Walk>>(err, errno);
    w.dirs.emplace_back(std::move(c), std::move(dir));
  }
  w.last = ".";
  return w;
}

}  // namespace

RootFs::RootFs(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  if (root_.empty()) root_ = "/";
}

std::string RootFs::host_spelling(std::string_view asset_path) const {
  if (is_live()) return std::string(asset_path);
  std::string out = root_;
  if (!absolute(asset_path)) out += '/';
  out += asset_path;
  return out;
}

std::optional<RootFs::Parent> RootFs::open_parent(std::string_view asset_path, bool follow_last,
                                                  int* errno_out) const {
  auto w = walk(root_, asset_path, follow_last, errno_out);
  if (!w) return std::nullopt;
  UniqueFd dir = w->dirs.empty() ? std::move(w->rootfd) : std::move(w->dirs.back().second);
  return Parent{std::move(dir), std::move(w->last)};
}

std::optional<std::vector<std::string>> RootFs::resolve(std::string_view asset_path) const {
  auto w = walk(root_, asset_path, true, nullptr);
  if (!w) return std::nullopt;
  std::vector<std::string> out;
  for (auto& d : w->dirs) out.push_back(std::move(d.first));
  if (w->last != ".") out.push_back(std::move(w->last));
  return out;
}

UniqueFd RootFs::open_root() const {
  UniqueFd fd(::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!fd) ppc::fail_errno("cannot open the asset root " + root_);
  return fd;
}

UniqueFd RootFs::open_read(std::string_view asset_path, struct stat* st_out, int* errno_out) const {
  auto p = open_parent(asset_path, true, errno_out);
  if (!p) return {};
  struct stat before {};
  if (::fstatat(p->dir.get(), p->name.c_str(), &before, AT_SYMLINK_NOFOLLOW) != 0)
    return fail<UniqueFd>(errno_out, errno);
  if (S_ISDIR(before.st_mode)) return fail<UniqueFd>(errno_out, EISDIR);
  UniqueFd fd = open_evidence_at(p->dir.get(), p->name, before, st_out, errno_out);
  if (fd && is_refused_pseudo(fd.get(), p->name)) return fail<UniqueFd>(errno_out, EPERM);
  return fd;
}

UniqueFd RootFs::open_evidence(std::string_view asset_path, const struct stat& expected,
                               struct stat* st_out, int* errno_out) const {
  if (is_live() && absolute(asset_path))
    return open_evidence_at(AT_FDCWD, std::string(asset_path), expected, st_out, errno_out);
  auto p = open_parent(asset_path, false, errno_out);
  if (!p) return {};
  return open_evidence_at(p->dir.get(), p->name, expected, st_out, errno_out);
}

UniqueFd RootFs::open_evidence_at(int dirfd, const std::string& name, const struct stat& expected,
                                  struct stat* st_out, int* errno_out) {
  if (!S_ISREG(expected.st_mode)) return fail<UniqueFd>(errno_out, EINVAL);
  UniqueFd fd(open_at(dirfd, name.c_str(), O_RDONLY));
  if (!fd) return fail<UniqueFd>(errno_out, errno);
  struct stat after {};
  if (::fstat(fd.get(), &after) != 0) return fail<UniqueFd>(errno_out, errno);
  // Swapped between the check and the open: refuse rather than read something unexpected.
  if (!S_ISREG(after.st_mode) || after.st_ino != expected.st_ino || after.st_dev != expected.st_dev)
    return fail<UniqueFd>(errno_out, ESTALE);
  std::string_view base = name;
  if (auto slash = base.rfind('/'); slash != std::string_view::npos) base.remove_prefix(slash + 1);
  if (changes_when_read(fd.get(), std::string(base))) return fail<UniqueFd>(errno_out, EPERM);
  if (st_out) *st_out = after;
  return fd;
}

std::optional<std::string> RootFs::read_file(std::string_view asset_path, std::size_t max_bytes,
                                             int* errno_out) const {
  struct stat st {};
  UniqueFd fd = open_read(asset_path, &st, errno_out);
  if (!fd) return std::nullopt;
  std::size_t limit = max_bytes;
  if (st.st_size > 0 && !is_pseudo_fs(fd.get()))
    limit = std::min<std::size_t>(limit, static_cast<std::size_t>(st.st_size));
  std::string out;
  while (out.size() < limit) {
    std::size_t want = std::min(kReadChunk, limit - out.size());
    std::size_t old = out.size();
    out.resize(old + want);
    ssize_t n = ::read(fd.get(), out.data() + old, want);
    if (n < 0 && errno == EINTR) {
      out.resize(old);
      continue;
    }
    if (n < 0) {
      out.resize(old);
      if (errno == EAGAIN) break;  // a pseudo file with nothing ready: never wait for it
      return fail<std::optional<std::string>>(errno_out, errno);
    }
    out.resize(old + static_cast<std::size_t>(n));
    if (n == 0) break;
  }
  return out;
}

std::optional<struct stat> RootFs::lstat(std::string_view asset_path, int* errno_out) const {
  struct stat st {};
  // Live: no link can lead above "/", so the kernel's walk answers the same, far cheaper (this
  // runs once per file of every file artifact).
  if (is_live() && absolute(asset_path)) {
    if (::fstatat(AT_FDCWD, std::string(asset_path).c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      return fail<std::optional<struct stat>>(errno_out, errno);
    return st;
  }
  auto p = open_parent(asset_path, false, errno_out);
  if (!p) return std::nullopt;
  if (::fstatat(p->dir.get(), p->name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return fail<std::optional<struct stat>>(errno_out, errno);
  return st;
}

std::optional<struct stat> RootFs::stat(std::string_view asset_path, int* errno_out) const {
  struct stat st {};
  if (is_live() && absolute(asset_path)) {
    if (::fstatat(AT_FDCWD, std::string(asset_path).c_str(), &st, 0) != 0)
      return fail<std::optional<struct stat>>(errno_out, errno);
    return st;
  }
  auto p = open_parent(asset_path, true, errno_out);
  if (!p) return std::nullopt;
  if (::fstatat(p->dir.get(), p->name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return fail<std::optional<struct stat>>(errno_out, errno);
  return st;
}

std::optional<std::string> RootFs::read_link(std::string_view asset_path, int* errno_out) const {
  std::string target;
  if (is_live() && absolute(asset_path)) {
    if (!read_link_at(AT_FDCWD, std::string(asset_path).c_str(), target))
      return fail<std::optional<std::string>>(errno_out, errno);
    return target;
  }
  auto p = open_parent(asset_path, false, errno_out);
  if (!p) return std::nullopt;
  if (!read_link_at(p->dir.get(), p->name.c_str(), target))
    return fail<std::optional<std::string>>(errno_out, errno);
  return target;
}

}  // namespace collector::asset
