#include "tar_reader.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

namespace ppc::detail {

TarReader::TarReader(PayloadDecoder& d) : decoder(d) {
  archive_read_support_format_tar(a.get());
  if (archive_read_open(a.get(), this, nullptr, &TarReader::read_cb, nullptr) != ARCHIVE_OK)
    check(ARCHIVE_FATAL, "open");
}

la_ssize_t TarReader::read_cb(archive* ar, void* self, const void** buf) {
  auto* r = static_cast<TarReader*>(self);
  try {
    auto bytes = r->decoder.pull();
    *buf = bytes.data();
    return static_cast<la_ssize_t>(bytes.size());
  } catch (...) {
    r->error = std::current_exception();
    archive_set_error(ar, EIO, "payload read failed");
    return -1;
  }
}

void TarReader::check(int rc, const char* what) {
  if (rc >= ARCHIVE_WARN) return;
  if (error) std::rethrow_exception(std::exchange(error, nullptr));
  const char* msg = archive_error_string(a.get());
  fail(ErrorClass::payload_malformed,
       std::string("payload tar ") + what + ": " + (msg ? msg : "error"));
}

namespace {

std::optional<uint64_t> parse_number(const std::string& v) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  return n;
}

// "<seconds>.<9 digits>"
std::optional<Timestamp> parse_time(const std::string& v) {
  std::size_t dot = v.find('.');
  int64_t sec = 0;
  int32_t nsec = 0;
  const char* end = v.data() + v.size();
  auto [p1, e1] = std::from_chars(v.data(), v.data() + std::min(dot, v.size()), sec);
  if (e1 != std::errc()) return std::nullopt;
  if (dot != std::string::npos) {
    auto [p2, e2] = std::from_chars(v.data() + dot + 1, end, nsec);
    if (e2 != std::errc() || p2 != end) return std::nullopt;
  } else if (p1 != end) {
    return std::nullopt;
  }
  return Timestamp{sec, nsec};
}

}  // namespace

EntryInfo entry_info(archive_entry* e) {
  EntryInfo info;
  EntryMeta& m = info.meta;
  // Raw bytes first (hdrcharset=BINARY entries); a UTF-8 path the C locale cannot show as
  // bytes is asked for in UTF-8.
  const char* name = archive_entry_pathname(e);
  if (!name) name = archive_entry_pathname_utf8(e);
  m.name = name ? name : "";
  switch (archive_entry_filetype(e)) {
    case AE_IFREG:
      m.type = EntryType::file;
      break;
    case AE_IFLNK:
      m.type = EntryType::symlink;
      break;
    case AE_IFDIR:
      m.type = EntryType::directory;
      break;
    default:
      fail(ErrorClass::unsafe_entry, "entry '" + m.name + "' is a device, FIFO or socket");
  }
  const char* target = archive_entry_symlink(e);
  if (!target) target = archive_entry_symlink_utf8(e);
  if (target) m.symlink_target = target;
  m.size = static_cast<uint64_t>(std::max<la_int64_t>(0, archive_entry_size(e)));
  m.mode = archive_entry_perm(e);
  m.uid = static_cast<uint32_t>(archive_entry_uid(e));
  m.gid = static_cast<uint32_t>(archive_entry_gid(e));
  if (const char* u = archive_entry_uname(e)) m.uname = u;
  if (const char* g = archive_entry_gname(e)) m.gname = g;
  if (archive_entry_mtime_is_set(e))
    m.mtime = Timestamp{archive_entry_mtime(e), static_cast<int32_t>(archive_entry_mtime_nsec(e))};
  if (archive_entry_atime_is_set(e))
    m.atime = Timestamp{archive_entry_atime(e), static_cast<int32_t>(archive_entry_atime_nsec(e))};
  if (archive_entry_ctime_is_set(e))
    m.ctime = Timestamp{archive_entry_ctime(e), static_cast<int32_t>(archive_entry_ctime_nsec(e))};
  Digests d;
  archive_entry_xattr_reset(e);
  const char* xname;
  const void* value;
  size_t size;
  bool any = false;
  while (archive_entry_xattr_next(e, &xname, &value, &size) == ARCHIVE_OK) {
    std::string_view key(xname);
    if (key.substr(0, kXattrPrefix.size()) != kXattrPrefix) continue;
    key.remove_prefix(kXattrPrefix.size());
    std::string v(static_cast<const char*>(value), size);
    if (key == "sha256") d.sha256 = v, any = true;
    if (key == "md5") d.md5 = v;
    if (key == "sha1") d.sha1 = v;
    if (key == "status") info.declared_status = parse_entry_status(v);
    if (key == "ino") m.ino = parse_number(v);
    if (key == "dev") m.dev = parse_number(v);
    if (key == "nlink") m.nlink = static_cast<uint32_t>(parse_number(v).value_or(0));
    if (key == "btime") m.btime = parse_time(v);
  }
  if (any) info.declared = d;
  return info;
}

}  // namespace ppc::detail
