#pragma once
// Descriptor-relative primitives of the asset layer: the one place that opens an asset file.
//
// Every open is relative to a directory descriptor the layer resolved, never follows a final
// symlink, never blocks (O_NONBLOCK: a FIFO opens at once, and is refused before that by a type
// check anyway), never becomes our controlling terminal, and asks for O_NOATIME, retried without
// it when the kernel refuses (EPERM: we neither own the file nor have CAP_FOWNER). Reading leaves
// no trace on the asset.
#include <sys/stat.h>

#include <string>
#include <vector>

#include "asset/unique_fd.hpp"

namespace collector::asset {

// openat(dirfd, name, flags | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_NOATIME); -1 and
// errno on failure. `flags` is O_RDONLY, O_RDONLY | O_DIRECTORY, or O_PATH | O_DIRECTORY.
int open_at(int dirfd, const char* name, int flags);

// fstatat(dirfd, name, AT_SYMLINK_NOFOLLOW): false and errno on failure.
bool stat_at(int dirfd, const char* name, struct stat& st);

// The target of the symlink dirfd/name (any length up to 64 KiB); false and errno on failure.
bool read_link_at(int dirfd, const char* name, std::string& target);

// The names in the open directory (no "." or ".."), sorted; the descriptor stays open.
std::vector<std::string> entry_names(int dirfd);

// Live /proc magic links (/proc/PID/exe, /proc/PID/fd/N): the kernel follows them to the open
// file even when it was deleted or lives on a memfd, which no path walk can. Only paths below
// /proc/ are accepted (EINVAL otherwise); opened read-only as above.
UniqueFd open_proc_link(const std::string& proc_path);
// The text of a /proc link ("/usr/bin/bash (deleted)", "socket:[123]"); false and errno.
bool read_proc_link(const std::string& proc_path, std::string& target);
// A small /proc or /sys file of the live system (/proc/PID/comm), at most max_bytes.
bool read_proc_file(const std::string& proc_path, std::string& text, std::size_t max_bytes = 4096);
// The numeric entries of a /proc directory (process ids); empty when it cannot be listed.
std::vector<int> list_pids(const std::string& proc_dir);

}  // namespace collector::asset
