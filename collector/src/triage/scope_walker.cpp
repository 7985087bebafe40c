#include "scope_walker.hpp"

#include <dirent.h>
#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "asset/open_at.hpp"
#include "asset/pseudo_fs.hpp"

namespace collector::triage {
namespace {

using DirPtr = std::unique_ptr<DIR, int (*)(DIR*)>;

using asset::glob_could_match_below;
using asset::glob_match;
using asset::has_wildcard;
using asset::UniqueFd;

bool is_special(mode_t mode) {
  return S_ISFIFO(mode) || S_ISSOCK(mode) || S_ISCHR(mode) || S_ISBLK(mode);
}

bool is_special_type(unsigned char type) {
  return type == DT_FIFO || type == DT_SOCK || type == DT_CHR || type == DT_BLK;
}

bool starts_with(const std::vector<std::string>& path, const std::vector<std::string>& prefix) {
  return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

}  // namespace

ScopeWalker::ScopeWalker(const asset::RootFs& fs, const ScanOptions& options, JobQueue& queue,
                         StopSignal stop)
    : fs_(fs),
      root_(fs.open_root()),
      options_(options),
      queue_(queue),
      stop_(stop),
      exclude_(options.exclude) {}

bool ScopeWalker::walk(const std::vector<std::string>& scope) {
  std::vector<std::vector<std::string>> literals, patterns;
  for (const std::string& entry : scope) {
    std::vector<std::string> components = asset::split_path(entry);
    if (std::any_of(components.begin(), components.end(), has_wildcard)) {
      patterns.push_back(std::move(components));
    } else if (auto resolved = fs_.resolve(entry)) {
      literals.push_back(std::move(*resolved));
    } else {
      not_found_.push_back(entry);  // asked for by name: its absence is a finding, not silence
    }
  }
  // A scope path inside another one would be scanned twice.
  std::sort(literals.begin(), literals.end());
  const std::vector<std::string>* kept = nullptr;
  for (const auto& literal : literals) {
    if (kept != nullptr && starts_with(literal, *kept)) continue;
    kept = &literal;
    if (!walk_literal(literal)) return false;
  }
  for (const auto& pattern : patterns)
    if (!walk_pattern(pattern)) return false;
  return !aborted_;
}

bool ScopeWalker::walk_literal(const std::vector<std::string>& resolved) {
  depth_ = 0;
  devices_.clear();
  if (resolved.empty()) return descend(root_.get(), ".", 0, Mode::everything);
  for (std::size_t i = 0; i + 1 < resolved.size(); ++i) push_component(resolved[i].c_str());
  int err = 0;
  auto parent = fs_.open_parent(asset::join_path(resolved), false, &err);
  if (!parent) return failed(err);
  return visit(parent->dir.get(), resolved.back().c_str(), DT_UNKNOWN, 0, Mode::everything);
}

bool ScopeWalker::walk_pattern(const std::vector<std::string>& pattern) {
  auto first_glob = std::find_if(pattern.begin(), pattern.end(), has_wildcard);
  auto base =
      fs_.resolve(asset::join_path(std::span<const std::string>(pattern.begin(), first_glob)));
  if (!base) return true;
  const std::vector<std::string> rest(first_glob, pattern.end());
  depth_ = 0;
  for (const std::string& c : *base) push_component(c.c_str());
  devices_.clear();
  pattern_ = &rest;
  pattern_base_ = depth_;
  bool ok = true;
  if (base->empty()) {
    ok = descend(root_.get(), ".", 0, Mode::pattern);
  } else if (auto parent = fs_.open_parent(asset::join_path(*base), false)) {
    ok = descend(parent->dir.get(), parent->name.c_str(), 0, Mode::pattern);
  }
  pattern_ = nullptr;
  return ok;
}

bool ScopeWalker::visit(int dirfd, const char* name, unsigned char type, int depth, Mode mode) {
  if (stopped()) return false;
  if (type == DT_LNK) return true;  // never followed below a scope path
  push_component(name);
  struct Pop {
    std::size_t& depth;
    ~Pop() { --depth; }
  } pop{depth_};
  if (!exclude_.empty() && exclude_.matches(current())) return true;

  bool maybe_dir = type == DT_DIR || type == DT_UNKNOWN;
  if (mode == Mode::pattern) {
    std::span<const std::string> below = current().subspan(pattern_base_);
    if (glob_match(*pattern_, below))
      mode = Mode::everything;
    else if (!maybe_dir || !glob_could_match_below(*pattern_, below))
      return true;
  }
  bool deeper_allowed = options_.max_depth < 0 || depth < options_.max_depth;
  if (is_special_type(type)) {
    if (mode == Mode::everything) ++skipped_;
    return true;
  }
  if (type == DT_DIR) return deeper_allowed ? descend(dirfd, name, depth, mode) : true;

  struct stat st {};
  if (!asset::stat_at(dirfd, name, st)) return failed(errno);
  if (S_ISDIR(st.st_mode)) return deeper_allowed ? descend(dirfd, name, depth, mode) : true;
  if (mode != Mode::everything) return true;
  if (S_ISREG(st.st_mode)) return queue_file(dirfd, name, st);
  if (is_special(st.st_mode)) ++skipped_;
  return true;
}

bool ScopeWalker::descend(int dirfd, const char* name, int depth, Mode mode) {
  int fd = asset::open_at(dirfd, name, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return failed(errno);
  DirPtr dir(fdopendir(fd), &closedir);
  if (!dir) {
    ::close(fd);
    return failed(errno);
  }
  struct stat st {};
  if (fstat(fd, &st) != 0) return failed(errno);
  // Mount points are where pseudo file systems start; checking only there keeps it cheap.
  if ((devices_.empty() || st.st_dev != devices_.back()) && asset::is_pseudo_fs(fd)) return true;

  devices_.push_back(st.st_dev);
  bool ok = true;
  for (;;) {
    errno = 0;
    const dirent* entry = readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) failed(errno);
      break;
    }
    std::string_view entry_name(entry->d_name);
    if (entry_name == "." || entry_name == "..") continue;
    if (!visit(fd, entry->d_name, entry->d_type, depth + 1, mode)) {
      ok = false;
      break;
    }
  }
  devices_.pop_back();
  return ok;
}

bool ScopeWalker::queue_file(int dirfd, const char* name, const struct stat& st) {
  const uint64_t max_size = options_.max_size;
  if (static_cast<uint64_t>(st.st_size) > max_size) return skip();
  // ctime as well as mtime: a timestomped file still shows when its inode last changed.
  if (options_.modified_since && std::max(st.st_mtime, st.st_ctime) < *options_.modified_since)
    return skip();

  job_.path.clear();
  for (const std::string& c : current()) {
    job_.path += '/';
    job_.path += c;
  }
  if (options_.already_scanned && options_.already_scanned(job_.path)) return true;

  UniqueFd fd(asset::open_at(dirfd, name, O_RDONLY));
  if (!fd) return failed(errno);
  struct stat opened {};
  if (fstat(fd.get(), &opened) != 0) return failed(errno);
  // Replaced between lstat and open (by a FIFO, say): not the file we decided to read.
  if (!S_ISREG(opened.st_mode) || opened.st_ino != st.st_ino || opened.st_dev != st.st_dev ||
      static_cast<uint64_t>(opened.st_size) > max_size)
    return skip();

  job_.fd = fd.release();
  job_.pid = -1;
  job_.size = static_cast<uint64_t>(opened.st_size);
  if (!queue_.push(job_)) {
    ::close(job_.fd);
    job_.fd = -1;
    aborted_ = true;
    return false;
  }
  return true;
}

void ScopeWalker::push_component(const char* name) {
  if (depth_ == components_.size())
    components_.emplace_back(name);
  else
    components_[depth_].assign(name);
  ++depth_;
}

bool ScopeWalker::skip() {
  ++skipped_;
  return true;
}

bool ScopeWalker::stopped() const {
  return aborted_ || stop_.requested();
}

bool ScopeWalker::failed(int error) {
  // Gone or replaced while we walked: a live system changes under us, that is not an error.
  if (error != ENOENT && error != ENOTDIR && error != ELOOP) ++errors_;
  return true;
}

}  // namespace collector::triage
