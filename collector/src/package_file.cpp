#include "package_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ppc/error.hpp"

namespace collector {
namespace {

constexpr int kMaxNameTries = 100;

void make_case_dir(const std::string& dir) {
  std::string partial;
  for (std::size_t pos = 0; pos != std::string::npos;) {
    pos = dir.find('/', pos + 1);
    partial = dir.substr(0, pos);
    if (partial.empty()) continue;
    if (::mkdir(partial.c_str(), 0750) != 0 && errno != EEXIST)
      throw ppc::Error(ppc::ErrorClass::io,
                       "cannot create case directory " + partial + ": " + std::strerror(errno));
  }
}

}  // namespace

std::pair<dev_t, ino_t> identity_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {0, 0};
  return {st.st_dev, st.st_ino};
}

PackageFile::PackageFile(const std::string& case_dir, const std::string& stem,
                         ppc::WriterOptions options) {
  make_case_dir(case_dir);
  for (int n = 1; fd_ < 0; ++n) {
    name_ = stem + (n == 1 ? "" : "-" + std::to_string(n)) + ".ppc";
    path_ = case_dir + "/" + name_;
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ < 0 && (errno != EEXIST || n >= kMaxNameTries))
      throw ppc::Error(ppc::ErrorClass::io, "cannot create " + path_ + ": " + std::strerror(errno));
  }
  try {
    sink_.emplace(fd_, path_);
    writer_.emplace(*sink_, std::move(options));
  } catch (...) {
    ::close(std::exchange(fd_, -1));
    throw;
  }
}

PackageFile::~PackageFile() {
  writer_.reset();  // before the descriptor it writes to
  if (fd_ >= 0) ::close(fd_);
}

ppc::FinishResult PackageFile::finish() {
  ppc::FinishResult result = writer_->finish();
  ::close(std::exchange(fd_, -1));
  return result;
}

}  // namespace collector
