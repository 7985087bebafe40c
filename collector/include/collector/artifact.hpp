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

#include "asset/path_glob.hpp"
#include "asset/root_fs.hpp"
#include "collector/definitions.hpp"
#include "ppc/case_db.hpp"

namespace collector {

// The asset-access layer's types, used throughout the collector by these names.
using asset::escape_glob;
using asset::RootFs;
using asset::UniqueFd;

// The regular files a `file` collector stores: globs expanded, directories walked up to
// max_depth (never through symlinks; links to files are followed inside the root), excludes
// and filters applied (mtime within `now_s - days`, execute bit, setuid/setgid). max_size is
// left to the caller, which records larger files as skipped. Sorted, unique asset paths.
std::vector<std::string> expand_file_spec(const RootFs& fs, const FileSpec& spec, int64_t now_s);

using Row = std::vector<std::pair<std::string_view, ppc::Value>>;

class TableSink {
 public:
  virtual ~TableSink() = default;
  // Columns not named are NULL; naming a column the definition lacks is a programming error
  // (throws std::logic_error, caught by the tests).
  virtual void add(const Row& row) = 0;
};

// A copy collect_proc_link stored in the package.
struct StoredCopy {
  std::string entry;       // package entry name
  std::string sha256;      // of the bytes stored
  uint64_t size = 0;       // bytes stored
  bool truncated = false;  // cut at the size limit
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
  // Stores the file a live /proc magic link leads to (/proc/PID/exe, /proc/PID/fd/N: also a
  // deleted file or a memfd, which no path reaches) as package entry `entry_name`
  // ("recovered/42/exe"), at most its first max_bytes, listed in case.db's files table under the
  // link's path. nullopt, with the reason in `error`, when it could not be stored.
  virtual std::optional<StoredCopy> collect_proc_link(const std::string& proc_link,
                                                      const std::string& entry_name,
                                                      uint64_t max_bytes, std::string& error) {
    (void)proc_link, (void)entry_name, (void)max_bytes;
    error = "this context stores no copies";
    return std::nullopt;
  }
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
