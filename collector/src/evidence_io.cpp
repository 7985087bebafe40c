#include "evidence_io.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "limits.hpp"
#include "ppc/error.hpp"

namespace collector {
namespace {

constexpr std::size_t kReadBlock = 1u << 20;

}  // namespace

std::size_t ThrottledSource::read(std::span<uint8_t> out) {
  throttle();
  for (;;) {
    ssize_t n = ::read(fd_, out.data(), std::min(out.size(), kReadBlock));
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    ppc::fail_errno("reading");
  }
}

int open_evidence(const std::string& host_path) {
  int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
  int fd = ::open(host_path.c_str(), flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = ::open(host_path.c_str(), flags);
  return fd;
}

// Kernel-generated files: their st_size is 0 (/proc) or 4096 (/sys) whatever they hold, so
// they are read to their end (bounded) instead of to the size stat reports.
bool pseudo_fs_type(int fd) {
  struct statfs fs{};
  if (::fstatfs(fd, &fs) != 0) return false;
  switch (static_cast<unsigned long>(fs.f_type)) {
    case PROC_SUPER_MAGIC:
    case SYSFS_MAGIC:
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC:
    case DEBUGFS_MAGIC:
    case TRACEFS_MAGIC:
    case SECURITYFS_MAGIC:
      return true;
    default:
      return false;
  }
}

bool PseudoFiles::is_pseudo(int fd, const std::string& path, const struct stat& st) {
  auto known = by_dev_.find(st.st_dev);
  if (known == by_dev_.end()) known = by_dev_.emplace(st.st_dev, pseudo_fs_type(fd)).first;
  if (known->second) return true;
  return st.st_size == 0 && (path.rfind("/proc/", 0) == 0 || path.rfind("/sys/", 0) == 0);
}

}  // namespace collector
