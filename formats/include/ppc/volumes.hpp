#pragma once
// Split packages (docs/FORMAT.md, "Volumes"): a package cut into files of one fixed size, for
// file systems that cap a file (FAT32: 4 GiB - 1). Volume 1 is NAME.ppc, then NAME.ppc.002,
// NAME.ppc.003, …; their concatenation is the package, byte for byte, so only the container
// changes: the header, chunks and payload stream are those of a single-file package.
//
// VolumeSink writes them strictly sequentially (a volume is synced and closed before the next
// exists); VolumeSource reads them back as one stream, and in salvage mode stands zeros in for a
// missing or truncated volume so that the reader's chunk positions stay right and reading resumes
// in the next volume.
#include <array>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

#include "ppc/hashing.hpp"
#include "ppc/io.hpp"

namespace ppc {

// Smallest volume size accepted (a volume may end inside a chunk; this only keeps file counts
// sane).
constexpr uint64_t kMinVolumeBytes = 1ull << 20;
// Volume size used on FAT32, whose largest file is 4 GiB - 1: 4095 MiB.
constexpr uint64_t kFat32VolumeBytes = 4095ull << 20;

// Path of volume `index` (from 1) of the package whose first volume is `first_path`:
// first_path itself, then first_path + ".002", ".003", … (three digits at least).
std::string volume_path(const std::string& first_path, uint32_t index);

struct VolumeInfo {
  std::string path;
  uint64_t bytes = 0;
  std::array<uint8_t, 32> sha256{};  // of the volume's bytes (those read, for VolumeSource)
};

// Writes the package into volumes of `volume_bytes` each (the last one shorter, never empty).
class VolumeSink final : public ByteSink {
 public:
  // Takes ownership of `first_fd`, the new, empty first volume at `first_path`. Later volumes
  // are created with O_EXCL (mode 0600, which FAT ignores); `volume_bytes` 0 never splits.
  VolumeSink(int first_fd, std::string first_path, uint64_t volume_bytes);
  ~VolumeSink() override;
  VolumeSink(const VolumeSink&) = delete;
  VolumeSink& operator=(const VolumeSink&) = delete;

  // A full volume is synced and closed before the next one is created. Throws Error(io).
  void write(std::span<const uint8_t> data) override;
  // Syncs the current volume; safe while another thread writes (the writer's background sync).
  void sync() override;
  // Closes the last volume (its close checked) and returns every volume with its SHA-256.
  std::vector<VolumeInfo> close();
  std::size_t volume_count() const;

 private:
  void start_next_volume();
  void finish_current_volume();

  mutable std::mutex mu_;  // guards fd_ against sync() on another thread
  int fd_;
  std::string first_path_;
  uint64_t volume_bytes_;
  uint64_t in_volume_ = 0;  // bytes in the current volume
  MultiHasher hasher_;
  std::vector<VolumeInfo> volumes_;  // the current one last
};

// What was found on disk for a package's volumes.
struct VolumeProblem {
  enum class Kind { missing, truncated };
  Kind kind = Kind::missing;
  uint32_t index = 0;
  std::string path;
  uint64_t offset = 0;          // where the volume starts in the package
  uint64_t bytes_present = 0;   // 0 when missing
  uint64_t bytes_expected = 0;  // a full volume; 0 when unknown (the last volume)
};
std::string describe(const VolumeProblem& p);  // one line: "NAME.ppc.003 is missing (…)"

struct VolumeSet {
  std::string first_path;
  uint32_t count = 1;           // the highest volume found on disk or listed in NAME.ppc.sha256
  uint64_t volume_bytes = 0;    // size of a full volume (0: one volume)
  std::vector<uint64_t> sizes;  // per volume (index - 1); 0 for a missing one
  std::vector<bool> present;
  std::vector<VolumeProblem> problems;  // in volume order
  uint64_t bytes_present = 0;           // sum of the sizes found
  bool split() const { return count > 1; }
};

// Looks for NAME.ppc's volumes beside it. Throws Error(io) if the first one cannot be opened.
VolumeSet find_volumes(const std::string& first_path);

// Reads the volumes as one stream. Without `zero_fill`, reaching a missing or truncated volume
// throws Error(truncated) naming it; with it (salvage), a missing volume reads as
// volume_bytes zeros and a truncated one is padded to volume_bytes with zeros (a missing last
// volume, of unknown size, just ends the stream).
class VolumeSource final : public ByteSource {
 public:
  VolumeSource(VolumeSet set, bool zero_fill);
  ~VolumeSource() override;
  VolumeSource(const VolumeSource&) = delete;
  VolumeSource& operator=(const VolumeSource&) = delete;
  std::size_t read(std::span<uint8_t> out) override;
  const VolumeSet& set() const { return set_; }
  // The volumes read so far with the SHA-256 of their bytes (complete once read to the end).
  const std::vector<VolumeInfo>& volumes_read() const { return read_; }

 private:
  bool advance();  // to the next volume; false at the end
  // Bytes of the current volume (or of its zero padding); 0 when it is used up.
  std::size_t read_some(std::span<uint8_t> out);
  void close_current();

  VolumeSet set_;
  bool zero_fill_;
  uint32_t index_ = 0;  // current volume (from 1); 0 before the first
  int fd_ = -1;
  uint64_t in_volume_ = 0;  // bytes of the current volume delivered (zeros included)
  uint64_t fill_to_ = 0;    // pad the current volume with zeros up to this many bytes
  MultiHasher hasher_;
  std::vector<VolumeInfo> read_;
  std::exception_ptr pending_;  // an error met after some bytes of a read were delivered
};

}  // namespace ppc
