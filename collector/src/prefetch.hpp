#pragma once
// Reads the next small files of an artifact's file list on a thread of its own, while the
// collecting thread stores the current one: open, fstat, read and hash (the costly part of a
// small file) overlap with tar headers, compression and case.db rows.
//
// It only ever does what FileStore would do for a small regular file (RootFs::lstat, then
// RootFs::open_evidence, which checks it is the same regular file; read once) and
// hands back anything else (special files, symlinks, errors, pseudo files, large files) as
// "not prefetched", for FileStore to handle as usual. Memory is bounded: at most 64 files and
// 16 MiB read ahead.
#include <sys/stat.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "asset/pseudo_fs.hpp"
#include "collector/artifact.hpp"
#include "evidence_io.hpp"
#include "ppc/writer.hpp"

namespace collector {

struct Prefetched {
  struct stat lst {};  // what lstat saw at the path
  struct stat st {};   // what fstat saw on the opened file
  ppc::PreparedEntry entry;
};

class Prefetcher {
 public:
  // Files over `max_file_bytes` are left to the caller.
  Prefetcher(const RootFs& fs, std::vector<std::string> paths, ppc::HashSelection hashes,
             uint64_t max_file_bytes);
  ~Prefetcher();
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;

  // The prefetched read of `path`, which must come later in the list than the paths taken
  // before it (paths skipped in between are dropped); waits for the thread to get there.
  // nullopt: not a small regular file it could read, or not in the list: read it yourself.
  std::optional<Prefetched> take(const std::string& path);

 private:
  void loop();
  void drop_before(std::size_t index);  // with mu_ held
  std::optional<Prefetched> read_one(const std::string& path);

  const RootFs& fs_;
  const std::vector<std::string> paths_;
  const uint64_t max_file_;
  ppc::MultiHasher hasher_;    // the thread's own
  asset::PseudoFiles pseudo_;  // the thread's own
  std::size_t taken_ = 0;      // caller's position in paths_

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::size_t, std::optional<Prefetched>>> ready_;
  std::size_t produced_ = 0;  // paths_[0, produced_) are in ready_ or were taken
  std::size_t consumed_ = 0;  // paths_[0, consumed_) may be dropped
  uint64_t ready_bytes_ = 0;
  bool quit_ = false;
  std::thread thread_;
};

}  // namespace collector
