#include "biunzip/image_export.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "biunzip/output_tree.hpp"
#include "biunzip/unique_fd.hpp"
#include "image_ewf.hpp"
#include "ppc/error.hpp"
#include "ppc/hashing.hpp"

namespace biunzip {
namespace {

constexpr std::size_t kBlock = 4u << 20;

UniqueFd create_output(const std::string& path, bool force) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (force ? O_TRUNC : O_EXCL);
  UniqueFd fd(::open(path.c_str(), flags, 0644));
  if (!fd)
    ppc::fail(errno == EEXIST ? ppc::ErrorClass::usage : ppc::ErrorClass::io,
              path + ": " + std::strerror(errno) + (errno == EEXIST ? " (use --force)" : ""));
  return fd;
}

// Reads the whole image once; each block goes to `sink` and to the digests.
template <class Sink>
ppc::Digests stream_image(int in, uint64_t size, const std::string& name, Sink&& sink) {
  ppc::MultiHasher hasher(ppc::HashSelection{true, true});
  std::vector<uint8_t> buf(kBlock);
  uint64_t done = 0;
  while (done < size) {
    std::size_t want = static_cast<std::size_t>(std::min<uint64_t>(kBlock, size - done));
    ssize_t n = ::read(in, buf.data(), want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ppc::fail(ppc::ErrorClass::io, name + ": " + std::strerror(errno));
    if (n == 0) ppc::fail(ppc::ErrorClass::io, name + ": shorter than the image's recorded size");
    std::span<const uint8_t> data(buf.data(), static_cast<std::size_t>(n));
    hasher.update(data);
    sink(data);
    done += static_cast<uint64_t>(n);
  }
  return hasher.finish();
}

bool agrees(const std::string& recorded, const std::string& computed) {
  return recorded.empty() || recorded == computed;
}

}  // namespace

ImageExportResult export_image(const ImageExportOptions& o) {
  if (o.format != "raw" && o.format != "e01")
    ppc::fail(ppc::ErrorClass::usage, "--format " + o.format + ": expected raw or e01");
  ImageExportResult res;
  res.record = load_image_record(o.dir, o.name);
  const std::string input = o.dir + "/images/" + o.name + ".raw";
  UniqueFd in(::open(input.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in) ppc::fail(ppc::ErrorClass::usage, input + ": " + std::strerror(errno));
  ::posix_fadvise(in.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  ppc::Digests d;
  if (o.format == "raw") {
    std::string path = o.base + ".raw";
    UniqueFd out = create_output(path, o.force);
    d = stream_image(in.get(), res.record.size, input, [&](std::span<const uint8_t> data) {
      OutputTree::write_sparse(out.get(), data, path);
    });
    if (::ftruncate(out.get(), static_cast<off_t>(res.record.size)) != 0 || ::close(out.release()))
      ppc::fail(ppc::ErrorClass::io, path + ": " + std::strerror(errno));
    res.files.push_back(path);
  } else {
    // EWF counts whole sectors: a tail would be dropped and the MD5 would no longer verify.
    if (res.record.size % res.record.logical_sector != 0)
      ppc::fail(ppc::ErrorClass::usage, "image " + o.name + ": " + std::to_string(res.record.size) +
                                            " bytes is not a whole number of " +
                                            std::to_string(res.record.logical_sector) +
                                            "-byte sectors; E01 cannot hold it (use --format raw)");
    if (!o.force && ::access((o.base + ".E01").c_str(), F_OK) == 0)
      ppc::fail(ppc::ErrorClass::usage, o.base + ".E01: exists (use --force)");
    // The EWF digests are the collector's; they are checked against the bytes below.
    EwfWriter ewf(o.base, res.record, o.segment_size);
    d = stream_image(in.get(), res.record.size, input,
                     [&](std::span<const uint8_t> data) { ewf.write(data); });
    ewf.finish(d.md5, d.sha1);
    res.files.push_back(o.base + ".E01");
    for (int i = 2; i < 100; ++i) {
      char ext[8];
      std::snprintf(ext, sizeof ext, ".E%02d", i);
      if (::access((o.base + ext).c_str(), F_OK) != 0) break;
      res.files.push_back(o.base + ext);
    }
  }
  res.md5 = d.md5;
  res.sha1 = d.sha1;
  res.sha256 = d.sha256;
  const ImageRecord& r = res.record;
  res.digests_match = agrees(r.md5, d.md5) && agrees(r.sha1, d.sha1) && agrees(r.sha256, d.sha256);
  if (!res.digests_match)
    ppc::fail(ppc::ErrorClass::manifest,
              "image " + o.name + ": the digests of the bytes written (sha256 " + d.sha256 +
                  ") disagree with the collector's record (sha256 " + r.sha256 + ")");
  return res;
}

}  // namespace biunzip
