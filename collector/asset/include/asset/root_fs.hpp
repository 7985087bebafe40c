#pragma once
// RootFs: the asset's files below a root ("/" on a live system, a mounted image with --root),
// read without changing them and without ever leaving the root.
//
// Paths given and returned are asset paths ("/etc/passwd"), never host paths. Every path is
// resolved inside the root exactly as chroot(2) would resolve it: one component at a time from a
// descriptor of the root, symlinks read and spliced into the walk, an absolute target restarting
// at the root and ".." stopping there. No link on an image can make us read a file of the
// examiner's machine. (On the live system the root is "/", where the kernel's own path walk gives
// the same answer, and the hot paths use it.) The file type is checked before a file is opened,
// so FIFOs, sockets and devices are never opened; see open_at.hpp for the open flags.
#include <sys/stat.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asset/unique_fd.hpp"

struct statx;

namespace collector::asset {

class RootFs {
 public:
  explicit RootFs(std::string root = "/");
  const std::string& root() const { return root_; }
  bool is_live() const { return root_ == "/"; }
  // root + asset path: for messages and for comparing with host paths (the case directory);
  // never opened, since a symlinked directory on the way could lead out of the root.
  std::string host_spelling(std::string_view asset_path) const;

  // ----- Reading files (the last component followed, inside the root) -----
  // Opens a regular file (or /proc,/sys pseudo file) read-only; `st` receives its fstat. An
  // invalid UniqueFd and errno_out set on failure: EISDIR for a directory, EINVAL for a file
  // that is not regular, ESTALE when it was swapped between the check and the open, EPERM for
  // /proc/kmsg, kcore and mem.
  UniqueFd open_read(std::string_view asset_path, struct stat* st = nullptr,
                     int* errno_out = nullptr) const;
  // Reads at most max_bytes of a file open_read opens, bounded by the size seen at open (a
  // growing log is read as it was); pseudo files are read to their end, still bounded.
  std::optional<std::string> read_file(std::string_view asset_path,
                                       std::size_t max_bytes = 16u << 20,
                                       int* errno_out = nullptr) const;

  // ----- Evidence files (the last component never followed; /proc/kmsg refused: EPERM) -----
  // Opens the regular file at the path itself (a final symlink is not followed: evidence stores
  // it as a link) and checks with fstat that it is the file `expected` (an lstat of the path)
  // describes: ESTALE when it was replaced meanwhile, EINVAL when it is not a regular file.
  UniqueFd open_evidence(std::string_view asset_path, const struct stat& expected,
                         struct stat* st = nullptr, int* errno_out = nullptr) const;

  // ----- Metadata -----
  std::optional<struct stat> lstat(std::string_view asset_path, int* errno_out = nullptr) const;
  // stat with a final symlink followed (inside the root).
  std::optional<struct stat> stat(std::string_view asset_path, int* errno_out = nullptr) const;
  // True when the path exists (lstat semantics: a dangling symlink exists).
  bool exists(std::string_view asset_path) const { return lstat(asset_path).has_value(); }
  // The target text of a symlink (also /proc magic links such as /proc/1/exe, never followed).
  std::optional<std::string> read_link(std::string_view asset_path, int* errno_out = nullptr) const;

  // ----- Directories -----
  // Entry names (no "." or ".."), sorted; empty when missing or unreadable (errno_out set).
  std::vector<std::string> list_dir(std::string_view asset_path, int* errno_out = nullptr) const;
  struct DirEntry {
    std::string name;
    bool is_dir = false;  // a real directory, never a symlink to one
    bool is_symlink = false;
  };
  std::vector<DirEntry> list_dir_typed(std::string_view asset_path, int* errno_out = nullptr) const;
  // True when the directory can be opened for listing (errno_out says why not).
  bool can_list(std::string_view asset_path, int* errno_out = nullptr) const;
  // Expands a glob (path_glob.hpp; `**` through at most max_depth directories) into existing
  // asset paths, sorted. Wildcards never descend through a symlinked directory; literal
  // components may be links, followed inside the root.
  std::vector<std::string> glob(std::string_view pattern, int max_depth = -1) const;

  // ----- Walks -----
  // The root directory itself, O_PATH; throws ppc::Error(io) when it cannot be opened.
  UniqueFd open_root() const;
  // The components of the path as the asset would resolve it (every symlink followed inside the
  // root); nullopt when a component is missing, not a directory, or the links loop.
  std::optional<std::vector<std::string>> resolve(std::string_view asset_path) const;
  // The directory holding the path's last component, opened O_PATH, and that component's name
  // ("." when the path is the root); every symlink before the last followed inside the root, the
  // last one too when follow_last.
  struct Parent {
    UniqueFd dir;
    std::string name;
  };
  std::optional<Parent> open_parent(std::string_view asset_path, bool follow_last,
                                    int* errno_out = nullptr) const;

  // One entry met by walk_tree: statx without following links (so with the birth time when the
  // file system records it and the kernel has statx: see statx_at.hpp), and the target when the
  // entry is a symlink.
  struct WalkEntry {
    const std::string& path;
    const struct statx& stx;
    const std::string& link_target;
  };
  // Visits `start` and everything below it, depth-first in name order, descending at most
  // max_depth directories (-1 = unlimited), never through a symlink, never reading a file.
  // Directory descriptors are opened relative to their parent, so the walk costs one statx per
  // entry. `visit` returns false to stop the walk.
  void walk_tree(std::string_view start, int max_depth,
                 const std::function<bool(const WalkEntry&)>& visit) const;
  // The same walk, where `visit` may also leave out everything below a directory (find's
  // -prune: excluded paths are never listed).
  enum class WalkStep { go_on, skip_below, stop };
  void walk_tree_pruning(std::string_view start, int max_depth,
                         const std::function<WalkStep(const WalkEntry&)>& visit) const;

 private:
  static UniqueFd open_evidence_at(int dirfd, const std::string& name, const struct stat& expected,
                                   struct stat* st_out, int* errno_out);
  std::string root_;
};

}  // namespace collector::asset
