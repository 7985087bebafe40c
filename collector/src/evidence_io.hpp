#pragma once
// Reading evidence without changing the asset (internal to the collector): open read-only,
// never following a final symlink, never blocking on a FIFO, without atime updates where the
// kernel lets us; read in throttled blocks; tell kernel pseudo files apart.
#include <unistd.h>

#include <sys/stat.h>

#include <cstddef>
#include <map>
#include <span>
#include <string>

#include "ppc/io.hpp"

namespace collector {

// Opens read-only without following a final symlink, without blocking on FIFOs and without
// updating atime where the kernel lets us (O_NOATIME needs ownership or CAP_FOWNER).
int open_evidence(const std::string& host_path);

// Reads evidence for the writer one read(2) of at most 1 MiB at a time, so --cpu-limit can pause
// between blocks; a failed read throws ppc::Error carrying its errno.
class ThrottledSource final : public ppc::ByteSource {
 public:
  explicit ThrottledSource(int fd) : fd_(fd) {}
  std::size_t read(std::span<uint8_t> out) override;

 private:
  int fd_;
};

// True when the descriptor is on a kernel pseudo file system (proc, sysfs, cgroup, ...).
bool pseudo_fs_type(int fd);

// Kernel pseudo files: their st_size says nothing of what they hold (0 in /proc). The file-system
// type never changes under a device, so fstatfs runs once per device, not per file. One cache
// per thread (not thread-safe).
class PseudoFiles {
 public:
  bool is_pseudo(int fd, const std::string& path, const struct stat& st);

 private:
  std::map<dev_t, bool> by_dev_;
};

// Closes a descriptor on every way out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace collector
