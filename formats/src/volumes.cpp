// Split packages: volumes written strictly in order, read back as one stream (ppc/volumes.hpp).
#include "ppc/volumes.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "ppc/error.hpp"
#include "ppc/sidecar.hpp"

namespace ppc {
namespace {

std::array<uint8_t, 32> digest_of(MultiHasher& hasher) {
  std::array<uint8_t, 32> out{};
  from_hex(hasher.finish().sha256, out);
  return out;
}

std::string base_name(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string dir_name(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The index of "BASE.NNN" (three digits or more, from 2), or 0.
uint32_t volume_index(const std::string& entry, const std::string& base) {
  if (entry.size() < base.size() + 4 || entry.compare(0, base.size(), base) != 0 ||
      entry[base.size()] != '.')
    return 0;
  std::string digits = entry.substr(base.size() + 1);
  if (digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return 0;
  unsigned long n = std::stoul(digits);
  return n >= 2 && volume_path(base, static_cast<uint32_t>(n)) == entry ? static_cast<uint32_t>(n)
                                                                        : 0;
}

// The highest volume the .sha256 sidecar lists (it lists every volume of a split package).
uint32_t volumes_in_sidecar(const std::string& first_path) {
  std::string sidecar = first_path + ".sha256";
  if (::access(sidecar.c_str(), F_OK) != 0) return 1;
  std::vector<uint8_t> bytes = read_file(sidecar);
  std::string text(bytes.begin(), bytes.end());
  uint32_t n = 1;
  while (!parse_sha256sum(text, base_name(volume_path(first_path, n + 1))).empty()) ++n;
  return n;
}

}  // namespace

std::string volume_path(const std::string& first_path, uint32_t index) {
  if (index <= 1) return first_path;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, ".%03u", index);
  return first_path + suffix;
}

// --- writing -----------------------------------------------------------------------------------

VolumeSink::VolumeSink(int first_fd, std::string first_path, uint64_t volume_bytes)
    : fd_(first_fd), first_path_(std::move(first_path)), volume_bytes_(volume_bytes) {
  volumes_.push_back({first_path_, 0, {}});
}

VolumeSink::~VolumeSink() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t VolumeSink::volume_count() const {
  std::lock_guard lock(mu_);
  return volumes_.size();
}

void VolumeSink::write(std::span<const uint8_t> data) {
  std::lock_guard lock(mu_);
  while (!data.empty()) {
    if (fd_ < 0) fail(ErrorClass::io, "writing " + volumes_.back().path + ": already closed");
    if (volume_bytes_ > 0 && in_volume_ == volume_bytes_) start_next_volume();
    std::size_t n = data.size();
    if (volume_bytes_ > 0)
      n = static_cast<std::size_t>(std::min<uint64_t>(n, volume_bytes_ - in_volume_));
    FdSink(fd_, volumes_.back().path).write(data.first(n));
    if (volume_bytes_ > 0) hasher_.update(data.first(n));  // one volume: the writer hashes it
    in_volume_ += n;
    volumes_.back().bytes += n;
    data = data.subspan(n);
  }
}

void VolumeSink::sync() {
  int fd;
  std::string path;
  {
    std::lock_guard lock(mu_);
    if (fd_ < 0) return;
    fd = ::dup(fd_);  // full volumes were synced when closed; this one may change under us
    path = volumes_.back().path;
  }
  if (fd < 0) fail_errno("syncing " + path);
  try {
    FdSink(fd, path).sync();
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

void VolumeSink::finish_current_volume() {
  FdSink(fd_, volumes_.back().path).sync();
  int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) fail_errno("closing " + volumes_.back().path);
  if (volume_bytes_ > 0) volumes_.back().sha256 = digest_of(hasher_);
}

void VolumeSink::start_next_volume() {
  finish_current_volume();
  std::string path = volume_path(first_path_, static_cast<uint32_t>(volumes_.size() + 1));
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd_ < 0) fail_errno("cannot create volume " + path);
  volumes_.push_back({path, 0, {}});
  in_volume_ = 0;
}

std::vector<VolumeInfo> VolumeSink::close() {
  std::lock_guard lock(mu_);
  if (fd_ >= 0) finish_current_volume();
  return volumes_;
}

// --- finding -----------------------------------------------------------------------------------

std::string describe(const VolumeProblem& p) {
  std::string line =
      p.path + (p.kind == VolumeProblem::Kind::missing ? " is missing" : " is truncated");
  line +=
      " (volume " + std::to_string(p.index) + ", package bytes from " + std::to_string(p.offset);
  if (p.kind == VolumeProblem::Kind::truncated)
    line += "; " + std::to_string(p.bytes_present) + " of " + std::to_string(p.bytes_expected) +
            " bytes present";
  else if (p.bytes_expected > 0)
    line += ", " + std::to_string(p.bytes_expected) + " bytes";
  else
    line += ", the last volume";
  return line + ")";
}

VolumeSet find_volumes(const std::string& first_path) {
  VolumeSet set;
  set.first_path = first_path;
  struct stat st {};
  if (::stat(first_path.c_str(), &st) != 0) fail_errno("cannot open " + first_path);
  std::vector<std::pair<uint32_t, uint64_t>> found{{1, static_cast<uint64_t>(st.st_size)}};
  std::string base = base_name(first_path), dir = dir_name(first_path);
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      uint32_t index = volume_index(e->d_name, base);
      struct stat vst {};
      if (index > 0 && ::stat(volume_path(first_path, index).c_str(), &vst) == 0 &&
          S_ISREG(vst.st_mode))
        found.emplace_back(index, static_cast<uint64_t>(vst.st_size));
    }
    ::closedir(d);
  }
  for (auto& [index, size] : found) set.count = std::max(set.count, index);
  set.count = std::max(set.count, volumes_in_sidecar(first_path));
  set.sizes.assign(set.count, 0);
  set.present.assign(set.count, false);
  for (auto& [index, size] : found) {
    set.sizes[index - 1] = size;
    set.present[index - 1] = true;
    set.bytes_present += size;
    if (index < set.count) set.volume_bytes = std::max(set.volume_bytes, size);
  }
  for (uint32_t i = 1; i <= set.count; ++i) {
    bool last = i == set.count;
    VolumeProblem p{VolumeProblem::Kind::missing,
                    i,
                    volume_path(first_path, i),
                    (i - 1) * set.volume_bytes,
                    set.sizes[i - 1],
                    last ? 0 : set.volume_bytes};
    if (!set.present[i - 1]) {
      set.problems.push_back(p);
    } else if (!last && set.sizes[i - 1] < set.volume_bytes) {
      p.kind = VolumeProblem::Kind::truncated;
      set.problems.push_back(p);
    }
  }
  return set;
}

// --- reading -----------------------------------------------------------------------------------

VolumeSource::VolumeSource(VolumeSet set, bool zero_fill)
    : set_(std::move(set)), zero_fill_(zero_fill) {}

VolumeSource::~VolumeSource() {
  if (fd_ >= 0) ::close(fd_);
}

void VolumeSource::close_current() {
  if (fd_ < 0) return;
  ::close(std::exchange(fd_, -1));
  read_.back().sha256 = digest_of(hasher_);
}

bool VolumeSource::advance() {
  close_current();
  if (index_ >= set_.count) return false;
  ++index_;
  in_volume_ = 0;
  bool last = index_ == set_.count;
  fill_to_ = zero_fill_ && !last ? set_.volume_bytes : 0;
  auto problem = std::find_if(set_.problems.begin(), set_.problems.end(),
                              [&](const VolumeProblem& p) { return p.index == index_; });
  bool missing = problem != set_.problems.end() && problem->kind == VolumeProblem::Kind::missing;
  if (missing) {
    if (!zero_fill_) fail(ErrorClass::truncated, describe(*problem));
    return !last;  // zeros stand in for it; a missing last volume ends the stream
  }
  std::string path = volume_path(set_.first_path, index_);
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) fail_errno("cannot open " + path);
  read_.push_back({path, 0, {}});
  return true;
}

std::size_t VolumeSource::read(std::span<uint8_t> out) {
  if (pending_) std::rethrow_exception(std::exchange(pending_, nullptr));
  std::size_t done = 0;
  try {
    if (index_ == 0 && !advance()) return 0;
    while (done < out.size()) {
      std::size_t n = read_some(out.subspan(done));
      if (n == 0 && !advance()) break;
      done += n;
    }
  } catch (const Error&) {
    if (done == 0) throw;
    pending_ = std::current_exception();  // deliver what was read; the error comes next call
  }
  return done;
}

std::size_t VolumeSource::read_some(std::span<uint8_t> out) {
  while (fd_ >= 0) {
    ssize_t n = ::read(fd_, out.data(), out.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_errno("reading " + read_.back().path);
    if (n > 0) {
      hasher_.update(out.first(static_cast<std::size_t>(n)));
      read_.back().bytes += static_cast<uint64_t>(n);
      in_volume_ += static_cast<uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
    close_current();
    if (!zero_fill_ && index_ < set_.count && in_volume_ < set_.volume_bytes) {
      fail(ErrorClass::truncated,
           describe({VolumeProblem::Kind::truncated, index_, volume_path(set_.first_path, index_),
                     (index_ - 1) * set_.volume_bytes, in_volume_, set_.volume_bytes}));
    }
  }
  std::size_t n = static_cast<std::size_t>(
      std::min<uint64_t>(out.size(), fill_to_ - std::min(fill_to_, in_volume_)));
  std::memset(out.data(), 0, n);
  in_volume_ += n;
  return n;
}

}  // namespace ppc
