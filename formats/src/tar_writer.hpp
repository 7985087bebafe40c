#pragma once
// The pax tar layer (internal): libarchive writes entries into a byte callback. Names are kept
// byte-exact (hdrcharset=BINARY); PPC metadata rides in pax records as user.ppc.* xattrs so any
// tar lists the payload and libarchive readers see them (docs/FORMAT.md, "Entries").
#include <archive.h>
#include <archive_entry.h>

#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "ppc/entry.hpp"

namespace ppc::detail {

struct ArchiveWriteDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ArchiveReadDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct ArchiveEntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using ArchiveEntryPtr = std::unique_ptr<archive_entry, ArchiveEntryDeleter>;

// Custom pax attributes, stored as xattrs "user.ppc.<key>".
using PaxExtras = std::map<std::string, std::string>;
inline constexpr std::string_view kXattrPrefix = "user.ppc.";

class TarWriter {
 public:
  using Output = std::function<void(std::span<const uint8_t>)>;
  explicit TarWriter(Output output);
  void begin(const EntryMeta& meta, const PaxExtras& extras);
  void data(std::span<const uint8_t> bytes);
  void end();
  void close();  // writes the end-of-archive blocks

 private:
  static la_ssize_t write_cb(archive*, void* self, const void* buf, size_t n);
  void check(int rc, const char* what);
  Output output_;
  std::unique_ptr<archive, ArchiveWriteDeleter> a_;
  std::exception_ptr error_;
};

}  // namespace ppc::detail
