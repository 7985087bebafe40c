#include "file_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ppc/error.hpp"
#include "utc.hpp"

namespace collector {
namespace {

constexpr std::size_t kMaxPseudoFile = 16u << 20;

// Opens read-only without following a final symlink, without blocking on FIFOs and without
// updating atime where the kernel lets us (O_NOATIME needs ownership or CAP_FOWNER).
int open_evidence(const std::string& host_path) {
  int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
  int fd = ::open(host_path.c_str(), flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = ::open(host_path.c_str(), flags);
  return fd;
}

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "directory";
  if (S_ISFIFO(mode)) return "fifo";
  if (S_ISSOCK(mode)) return "socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "device";
  return "special";
}

bool is_pseudo_fs(const std::string& path) {
  return path.rfind("/proc/", 0) == 0 || path.rfind("/sys/", 0) == 0;
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

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
  struct stat st{};
  std::string host = fs_.host_path(asset_path);
  return ::lstat(host.c_str(), &st) == 0 && excluded(host, st);
}

// The collector's own outputs: the binary and the package by identity, the case directory by
// its real path (paths come from walks that never descend through symlinked directories).
bool FileStore::excluded(const std::string& host_path, const struct stat& st) const {
  if (options_.excluded.count({st.st_dev, st.st_ino})) return true;
  const std::string& dir = options_.excluded_dir;
  return !dir.empty() && host_path.size() > dir.size() && host_path.compare(0, dir.size(), dir) == 0 &&
         host_path[dir.size()] == '/';
}

void FileStore::collect(const std::string& asset_path, const std::string& artifact) {
  if (!seen_.insert(asset_path).second) return;
  std::string host = fs_.host_path(asset_path);
  struct stat lst{};
  if (::lstat(host.c_str(), &lst) != 0) {
    int err = errno;
    skip(asset_path, artifact, err == ENOENT ? "vanished" : "unreadable", std::strerror(err), nullptr);
    if (err != ENOENT) log_.source_error(artifact, asset_path, std::strerror(err));
    return;
  }
  if (excluded(host, lst)) {
    skip(asset_path, artifact, "skipped:collector-output", "", &lst);
    return;
  }
  if (S_ISLNK(lst.st_mode)) return store_symlink(lst, asset_path, artifact);
  if (!S_ISREG(lst.st_mode)) {
    skip(asset_path, artifact, "skipped:" + kind_of(lst.st_mode), "", &lst);
    return;
  }
  Fd fd{open_evidence(host)};
  if (fd.fd < 0) {
    int err = errno;
    skip(asset_path, artifact, err == ENOENT ? "vanished" : "unreadable", std::strerror(err), &lst);
    if (err != ENOENT) log_.source_error(artifact, asset_path, std::strerror(err));
    return;
  }
  struct stat st{};
  if (::fstat(fd.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    skip(asset_path, artifact, "skipped:replaced", "changed type while opened", &lst);
    return;
  }
  if (st.st_size == 0 && is_pseudo_fs(asset_path))
    store_pseudo(fd.fd, st, asset_path, artifact);
  else
    store_regular(fd.fd, st, asset_path, artifact);
}

void FileStore::store_regular(int fd, const struct stat& st, const std::string& path,
                              const std::string& artifact) {
  ppc::EntryMeta meta = entry_meta_from_stat(path, st);
  bool limited = options_.max_file_size != 0 && meta.size > options_.max_file_size;
  if (limited) meta.size = options_.max_file_size;
  ppc::DataObserver observer;
  if (options_.observer) {
    observer = [&](uint64_t offset, std::span<const uint8_t> data, bool whole) {
      options_.observer(path, offset, data, whole, "");
    };
  }
  ppc::EntryResult r = writer_.add_file(fd, meta, observer);
  if (limited && r.status == ppc::EntryStatus::grew) r.status = ppc::EntryStatus::truncated;
  ppc::FileRow row;
  row.path = path;
  row.entry = meta.name;
  row.size = static_cast<int64_t>(r.size);
  row.sha256 = r.digests.sha256;
  row.md5 = r.digests.md5;
  row.sha1 = r.digests.sha1;
  row.status = std::string(ppc::to_string(r.status));
  if (r.read_errno != 0) {
    row.error = std::strerror(r.read_errno);
    log_.source_error(artifact, path, "read failed part way: " + row.error);
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
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || data.size() >= kMaxPseudoFile) break;
    data.append(buf, static_cast<std::size_t>(std::min<std::size_t>(n, kMaxPseudoFile - data.size())));
  }
  ppc::EntryMeta meta = entry_meta_from_stat(path, st);
  ppc::EntryResult r = writer_.add_text(meta, data);
  ppc::FileRow row;
  row.path = path;
  row.entry = meta.name;
  row.size = static_cast<int64_t>(r.size);
  row.sha256 = r.digests.sha256;
  row.status = data.size() >= kMaxPseudoFile ? "truncated" : "complete";
  row.mode = st.st_mode;
  row.artifact = artifact;
  ++counters_.stored;
  counters_.bytes += r.size;
  record(std::move(row));
}

void FileStore::store_symlink(const struct stat& st, const std::string& path, const std::string& artifact) {
  std::string host = fs_.host_path(path);
  std::string target(4096, '\0');
  ssize_t n = ::readlink(host.c_str(), target.data(), target.size());
  if (n < 0) {
    skip(path, artifact, "unreadable", std::strerror(errno), &st);
    return;
  }
  target.resize(static_cast<std::size_t>(n));
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

void FileStore::skip(const std::string& path, const std::string& artifact, const std::string& status,
                     const std::string& error, const struct stat* st) {
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

void FileStore::record(ppc::FileRow row) { db_.add_file(row); }

}  // namespace collector
