#include "biunzip/archive_extract.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include "biunzip/key_input.hpp"
#include "biunzip/text.hpp"
#include "ppc/hashing.hpp"

namespace biunzip {
namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

std::string error_text(archive* a) {
  const char* msg = archive_error_string(a);
  return msg ? msg : "libarchive error";
}

[[noreturn]] void archive_fail(ppc::ErrorClass c, archive* a, const std::string& what) {
  ppc::fail(c, what + ": " + error_text(a));
}

// libarchive asks for more passphrases when the ones added fail; this asks the analyst, once.
struct PromptState {
  bool asked = false;
  ppc::SecureString passphrase;
};

const char* prompt_callback(archive*, void* data) {
  auto* state = static_cast<PromptState*>(data);
  if (state->asked) return nullptr;
  state->asked = true;
  state->passphrase = prompt_passphrase("Zip passphrase: ");
  return state->passphrase.empty() ? nullptr : state->passphrase.c_str();
}

ArchivePtr open_archive(const std::string& path, const std::vector<std::string>& passphrases,
                        PromptState* prompt) {
  ArchivePtr a(archive_read_new(), &archive_read_free);
  if (!a) ppc::fail(ppc::ErrorClass::io, "libarchive: out of memory");
  archive_read_support_filter_all(a.get());
  archive_read_support_format_zip(a.get());
  archive_read_support_format_tar(a.get());
  for (const std::string& p : passphrases) archive_read_add_passphrase(a.get(), p.c_str());
  if (prompt) archive_read_set_passphrase_callback(a.get(), prompt, &prompt_callback);
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    archive_fail(ppc::ErrorClass::io, a.get(), path);
  }
  return a;
}

// Passphrase problems are key failures; anything else while reading data is integrity.
ppc::ErrorClass data_error_class(archive* a) {
  std::string m = error_text(a);
  if (m.find("assphrase") != std::string::npos) return ppc::ErrorClass::wrong_passphrase;
  if (m.find("ecryption is unsupported") != std::string::npos) return ppc::ErrorClass::crypto;
  return ppc::ErrorClass::chunk_auth;
}

ppc::ErrorClass header_error_class(archive* a) {
  std::string m = error_text(a);
  if (m.find("runcated") != std::string::npos) return ppc::ErrorClass::truncated;
  return ppc::ErrorClass::payload_malformed;
}

std::optional<ppc::Timestamp> entry_mtime(archive_entry* e) {
  if (!archive_entry_mtime_is_set(e)) return std::nullopt;
  return ppc::Timestamp{archive_entry_mtime(e), static_cast<int32_t>(archive_entry_mtime_nsec(e))};
}

class ArchiveExtractor {
 public:
  ArchiveExtractor(archive* a, OutputTree& tree, ExtractSummary& summary)
      : a_(a), tree_(tree), summary_(summary) {}

  void entry(archive_entry* e) {
    std::string name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    mode_t type = archive_entry_filetype(e);
    if (type == AE_IFDIR && names_output_root(name)) return;  // "./": the output directory
    try {
      if (is_reserved_output_name(name)) {
        refuse(name, "the name is reserved for biunzip's own records");
      } else if (archive_entry_hardlink(e) != nullptr) {
        refuse(name, "hard links are not extracted");
      } else if (type == AE_IFREG) {
        file(e, name);
      } else if (type == AE_IFDIR) {
        tree_.make_directory(name, archive_entry_perm(e), entry_mtime(e));
        ++summary_.directories;
      } else if (type == AE_IFLNK) {
        symlink(e, name);
      } else {
        refuse(name, "devices, FIFOs and sockets are not extracted");
      }
    } catch (const ppc::Error& err) {
      if (err.error_class() == ppc::ErrorClass::unsafe_entry ||
          err.error_class() == ppc::ErrorClass::limit) {
        summary_.refuse(err);
      } else if (err.error_class() == ppc::ErrorClass::io) {
        throw;  // the output is unusable: stop
      } else {
        summary_.problem(err);
      }
    }
  }

 private:
  [[noreturn]] void refuse(const std::string& name, const std::string& why) {
    ppc::fail(ppc::ErrorClass::unsafe_entry, printable(name) + ": refused, " + why);
  }

  void file(archive_entry* e, const std::string& name) {
    uint64_t declared = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
    UniqueFd fd = tree_.create_file(name, declared);
    ppc::MultiHasher hasher;
    uint64_t written = 0;
    try {
      written = copy_data(fd.get(), name, hasher);
    } catch (...) {
      fd.reset();
      tree_.remove_file(name);
      throw;
    }
    ExtractedEntry out{name, "file", written, hasher.finish().sha256, "complete", "crc", ""};
    uint32_t perm = archive_entry_mode(e) & 07777;
    if (perm & 07000) out.note = "set-uid/set-gid/sticky bits removed";
    tree_.finish_file(std::move(fd), name, perm, entry_mtime(e), entry_mtime(e));
    summary_.entries.push_back(std::move(out));
    ++summary_.files;
    summary_.bytes += written;
  }

  uint64_t copy_data(int fd, const std::string& name, ppc::MultiHasher& hasher) {
    uint64_t written = 0;
    for (;;) {
      const void* buf = nullptr;
      size_t len = 0;
      la_int64_t offset = 0;
      int r = archive_read_data_block(a_, &buf, &len, &offset);
      if (r == ARCHIVE_EOF) return written;
      if (r != ARCHIVE_OK) archive_fail(data_error_class(a_), a_, printable(name));
      if (static_cast<uint64_t>(offset) < written) {
        ppc::fail(ppc::ErrorClass::payload_malformed, printable(name) + ": data blocks overlap");
      }
      // A sparse tar's holes: zeros for the digest, a hole on disk.
      static const std::array<uint8_t, 4096> kZeros{};
      for (uint64_t gap = static_cast<uint64_t>(offset) - written; gap > 0;) {
        std::size_t n = static_cast<std::size_t>(std::min<uint64_t>(gap, kZeros.size()));
        hasher.update(std::span<const uint8_t>(kZeros.data(), n));
        gap -= n;
      }
      OutputTree::skip_zeros(fd, static_cast<uint64_t>(offset) - written, name);
      written = static_cast<uint64_t>(offset);
      std::span<const uint8_t> data(static_cast<const uint8_t*>(buf), len);
      OutputTree::write_sparse(fd, data, name);
      hasher.update(data);
      written += len;
    }
  }

  void symlink(archive_entry* e, const std::string& name) {
    const char* target = archive_entry_symlink(e);
    std::string t = target ? target : "";
    bool real = tree_.make_symlink(name, t, entry_mtime(e));
    summary_.entries.push_back(
        {name, real ? "symlink" : "symlink-as-text", t.size(), "", "complete", "", ""});
    ++summary_.symlinks;
  }

  archive* a_;
  OutputTree& tree_;
  ExtractSummary& summary_;
};

}  // namespace

bool looks_like_archive(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return false;
  std::array<char, 512> head{};
  ssize_t n = ::read(fd.get(), head.data(), head.size());
  if (n >= 4 &&
      (std::memcmp(head.data(), "PK\3\4", 4) == 0 || std::memcmp(head.data(), "PK\5\6", 4) == 0)) {
    return true;
  }
  return n == 512 && std::memcmp(head.data() + 257, "ustar", 5) == 0;
}

ExtractSummary extract_archive(const std::string& path, OutputTree& tree,
                               const std::vector<std::string>& passphrases, bool prompt) {
  ExtractSummary summary;
  try {
    PromptState prompt_state;
    ArchivePtr a = open_archive(path, passphrases, prompt ? &prompt_state : nullptr);
    ArchiveExtractor extractor(a.get(), tree, summary);
    for (;;) {
      archive_entry* e = nullptr;
      int r = archive_read_next_header(a.get(), &e);
      if (r == ARCHIVE_EOF) break;
      if (r == ARCHIVE_FATAL) archive_fail(header_error_class(a.get()), a.get(), path);
      if (r == ARCHIVE_RETRY) continue;
      if (r == ARCHIVE_FAILED) {
        summary.problem(ppc::Error(header_error_class(a.get()), path + ": " + error_text(a.get())));
        continue;
      }
      extractor.entry(e);  // ARCHIVE_WARN (e.g. a name not in the locale's charset) is fine
    }
  } catch (const ppc::Error& e) {
    summary.failure = e;
  }
  tree.finish();
  return summary;
}

namespace {

std::string entry_type(archive_entry* e) {
  switch (archive_entry_filetype(e)) {
    case AE_IFREG:
      return archive_entry_hardlink(e) ? "hardlink" : "file";
    case AE_IFDIR:
      return "directory";
    case AE_IFLNK:
      return "symlink";
    default:
      return "special";
  }
}

// Reads one entry's data into the hasher; returns the bytes read (holes count as zeros).
uint64_t hash_data(archive* a, const std::string& name, ppc::MultiHasher& hasher) {
  static const std::array<uint8_t, 4096> kZeros{};
  uint64_t done = 0;
  for (;;) {
    const void* buf = nullptr;
    size_t len = 0;
    la_int64_t offset = 0;
    int r = archive_read_data_block(a, &buf, &len, &offset);
    if (r == ARCHIVE_EOF) return done;
    if (r != ARCHIVE_OK) archive_fail(data_error_class(a), a, printable(name));
    for (; done < static_cast<uint64_t>(offset);) {
      std::size_t n = std::min<uint64_t>(kZeros.size(), static_cast<uint64_t>(offset) - done);
      hasher.update(std::span<const uint8_t>(kZeros.data(), n));
      done += n;
    }
    hasher.update(std::span<const uint8_t>(static_cast<const uint8_t*>(buf), len));
    done += len;
  }
}

}  // namespace

ArchiveListing list_archive(const std::string& path, const std::vector<std::string>& passphrases,
                            bool read_data, bool prompt) {
  ArchiveListing out;
  try {
    PromptState prompt_state;
    ArchivePtr a = open_archive(path, passphrases, prompt ? &prompt_state : nullptr);
    for (;;) {
      archive_entry* e = nullptr;
      int r = archive_read_next_header(a.get(), &e);
      if (r == ARCHIVE_EOF) break;
      if (r == ARCHIVE_FATAL) archive_fail(header_error_class(a.get()), a.get(), path);
      if (r == ARCHIVE_RETRY || r == ARCHIVE_FAILED) continue;
      if (out.format.empty() && archive_format_name(a.get()))
        out.format = archive_format_name(a.get());
      std::string name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
      ExtractedEntry x{name, entry_type(e), 0, "", "complete", "", ""};
      x.size = archive_entry_size_is_set(e) ? static_cast<uint64_t>(archive_entry_size(e)) : 0;
      if (archive_entry_is_encrypted(e)) ++out.encrypted;
      if (x.type == "symlink" && archive_entry_symlink(e)) x.note = archive_entry_symlink(e);
      if (read_data && x.type == "file") {
        try {
          ppc::MultiHasher hasher;
          x.size = hash_data(a.get(), name, hasher);
          x.sha256 = hasher.finish().sha256;
          x.verification = "crc";
        } catch (const ppc::Error& err) {
          out.problems.problem(err);
          x.verification = "unreadable";
        }
      }
      out.entries.push_back(std::move(x));
    }
  } catch (const ppc::Error& e) {
    out.problems.failure = e;
  }
  return out;
}

}  // namespace biunzip
