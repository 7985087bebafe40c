#include "tar_writer.hpp"

#include <utility>

#include "ppc/error.hpp"

namespace ppc::detail {

TarWriter::TarWriter(Output output) : output_(std::move(output)), a_(archive_write_new()) {
  if (!a_) fail(ErrorClass::io, "libarchive: cannot create a writer");
  check(archive_write_set_format_pax(a_.get()), "pax format");
  // SCHILY.xattr records only: GNU tar knows them and stays quiet; LIBARCHIVE.* records make it
  // warn.
  check(archive_write_set_options(a_.get(), "xattrheader=SCHILY"), "xattrheader");
  // Unblocked output: every header and data block goes straight to the compressor.
  check(archive_write_set_bytes_per_block(a_.get(), 0), "block size");
  check(archive_write_open2(a_.get(), this, nullptr, &TarWriter::write_cb, nullptr, nullptr),
        "open");
}

la_ssize_t TarWriter::write_cb(archive* a, void* self, const void* buf, size_t n) {
  auto* w = static_cast<TarWriter*>(self);
  try {
    w->output_({static_cast<const uint8_t*>(buf), n});
    return static_cast<la_ssize_t>(n);
  } catch (...) {
    w->error_ = std::current_exception();
    archive_set_error(a, EIO, "output failed");
    return -1;
  }
}

void TarWriter::check(int rc, const char* what) {
  if (rc >= ARCHIVE_WARN) return;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  const char* msg = archive_error_string(a_.get());
  fail(ErrorClass::io, std::string("tar ") + what + ": " + (msg ? msg : "libarchive error"));
}

void TarWriter::begin(const EntryMeta& meta, const PaxExtras& extras) {
  ArchiveEntryPtr e(archive_entry_new());
  // Names are raw bytes. In the C locale libarchive cannot convert non-ASCII bytes to UTF-8, so
  // it marks just those entries hdrcharset=BINARY and stores the bytes as they are (ASCII names
  // need no such record). Setting a UTF-8 name instead crashes libarchive 3.6 in the C locale.
  archive_entry_copy_pathname(e.get(), meta.name.c_str());
  switch (meta.type) {
    case EntryType::file:
      archive_entry_set_filetype(e.get(), AE_IFREG);
      archive_entry_set_size(e.get(), static_cast<la_int64_t>(meta.size));
      break;
    case EntryType::symlink:
      archive_entry_set_filetype(e.get(), AE_IFLNK);
      archive_entry_copy_symlink(e.get(), meta.symlink_target.c_str());
      break;
    case EntryType::directory:
      archive_entry_set_filetype(e.get(), AE_IFDIR);
      break;
  }
  archive_entry_set_perm(e.get(), meta.mode & 07777);
  archive_entry_set_uid(e.get(), meta.uid);
  archive_entry_set_gid(e.get(), meta.gid);
  if (!meta.uname.empty()) archive_entry_copy_uname(e.get(), meta.uname.c_str());
  if (!meta.gname.empty()) archive_entry_copy_gname(e.get(), meta.gname.c_str());
  if (meta.mtime) archive_entry_set_mtime(e.get(), meta.mtime->sec, meta.mtime->nsec);
  if (meta.atime) archive_entry_set_atime(e.get(), meta.atime->sec, meta.atime->nsec);
  if (meta.ctime) archive_entry_set_ctime(e.get(), meta.ctime->sec, meta.ctime->nsec);
  // libarchive's pax writer drops inode, device and link count, and writes birth time as a
  // LIBARCHIVE.* record other tars warn about: all four travel as user.ppc.* records instead.
  PaxExtras all = extras;
  if (meta.btime)
    all["btime"] = std::to_string(meta.btime->sec) + "." +
                   std::to_string(1'000'000'000 + meta.btime->nsec).substr(1);
  if (meta.ino) all["ino"] = std::to_string(*meta.ino);
  if (meta.dev) all["dev"] = std::to_string(*meta.dev);
  if (meta.nlink) all["nlink"] = std::to_string(*meta.nlink);
  for (const auto& [key, value] : all) {
    std::string name = std::string(kXattrPrefix) + key;
    archive_entry_xattr_add_entry(e.get(), name.c_str(), value.data(), value.size());
  }
  check(archive_write_header(a_.get(), e.get()), "header");
}

void TarWriter::data(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    la_ssize_t n = archive_write_data(a_.get(), bytes.data(), bytes.size());
    if (n <= 0) check(ARCHIVE_FATAL, "data");
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
}

void TarWriter::end() {
  check(archive_write_finish_entry(a_.get()), "entry end");
}

void TarWriter::close() {
  check(archive_write_close(a_.get()), "close");
}

}  // namespace ppc::detail
