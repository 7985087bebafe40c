#pragma once
// Low-level access to the asset's file system below a root directory, for the triage walker:
// every open is relative to a directory descriptor, never follows a final symlink and asks for
// O_NOATIME, so walking and reading leave no trace on the asset.
#include <optional>
#include <string>
#include <vector>

#include "unique_fd.hpp"

namespace collector::triage {

// The root directory (RootFs::root()); throws ppc::Error(io) when it cannot be opened.
UniqueFd open_root(const std::string& root);

// openat(dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC | O_NOATIME), retried without O_NOATIME
// when the kernel refuses it (EPERM: not the owner and no CAP_FOWNER). -1 and errno on failure.
int open_at_quietly(int dirfd, const char* name, int flags);

// Resolves an asset path's components the way the asset itself would (symlinks followed, an
// absolute link target taken relative to the root, ".." never above the root). nullopt when a
// component is missing, not a directory, or the links loop.
std::optional<std::vector<std::string>> resolve_in_root(int root_fd,
                                                        const std::vector<std::string>& path);

// A kernel pseudo file system (proc, sysfs, cgroup, debugfs, ...): nothing there is evidence a
// file scan could use, and some reads there have side effects or never end.
bool is_pseudo_fs(int fd);

}  // namespace collector::triage
