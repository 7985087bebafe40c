#pragma once
// `biunzip image`: a disk or volume image stored by the collector (--image, entry
// images/<name>.raw) written out as a raw file (sparse: for losetup, mount -o ro, fls) or as an
// E01 (EnCase 6 style, libewf) carrying the case, the examiner, the notes, the acquisition dates,
// the unreadable ranges and the source's MD5 and SHA-1. Either way the bytes are hashed as they
// are written and checked against the digests the collector recorded in case.db.
#include <cstdint>
#include <string>
#include <vector>

#include "biunzip/extract_summary.hpp"

namespace biunzip {

// What case.db (`images`, `image_errors`) and custody.json say about one image.
struct ImageRecord {
  std::string name, source, kind, model, serial;
  uint64_t size = 0, bytes_read = 0;
  uint32_t logical_sector = 512;
  std::string md5, sha1, sha256;
  std::string started_utc, ended_utc, status, note;
  struct Range {
    uint64_t offset = 0, length = 0;
    int error = 0;
  };
  std::vector<Range> errors;
  std::string case_id, examiner, organization, case_note;
};

// Reads the record of image `name` from an extracted package directory. Throws Error(usage)
// when the directory holds no such image.
ImageRecord load_image_record(const std::string& dir, const std::string& name);

// After an extraction into `dir`: each image's entry digest (SHA-256, checked by the reader
// against its checkpoint) must equal the source's digest the collector recorded in case.db; a
// match notes it on the entry, a mismatch is a problem of class manifest (exit 11).
void check_image_digests(const std::string& dir, ExtractSummary& summary);

struct ImageExportOptions {
  std::string dir;     // an extracted package (images/<name>.raw, case.db, custody.json)
  std::string name;    // the image's name (images/<name>.raw)
  std::string format;  // raw | e01
  std::string base;    // output: <base>.raw, or <base>.E01, .E02, ...
  uint64_t segment_size = 1500ull << 20;  // E01 segment files (EnCase's default 1.5 GiB)
  bool force = false;                     // overwrite existing outputs
};

struct ImageExportResult {
  ImageRecord record;
  std::vector<std::string> files;  // written, in order
  std::string md5, sha1, sha256;   // of the bytes written
  bool digests_match = false;      // every digest the collector recorded agrees
};

// Throws Error(manifest) when a digest disagrees (the outputs stay, for examination), Error(io)
// for a write failure, Error(usage) for a missing image or an existing output without `force`.
ImageExportResult export_image(const ImageExportOptions& options);

}  // namespace biunzip
