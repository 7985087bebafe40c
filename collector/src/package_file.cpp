#include "package_file.hpp"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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

// mountinfo escapes space, tab, newline and backslash in paths as \ooo.
std::string unescape_mount_path(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 3), nullptr, 8));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool under(const std::string& path, const std::string& mount_point) {
  if (mount_point == "/") return true;
  return path.compare(0, mount_point.size(), mount_point) == 0 &&
         (path.size() == mount_point.size() || path[mount_point.size()] == '/');
}

}  // namespace

std::string file_system_type(const std::string& dir) {
  char real[PATH_MAX];
  if (::realpath(dir.c_str(), real) == nullptr) return {};
  std::ifstream mountinfo("/proc/self/mountinfo");
  std::string line, best_type;
  std::size_t best_len = 0;
  while (std::getline(mountinfo, line)) {
    // id parent major:minor root mount-point options [optional fields] - type source options
    std::istringstream fields(line);
    std::string id, parent, dev, root, mount_point, word;
    fields >> id >> parent >> dev >> root >> mount_point;
    while (fields >> word && word != "-") {
    }
    std::string type;
    fields >> type;
    mount_point = unescape_mount_path(mount_point);
    if (!type.empty() && under(real, mount_point) && mount_point.size() >= best_len) {
      best_len = mount_point.size();
      best_type = type;  // a later mount on the same point hides the earlier one
    }
  }
  if (!best_type.empty()) return best_type;
  struct statfs fs {};
  if (::statfs(real, &fs) == 0 && fs.f_type == 0x4d44) return "vfat";  // MSDOS_SUPER_MAGIC
  return {};
}

bool caps_files_at_4gib(const std::string& fs_type) {
  for (const char* fat : {"vfat", "msdos", "fat", "umsdos", "fuse.fusefat", "fusefat"})
    if (fs_type == fat) return true;
  return false;
}

std::pair<dev_t, ino_t> identity_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {0, 0};
  return {st.st_dev, st.st_ino};
}

PackageFile::PackageFile(const std::string& case_dir, const std::string& stem,
                         ppc::WriterOptions options, uint64_t split_size) {
  make_case_dir(case_dir);
  fs_type_ = file_system_type(case_dir);
  volume_bytes_ = split_size;
  if (caps_files_at_4gib(fs_type_) &&
      (volume_bytes_ == 0 || volume_bytes_ > ppc::kFat32VolumeBytes))
    volume_bytes_ = ppc::kFat32VolumeBytes;
  int fd = -1;
  for (int n = 1; fd < 0; ++n) {
    name_ = stem + (n == 1 ? "" : "-" + std::to_string(n)) + ".ppc";
    path_ = case_dir + "/" + name_;
    // A name whose volume files exist (left by another run) is taken too.
    if (volume_bytes_ > 0 && ::access(ppc::volume_path(path_, 2).c_str(), F_OK) == 0) continue;
    fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && (errno != EEXIST || n >= kMaxNameTries))
      throw ppc::Error(ppc::ErrorClass::io, "cannot create " + path_ + ": " + std::strerror(errno));
  }
  try {
    sink_.emplace(fd, path_, volume_bytes_);  // owns fd from here on
  } catch (...) {
    ::close(fd);
    throw;
  }
  writer_.emplace(*sink_, std::move(options));
}

PackageFile::~PackageFile() {
  writer_.reset();  // before the volumes it writes to
  sink_.reset();
}

ppc::FinishResult PackageFile::finish() {
  ppc::FinishResult result = writer_->finish();
  volumes_ = sink_->close();
  return result;
}

}  // namespace collector
