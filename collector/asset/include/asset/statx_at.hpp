#pragma once
// statx(2) on every kernel the collector supports. statx arrived in Linux 4.11 (RHEL/CentOS 7
// run 3.10); where it is missing, glibc's wrapper emulates it with fstatat but fails EINVAL for
// AT_STATX_DONT_SYNC, so the metadata walk saw nothing at all. Here the first ENOSYS from the
// system call switches the process to fstatat(2): the same fields, except the birth time.
#include <sys/stat.h>

namespace collector::asset {

// statx(dirfd, name, flags, mask) where the kernel has it; else fstatat(dirfd, name, flags) with
// the result in `out`, stx_mask = STATX_BASIC_STATS (no STATX_BTIME: no birth time). 0, or -1
// with errno. `flags` may hold AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH and the AT_STATX_* sync bits.
int statx_at(int dirfd, const char* name, int flags, unsigned mask, struct statx& out);

// False once statx(2) has answered ENOSYS in this process: birth times are then unknown.
bool statx_available();

}  // namespace collector::asset
