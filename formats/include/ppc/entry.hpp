#pragma once
// What an entry of a package records about its source, and the status of how it was read.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ppc/hashing.hpp"

namespace ppc {

struct Timestamp {
  int64_t sec = 0;
  int32_t nsec = 0;
};

enum class EntryType : uint8_t { file, symlink, directory };

// How completely an entry's source was read. The stored bytes and their digests always agree;
// the status says how they relate to the source.
enum class EntryStatus : uint8_t {
  complete,    // exactly `size` bytes were read and the source ended there
  grew,        // the source had more than `size` bytes at the end; the first `size` are stored
  shrank,      // the source ended early; the missing tail is stored as zero bytes
  read_error,  // a read failed part way; the rest is stored as zero bytes
  truncated,   // a size limit cut the source; the first `size` bytes are stored
};
std::string_view to_string(EntryStatus s);
std::optional<EntryStatus> parse_entry_status(std::string_view s);

struct EntryMeta {
  std::string name;  // path inside the package, raw bytes ("files/etc/passwd", "live/users.jsonl")
  EntryType type = EntryType::file;
  uint64_t size = 0;  // bytes the entry holds (for files read from a descriptor: size at open)
  // `size` is a limit below the source's size: bytes past it are expected, and the entry's
  // status is `truncated` rather than `grew`.
  bool size_limited = false;
  // For bytes handed over in memory (add_bytes, add_text): how the caller obtained them, e.g.
  // read_error for a /proc file whose read failed part way. Ignored when reading a source.
  EntryStatus source_status = EntryStatus::complete;
  uint32_t mode = 0644;  // permission bits and set-id bits of the source (no file type bits)
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::string uname;
  std::string gname;
  std::optional<Timestamp> mtime;
  std::optional<Timestamp> atime;
  std::optional<Timestamp> ctime;
  std::optional<Timestamp> btime;  // birth time, when the file system reports it
  std::optional<uint64_t> ino;
  std::optional<uint64_t> dev;
  std::optional<uint32_t> nlink;
  std::string symlink_target;  // for EntryType::symlink
};

// Prefix rules of entry names (docs/FORMAT.md, "Entries").
inline constexpr std::string_view kFilesPrefix = "files/";
inline constexpr std::string_view kLivePrefix = "live/";
inline constexpr std::string_view kInternalPrefix = "ppc/";
// "files/" + the original absolute path without its leading '/'.
std::string evidence_entry_name(std::string_view original_absolute_path);

}  // namespace ppc
