#include "ppc/io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ppc/error.hpp"

namespace ppc {
namespace {

std::string free_space_note(int fd) {
  struct statvfs vfs {};
  if (fstatvfs(fd, &vfs) != 0) return {};
  unsigned long long free_bytes =
      static_cast<unsigned long long>(vfs.f_bavail) * static_cast<unsigned long long>(vfs.f_frsize);
  return " (" + std::to_string(free_bytes / 1024) + " KiB free on that file system)";
}

}  // namespace

void FdSink::write(std::span<const uint8_t> data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      std::string message = "writing " + name_ + ": " + std::strerror(err);
      if (err == ENOSPC || err == EDQUOT) message += free_space_note(fd_);
      throw Error(ErrorClass::io, message);
    }
    done += static_cast<std::size_t>(n);
  }
}

void FdSink::sync() {
  // Pipes and character devices cannot be synced; that is not an error.
  if (fdatasync(fd_) != 0 && errno != EINVAL && errno != EROFS) fail_errno("syncing " + name_);
}

std::size_t FdSource::read(std::span<uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::read(fd_, out.data() + done, out.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (done > 0) break;  // keep what was read; the error comes back on the next call
      fail_errno("reading " + name_);
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return done;
}

std::size_t MemorySource::read(std::span<uint8_t> out) {
  std::size_t n = std::min(out.size(), data_.size() - pos_);
  std::memcpy(out.data(), data_.data() + pos_, n);
  pos_ += n;
  return n;
}

std::size_t read_fully(ByteSource& in, std::span<uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    std::size_t n = in.read(out.subspan(done));
    if (n == 0) break;
    done += n;
  }
  return done;
}

namespace {

// Reads a whole file straight into `Bytes` (sized from fstat; no intermediate buffer, so a
// SecureBytes keeps every byte in wiped storage).
template <class Bytes>
Bytes read_whole_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail_errno("cannot open " + path);
  struct stat st {};
  std::size_t hint =
      ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0;
  Bytes out;
  out.resize(hint + 4096);  // room for a file that grows a little (and for pipes); more doubles
  std::size_t got = 0;
  for (;;) {
    if (got == out.size()) out.resize(out.size() * 2);
    ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      errno = err;
      fail_errno("reading " + path);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out.resize(got);
  return out;
}

}  // namespace

std::vector<uint8_t> read_file(const std::string& path) {
  return read_whole_file<std::vector<uint8_t>>(path);
}

SecureBytes read_secret_file(const std::string& path) {
  return read_whole_file<SecureBytes>(path);
}

void write_file(const std::string& path, std::span<const uint8_t> data, bool overwrite) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL);
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) fail_errno("cannot create " + path);
  FdSink sink(fd, path);
  try {
    sink.write(data);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) fail_errno("closing " + path);
}

}  // namespace ppc
