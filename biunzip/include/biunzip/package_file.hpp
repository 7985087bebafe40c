#pragma once
// An opened package file: its header (read without a key) and a ByteSource over it that
// hashes every byte, so the .sha256 sidecar and an RFC 3161 response can be checked even when
// the reader stops early, and that drives the progress meter.
#include <array>
#include <cstdint>
#include <string>

#include "biunzip/progress.hpp"
#include "biunzip/unique_fd.hpp"
#include "ppc/hashing.hpp"
#include "ppc/header.hpp"
#include "ppc/io.hpp"

namespace biunzip {

class PackageFile {
 public:
  explicit PackageFile(const std::string& path);  // throws Error(io)
  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }
  int fd() const { return fd_.get(); }
  // Reads the header from offset 0 and rewinds.
  ppc::HeaderInfo read_header();

 private:
  std::string path_;
  UniqueFd fd_;
  uint64_t size_ = 0;
};

// Reads the package from offset 0, hashing and counting as it goes.
class TrackingSource final : public ppc::ByteSource {
 public:
  TrackingSource(PackageFile& file, Progress* progress);
  std::size_t read(std::span<uint8_t> out) override;
  uint64_t bytes_read() const { return bytes_; }
  // Reads whatever the reader left unread and returns the SHA-256 of the whole file.
  std::array<uint8_t, 32> whole_file_sha256();

 private:
  ppc::FdSource source_;
  ppc::MultiHasher hasher_;
  Progress* progress_;
  uint64_t bytes_ = 0;
};

// Whether the file starts with the PPC magic (else it may be a zip or tar archive).
bool starts_like_package(const std::string& path);

// SHA-256 of a whole file, read in one pass.
std::array<uint8_t, 32> file_sha256(const std::string& path, Progress* progress = nullptr);

// The package without its ".ppc" (or ".zip"/".tar") suffix: the default output directory.
std::string default_output_dir(const std::string& package_path);

// "missing", "match" or "MISMATCH" for PKG.sha256 against `digest`.
std::string sidecar_status(const std::string& package_path, const std::array<uint8_t, 32>& digest);

}  // namespace biunzip
