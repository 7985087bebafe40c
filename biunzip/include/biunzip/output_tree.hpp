#pragma once
// OutputTree: the only way biunzip writes into an output directory. Packages are hostile, so
// every entry name is checked and every path is walked one component at a time with openat()
// and O_NOFOLLOW from a descriptor of the root: nothing lands outside the root, whatever the
// names say and whatever symlinks already sit in the tree.
//
// A refused entry throws ppc::Error(unsafe_entry) or (limit) with one line naming it; the
// caller reports it and carries on with the next entry.
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "biunzip/unique_fd.hpp"
#include "ppc/entry.hpp"

namespace biunzip {

// Why `name` may not be written, or an empty string when it may; on success fills
// `components` with its path components ("." and empty components dropped). Refused: empty
// names, NUL bytes, absolute paths, ".." components, components longer than NAME_MAX.
std::string check_entry_name(std::string_view name, std::vector<std::string>* components);

// Whether a symlink stored at `components` with `target` can only resolve inside the tree:
// relative and without any ".." component (so no chain of such links can climb out).
bool symlink_stays_inside(std::string_view target);

// Whether an entry would land on, or below, one of the files biunzip writes itself at the top of
// an output directory (custody.log, report.html, manifest.jsonl, salvage.json): such entries are
// refused, from packages and archives alike, so they cannot forge the analyst's own records.
bool is_reserved_output_name(std::string_view entry_name);

// Whether the name is the output directory itself ("./", "."): archives made with
// `tar -C dir .` start with it; there is nothing to create.
bool names_output_root(std::string_view entry_name);

struct TreeOptions {
  bool force = false;  // replace existing files (never directories)
  // Evidence is private to the analyst by default: folders 0700, files 0600 whatever the
  // package records or the umask says. --keep-modes applies the recorded permission bits
  // instead (never set-uid/set-gid/sticky) and lets the umask shape biunzip's own files.
  bool keep_modes = false;
  uint64_t max_total_bytes = 1ull << 40;  // --max-size: bytes of file data written in all
  uint64_t reserve_bytes = 16ull << 20;   // free space to leave on the output file system
};

// The permission bits biunzip gives extracted files and folders: 0600 / 0700, or with
// keep_modes the entry's rwx bits, never set-uid/set-gid/sticky, always readable and writable
// (folders also searchable) by the analyst.
mode_t safe_file_mode(uint32_t entry_mode, bool keep_modes);
mode_t safe_dir_mode(uint32_t entry_mode, bool keep_modes);

class OutputTree {
 public:
  // The root (and missing parents) is created on first use, so a package that fails before
  // its first entry (wrong key) leaves nothing behind. Throws Error(io).
  OutputTree(const std::string& root, TreeOptions options);

  const std::string& root() const { return root_; }

  // Opens a new regular file for `size` bytes of data. Refuses unsafe names, existing files
  // (unless force), parents that are symlinks or not directories, sizes over the limits.
  UniqueFd create_file(std::string_view name, uint64_t size);
  // Sets permission bits and times on a file written through create_file, then closes it.
  void finish_file(UniqueFd fd, std::string_view name, uint32_t mode,
                   std::optional<ppc::Timestamp> mtime, std::optional<ppc::Timestamp> atime);
  // Writes all of `data` to `fd`; throws Error(io) naming `name`.
  static void write_all(int fd, std::span<const uint8_t> data, std::string_view name);
  // As write_all, but leaves whole file-system blocks of zeros as holes, so sparse evidence
  // (VM images, lastlog) stays sparse. Packages store holes as zeros; finish_file sets the
  // length, so a file ending in a hole keeps its size.
  static void write_sparse(int fd, std::span<const uint8_t> data, std::string_view name);
  // Moves the file offset on by `bytes` of zeros (a hole).
  static void skip_zeros(int fd, uint64_t bytes, std::string_view name);

  void make_directory(std::string_view name, uint32_t mode, std::optional<ppc::Timestamp> mtime);
  // Creates a real symlink when symlink_stays_inside(target); otherwise stores the target as
  // a small read-only text file of the same name and returns false.
  bool make_symlink(std::string_view name, std::string_view target,
                    std::optional<ppc::Timestamp> mtime);

  // Renames a file written earlier (e.g. to "<name>.incomplete"); refuses to replace.
  void rename_file(std::string_view from, std::string_view to);
  void remove_file(std::string_view name);

  // Files biunzip itself writes at the top of the tree (custody.log, report.html, ...).
  void append_text(std::string_view name, std::string_view text);
  void replace_text(std::string_view name, std::string_view text);

  // Applies the directory times recorded by make_directory (children change them).
  void finish();

  // Whether the root exists and holds anything (checked before extracting into it).
  static bool holds_files(const std::string& root);
  // Removes the root and the empty folders below it if this tree created the root and wrote
  // no file into it (a wrong key found only at the first entry's data): no trace on disk.
  void discard_if_empty();

  uint64_t bytes_reserved() const { return bytes_reserved_; }

 private:
  struct Located {
    UniqueFd parent;
    std::string leaf;
  };
  Located locate(std::string_view name, bool create_parents) const;
  UniqueFd open_directory(const std::vector<std::string>& components, std::size_t count,
                          bool create) const;
  void check_space(std::string_view name, uint64_t size);

  int root_fd() const;
  mode_t own_file_mode() const { return options_.keep_modes ? 0666 : 0600; }

  std::string root_;
  TreeOptions options_;
  mutable UniqueFd root_fd_;
  mutable bool created_root_ = false;
  uint64_t bytes_reserved_ = 0;
  std::map<std::string, ppc::Timestamp> directory_times_;
};

}  // namespace biunzip
