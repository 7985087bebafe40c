#pragma once
// The interface native evidence collectors are written against.
//
// A native collector is one short function registered by name (collector/src/artifacts/
// registry.cpp). It reads the asset through RootFs (which honours --root and never follows a
// symlink out of it), writes rows to the tables its definition declares, asks for files to be
// stored in the package, and reports sources it could not read. It never writes anywhere.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/stat.h>

#include "collector/definitions.hpp"
#include "ppc/case_db.hpp"

namespace collector {

// An owned file descriptor, closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

// Read-only access to the asset's files below a root ("/" on a live system).
// Paths given and returned are asset paths ("/etc/passwd"), never host paths.
class RootFs {
 public:
  explicit RootFs(std::string root = "/");
  const std::string& root() const { return root_; }
  bool is_live() const { return root_ == "/"; }
  // root + asset path, for open(2).
  std::string host_path(std::string_view asset_path) const;

  // Reads at most max_bytes with O_RDONLY|O_NOATIME|O_NONBLOCK|O_CLOEXEC (O_NOATIME dropped when
  // not permitted), regular files and /proc,/sys pseudo files only. nullopt and errno_out set
  // when the file is missing or unreadable.
  std::optional<std::string> read_file(std::string_view asset_path, std::size_t max_bytes = 16u << 20,
                                       int* errno_out = nullptr) const;
  // Directory entry names (no "." or ".."), sorted; empty when missing or unreadable.
  std::vector<std::string> list_dir(std::string_view asset_path, int* errno_out = nullptr) const;
  // Expands a glob with `*`, `?`, `[...]` and `**` (any depth up to max_depth) into existing
  // asset paths, sorted. Does not descend through symlinked directories.
  std::vector<std::string> glob(std::string_view pattern, int max_depth = -1) const;
  // True when the path exists (lstat semantics: a dangling symlink exists).
  bool exists(std::string_view asset_path) const;

  // Symlinks met while resolving a path are followed only inside the root (an absolute or "../"
  // target is taken relative to the root, as chroot would), every component opened with
  // O_NOFOLLOW; the last component is followed by read_file/open_read/list_dir, not by
  // lstat/read_link.
  //
  // Opens a regular file (or /proc,/sys pseudo file) for reading with the read_file flags; the
  // type is checked before opening, so FIFOs and devices are never opened. `st` receives the
  // fstat of the open file. An invalid UniqueFd and errno_out set (EINVAL for a file that is
  // not regular, EISDIR for a directory) on failure.
  UniqueFd open_read(std::string_view asset_path, struct stat* st = nullptr,
                     int* errno_out = nullptr) const;
  std::optional<struct stat> lstat(std::string_view asset_path, int* errno_out = nullptr) const;
  // The target text of a symlink (also /proc magic links such as /proc/1/exe, never followed).
  std::optional<std::string> read_link(std::string_view asset_path, int* errno_out = nullptr) const;

 private:
  std::string root_;
};

// The regular files a `file` collector stores: globs expanded, directories walked up to
// max_depth (never through symlinks; links to files are followed inside the root), excludes
// and filters applied (mtime within `now_s - days`, execute bit, setuid/setgid). max_size is
// left to the caller, which records larger files as skipped. Sorted, unique asset paths.
std::vector<std::string> expand_file_spec(const RootFs& fs, const FileSpec& spec, int64_t now_s);

// A path as a glob pattern matching only itself ("[x]" must not become a character class).
std::string escape_glob(std::string_view path);

using Row = std::vector<std::pair<std::string_view, ppc::Value>>;

class TableSink {
 public:
  virtual ~TableSink() = default;
  // Columns not named are NULL; naming a column the definition lacks is a programming error
  // (throws std::logic_error, caught by the tests).
  virtual void add(const Row& row) = 0;
};

class ArtifactContext {
 public:
  virtual ~ArtifactContext() = default;
  virtual const ArtifactDef& def() const = 0;
  virtual const RootFs& fs() const = 0;
  // A table this artifact's definition declares in `outputs`.
  virtual TableSink& table(std::string_view name) = 0;
  // Stores the file in the package under files/<path> (deduplicated across the run).
  virtual void collect_file(std::string_view asset_path) = 0;
  // A source that could not be read: recorded in the log and the counts (exit code 3).
  virtual void source_error(std::string_view asset_path, std::string_view message) = 0;
  // Free-form note for the run's log (not an error).
  virtual void note(std::string_view message) = 0;
  // True once the run is interrupted or out of time: stop early, keep what was written.
  virtual bool should_stop() const = 0;
};

using NativeCollector = void (*)(ArtifactContext&);
// nullptr when no native collector has that name.
NativeCollector find_native_collector(std::string_view name);
std::vector<std::string> native_collector_names();

}  // namespace collector
