#include "biunzip/package_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "ppc/error.hpp"
#include "ppc/sidecar.hpp"

namespace biunzip {
namespace {

std::array<uint8_t, 32> digest_from_hex(const std::string& hex) {
  std::array<uint8_t, 32> out{};
  if (!ppc::from_hex(hex, out)) ppc::fail(ppc::ErrorClass::crypto, "bad digest " + hex);
  return out;
}

std::string base_name(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

PackageFile::PackageFile(const std::string& path) : path_(path) {
  fd_.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd_) ppc::fail_errno("cannot open " + path);
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) ppc::fail_errno("cannot stat " + path);
  if (!S_ISREG(st.st_mode)) ppc::fail(ppc::ErrorClass::io, path + ": not a regular file");
  volumes_ = ppc::find_volumes(path);
}

ppc::HeaderInfo PackageFile::read_header() {
  if (::lseek(fd_.get(), 0, SEEK_SET) != 0) ppc::fail_errno("cannot seek " + path_);
  ppc::FdSource source(fd_.get(), path_);
  ppc::HeaderInfo header = ppc::read_header(source);
  if (::lseek(fd_.get(), 0, SEEK_SET) != 0) ppc::fail_errno("cannot seek " + path_);
  return header;
}

TrackingSource::TrackingSource(PackageFile& file, Progress* progress)
    : source_(file.volumes(), file.zero_fill()), progress_(progress) {}

std::size_t TrackingSource::read(std::span<uint8_t> out) {
  std::size_t n = source_.read(out);
  hasher_.update(out.first(n));
  bytes_ += n;
  if (progress_) progress_->add(n);
  return n;
}

std::array<uint8_t, 32> TrackingSource::whole_file_sha256() {
  std::vector<uint8_t> buf(1 << 20);
  try {
    while (read(buf) > 0) {
    }
  } catch (const ppc::Error& e) {
    // A missing or truncated volume (already reported by the read): the digest covers the
    // bytes up to it and cannot match the sidecar.
    if (e.error_class() != ppc::ErrorClass::truncated || source_.set().problems.empty()) throw;
  }
  return digest_from_hex(hasher_.finish().sha256);
}

std::array<uint8_t, 32> file_sha256(const std::string& path, Progress* progress,
                                    std::vector<ppc::VolumeInfo>* volumes) {
  PackageFile file(path);
  TrackingSource source(file, progress);
  std::array<uint8_t, 32> digest = source.whole_file_sha256();
  if (volumes) *volumes = source.volumes_read();
  return digest;
}

bool starts_like_package(const std::string& path) {
  std::vector<uint8_t> head(ppc::kMagic.size());
  PackageFile f(path);
  ssize_t n = ::pread(f.fd(), head.data(), head.size(), 0);
  return n == static_cast<ssize_t>(head.size()) &&
         std::equal(head.begin(), head.end(), ppc::kMagic.begin());
}

std::string default_output_dir(const std::string& package_path) {
  for (const char* suffix : {".ppc", ".zip", ".tar", ".PPC", ".ZIP", ".TAR"}) {
    std::string_view s(suffix);
    if (package_path.size() > s.size() && package_path.ends_with(s) &&
        base_name(package_path).size() > s.size()) {
      return package_path.substr(0, package_path.size() - s.size());
    }
  }
  return package_path + ".d";
}

std::string sidecar_status(const std::string& package_path, const std::array<uint8_t, 32>& digest,
                           const std::vector<ppc::VolumeInfo>& volumes) {
  std::string sidecar = package_path + ".sha256";
  if (::access(sidecar.c_str(), F_OK) != 0) return "missing";
  std::vector<uint8_t> bytes = ppc::read_file(sidecar);
  std::string text(bytes.begin(), bytes.end());
  if (volumes.size() > 1) {
    for (const ppc::VolumeInfo& v : volumes) {
      std::string listed = ppc::parse_sha256sum(text, base_name(v.path));
      if (listed.empty()) return "missing";
      if (listed != ppc::to_hex(v.sha256)) return "MISMATCH";
    }
    return "match";
  }
  std::string expected = ppc::parse_sha256sum(text, base_name(package_path));
  if (expected.empty() && text.size() >= 64) {
    expected = text.substr(0, 64);  // a renamed package: the sidecar's only digest still counts
  }
  std::transform(expected.begin(), expected.end(), expected.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return expected == ppc::to_hex(digest) ? "match" : "MISMATCH";
}

}  // namespace biunzip
