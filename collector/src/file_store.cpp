#include "file_store.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "asset/open_at.hpp"
#include "evidence_io.hpp"
#include "limits.hpp"
#include "ppc/error.hpp"
#include "utc.hpp"

namespace collector {
namespace {

constexpr std::size_t kMaxPseudoFile = 16u << 20;
// Files larger than this that are mostly holes (sparse VM images; /var/log/lastlog reaches
// terabytes with large UIDs) keep their first bytes only, unless --max-file-size asks for more:
// reading and hashing 64 GiB of zeros would stall the run for minutes.
constexpr uint64_t kSparseCap = 256ull << 20;
std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "directory";
  if (S_ISFIFO(mode)) return "fifo";
  if (S_ISSOCK(mode)) return "socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "device";
  return "special";
}

}  // namespace

ppc::EntryMeta entry_meta_from_stat(const std::string& asset_path, const struct stat& st) {
  ppc::EntryMeta m;
  m.name = ppc::evidence_entry_name(asset_path);
  m.size = static_cast<uint64_t>(st.st_size);
  m.mode = st.st_mode & 07777;
  m.uid = st.st_uid;
  m.gid = st.st_gid;
  m.mtime = ppc::Timestamp{st.st_mtim.tv_sec, static_cast<int32_t>(st.st_mtim.tv_nsec)};
  m.atime = ppc::Timestamp{st.st_atim.tv_sec, static_cast<int32_t>(st.st_atim.tv_nsec)};
  m.ctime = ppc::Timestamp{st.st_ctim.tv_sec, static_cast<int32_t>(st.st_ctim.tv_nsec)};
  m.ino = st.st_ino;
  m.dev = st.st_dev;
  m.nlink = static_cast<uint32_t>(st.st_nlink);
  return m;
}

FileStore::FileStore(const RootFs& fs, ppc::PackageWriter& writer, ppc::CaseDb& db, RunLog& log,
                     FileStoreOptions options)
    : fs_(fs), writer_(writer), db_(db), log_(log), options_(std::move(options)) {}

bool FileStore::excluded(const std::string& asset_path) const {
  auto st = fs_.lstat(asset_path);
  return st && excluded(asset_path, *st);
}

// The collector's own outputs: the binary and the package by identity, the case directory by
// where it is on the host (asset paths come from walks that never descend through symlinked
// directories, so the spelling below the root is where the file is).
bool FileStore::excluded(const std::string& asset_path, const struct stat& st) const {
  if (options_.excluded.count({st.st_dev, st.st_ino})) return true;
  const std::string& dir = options_.excluded_dir;
  if (dir.empty()) return false;
  std::string host = fs_.host_spelling(asset_path);
  return host.size() > dir.size() && host.compare(0, dir.size(), dir) == 0 &&
         host[dir.size()] == '/';
}

void FileStore::collect(const std::string& asset_path, const std::string& artifact) {
  if (!seen_.insert(asset_path).second) return;
  if (prefetcher_) {
    if (std::optional<Prefetched> p = prefetcher_->take(asset_path)) {
      if (excluded(asset_path, p->lst))
        skip(asset_path, artifact, "skipped:collector-output", "", &p->lst);
      else if (admitted(asset_path, artifact, p->entry.data.size(), &p->st))
        store_prepared(*p, asset_path, artifact);
      return;
    }
  }
  int err = 0;
  std::optional<struct stat> lst = fs_.lstat(asset_path, &err);
  if (!lst) return unreachable(asset_path, artifact, err, nullptr);
  if (excluded(asset_path, *lst)) {
    skip(asset_path, artifact, "skipped:collector-output", "", &*lst);
    return;
  }
  uint64_t most = S_ISREG(lst->st_mode) ? static_cast<uint64_t>(lst->st_size) : 0;
  if (options_.max_file_size != 0) most = std::min(most, options_.max_file_size);
  if (!admitted(asset_path, artifact, most, &*lst)) return;
  if (S_ISLNK(lst->st_mode)) return store_symlink(*lst, asset_path, artifact);
  if (!S_ISREG(lst->st_mode)) {
    skip(asset_path, artifact, "skipped:" + kind_of(lst->st_mode), "", &*lst);
    return;
  }
  struct stat st {};
  UniqueFd fd = fs_.open_evidence(asset_path, *lst, &st, &err);
  if (!fd && err == ESTALE) {
    skip(asset_path, artifact, "skipped:replaced", "changed type while opened", &*lst);
    return;
  }
  if (!fd) return unreachable(asset_path, artifact, err, &*lst);
  if (pseudo_.is_pseudo(fd.get(), asset_path, st))
    store_pseudo(fd.get(), st, asset_path, artifact);
  else
    store_regular(fd.get(), st, asset_path, artifact);
}

// Asks the run whether `bytes` more may go into the package; records the file as skipped:limit
// (with the reason) when not. Pseudo files report size 0: they are bounded by kMaxPseudoFile.
bool FileStore::admitted(const std::string& path, const std::string& artifact, uint64_t bytes,
                         const struct stat* st) {
  if (!options_.may_store) return true;
  std::string why = options_.may_store(bytes);
  if (why.empty()) return true;
  skip(path, artifact, "skipped:limit", why, st);
  return false;
}

// A path that could not be reached: vanished (ENOENT), else unreadable and a source error.
void FileStore::unreachable(const std::string& asset_path, const std::string& artifact, int err,
                            const struct stat* st) {
  skip(asset_path, artifact, err == ENOENT ? "vanished" : "unreadable", std::strerror(err), st);
  if (err != ENOENT) log_.source_error(artifact, asset_path, std::strerror(err));
}

// Files the writer reads whole (whole_entry_max) and that no size cap cuts are read ahead.
void FileStore::collect_listed(const std::vector<std::string>& paths, const std::string& artifact,
                               const std::function<bool()>& stop) {
  uint64_t max_file = writer_.whole_entry_max();
  if (options_.max_file_size != 0) max_file = std::min(max_file, options_.max_file_size);
  if (paths.size() > 1) prefetcher_.emplace(fs_, paths, options_.hashes, max_file);
  struct Reset {
    std::optional<Prefetcher>& p;
    ~Reset() { p.reset(); }
  } reset{prefetcher_};
  for (const auto& path : paths) {
    if (stop()) break;
    collect(path, artifact);
  }
}

void FileStore::collect_non_regular(const std::vector<std::string>& patterns,
                                    const std::string& artifact) {
  auto visit = [&](const std::string& path) {
    if (seen_.count(path)) return;
    auto st = fs_.lstat(path);
    if (!st) return;
    if (S_ISREG(st->st_mode)) return;  // the artifact's own business (stored or filtered out)
    if (!S_ISDIR(st->st_mode)) return collect(path, artifact);
    // A directory the walk could not list hides its files: say so.
    int err = 0;
    if (fs_.can_list(path, &err)) return;
    std::string error = std::strerror(err);
    seen_.insert(path);
    skip(path, artifact, "unreadable", error, &*st);
    log_.source_error(artifact, path, "cannot list directory: " + error);
  };
  for (const auto& pattern : patterns) {
    bool recursive = pattern.size() >= 2 && pattern.compare(pattern.size() - 2, 2, "**") == 0;
    auto matches = fs_.glob(pattern);
    // A plain path that matches nothing: missing (asked for by name, so a source error), or behind
    // a directory we may not search.
    if (matches.empty() && pattern.find_first_of("*?[") == std::string::npos) {
      int err = 0;
      if (!fs_.lstat(pattern, &err) && err == ENOENT && seen_.insert(pattern).second) {
        skip(pattern, artifact, "not_found", std::strerror(err), nullptr);
        log_.source_error(artifact, pattern, "not found");
      } else {
        collect(pattern, artifact);
      }
    }
    for (const auto& match : matches) {
      if (seen_.count(match)) continue;  // handled already: a file, a symlink or a skipped entry
      visit(match);
      auto st = fs_.lstat(match);
      if (st && S_ISDIR(st->st_mode) && !recursive)
        for (const auto& below : fs_.glob(escape_glob(match) + "/**")) visit(below);
    }
  }
}

void FileStore::store_regular(int fd, const struct stat& st, const std::string& path,
                              const std::string& artifact) {
  ppc::EntryMeta meta = entry_meta_from_stat(path, st);
  uint64_t cap = size_cap(st, path, artifact);
  bool limited = cap != 0 && meta.size > cap;
  if (limited) {
    meta.size = cap;
    meta.size_limited = true;
  }
  ppc::DataObserver observer;
  if (options_.observer) {
    // A file cut at --max-file-size is not whole: triage must scan the file itself.
    observer = [&](uint64_t offset, std::span<const uint8_t> data, bool) {
      options_.observer(path, offset, data, meta.size, !limited);
    };
  }
  ThrottledSource source(fd);
  ppc::EntryResult r = writer_.add_stream(source, meta, observer);
  if (limited && r.status == ppc::EntryStatus::grew) r.status = ppc::EntryStatus::truncated;
  record_stored(path, artifact, st, r, cap, limited);
}

std::optional<StoredCopy> FileStore::store_proc_link(const std::string& proc_link,
                                                     const std::string& entry_name,
                                                     const std::string& artifact,
                                                     uint64_t max_bytes, std::string& error) {
  UniqueFd fd = asset::open_proc_link(proc_link);
  struct stat st {};
  if (!fd || ::fstat(fd.get(), &st) != 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    error = "not a regular file";
    return std::nullopt;
  }
  ppc::EntryMeta meta = entry_meta_from_stat(proc_link, st);
  meta.name = entry_name;
  uint64_t cap = max_bytes;
  if (options_.max_file_size != 0 && (cap == 0 || options_.max_file_size < cap))
    cap = options_.max_file_size;
  const bool limited = cap != 0 && meta.size > cap;
  if (limited) {
    meta.size = cap;
    meta.size_limited = true;
  }
  if (!admitted(proc_link, artifact, meta.size, &st)) {
    error = "a run limit was reached";
    return std::nullopt;
  }
  ThrottledSource source(fd.get());
  ppc::EntryResult r = writer_.add_stream(source, meta, {});
  if (limited && r.status == ppc::EntryStatus::grew) r.status = ppc::EntryStatus::truncated;
  record_stored(proc_link, artifact, st, r, cap, false);
  return StoredCopy{r.name, r.digests.sha256, r.size, limited};
}

// A small file read ahead by the prefetcher: no size cap applies to it (collect_listed).
void FileStore::store_prepared(const Prefetched& p, const std::string& path,
                               const std::string& artifact) {
  ppc::DataObserver observer;
  if (options_.observer) {
    observer = [&](uint64_t offset, std::span<const uint8_t> data, bool) {
      options_.observer(path, offset, data, p.entry.meta.size, true);
    };
  }
  ppc::EntryResult r = writer_.add_prepared(p.entry, observer);
  record_stored(path, artifact, p.st, r, 0, false);
}

void FileStore::record_stored(const std::string& path, const std::string& artifact,
                              const struct stat& st, const ppc::EntryResult& r, uint64_t cap,
                              bool limited) {
  ppc::FileRow row;
  row.path = path;
  row.entry = r.name;
  row.size = static_cast<int64_t>(r.size);
  row.sha256 = r.digests.sha256;
  row.md5 = r.digests.md5;
  row.sha1 = r.digests.sha1;
  row.status = std::string(ppc::to_string(r.status));
  if (r.read_errno != 0) {
    row.error = std::strerror(r.read_errno);
    log_.source_error(artifact, path, "read failed part way: " + row.error);
  } else if (limited && options_.max_file_size == 0) {
    row.error = "sparse file: only the first " + std::to_string(cap >> 20) +
                " MiB stored (--max-file-size stores more)";
  }
  row.mtime = st.st_mtim.tv_sec;
  row.atime = st.st_atim.tv_sec;
  row.ctime = st.st_ctim.tv_sec;
  row.mode = st.st_mode;
  row.uid = st.st_uid;
  row.gid = st.st_gid;
  row.inode = static_cast<int64_t>(st.st_ino);
  row.device = static_cast<int64_t>(st.st_dev);
  row.artifact = artifact;
  ++counters_.stored;
  counters_.bytes += r.size;
  record(std::move(row));
}

// /proc and /sys files report size 0: read them bounded, then store what was read.
void FileStore::store_pseudo(int fd, const struct stat& st, const std::string& path,
                             const std::string& artifact) {
  std::string data;
  char buf[65536];
  int err = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;  // e.g. EIO from /proc/PID/mem, EAGAIN from a pipe-like file
    if (n <= 0 || data.size() >= kMaxPseudoFile) break;
    data.append(buf,
                static_cast<std::size_t>(std::min<std::size_t>(n, kMaxPseudoFile - data.size())));
  }
  ppc::EntryMeta meta = entry_meta_from_stat(path, st);
  meta.source_status = err != 0                        ? ppc::EntryStatus::read_error
                       : data.size() >= kMaxPseudoFile ? ppc::EntryStatus::truncated
                                                       : ppc::EntryStatus::complete;
  ppc::EntryResult r = writer_.add_text(meta, data);
  ppc::FileRow row;
  row.path = path;
  row.entry = meta.name;
  row.size = static_cast<int64_t>(r.size);
  row.sha256 = r.digests.sha256;
  row.status = std::string(ppc::to_string(r.status));
  if (err != 0) {
    row.error = std::strerror(err);
    log_.source_error(artifact, path, "read failed: " + row.error);
  }
  row.mode = st.st_mode;
  row.artifact = artifact;
  ++counters_.stored;
  counters_.bytes += r.size;
  record(std::move(row));
}

// The most bytes to store of a regular file: --max-file-size, or kSparseCap for a large file
// that is mostly holes; 0 = all of it.
uint64_t FileStore::size_cap(const struct stat& st, const std::string& path,
                             const std::string& artifact) {
  if (options_.max_file_size != 0) return options_.max_file_size;
  auto size = static_cast<uint64_t>(st.st_size);
  auto allocated = static_cast<uint64_t>(st.st_blocks) * 512;
  if (size <= kSparseCap || allocated >= size / 2) return 0;
  log_.warning("sparse_file_capped", {{"artifact", artifact},
                                      {"path", json_text(path)},
                                      {"size", size},
                                      {"allocated", allocated},
                                      {"stored", kSparseCap}});
  return kSparseCap;
}

void FileStore::store_symlink(const struct stat& st, const std::string& path,
                              const std::string& artifact) {
  int err = 0;
  std::optional<std::string> link = fs_.read_link(path, &err);
  if (!link) {
    skip(path, artifact, "unreadable", std::strerror(err), &st);
    return;
  }
  const std::string& target = *link;
  ppc::EntryMeta meta = entry_meta_from_stat(path, st);
  meta.symlink_target = target;
  writer_.add_symlink(meta);
  ppc::FileRow row;
  row.path = path;
  row.entry = meta.name;
  row.size = 0;
  row.status = "symlink";
  row.error = "-> " + target;
  row.mode = st.st_mode;
  row.artifact = artifact;
  ++counters_.stored;
  record(std::move(row));
}

void FileStore::skip(const std::string& path, const std::string& artifact,
                     const std::string& status, const std::string& error, const struct stat* st) {
  ppc::FileRow row;
  row.path = path;
  row.status = status;
  row.error = error;
  row.artifact = artifact;
  if (st) {
    row.size = st->st_size;
    row.mode = st->st_mode;
    row.mtime = st->st_mtim.tv_sec;
    row.uid = st->st_uid;
    row.gid = st->st_gid;
  }
  if (status.rfind("skipped", 0) == 0)
    ++counters_.skipped;
  else
    ++counters_.failed;
  record(std::move(row));
}

void FileStore::record(ppc::FileRow row) {
  db_.add_file(row);
}

}  // namespace collector
