#pragma once
// The pax tar layer, reading side (internal): libarchive reads the decompressed payload as it
// is pulled from the PayloadDecoder, and each header becomes an EntryInfo with the PPC records
// (docs/FORMAT.md, "Entries").
#include <exception>
#include <memory>

#include "payload_decoder.hpp"
#include "ppc/reader.hpp"
#include "tar_writer.hpp"

namespace ppc::detail {

struct TarReader {
  std::unique_ptr<archive, ArchiveReadDeleter> a{archive_read_new()};
  PayloadDecoder& decoder;
  std::exception_ptr error;  // what the decoder threw inside libarchive's read callback

  // Reads the first header block at once: throws what the decoder throws, or
  // payload_malformed when the payload does not start a tar archive.
  explicit TarReader(PayloadDecoder& d);
  // Returns for ARCHIVE_OK and ARCHIVE_WARN; otherwise rethrows the decoder's error, or
  // throws payload_malformed with libarchive's message.
  void check(int rc, const char* what);

 private:
  static la_ssize_t read_cb(archive* ar, void* self, const void** buf);
};

// The entry's metadata, pax digests and status. Throws unsafe_entry for devices, FIFOs and
// sockets.
EntryInfo entry_info(archive_entry* e);

}  // namespace ppc::detail
