#pragma once
// Walks the file-system scope of a triage scan and queues every regular file to scan, opened.
//
// The walker runs on one thread and does all the opening: it lstat()s each entry (through
// readdir's d_type when the file system provides it), never opens FIFOs, sockets or devices,
// opens regular files relative to their directory with O_NOFOLLOW|O_NOATIME|O_NONBLOCK, checks
// with fstat that it got the same regular file, and hands the descriptor to a scanning thread.
// Symlinks are never followed below a scope path; only the scope paths' own literal components
// are resolved (inside the root), so "/bin" still works where it is a link to "usr/bin".
//
// Depth: the entries directly inside a scope directory (or inside the literal directory a glob
// starts from) are at depth 1; max_depth = N stops below depth N; -1 means no limit.
#include <sys/stat.h>

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "asset/path_glob.hpp"
#include "asset/root_fs.hpp"
#include "collector/triage.hpp"
#include "job_queue.hpp"
#include "stop_signal.hpp"

namespace collector::triage {

class ScopeWalker {
 public:
  ScopeWalker(const asset::RootFs& fs, const ScanOptions& options, JobQueue& queue,
              StopSignal stop);
  // Walks every scope entry (literal paths first, a path inside another one dropped).
  // Returns false when the queue was aborted.
  bool walk(const std::vector<std::string>& scope);

  uint64_t skipped() const { return skipped_; }  // filtered out, or not a regular file
  uint64_t errors() const { return errors_; }    // could not be opened or listed
  // Scope paths without wildcards that do not resolve inside the root.
  const std::vector<std::string>& not_found() const { return not_found_; }

 private:
  enum class Mode { everything, pattern };
  bool walk_literal(const std::vector<std::string>& resolved);
  bool walk_pattern(const std::vector<std::string>& pattern);
  bool visit(int dirfd, const char* name, unsigned char type, int depth, Mode mode);
  bool descend(int dirfd, const char* name, int depth, Mode mode);
  bool queue_file(int dirfd, const char* name, const struct stat& st);
  bool stopped() const;
  bool skip();             // counts a file left out; returns true (carry on)
  bool failed(int error);  // counts an error unless the entry merely vanished; returns true
  void push_component(const char* name);
  std::span<const std::string> current() const { return {components_.data(), depth_}; }

  const asset::RootFs& fs_;
  asset::UniqueFd root_;
  const ScanOptions& options_;
  JobQueue& queue_;
  StopSignal stop_;
  asset::PathFilter exclude_;
  // The current entry's asset path: components_[0, depth_). Strings are reassigned in place
  // rather than pushed and popped, so walking allocates nothing once names have been seen.
  std::vector<std::string> components_;
  std::size_t depth_ = 0;
  std::size_t pattern_base_ = 0;  // where the glob's own components start
  const std::vector<std::string>* pattern_ = nullptr;
  std::vector<dev_t> devices_;  // st_dev of each open ancestor directory
  Job job_;                     // reused: the queue swaps its string back
  uint64_t skipped_ = 0, errors_ = 0;
  std::vector<std::string> not_found_;
  bool aborted_ = false;
};

}  // namespace collector::triage
