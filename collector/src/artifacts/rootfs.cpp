// RootFs: read-only access below a root that never leaves it and never blocks.
//
// Paths are resolved one component at a time from a descriptor of the root, each component
// opened with O_PATH|O_NOFOLLOW. Symlinks are read with readlinkat and spliced into the walk,
// absolute targets restarting from the root and ".." stopping at it, the way chroot(2) would
// see them; so no link on the asset can make us read a host file. (openat2 RESOLVE_IN_ROOT
// does the same, but this walk runs on every kernel and is the only path to test.) The file
// type is checked with fstatat before opening, so FIFOs, sockets and devices are never opened.
#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <memory>

#include "collector/artifact.hpp"
#include "rootfs_internal.hpp"

namespace collector {

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}

namespace {

constexpr int kMaxSymlinkHops = 40;  // the kernel's MAXSYMLINKS
constexpr std::size_t kReadChunk = 64 * 1024;

void set_errno(int* out, int value) {
  if (out) *out = value;
}

std::deque<std::string> components(std::string_view path) {
  std::deque<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view c = path.substr(i, j - i);
    if (!c.empty() && c != ".") out.emplace_back(c);
    i = j + 1;
  }
  return out;
}

bool is_pseudo_fs(int fd) {
  struct statfs sfs {};
  if (::fstatfs(fd, &sfs) != 0) return false;
  return sfs.f_type == PROC_SUPER_MAGIC || sfs.f_type == SYSFS_MAGIC;
}

// Pseudo files whose reading changes state (kmsg consumes the kernel log) or exposes memory.
bool is_refused_pseudo(int fd, const std::string& name) {
  struct statfs sfs {};
  if (::fstatfs(fd, &sfs) != 0 || sfs.f_type != PROC_SUPER_MAGIC) return false;
  return name == "kmsg" || name == "kcore" || name == "mem";
}

}  // namespace

using detail::open_noatime;
using detail::readlink_at;
using detail::resolve;

RootFs::RootFs(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  if (root_.empty()) root_ = "/";
}

std::string RootFs::host_path(std::string_view asset_path) const {
  if (is_live()) return std::string(asset_path);
  std::string out = root_;
  if (asset_path.empty() || asset_path[0] != '/') out += '/';
  out += asset_path;
  return out;
}

UniqueFd RootFs::open_read(std::string_view asset_path, struct stat* st_out, int* errno_out) const {
  auto r = resolve(root_, asset_path, true, errno_out);
  if (!r) return {};
  struct stat before {};
  if (::fstatat(r->dir.get(), r->name.c_str(), &before, AT_SYMLINK_NOFOLLOW) != 0)
    return set_errno(errno_out, errno), UniqueFd{};
  if (S_ISDIR(before.st_mode)) return set_errno(errno_out, EISDIR), UniqueFd{};
  if (!S_ISREG(before.st_mode)) return set_errno(errno_out, EINVAL), UniqueFd{};
  UniqueFd fd(open_noatime(r->dir.get(), r->name,
                           O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY));
  if (!fd) return set_errno(errno_out, errno), UniqueFd{};
  struct stat after {};
  if (::fstat(fd.get(), &after) != 0) return set_errno(errno_out, errno), UniqueFd{};
  // Swapped between the check and the open: refuse rather than read something unexpected.
  if (!S_ISREG(after.st_mode) || after.st_ino != before.st_ino || after.st_dev != before.st_dev)
    return set_errno(errno_out, ESTALE), UniqueFd{};
  if (is_refused_pseudo(fd.get(), r->name)) return set_errno(errno_out, EPERM), UniqueFd{};
  if (st_out) *st_out = after;
  return fd;
}

std::optional<std::string> RootFs::read_file(std::string_view asset_path, std::size_t max_bytes,
                                             int* errno_out) const {
  struct stat st {};
  UniqueFd fd = open_read(asset_path, &st, errno_out);
  if (!fd) return std::nullopt;
  // Bounded by the size seen at open (a growing log is read as it was); pseudo files report
  // 0 or 4096 and are read until EOF, still bounded by max_bytes.
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
      if (errno == EAGAIN) {  // a pseudo file with nothing ready: never wait for it
        out.resize(old);
        break;
      }
      return set_errno(errno_out, errno), std::nullopt;
    }
    out.resize(old + static_cast<std::size_t>(n));
    if (n == 0) break;
  }
  return out;
}

std::vector<std::string> RootFs::list_dir(std::string_view asset_path, int* errno_out) const {
  std::vector<std::string> names;
  for (auto& e : detail::list_dir_typed(*this, asset_path, errno_out)) names.push_back(e.name);
  return names;
}

bool RootFs::exists(std::string_view asset_path) const {
  return lstat(asset_path).has_value();
}

std::optional<struct stat> RootFs::lstat(std::string_view asset_path, int* errno_out) const {
  return detail::stat_in_root(*this, asset_path, false, errno_out);
}

std::optional<std::string> RootFs::read_link(std::string_view asset_path, int* errno_out) const {
  auto r = resolve(root_, asset_path, false, errno_out);
  if (!r) return std::nullopt;
  auto target = readlink_at(r->dir.get(), r->name);
  if (!target) set_errno(errno_out, errno);
  return target;
}

namespace detail {

std::optional<std::string> readlink_at(int dirfd, const std::string& name) {
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = ::readlinkat(dirfd, name.c_str(), buf.data(), buf.size());
    if (n < 0) return std::nullopt;
    if (static_cast<std::size_t>(n) < buf.size()) {
      buf.resize(static_cast<std::size_t>(n));
      return buf;
    }
    if (buf.size() >= 65536) {
      errno = ENAMETOOLONG;
      return std::nullopt;
    }
    buf.resize(buf.size() * 4);
  }
}

std::optional<Resolved> resolve(const std::string& root, std::string_view path, bool follow_last,
                                int* err) {
  UniqueFd rootfd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!rootfd) return set_errno(err, errno), std::nullopt;
  std::vector<UniqueFd> stack;  // directories below the root; back() is the current one
  auto current = [&] { return stack.empty() ? rootfd.get() : stack.back().get(); };
  std::deque<std::string> todo = components(path);
  int hops = 0;
  while (!todo.empty()) {
    std::string c = std::move(todo.front());
    todo.pop_front();
    if (c == "..") {
      if (!stack.empty()) stack.pop_back();  // ".." at the root stays at the root
      continue;
    }
    const bool last = todo.empty();
    struct stat st {};
    if (::fstatat(current(), c.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      return set_errno(err, errno), std::nullopt;
    if (S_ISLNK(st.st_mode) && (!last || follow_last)) {
      if (++hops > kMaxSymlinkHops) return set_errno(err, ELOOP), std::nullopt;
      auto target = readlink_at(current(), c);
      if (!target) return set_errno(err, errno), std::nullopt;
      if (!target->empty() && (*target)[0] == '/') stack.clear();
      auto parts = components(*target);
      todo.insert(todo.begin(), parts.begin(), parts.end());
      continue;
    }
    if (last) {
      UniqueFd dir = stack.empty() ? std::move(rootfd) : std::move(stack.back());
      return Resolved{std::move(dir), std::move(c)};
    }
    if (!S_ISDIR(st.st_mode)) return set_errno(err, ENOTDIR), std::nullopt;
    int fd = ::openat(current(), c.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return set_errno(err, errno), std::nullopt;
    stack.emplace_back(fd);
  }
  UniqueFd dir = stack.empty() ? std::move(rootfd) : std::move(stack.back());
  return Resolved{std::move(dir), "."};
}

int open_noatime(int dirfd, const std::string& name, int flags) {
  int fd = ::openat(dirfd, name.c_str(), flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = ::openat(dirfd, name.c_str(), flags);
  return fd;
}

std::optional<struct stat> stat_in_root(const RootFs& fs, std::string_view asset_path,
                                        bool follow_last, int* errno_out) {
  // On the live system the root is "/": no link can lead above it, so the kernel's own path
  // walk gives the same answer as the component-by-component one, at a fraction of the cost
  // (this runs once per file of every file artifact).
  if (fs.is_live() && !asset_path.empty() && asset_path[0] == '/') {
    struct stat st {};
    std::string path(asset_path);
    if ((follow_last ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0)
      return set_errno(errno_out, errno), std::nullopt;
    return st;
  }
  auto r = resolve(fs.root(), asset_path, follow_last, errno_out);
  if (!r) return std::nullopt;
  struct stat st {};
  if (::fstatat(r->dir.get(), r->name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return set_errno(errno_out, errno), std::nullopt;
  return st;
}

std::vector<DirEntry> list_dir_typed(const RootFs& fs, std::string_view asset_path,
                                     int* errno_out) {
  std::vector<DirEntry> out;
  auto r = resolve(fs.root(), asset_path, true, errno_out);
  if (!r) return out;
  int fd = open_noatime(r->dir.get(), r->name,
                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return set_errno(errno_out, errno), out;
  std::unique_ptr<DIR, DirCloser> dir(::fdopendir(fd));
  if (!dir) {
    set_errno(errno_out, errno);
    ::close(fd);
    return out;
  }
  while (dirent* d = ::readdir(dir.get())) {
    std::string_view name = d->d_name;
    if (name == "." || name == "..") continue;
    DirEntry e{std::string(name)};
    unsigned char type = d->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(::dirfd(dir.get()), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_REG;
    }
    e.is_dir = type == DT_DIR;
    e.is_symlink = type == DT_LNK;
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

std::string join_path(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

bool has_glob_chars(std::string_view s) {
  return s.find_first_of("*?[") != std::string_view::npos;
}

}  // namespace detail
}  // namespace collector
