#pragma once
// YARA triage: compile rules once, scan files, process memory and collected buffers with one
// scanner per worker thread (libyara). Results are ppc::TriageRow values for case.db and JSONL.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "collector/artifact.hpp"
#include "ppc/case_db.hpp"

namespace collector {

// Compiled rules, shared read-only by every scanner (RAII over YR_RULES*).
class CompiledRules {
 public:
  // Compiles .yar/.yara files and directories of them, or loads compiled rules (yarac output).
  // Empty `paths`: the rule set embedded from rules/yara/. A rule that does not compile throws
  // ppc::Error(usage) "file:line: message" before anything is collected.
  static CompiledRules compile(const std::vector<std::string>& paths);
  CompiledRules(CompiledRules&&) noexcept;
  CompiledRules& operator=(CompiledRules&&) noexcept;
  ~CompiledRules();
  std::size_t rule_count() const;
  std::string sha256() const;  // of the rule sources in compile order (custody record)

  struct Impl;
  Impl& impl() const { return *impl_; }

 private:
  explicit CompiledRules(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Globs: `*`, `?`, `[...]` within one path component (they also match dot files), `**` for any
// number of components. An exclusion without '/' matches a file or directory name anywhere
// ("*.iso"); with '/' it matches the whole asset path ("/var/lib/docker/**"). Excluded
// directories are not entered. Below a scope path symlinks are never followed and kernel
// pseudo file systems (proc, sysfs, cgroup, ...) are not entered; a scope path's own symlinks
// are resolved inside the root (so "/bin" works where it links to usr/bin).
struct ScanOptions {
  std::vector<std::string> scan;     // asset paths or globs (file-system scope)
  std::vector<std::string> exclude;  // globs; the case directory and the collector itself are added
  uint64_t max_size = 64ull << 20;   // larger files are skipped (counted in `skipped`)
  int max_depth = -1;                // entries directly in a scope directory are depth 1
  std::optional<int64_t> modified_since;  // Unix seconds; compared with the newer of mtime, ctime
  std::vector<std::string> memory;        // "all", a pid, or a process name
  int threads = 0;                        // 0 = number of cores
  int timeout_seconds = 60;               // per target
  std::size_t max_strings_per_match = 16;
  // Files to leave out of the file-system scope because they were scanned already (collected
  // files, scanned from the buffer that stored them). Called with the asset path.
  std::function<bool(const std::string&)> already_scanned;
  // Called by every scanning thread before each target: --cpu-limit pauses the thread there.
  std::function<void()> pace;
  // Called (serialized, like on_match) for a file read but deliberately not scanned, with why:
  // a copy of the running collector (kSelfCopyReason).
  std::function<void(const std::string& path, const std::string& reason)> on_skip;
};

// The running collector embeds the default rules, so a copy of it anywhere (/tmp/x, a USB stick)
// would be a triage hit: any file with its size and SHA-256 is skipped, with this reason.
inline constexpr const char* kSelfCopyReason = "a copy of the running collector (same SHA-256)";
// Size and SHA-256 of /proc/self/exe, read once (thread-safe); size 0 when it cannot be read.
struct SelfImage {
  uint64_t size = 0;
  std::string sha256;
  bool is_copy(std::span<const uint8_t> data) const;  // same size, then same SHA-256
};
const SelfImage& running_collector();

struct ScanSummary {
  std::size_t rules = 0;
  uint64_t files_scanned = 0, bytes_scanned = 0, processes_scanned = 0;
  uint64_t skipped = 0, errors = 0, timeouts = 0;
  uint64_t matches = 0;
  std::map<std::string, uint64_t> matches_by_severity;
  std::vector<std::string> not_found;  // --scan paths (no wildcard) that do not exist
};

// Scans a file-system scope (through RootFs: --root honoured, special files never opened) and
// process memory. Calls `on_match` (serialized: one thread at a time) for every match.
ScanSummary scan_targets(const CompiledRules& rules, const RootFs& fs, const ScanOptions& options,
                         const std::function<void(const ppc::TriageRow&)>& on_match,
                         const std::atomic<bool>* stop = nullptr);

// Scans a buffer the collector already holds (a collected file): target type "collected".
// Thread-compatible: create one BufferScanner per thread.
class BufferScanner {
 public:
  explicit BufferScanner(const CompiledRules& rules, int timeout_seconds = 60,
                         std::size_t max_strings_per_match = 16);
  ~BufferScanner();
  std::vector<ppc::TriageRow> scan(std::string_view path, std::span<const uint8_t> data,
                                   std::string_view sha256);
  // Why the last scan() stopped early ("scan timed out", ...); empty when it completed.
  std::string last_error() const;
  bool timed_out() const;  // the last scan() hit the per-target timeout

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace collector
