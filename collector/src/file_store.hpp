#pragma once
// Stores asset files in the package without changing the asset: read-only, O_NOATIME where
// permitted, never following a final symlink (it is stored as a symlink entry), never opening
// FIFOs, sockets or devices, each file read once (hash, store and triage in the same pass).
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "asset/pseudo_fs.hpp"
#include "collector/artifact.hpp"
#include "evidence_io.hpp"
#include "ppc/case_db.hpp"
#include "ppc/writer.hpp"
#include "prefetch.hpp"
#include "run_log.hpp"

namespace collector {

struct StoreCounters {
  uint64_t stored = 0;
  uint64_t skipped = 0;
  uint64_t failed = 0;
  uint64_t bytes = 0;
};

struct FileStoreOptions {
  uint64_t max_file_size = 0;                  // 0 = none; larger files keep their first bytes
  ppc::HashSelection hashes;                   // the writer's: files read ahead are hashed alike
  std::set<std::pair<dev_t, ino_t>> excluded;  // the collector binary, the package
  std::string excluded_dir;                    // real path of the case directory
  // Asked before each file is stored, with the most bytes it can add (its size, or its cap), and
  // may sleep (--cpu-limit); an empty answer lets it be stored, otherwise the reason it may not
  // (a run limit: package size, free space, time), and the file is recorded as skipped:limit.
  std::function<std::string(uint64_t upcoming_bytes)> may_store;
  // Sees the bytes of every stored file as they are stored (triage of collected files): at
  // `offset` of `stored` bytes in all; `whole_file` is false when they are not the whole file
  // (cut at --max-file-size), so they cannot stand for it.
  std::function<void(const std::string& path, uint64_t offset, std::span<const uint8_t>,
                     uint64_t stored, bool whole_file)>
      observer;
};

class FileStore {
 public:
  FileStore(const RootFs& fs, ppc::PackageWriter& writer, ppc::CaseDb& db, RunLog& log,
            FileStoreOptions options);
  // Stores one asset path once per run; later requests for the same path are ignored.
  void collect(const std::string& asset_path, const std::string& artifact);
  // Stores the paths in order, as collect() would, reading the next small files ahead on another
  // thread meanwhile; stops early when `stop` says so.
  void collect_listed(const std::vector<std::string>& paths, const std::string& artifact,
                      const std::function<bool()>& stop);
  // Stores bytes the collector produced (command output) under `meta.name`.
  void collect_text(const ppc::EntryMeta& meta, const std::string& text) {
    writer_.add_text(meta, text);
  }
  // Stores what a live /proc link (/proc/PID/exe, /proc/PID/fd/N) leads to as entry `entry_name`,
  // at most max_bytes (and --max-file-size); ArtifactContext::collect_proc_link.
  std::optional<StoredCopy> store_proc_link(const std::string& proc_link,
                                            const std::string& entry_name,
                                            const std::string& artifact, uint64_t max_bytes,
                                            std::string& error);
  // Records a file the definition's filters left out (listed in case.db, not stored).
  void record_skipped(const std::string& path, const std::string& artifact,
                      const std::string& status, const struct stat* st) {
    skip(path, artifact, status, "", st);
  }
  // Records what --collect patterns name besides the regular files expand_file_spec lists, so
  // that nothing asked for is silently absent from case.db: FIFOs, sockets and devices
  // (skipped:<kind>), symlinks that lead nowhere, in a loop or to a directory (symlink entries),
  // directories that cannot be listed and plain paths that cannot be reached (unreadable, a
  // source error) or do not exist (vanished). Paths already handled are left alone.
  void collect_non_regular(const std::vector<std::string>& patterns, const std::string& artifact);
  // True when the path (or a parent directory) is excluded from collection.
  bool excluded(const std::string& asset_path) const;
  bool excluded(const std::string& asset_path, const struct stat& st) const;
  const StoreCounters& counters() const { return counters_; }

 private:
  void store_regular(int fd, const struct stat& st, const std::string& path,
                     const std::string& artifact);
  void store_prepared(const Prefetched& p, const std::string& path, const std::string& artifact);
  void record_stored(const std::string& path, const std::string& artifact, const struct stat& st,
                     const ppc::EntryResult& r, uint64_t cap, bool limited);
  void store_pseudo(int fd, const struct stat& st, const std::string& path,
                    const std::string& artifact);
  bool admitted(const std::string& path, const std::string& artifact, uint64_t bytes,
                const struct stat* st);
  void unreachable(const std::string& asset_path, const std::string& artifact, int err,
                   const struct stat* st);
  void store_symlink(const struct stat& st, const std::string& path, const std::string& artifact);
  uint64_t size_cap(const struct stat& st, const std::string& path, const std::string& artifact);
  void record(ppc::FileRow row);
  void skip(const std::string& path, const std::string& artifact, const std::string& status,
            const std::string& error, const struct stat* st);

  const RootFs& fs_;
  ppc::PackageWriter& writer_;
  ppc::CaseDb& db_;
  RunLog& log_;
  FileStoreOptions options_;
  std::set<std::string> seen_;
  asset::PseudoFiles pseudo_;
  std::optional<Prefetcher> prefetcher_;  // during collect_listed
  StoreCounters counters_;
};

// EntryMeta of a stat result, for an evidence path.
ppc::EntryMeta entry_meta_from_stat(const std::string& asset_path, const struct stat& st);

}  // namespace collector
