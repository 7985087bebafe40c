#include "asset/statx_at.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace collector::asset {
namespace {

std::atomic<bool> g_statx_missing{false};  // set once, by whichever walk meets ENOSYS first

statx_timestamp timestamp(const timespec& ts) {
  return {ts.tv_sec, static_cast<uint32_t>(ts.tv_nsec), 0};
}

void from_stat(const struct stat& st, struct statx& out) {
  out = {};
  out.stx_mask = STATX_BASIC_STATS;
  out.stx_blksize = static_cast<uint32_t>(st.st_blksize);
  out.stx_nlink = static_cast<uint32_t>(st.st_nlink);
  out.stx_uid = st.st_uid;
  out.stx_gid = st.st_gid;
  out.stx_mode = static_cast<uint16_t>(st.st_mode);
  out.stx_ino = st.st_ino;
  out.stx_size = static_cast<uint64_t>(st.st_size);
  out.stx_blocks = static_cast<uint64_t>(st.st_blocks);
  out.stx_atime = timestamp(st.st_atim);
  out.stx_mtime = timestamp(st.st_mtim);
  out.stx_ctime = timestamp(st.st_ctim);
  out.stx_rdev_major = major(st.st_rdev);
  out.stx_rdev_minor = minor(st.st_rdev);
  out.stx_dev_major = major(st.st_dev);
  out.stx_dev_minor = minor(st.st_dev);
}

}  // namespace

int statx_at(int dirfd, const char* name, int flags, unsigned mask, struct statx& out) {
  if (!g_statx_missing.load(std::memory_order_relaxed)) {
    // The system call itself: glibc's wrapper answers a missing statx with its own fstatat
    // emulation, which refuses AT_STATX_DONT_SYNC with EINVAL, indistinguishable from a
    // real EINVAL.
    if (::syscall(SYS_statx, dirfd, name, flags, mask, &out) == 0) return 0;
    if (errno != ENOSYS) return -1;
    g_statx_missing.store(true, std::memory_order_relaxed);
  }
  struct stat st {};
  // fstatat knows no sync modes: it always answers from what the kernel has cached.
  if (::fstatat(dirfd, name, &st, flags & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) return -1;
  from_stat(st, out);
  return 0;
}

bool statx_available() {
  return !g_statx_missing.load(std::memory_order_relaxed);
}

}  // namespace collector::asset
