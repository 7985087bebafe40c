#include "asset/pseudo_fs.hpp"

#include <linux/magic.h>
#include <sys/vfs.h>

namespace collector::asset {
namespace {

constexpr unsigned long kConfigFsMagic = 0x62656570;
constexpr unsigned long kFuseCtlMagic = 0x65735543;

}  // namespace

bool is_pseudo_fs(int fd) {
  struct statfs sfs {};
  if (::fstatfs(fd, &sfs) != 0) return false;
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
    case kConfigFsMagic:
    case kFuseCtlMagic:
      return true;
    default:
      return false;
  }
}

namespace {
bool on_proc(int fd) {
  struct statfs sfs {};
  return ::fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC;
}
}  // namespace

bool changes_when_read(int fd, const std::string& name) {
  return name == "kmsg" && on_proc(fd);
}

bool is_refused_pseudo(int fd, const std::string& name) {
  return (name == "kmsg" || name == "kcore" || name == "mem") && on_proc(fd);
}

bool PseudoFiles::is_pseudo(int fd, const std::string& asset_path, const struct stat& st) {
  auto known = by_dev_.find(st.st_dev);
  if (known == by_dev_.end()) known = by_dev_.emplace(st.st_dev, is_pseudo_fs(fd)).first;
  if (known->second) return true;
  return st.st_size == 0 &&
         (asset_path.rfind("/proc/", 0) == 0 || asset_path.rfind("/sys/", 0) == 0);
}

}  // namespace collector::asset
