#pragma once
// Kernel pseudo file systems, told apart once for the whole collector.
#include <sys/stat.h>

#include <map>
#include <string>

namespace collector::asset {

// proc, sysfs, cgroup, debugfs, tracefs, securityfs, devpts, bpffs, pstore, selinuxfs,
// binfmt_misc, configfs, fusectl: their st_size says nothing of what a file holds (0 in /proc,
// 4096 in /sys), and nothing there is evidence a file scan could use.
bool is_pseudo_fs(int fd);

// /proc/kmsg: reading it consumes the kernel log (the asset would change). Never read.
bool changes_when_read(int fd, const std::string& name);
// /proc files whose reading changes state (kmsg) or exposes memory (kcore, mem): artifacts never
// read them (RootFs::open_read); evidence named explicitly (--collect) may read kcore and mem.
bool is_refused_pseudo(int fd, const std::string& name);

// A cache of is_pseudo_fs by device (the type never changes under a device), so it costs one
// fstatfs per device, not per file. Also treats empty files below /proc/ and /sys/ as pseudo.
// One per thread (not thread-safe).
class PseudoFiles {
 public:
  bool is_pseudo(int fd, const std::string& asset_path, const struct stat& st);

 private:
  std::map<dev_t, bool> by_dev_;
};

}  // namespace collector::asset
