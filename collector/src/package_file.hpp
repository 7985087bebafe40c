#pragma once
// The package file of one run (internal): created in the case directory under a name never
// used before, written through a sink that remembers a failed write, by the package writer.
// Destroying it closes the descriptor; finish() seals the package first.
#include <sys/types.h>

#include <atomic>
#include <optional>
#include <string>
#include <utility>

#include "ppc/io.hpp"
#include "ppc/volumes.hpp"
#include "ppc/writer.hpp"

namespace collector {

// (device, inode) of a path, or zeros: how the collector recognises its own outputs.
std::pair<dev_t, ino_t> identity_of(const std::string& path);

// The file system type of `dir` as /proc/self/mountinfo names it ("vfat", "fuse.fusefat",
// "exfat", "ext4", …), or "" when unknown. FUSE mounts show there with their real type.
std::string file_system_type(const std::string& dir);
// Whether files on that type are capped at 4 GiB - 1 (FAT12/16/32, through the kernel or FUSE).
bool caps_files_at_4gib(const std::string& fs_type);

// The package file's sink, remembering whether writing failed (then the run cannot go on).
class GuardedSink final : public ppc::ByteSink {
 public:
  GuardedSink(int fd, std::string name, uint64_t volume_bytes)
      : inner_(fd, std::move(name), volume_bytes) {}
  void write(std::span<const uint8_t> data) override {
    guard([&] { inner_.write(data); });
  }
  void sync() override {
    guard([&] { inner_.sync(); });
  }
  bool failed() const { return failed_.load(); }
  std::vector<ppc::VolumeInfo> close() { return inner_.close(); }
  std::size_t volume_count() const { return inner_.volume_count(); }

 private:
  template <class F>
  void guard(F&& f) {
    try {
      f();
    } catch (...) {
      failed_ = true;
      throw;
    }
  }
  ppc::VolumeSink inner_;
  std::atomic<bool> failed_{false};  // sync() runs on the writer's background thread
};

class PackageFile {
 public:
  // Creates case_dir (mkdir -p, 0750) and CASE_HOST_TIME.ppc there (0600, O_EXCL: never
  // overwrites; a second run in the same second gets -2, -3, …), and starts the writer (which
  // writes the header). `split_size` > 0 cuts the package into volumes of that size
  // (ppc/volumes.hpp); on FAT32 they are at most ppc::kFat32VolumeBytes, split_size 0
  // included. Nothing here needs modes, owners or renames (FAT and exFAT have none).
  // Throws ppc::Error(io).
  PackageFile(const std::string& case_dir, const std::string& stem, ppc::WriterOptions options,
              uint64_t split_size = 0);
  ~PackageFile();
  PackageFile(const PackageFile&) = delete;
  PackageFile& operator=(const PackageFile&) = delete;

  const std::string& path() const { return path_; }
  const std::string& name() const { return name_; }
  // The volume size in use (0: one file) and the case directory's file system type.
  uint64_t volume_bytes() const { return volume_bytes_; }
  const std::string& fs_type() const { return fs_type_; }
  // The volumes written, with their digests; filled by finish().
  const std::vector<ppc::VolumeInfo>& volumes() const { return volumes_; }
  ppc::PackageWriter& writer() { return *writer_; }
  // The package cannot be finished: a write failed, or an entry failed part way through.
  bool failed() const { return (sink_ && sink_->failed()) || (writer_ && writer_->failed()); }
  // Writes the closing records and closes the file.
  ppc::FinishResult finish();

 private:
  std::string name_, path_, fs_type_;
  uint64_t volume_bytes_ = 0;
  std::vector<ppc::VolumeInfo> volumes_;
  std::optional<GuardedSink> sink_;
  std::optional<ppc::PackageWriter> writer_;
};

}  // namespace collector
