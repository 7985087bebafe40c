#include "asset/block_source.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "asset/open_at.hpp"

namespace collector::asset {
namespace {

std::string sys_block(dev_t d) {
  return "/sys/dev/block/" + std::to_string(major(d)) + ":" + std::to_string(minor(d));
}

// A sysfs attribute as one printable line (vpd pages carry a binary header).
std::string sys_text(const std::string& path) {
  std::string raw, out;
  if (!read_proc_file(path, raw, 512)) return {};
  for (char c : raw)
    if (std::isprint(static_cast<unsigned char>(c))) out += c;
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::optional<dev_t> parse_dev(const std::string& text) {
  unsigned maj = 0, min = 0;
  if (std::sscanf(text.c_str(), "%u:%u", &maj, &min) != 2) return std::nullopt;
  return makedev(maj, min);
}

// The devices a block device is built on: the whole disk of a partition, the members of a
// device-mapper or md volume.
std::vector<dev_t> lower_devices(dev_t d) {
  std::vector<dev_t> out;
  const std::string base = sys_block(d);
  std::string text;
  if (read_proc_file(base + "/partition", text, 64))
    if (auto p = parse_dev(sys_text(base + "/../dev"))) out.push_back(*p);
  UniqueFd slaves(open_at(AT_FDCWD, (base + "/slaves").c_str(), O_RDONLY | O_DIRECTORY));
  if (slaves)
    for (const std::string& name : entry_names(slaves.get()))
      if (auto s = parse_dev(sys_text("/sys/class/block/" + name + "/dev"))) out.push_back(*s);
  return out;
}

// True when `rdev` is `d` or anything `d` is built on.
bool built_on(dev_t d, dev_t rdev) {
  std::set<dev_t> seen;
  std::vector<dev_t> todo{d};
  while (!todo.empty()) {
    dev_t x = todo.back();
    todo.pop_back();
    if (x == rdev) return true;
    if (!seen.insert(x).second || seen.size() > 256) continue;
    for (dev_t lower : lower_devices(x)) todo.push_back(lower);
  }
  return false;
}

struct MountLine {
  dev_t dev = 0;
  std::string source;  // the mount source (/dev/sda2), for file systems with anonymous st_dev
};

std::vector<MountLine> mounts() {
  std::vector<MountLine> out;
  std::string text;
  if (!read_proc_file("/proc/self/mountinfo", text, 4u << 20)) return out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string id, parent, mm, word;
    f >> id >> parent >> mm;
    auto dev = parse_dev(mm);
    if (!dev) continue;
    MountLine m{*dev, {}};
    while (f >> word && word != "-") {
    }
    std::string fstype;
    f >> fstype >> m.source;
    out.push_back(m);
  }
  return out;
}

// The block device a mounted file system lives on: st_dev itself, or for file systems with an
// anonymous device number (btrfs, overlay) the device its mount names as source.
std::vector<dev_t> backing_devices(dev_t st_dev) {
  std::vector<dev_t> out{st_dev};
  if (major(st_dev) != 0) return out;
  for (const MountLine& m : mounts()) {
    struct stat st {};
    if (m.dev == st_dev && m.source.rfind("/dev/", 0) == 0 && ::stat(m.source.c_str(), &st) == 0 &&
        S_ISBLK(st.st_mode))
      out.push_back(st.st_rdev);
  }
  return out;
}

void describe_device(BlockSource& s) {
  uint64_t bytes = 0;
  if (::ioctl(s.fd.get(), BLKGETSIZE64, &bytes) == 0) s.size = bytes;
  int logical = 0;
  unsigned int physical = 0;
  if (::ioctl(s.fd.get(), BLKSSZGET, &logical) == 0 && logical > 0)
    s.logical_sector = static_cast<uint32_t>(logical);
  if (::ioctl(s.fd.get(), BLKPBSZGET, &physical) == 0 && physical > 0) s.physical_sector = physical;
  const std::string base = sys_block(s.rdev);
  std::string uevent;
  if (read_proc_file(base + "/uevent", uevent, 4096)) {
    auto at = uevent.find("DEVNAME=");
    if (at != std::string::npos)
      s.kernel_name = uevent.substr(at + 8, uevent.find('\n', at) - at - 8);
  }
  // Model and serial belong to the disk: a partition asks its parent.
  std::string disk = base;
  std::string text;
  if (read_proc_file(base + "/partition", text, 64)) disk += "/..";
  s.model = sys_text(disk + "/device/model");
  for (const char* attr : {"/device/serial", "/serial", "/device/vpd_pg80"}) {
    if (!s.serial.empty()) break;
    s.serial = sys_text(disk + attr);
  }
  if (s.model.empty()) s.model = sys_text(base + "/dm/name");  // a dm volume: its name
}

}  // namespace

BlockSource open_block_source(const std::string& path, int* errno_out) {
  BlockSource s;
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOATIME;
  int fd = ::open(path.c_str(), flags);
  if (fd < 0 && errno == EPERM) fd = ::open(path.c_str(), flags & ~O_NOATIME);
  if (fd < 0) {
    if (errno_out) *errno_out = errno;
    return s;
  }
  s.fd.reset(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !(S_ISBLK(st.st_mode) || S_ISREG(st.st_mode))) {
    if (errno_out) *errno_out = EINVAL;
    s.fd.reset();
    return s;
  }
  s.block_device = S_ISBLK(st.st_mode);
  if (s.block_device) {
    s.rdev = st.st_rdev;
    describe_device(s);
  } else {
    s.size = static_cast<uint64_t>(st.st_size);
    s.dev = st.st_dev;
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return s;
}

bool device_holds_path(dev_t rdev, const std::string& dir) {
  // A case directory not created yet will be on the file system of its nearest existing parent.
  std::string at = dir.empty() ? "." : dir;
  struct stat st {};
  while (::stat(at.c_str(), &st) != 0) {
    if (at == "/" || at == ".") return false;
    auto slash = at.find_last_of('/');
    if (slash == std::string::npos)
      at = ".";
    else if (slash == 0)
      at = "/";
    else
      at.resize(slash);
  }
  for (dev_t d : backing_devices(st.st_dev))
    if (built_on(d, rdev)) return true;
  return false;
}

bool device_mounted(dev_t rdev) {
  for (const MountLine& m : mounts()) {
    if (built_on(m.dev, rdev)) return true;
    struct stat st {};
    if (major(m.dev) == 0 && m.source.rfind("/dev/", 0) == 0 &&
        ::stat(m.source.c_str(), &st) == 0 && S_ISBLK(st.st_mode) && built_on(st.st_rdev, rdev))
      return true;
  }
  return false;
}

}  // namespace collector::asset
