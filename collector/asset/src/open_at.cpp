#include "asset/open_at.hpp"

#include <dirent.h>
#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <memory>

namespace collector::asset {
namespace {

constexpr int kAlways = O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
constexpr std::size_t kMaxLinkText = 65536;

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};

bool is_proc_path(const std::string& path) {
  return path.rfind("/proc/", 0) == 0;
}

int open_noatime(int dirfd, const char* name, int flags) {
  int fd = ::openat(dirfd, name, flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = ::openat(dirfd, name, flags);
  return fd;
}

}  // namespace

int open_at(int dirfd, const char* name, int flags) {
  // O_PATH ignores O_NOATIME and O_NONBLOCK, but the kernel rejects no combination of them.
  return open_noatime(dirfd, name, flags | kAlways);
}

bool stat_at(int dirfd, const char* name, struct stat& st) {
  return ::fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

bool read_link_at(int dirfd, const char* name, std::string& target) {
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = ::readlinkat(dirfd, name, buf.data(), buf.size());
    if (n < 0) return false;
    if (static_cast<std::size_t>(n) < buf.size()) {
      buf.resize(static_cast<std::size_t>(n));
      target = std::move(buf);
      return true;
    }
    if (buf.size() >= kMaxLinkText) {
      errno = ENAMETOOLONG;
      return false;
    }
    buf.resize(buf.size() * 4);
  }
}

std::vector<std::string> entry_names(int dirfd) {
  std::vector<std::string> out;
  int dup = ::fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) return out;
  std::unique_ptr<DIR, DirCloser> dir(::fdopendir(dup));
  if (!dir) {
    ::close(dup);
    return out;
  }
  ::rewinddir(dir.get());
  while (const dirent* d = ::readdir(dir.get())) {
    std::string_view n = d->d_name;
    if (n != "." && n != "..") out.emplace_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

UniqueFd open_proc_link(const std::string& proc_path) {
  if (!is_proc_path(proc_path)) return errno = EINVAL, UniqueFd{};
  // Without O_NOFOLLOW: the magic link is the point.
  return UniqueFd(
      open_noatime(AT_FDCWD, proc_path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
}

bool read_proc_link(const std::string& proc_path, std::string& target) {
  if (!is_proc_path(proc_path)) return errno = EINVAL, false;
  return read_link_at(AT_FDCWD, proc_path.c_str(), target);
}

bool read_proc_file(const std::string& proc_path, std::string& text, std::size_t max_bytes) {
  if (!is_proc_path(proc_path) && proc_path.rfind("/sys/", 0) != 0) return errno = EINVAL, false;
  UniqueFd fd(open_at(AT_FDCWD, proc_path.c_str(), O_RDONLY));
  if (!fd) return false;
  text.assign(max_bytes, '\0');
  std::size_t used = 0;
  while (used < max_bytes) {
    ssize_t n = ::read(fd.get(), text.data() + used, max_bytes - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && used == 0) return false;
    if (n <= 0) break;
    used += static_cast<std::size_t>(n);
  }
  text.resize(used);
  return true;
}

std::vector<int> list_pids(const std::string& proc_dir) {
  std::vector<int> pids;
  UniqueFd fd(open_at(AT_FDCWD, proc_dir.c_str(), O_RDONLY | O_DIRECTORY));
  if (!fd) return pids;
  for (const std::string& name : entry_names(fd.get())) {
    int pid = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (ec == std::errc() && end == name.data() + name.size() && pid > 0) pids.push_back(pid);
  }
  std::sort(pids.begin(), pids.end());
  return pids;
}

}  // namespace collector::asset
