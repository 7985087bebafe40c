#include "biunzip/output_tree.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>

#include "biunzip/text.hpp"
#include "ppc/error.hpp"

namespace biunzip {
namespace {

// fchmod, where a file system without modes (FAT, exFAT through FUSE) refusing it is no error.
bool set_mode(int fd, mode_t mode) {
  return ::fchmod(fd, mode) == 0 || errno == ENOSYS || errno == ENOTSUP || errno == EPERM;
}

[[noreturn]] void refuse(std::string_view name, const std::string& why) {
  ppc::fail(ppc::ErrorClass::unsafe_entry, printable(name) + ": refused, " + why);
}

[[noreturn]] void io_error(std::string_view name, const std::string& what) {
  int err = errno;
  ppc::fail(ppc::ErrorClass::io, printable(name) + ": " + what + ": " + std::strerror(err));
}

std::vector<std::string> split_components(std::string_view name) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (!part.empty() && part != ".") out.emplace_back(part);
    start = end + 1;
  }
  return out;
}

timespec to_timespec(const std::optional<ppc::Timestamp>& t) {
  if (!t) return timespec{0, UTIME_OMIT};
  return timespec{static_cast<time_t>(t->sec), static_cast<long>(t->nsec)};
}

}  // namespace

std::string check_entry_name(std::string_view name, std::vector<std::string>* components) {
  if (name.empty()) return "empty name";
  if (name.find('\0') != std::string_view::npos) return "name contains a NUL byte";
  if (name.front() == '/') return "absolute path";
  std::vector<std::string> parts = split_components(name);
  if (parts.empty()) return "name has no components";
  for (const std::string& p : parts) {
    if (p == "..") return "path contains '..'";
    if (p.size() > NAME_MAX) return "a path component is longer than NAME_MAX";
  }
  if (components) *components = std::move(parts);
  return {};
}

bool is_reserved_output_name(std::string_view name) {
  std::vector<std::string> parts = split_components(name);
  if (parts.empty()) return false;
  for (std::string_view r : {"custody.log", "report.html", "salvage.json", "manifest.jsonl"}) {
    if (parts.front() == r) return true;
  }
  return false;
}

bool names_output_root(std::string_view name) {
  return !name.empty() && name.front() != '/' && name.find('\0') == std::string_view::npos &&
         split_components(name).empty();
}

bool symlink_stays_inside(std::string_view target) {
  if (target.empty() || target.front() == '/') return false;
  if (target.find('\0') != std::string_view::npos) return false;
  for (const std::string& p : split_components(target)) {
    if (p == "..") return false;
  }
  return true;
}

mode_t safe_file_mode(uint32_t entry_mode, bool keep_modes) {
  return keep_modes ? (entry_mode & 0777) | 0600 : 0600;
}
mode_t safe_dir_mode(uint32_t entry_mode, bool keep_modes) {
  return keep_modes ? (entry_mode & 0777) | 0700 : 0700;
}

OutputTree::OutputTree(const std::string& root, TreeOptions options)
    : root_(root), options_(options) {}

int OutputTree::root_fd() const {
  if (root_fd_) return root_fd_.get();
  // Parents follow the umask (they are the analyst's folders); the root itself is private.
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(root_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) ppc::fail(ppc::ErrorClass::io, "cannot create " + parent.string() + ": " + ec.message());
  if (::mkdir(root_.c_str(), options_.keep_modes ? 0777 : 0700) == 0) {
    created_root_ = true;
  } else if (errno != EEXIST) {
    ppc::fail_errno("cannot create " + root_);
  }
  root_fd_.reset(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd_) ppc::fail_errno("cannot open output directory " + root_);
  return root_fd_.get();
}

UniqueFd OutputTree::open_directory(const std::vector<std::string>& components, std::size_t count,
                                    bool create) const {
  UniqueFd dir(::fcntl(root_fd(), F_DUPFD_CLOEXEC, 0));
  if (!dir) ppc::fail_errno("dup");
  std::string walked;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& c = components[i];
    walked += (i ? "/" : "") + c;
    if (create && ::mkdirat(dir.get(), c.c_str(), safe_dir_mode(0755, options_.keep_modes)) != 0 &&
        errno != EEXIST) {
      io_error(walked, "cannot create directory");
    }
    UniqueFd next(::openat(dir.get(), c.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next) {
      if (errno == ELOOP || errno == ENOTDIR) {
        refuse(walked, "it is a symlink or not a directory, and is used as a parent");
      }
      io_error(walked, "cannot open directory");
    }
    dir = std::move(next);
  }
  return dir;
}

OutputTree::Located OutputTree::locate(std::string_view name, bool create_parents) const {
  std::vector<std::string> parts;
  std::string why = check_entry_name(name, &parts);
  if (!why.empty()) refuse(name, why);
  Located loc;
  loc.parent = open_directory(parts, parts.size() - 1, create_parents);
  loc.leaf = parts.back();
  return loc;
}

void OutputTree::check_space(std::string_view name, uint64_t size) {
  if (size > options_.max_total_bytes - std::min(bytes_reserved_, options_.max_total_bytes)) {
    ppc::fail(ppc::ErrorClass::limit, printable(name) + ": refused, " + human_bytes(size) +
                                          " would exceed --max-size " +
                                          human_bytes(options_.max_total_bytes));
  }
  struct statvfs vfs {};
  // Unknown (fusefat reports a file system of 0 blocks): let write() tell.
  if (::fstatvfs(root_fd(), &vfs) != 0 || vfs.f_blocks == 0) return;
  uint64_t free_bytes = static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
  if (size + options_.reserve_bytes > free_bytes) {
    ppc::fail(ppc::ErrorClass::limit, printable(name) + ": refused, needs " + human_bytes(size) +
                                          ", only " + human_bytes(free_bytes) +
                                          " free on the output file system");
  }
}

UniqueFd OutputTree::create_file(std::string_view name, uint64_t size) {
  Located loc = locate(name, true);
  check_space(name, size);
  const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  UniqueFd fd(::openat(loc.parent.get(), loc.leaf.c_str(), flags, 0600));
  if (!fd && errno == EEXIST) {
    struct stat st {};
    bool is_dir = ::fstatat(loc.parent.get(), loc.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                  S_ISDIR(st.st_mode);
    if (!options_.force) refuse(name, "it already exists (use --force to replace files)");
    if (is_dir) refuse(name, "a directory of that name exists");
    if (::unlinkat(loc.parent.get(), loc.leaf.c_str(), 0) != 0) io_error(name, "cannot replace");
    fd.reset(::openat(loc.parent.get(), loc.leaf.c_str(), flags, 0600));
  }
  if (!fd) io_error(name, "cannot create");
  bytes_reserved_ += size;
  return fd;
}

void OutputTree::finish_file(UniqueFd fd, std::string_view name, uint32_t mode,
                             std::optional<ppc::Timestamp> mtime,
                             std::optional<ppc::Timestamp> atime) {
  // A hole at the end was skipped, not written: the offset is the file's length.
  off_t end = ::lseek(fd.get(), 0, SEEK_CUR);
  struct stat st {};
  if (end > 0 && ::fstat(fd.get(), &st) == 0 && st.st_size < end &&
      ::ftruncate(fd.get(), end) != 0) {
    io_error(name, "cannot set the length");
  }
  if (!set_mode(fd.get(), safe_file_mode(mode, options_.keep_modes))) io_error(name, "chmod");
  if (mtime) {
    timespec times[2] = {to_timespec(atime ? atime : mtime), to_timespec(mtime)};
    if (::futimens(fd.get(), times) != 0) io_error(name, "cannot set times");
  }
  if (::close(fd.release()) != 0) io_error(name, "close");
}

void OutputTree::write_all(int fd, std::span<const uint8_t> data, std::string_view name) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      io_error(name, "write failed");
    }
    data = data.subspan(static_cast<std::size_t>(n));
  }
}

namespace {
constexpr std::size_t kHoleBlock = 4096;

bool all_zero(std::span<const uint8_t> data) {
  return std::all_of(data.begin(), data.end(), [](uint8_t b) { return b == 0; });
}
}  // namespace

void OutputTree::skip_zeros(int fd, uint64_t bytes, std::string_view name) {
  if (bytes && ::lseek(fd, static_cast<off_t>(bytes), SEEK_CUR) < 0) io_error(name, "seek");
}

void OutputTree::write_sparse(int fd, std::span<const uint8_t> data, std::string_view name) {
  off_t at = ::lseek(fd, 0, SEEK_CUR);
  if (at < 0) io_error(name, "seek");
  while (!data.empty()) {
    // Blocks aligned on the file's offsets, so skipped ones are whole blocks of the file.
    std::size_t n = kHoleBlock - static_cast<std::size_t>(at) % kHoleBlock;
    std::size_t run = 0;
    while (run < data.size() && data.size() - run >= n && all_zero(data.subspan(run, n))) {
      run += n;
      n = kHoleBlock;
    }
    if (run > 0) {
      skip_zeros(fd, run, name);
    } else {
      // Data up to the next block that is all zeros (or the end).
      run = std::min(n, data.size());
      while (run < data.size() &&
             !(data.size() - run >= kHoleBlock && all_zero(data.subspan(run, kHoleBlock)))) {
        run += std::min(kHoleBlock, data.size() - run);
      }
      write_all(fd, data.first(run), name);
    }
    at += static_cast<off_t>(run);
    data = data.subspan(run);
  }
}

void OutputTree::make_directory(std::string_view name, uint32_t mode,
                                std::optional<ppc::Timestamp> mtime) {
  std::vector<std::string> parts;
  std::string why = check_entry_name(name, &parts);
  if (!why.empty()) refuse(name, why);
  UniqueFd dir = open_directory(parts, parts.size(), true);
  if (!set_mode(dir.get(), safe_dir_mode(mode, options_.keep_modes))) io_error(name, "chmod");
  std::string key;
  for (const std::string& p : parts) key += (key.empty() ? "" : "/") + p;
  if (mtime) directory_times_[key] = *mtime;
}

bool OutputTree::make_symlink(std::string_view name, std::string_view target,
                              std::optional<ppc::Timestamp> mtime) {
  if (!symlink_stays_inside(target)) {
    UniqueFd fd = create_file(name, target.size());
    write_all(fd.get(), {reinterpret_cast<const uint8_t*>(target.data()), target.size()}, name);
    finish_file(std::move(fd), name, 0444, mtime, mtime);
    return false;
  }
  Located loc = locate(name, true);
  std::string t(target);
  if (::symlinkat(t.c_str(), loc.parent.get(), loc.leaf.c_str()) != 0) {
    if (errno != EEXIST) io_error(name, "cannot create symlink");
    if (!options_.force) refuse(name, "it already exists (use --force to replace files)");
    if (::unlinkat(loc.parent.get(), loc.leaf.c_str(), 0) != 0 ||
        ::symlinkat(t.c_str(), loc.parent.get(), loc.leaf.c_str()) != 0) {
      io_error(name, "cannot replace symlink");
    }
  }
  if (mtime) {
    timespec times[2] = {to_timespec(mtime), to_timespec(mtime)};
    ::utimensat(loc.parent.get(), loc.leaf.c_str(), times, AT_SYMLINK_NOFOLLOW);
  }
  return true;
}

void OutputTree::rename_file(std::string_view from, std::string_view to) {
  Located a = locate(from, false);
  Located b = locate(to, true);
  if (::renameat2(a.parent.get(), a.leaf.c_str(), b.parent.get(), b.leaf.c_str(),
                  RENAME_NOREPLACE) != 0) {
    io_error(to, "cannot rename " + printable(from));
  }
}

void OutputTree::remove_file(std::string_view name) {
  Located loc = locate(name, false);
  if (::unlinkat(loc.parent.get(), loc.leaf.c_str(), 0) != 0 && errno != ENOENT) {
    io_error(name, "cannot remove");
  }
}

void OutputTree::append_text(std::string_view name, std::string_view text) {
  Located loc = locate(name, true);
  UniqueFd fd(::openat(loc.parent.get(), loc.leaf.c_str(),
                       O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, own_file_mode()));
  if (!fd) io_error(name, "cannot open for appending");
  write_all(fd.get(), {reinterpret_cast<const uint8_t*>(text.data()), text.size()}, name);
}

void OutputTree::replace_text(std::string_view name, std::string_view text) {
  Located loc = locate(name, true);
  struct stat st {};
  if (::fstatat(loc.parent.get(), loc.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (S_ISDIR(st.st_mode)) refuse(name, "a directory of that name exists");
    if (::unlinkat(loc.parent.get(), loc.leaf.c_str(), 0) != 0) io_error(name, "cannot replace");
  }
  UniqueFd fd(::openat(loc.parent.get(), loc.leaf.c_str(),
                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, own_file_mode()));
  if (!fd) io_error(name, "cannot create");
  write_all(fd.get(), {reinterpret_cast<const uint8_t*>(text.data()), text.size()}, name);
}

void OutputTree::finish() {
  if (!root_fd_) return;
  // Deepest first, so setting a child's time does not disturb its parent's afterwards.
  for (auto it = directory_times_.rbegin(); it != directory_times_.rend(); ++it) {
    try {
      std::vector<std::string> parts;
      check_entry_name(it->first, &parts);
      UniqueFd dir = open_directory(parts, parts.size(), false);
      timespec times[2] = {to_timespec(it->second), to_timespec(it->second)};
      ::futimens(dir.get(), times);
    } catch (const ppc::Error&) {
      // The directory was replaced by something else meanwhile: leave its time alone.
    }
  }
  directory_times_.clear();
}

bool OutputTree::holds_files(const std::string& root) {
  std::error_code ec;
  return std::filesystem::is_directory(root, ec) && !std::filesystem::is_empty(root, ec);
}

void OutputTree::discard_if_empty() {
  if (!created_root_) return;
  root_fd_.reset();
  // Deepest first; rmdir() removes only empty folders and never follows a symlink, so a
  // file that did get written keeps its folders.
  std::vector<std::string> dirs;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root_, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) dirs.push_back(it->path().string());
  }
  std::sort(dirs.begin(), dirs.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& d : dirs) ::rmdir(d.c_str());
  if (::rmdir(root_.c_str()) == 0) created_root_ = false;
}

}  // namespace biunzip
