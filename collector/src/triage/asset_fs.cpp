#include "asset_fs.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <cerrno>
#include <deque>

#include "path_glob.hpp"
#include "ppc/error.hpp"

namespace collector::triage {
namespace {

constexpr int kMaxLinkHops = 40;  // the kernel's own limit (MAXSYMLINKS)

// "a/b/c" relative to the root descriptor ("." for the root itself).
std::string relative(const std::vector<std::string>& components) {
  std::string out = components.empty() ? "." : "";
  for (const std::string& c : components) {
    if (!out.empty()) out += '/';
    out += c;
  }
  return out;
}

std::optional<std::string> read_link(int root_fd, const std::string& rel) {
  std::string target(4096, '\0');
  ssize_t n = readlinkat(root_fd, rel.c_str(), target.data(), target.size());
  if (n < 0 || static_cast<std::size_t>(n) >= target.size()) return std::nullopt;
  target.resize(static_cast<std::size_t>(n));
  return target;
}

}  // namespace

UniqueFd open_root(const std::string& root) {
  UniqueFd fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!fd) ppc::fail_errno("cannot open the scan root " + root);
  return fd;
}

int open_at_quietly(int dirfd, const char* name, int flags) {
  flags |= O_NOFOLLOW | O_CLOEXEC;
  int fd = openat(dirfd, name, flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = openat(dirfd, name, flags);
  return fd;
}

std::optional<std::vector<std::string>> resolve_in_root(int root_fd,
                                                        const std::vector<std::string>& path) {
  std::vector<std::string> resolved;
  std::deque<std::string> pending(path.begin(), path.end());
  int hops = 0;
  while (!pending.empty()) {
    std::string component = std::move(pending.front());
    pending.pop_front();
    if (component == "..") {
      if (!resolved.empty()) resolved.pop_back();
      continue;
    }
    resolved.push_back(std::move(component));
    std::string rel = relative(resolved);
    struct stat st {};
    if (fstatat(root_fd, rel.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return std::nullopt;
    if (S_ISLNK(st.st_mode)) {
      auto target = read_link(root_fd, rel);
      if (!target || ++hops > kMaxLinkHops) return std::nullopt;
      resolved.pop_back();
      if (target->starts_with('/')) resolved.clear();
      std::vector<std::string> parts = split_path(*target);
      pending.insert(pending.begin(), parts.begin(), parts.end());
    } else if (!S_ISDIR(st.st_mode) && !pending.empty()) {
      return std::nullopt;
    }
  }
  return resolved;
}

bool is_pseudo_fs(int fd) {
  struct statfs sfs {};
  if (fstatfs(fd, &sfs) != 0) return false;
  switch (static_cast<unsigned long>(sfs.f_type)) {
    case PROC_SUPER_MAGIC:
    case SYSFS_MAGIC:
    case DEBUGFS_MAGIC:
    case TRACEFS_MAGIC:
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC:
    case SECURITYFS_MAGIC:
    case DEVPTS_SUPER_MAGIC:
    case BPF_FS_MAGIC:
    case PSTOREFS_MAGIC:
    case SELINUX_MAGIC:
    case BINFMTFS_MAGIC:
    case 0x62656570:  // configfs
    case 0x65735543:  // fusectl
      return true;
    default:
      return false;
  }
}

}  // namespace collector::triage
