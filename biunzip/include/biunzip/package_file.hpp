#pragma once
// An opened package file: its header (read without a key) and a ByteSource over it that
// hashes every byte, so the .sha256 sidecar and an RFC 3161 response can be checked even when
// the reader stops early, and that drives the progress meter. A split package is named by its
// first volume (NAME.ppc) and read as one stream of all its volumes (ppc/volumes.hpp).
#include <array>
#include <cstdint>
#include <string>

#include "biunzip/progress.hpp"
#include "biunzip/unique_fd.hpp"
#include "ppc/hashing.hpp"
#include "ppc/header.hpp"
#include "ppc/io.hpp"
#include "ppc/volumes.hpp"

namespace biunzip {

class PackageFile {
 public:
  explicit PackageFile(const std::string& path);  // throws Error(io)
  const std::string& path() const { return path_; }
  uint64_t size() const { return volumes_.bytes_present; }  // of every volume found
  int fd() const { return fd_.get(); }                      // the first volume
  const ppc::VolumeSet& volumes() const { return volumes_; }
  // Salvage: missing or truncated volumes read as zeros (ppc::VolumeSource), so reading resumes
  // in the next volume; otherwise reaching one throws Error(truncated) naming it.
  void set_zero_fill(bool on) { zero_fill_ = on; }
  bool zero_fill() const { return zero_fill_; }
  // Reads the header from offset 0 and rewinds.
  ppc::HeaderInfo read_header();

 private:
  std::string path_;
  UniqueFd fd_;
  ppc::VolumeSet volumes_;
  bool zero_fill_ = false;
};

// Reads the package from offset 0, hashing and counting as it goes.
class TrackingSource final : public ppc::ByteSource {
 public:
  TrackingSource(PackageFile& file, Progress* progress);
  std::size_t read(std::span<uint8_t> out) override;
  uint64_t bytes_read() const { return bytes_; }
  // Reads whatever the reader left unread and returns the SHA-256 of the whole file.
  std::array<uint8_t, 32> whole_file_sha256();
  // The volumes read, each with its SHA-256 (after whole_file_sha256: all of them).
  const std::vector<ppc::VolumeInfo>& volumes_read() const { return source_.volumes_read(); }

 private:
  ppc::VolumeSource source_;
  ppc::MultiHasher hasher_;
  Progress* progress_;
  uint64_t bytes_ = 0;
};

// Whether the file starts with the PPC magic (else it may be a zip or tar archive).
bool starts_like_package(const std::string& path);

// SHA-256 of a whole package (all its volumes), read in one pass; `volumes`, when given,
// receives each volume's digest.
std::array<uint8_t, 32> file_sha256(const std::string& path, Progress* progress = nullptr,
                                    std::vector<ppc::VolumeInfo>* volumes = nullptr);

// The package without its ".ppc" (or ".zip"/".tar") suffix: the default output directory.
std::string default_output_dir(const std::string& package_path);

// "missing", "match" or "MISMATCH" for PKG.sha256 against `digest`; for a split package (more
// than one of `volumes`), against each volume's line (all must be listed and match).
std::string sidecar_status(const std::string& package_path, const std::array<uint8_t, 32>& digest,
                           const std::vector<ppc::VolumeInfo>& volumes = {});

}  // namespace biunzip
