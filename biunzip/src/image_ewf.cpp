#include "image_ewf.hpp"

#include <libewf.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "ppc/error.hpp"
#include "ppc/hashing.hpp"

namespace biunzip {
namespace {

[[noreturn]] void ewf_fail(const std::string& what, libewf_error_t* error) {
  char message[512] = "";
  if (error) {
    libewf_error_sprint(error, message, sizeof message);
    libewf_error_free(&error);
  }
  ppc::fail(ppc::ErrorClass::io, "E01: " + what + (message[0] ? std::string(": ") + message : ""));
}

// EWF header dates are "YYYY MM DD hh mm ss"; the collector records ISO 8601 UTC.
std::string ewf_date(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6) return {};
  char out[32];
  std::snprintf(out, sizeof out, "%04d %02d %02d %02d %02d %02d", y, mo, d, h, mi, s);
  return out;
}

}  // namespace

struct EwfWriter::Impl {
  libewf_handle_t* handle = nullptr;
  const ImageRecord& record;
  explicit Impl(const ImageRecord& r) : record(r) {}

  void check(int rc, libewf_error_t* error, const std::string& what) {
    if (rc != 1) ewf_fail(what, error);
  }
  void header(const char* id, const std::string& value) {
    if (value.empty()) return;
    libewf_error_t* error = nullptr;
    check(libewf_handle_set_utf8_header_value(
              handle, reinterpret_cast<const uint8_t*>(id), std::strlen(id),
              reinterpret_cast<const uint8_t*>(value.data()), value.size(), &error),
          error, std::string("header value ") + id);
  }
};

EwfWriter::EwfWriter(const std::string& base, const ImageRecord& r, uint64_t segment_size)
    : impl_(std::make_unique<Impl>(r)) {
  libewf_error_t* error = nullptr;
  Impl& w = *impl_;
  w.check(libewf_handle_initialize(&w.handle, &error), error, "initialize");
  // libewf names the segments itself: <base>.E01, .E02, ...
  std::string first = base + ".E01";
  std::vector<char> name(base.begin(), base.end());
  name.push_back('\0');
  char* names[] = {name.data()};
  w.check(libewf_handle_open(w.handle, names, 1, LIBEWF_OPEN_WRITE, &error), error,
          "cannot create " + first);
  w.check(libewf_handle_set_format(w.handle, LIBEWF_FORMAT_ENCASE6, &error), error, "format");
  w.check(libewf_handle_set_media_size(w.handle, r.size, &error), error, "media size");
  w.check(libewf_handle_set_bytes_per_sector(w.handle, r.logical_sector, &error), error,
          "sector size");
  w.check(libewf_handle_set_maximum_segment_size(w.handle, segment_size, &error), error,
          "segment size");
  // Fast deflate, and zero blocks (unwritten space, unreadable sectors) stored as one byte.
  w.check(libewf_handle_set_compression_values(w.handle, LIBEWF_COMPRESSION_FAST,
                                               LIBEWF_COMPRESS_FLAG_USE_EMPTY_BLOCK_COMPRESSION,
                                               &error),
          error, "compression");
  w.check(libewf_handle_set_media_type(w.handle, LIBEWF_MEDIA_TYPE_FIXED, &error), error,
          "media type");
  if (r.kind == "block-device")
    w.check(libewf_handle_set_media_flags(w.handle, LIBEWF_MEDIA_FLAG_PHYSICAL, &error), error,
            "media flags");
  w.header("case_number", r.case_id);
  w.header("examiner_name", r.examiner);
  w.header("evidence_number", r.name);
  w.header("description", "collector --image " + r.source +
                              (r.organization.empty() ? "" : " (" + r.organization + ")"));
  std::string notes = r.case_note;
  if (!r.note.empty()) notes += (notes.empty() ? "" : "; ") + r.note;
  if (!r.errors.empty())
    notes += (notes.empty() ? "" : "; ") + std::to_string(r.errors.size()) +
             " unreadable ranges stored as zeros";
  w.header("notes", notes);
  w.header("acquiry_date", ewf_date(r.started_utc));
  w.header("system_date", ewf_date(r.ended_utc));
  w.header("acquiry_operating_system", "Linux");
  w.header("acquiry_software", "collector (PPC), biunzip image");
  w.header("model", r.model);
  w.header("serial_number", r.serial);
}

EwfWriter::~EwfWriter() {
  if (!impl_ || !impl_->handle) return;
  libewf_handle_close(impl_->handle, nullptr);
  libewf_handle_free(&impl_->handle, nullptr);
}

void EwfWriter::write(std::span<const uint8_t> data) {
  while (!data.empty()) {
    libewf_error_t* error = nullptr;
    ssize_t n = libewf_handle_write_buffer(impl_->handle, data.data(), data.size(), &error);
    if (n <= 0) ewf_fail("write failed", error);
    data = data.subspan(static_cast<std::size_t>(n));
  }
}

void EwfWriter::finish(const std::string& md5_hex, const std::string& sha1_hex) {
  Impl& w = *impl_;
  libewf_error_t* error = nullptr;
  uint8_t md5[16], sha1[20];
  if (ppc::from_hex(md5_hex, md5))
    w.check(libewf_handle_set_md5_hash(w.handle, md5, sizeof md5, &error), error, "MD5");
  if (ppc::from_hex(sha1_hex, sha1))
    w.check(libewf_handle_set_sha1_hash(w.handle, sha1, sizeof sha1, &error), error, "SHA-1");
  const uint64_t sector = w.record.logical_sector;
  for (const ImageRecord::Range& e : w.record.errors)
    w.check(libewf_handle_append_acquiry_error(w.handle, e.offset / sector,
                                               (e.length + sector - 1) / sector, &error),
            error, "acquiry error");
  if (libewf_handle_write_finalize(w.handle, &error) < 0) ewf_fail("finalize", error);
  if (libewf_handle_close(w.handle, &error) != 0) ewf_fail("close", error);  // 0: closed
  libewf_handle_free(&w.handle, nullptr);
}

}  // namespace biunzip
