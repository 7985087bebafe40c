#include "ppc/reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

#include "manifest.hpp"
#include "payload_decoder.hpp"
#include "stanza.hpp"
#include "chunk_opener.hpp"
#include "tar_writer.hpp"

namespace ppc {

using namespace detail;

std::string_view to_string(Verification v) {
  switch (v) {
    case Verification::verified: return "verified";
    case Verification::pending: return "pending";
    case Verification::unverified: return "unverified";
    case Verification::mismatch: return "mismatch";
    case Verification::incomplete: return "incomplete";
  }
  return "unverified";
}

SecureBytes unlock_file_key(const HeaderInfo& header, const std::vector<Identity>& identities,
                            const ReaderLimits& limits, StanzaType* used) {
  std::optional<SecureBytes> key;
  StanzaType by{};
  // Public-key stanzas first: a passphrase's scrypt is the expensive try.
  std::vector<const Stanza*> order;
  for (const auto& s : header.stanzas) order.push_back(&s);
  std::stable_partition(order.begin(), order.end(),
                        [](const Stanza* s) { return s->type != StanzaType::passphrase; });
  bool passphrase_tried = false;
  for (const Stanza* s : order) {
    if (s->type == StanzaType::plaintext_key) {
      if (s->body.size() != 32) fail(ErrorClass::header_malformed, "plaintext key stanza is not 32 bytes");
      key.emplace(s->body.begin(), s->body.end());
    }
    for (std::size_t i = 0; !key && i < identities.size(); ++i) {
      if (s->type == StanzaType::passphrase && std::holds_alternative<PassphraseIdentity>(identities[i]))
        passphrase_tried = true;
      key = unwrap_file_key(*s, identities[i], limits);
    }
    if (key) {
      by = s->type;
      break;
    }
  }
  if (!key) {
    if (passphrase_tried) fail(ErrorClass::wrong_passphrase, "the passphrase does not open this package");
    std::string types;
    for (const auto& s : header.stanzas) types += (types.empty() ? "" : ", ") + std::string(to_string(s.type));
    fail(ErrorClass::no_matching_key, "no key given opens this package (it is encrypted to: " + types + ")");
  }
  Key header_key = derive_header_key(*key);
  auto mac = hmac_sha256(header_key, header.raw);
  secure_wipe(header_key.data(), header_key.size());
  if (!equal_constant_time(mac, header.mac))
    fail(ErrorClass::header_mac, "header authentication failed: the header was modified");
  if (used) *used = by;
  return std::move(*key);
}

namespace {

struct ArchiveReader {
  std::unique_ptr<archive, ArchiveReadDeleter> a{archive_read_new()};
  PayloadDecoder& decoder;
  std::exception_ptr error;

  explicit ArchiveReader(PayloadDecoder& d) : decoder(d) {
    archive_read_support_format_tar(a.get());
    if (archive_read_open(a.get(), this, nullptr, &ArchiveReader::read_cb, nullptr) != ARCHIVE_OK)
      check(ARCHIVE_FATAL, "open");
  }

  static la_ssize_t read_cb(archive* ar, void* self, const void** buf) {
    auto* r = static_cast<ArchiveReader*>(self);
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

  void check(int rc, const char* what) {
    if (rc >= ARCHIVE_WARN) return;
    if (error) std::rethrow_exception(std::exchange(error, nullptr));
    const char* msg = archive_error_string(a.get());
    fail(ErrorClass::payload_malformed, std::string("payload tar ") + what + ": " + (msg ? msg : "error"));
  }
};

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

EntryInfo entry_info(archive_entry* e) {
  EntryInfo info;
  EntryMeta& m = info.meta;
  // Raw bytes first (hdrcharset=BINARY entries); a UTF-8 path the C locale cannot show as
  // bytes is asked for in UTF-8.
  const char* name = archive_entry_pathname(e);
  if (!name) name = archive_entry_pathname_utf8(e);
  m.name = name ? name : "";
  switch (archive_entry_filetype(e)) {
    case AE_IFREG: m.type = EntryType::file; break;
    case AE_IFLNK: m.type = EntryType::symlink; break;
    case AE_IFDIR: m.type = EntryType::directory; break;
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

bool digests_agree(const Digests& a, const Digests& b) {
  auto same = [](const std::string& x, const std::string& y) { return x.empty() || y.empty() || x == y; };
  return a.sha256 == b.sha256 && same(a.md5, b.md5) && same(a.sha1, b.sha1);
}

class Walker {
 public:
  Walker(const ReadOptions& opt, EntryVisitor& visitor, ReadReport& report)
      : opt_(opt), visitor_(visitor), report_(report), hasher_(HashSelection{true, true}) {}

  void run(ArchiveReader& ar) {
    for (;;) {
      archive_entry* e = nullptr;
      int rc = archive_read_next_header(ar.a.get(), &e);
      if (rc == ARCHIVE_EOF) break;
      ar.check(rc, "header");
      EntryInfo info = entry_info(e);
      if (info.meta.name.rfind(kInternalPrefix, 0) == 0)
        internal_entry(ar, info);
      else
        data_entry(ar, info);
    }
  }

  void finish_normal() {
    if (!final_seen_) fail(ErrorClass::manifest, "package has no final manifest");
    if (opt_.verify_key && !report_.signed_package)
      fail(ErrorClass::signature, "package is not signed, but a verification key was given");
  }

  // Salvage: what the damage cut short and what no checkpoint confirms.
  void finish_salvage() {
    if (current_) {
      current_->verification = Verification::incomplete;
      visitor_.end(*current_);
      report_.lost.push_back(*current_);
      current_.reset();
    }
    for (auto& o : pending_) {
      if (o.verification == Verification::pending) {
        o.verification = Verification::unverified;
        report_.unverified.push_back(o);
      }
    }
  }

 private:
  void data_entry(ArchiveReader& ar, const EntryInfo& info) {
    if (final_seen_) fail(ErrorClass::manifest, "entry '" + info.meta.name + "' follows the final manifest");
    if (info.meta.size > opt_.limits.max_entry_bytes)
      fail(ErrorClass::limit, "entry '" + info.meta.name + "' is larger than the entry size limit");
    current_.emplace();
    current_->info = info;
    visitor_.begin(info);
    read_data(ar, [&](std::span<const uint8_t> b) {
      hasher_.update(b);
      current_->bytes += b.size();
      visitor_.data(b);
    });
    EntryOutcome& o = *current_;
    o.computed = hasher_.finish();
    if (o.bytes != info.meta.size)
      fail(ErrorClass::payload_malformed, "entry '" + info.meta.name + "' is shorter than its header says");
    o.status = info.declared_status.value_or(EntryStatus::complete);
    if (info.declared) {
      if (!digests_agree(*info.declared, o.computed)) {
        o.verification = Verification::mismatch;
        fail(ErrorClass::manifest, "entry '" + info.meta.name + "' does not match its recorded SHA-256");
      }
      o.verification = Verification::verified;
    } else {
      o.verification = Verification::pending;
    }
    ++report_.entries;
    pending_.push_back(o);
    visitor_.end(o);
    current_.reset();
  }

  void internal_entry(ArchiveReader& ar, const EntryInfo& info) {
    constexpr uint64_t kMaxInternal = 256ull << 20;
    if (info.meta.size > kMaxInternal) fail(ErrorClass::limit, "internal entry too large: " + info.meta.name);
    std::string text;
    bool show = visitor_.wants_internal();
    if (show) visitor_.begin(info);
    read_data(ar, [&](std::span<const uint8_t> b) {
      text.append(reinterpret_cast<const char*>(b.data()), b.size());
      if (show) visitor_.data(b);
    });
    if (info.meta.name.rfind(kCheckpointDir, 0) == 0)
      checkpoint(text);
    else if (info.meta.name == kSignatureName)
      signature(text);
    if (show) {
      EntryOutcome o;
      o.info = info;
      o.bytes = text.size();
      o.verification = Verification::verified;
      visitor_.end(o);
    }
  }

  template <class F>
  void read_data(ArchiveReader& ar, F&& sink) {
    for (;;) {
      la_ssize_t n = archive_read_data(ar.a.get(), buf_, sizeof buf_);
      if (n == 0) break;
      if (n < 0) ar.check(static_cast<int>(n), "data");
      sink(std::span<const uint8_t>(buf_, static_cast<std::size_t>(n)));
    }
  }

  void checkpoint(const std::string& text) {
    if (final_seen_) fail(ErrorClass::manifest, "a checkpoint follows the final manifest");
    CheckpointRecord r = parse_checkpoint(text);
    if (r.sequence != last_sequence_ + 1 || r.prev_sha256 != prev_sha256_)
      fail(ErrorClass::manifest, "checkpoint " + std::to_string(r.sequence) + " is out of sequence");
    if (r.items.size() != pending_.size() || r.entries_total != report_.entries)
      fail(ErrorClass::manifest, "checkpoint " + std::to_string(r.sequence) + " lists " +
                                     std::to_string(r.items.size()) + " entries, the payload has " +
                                     std::to_string(pending_.size()));
    for (std::size_t i = 0; i < r.items.size(); ++i) {
      const ManifestItem& item = r.items[i];
      EntryOutcome& o = pending_[i];
      if (item.name != o.info.meta.name || item.size != o.bytes || !digests_agree(item.digests, o.computed))
        fail(ErrorClass::manifest, "entry '" + o.info.meta.name + "' does not match checkpoint " +
                                       std::to_string(r.sequence));
    }
    pending_.clear();
    last_sequence_ = r.sequence;
    prev_sha256_ = to_hex(sha256(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size())));
    final_seen_ = r.final;
    ++report_.checkpoints;
    visitor_.checkpoint({r.sequence, r.final, prev_sha256_});
  }

  void signature(const std::string& text) {
    if (!final_seen_) fail(ErrorClass::signature, "signature precedes the final manifest");
    std::array<uint8_t, 32> pub{};
    std::array<uint8_t, 64> sig{};
    std::string manifest;
    try {
      auto j = nlohmann::json::parse(text);
      manifest = j.at("manifest_sha256").get<std::string>();
      if (j.at("alg") != "ed25519" || !from_hex(j.at("public_key").get<std::string>(), pub) ||
          !from_hex(j.at("signature").get<std::string>(), sig))
        fail(ErrorClass::signature, "signature record is malformed");
    } catch (const nlohmann::json::exception&) {
      fail(ErrorClass::signature, "signature record is not valid JSON");
    }
    if (manifest != prev_sha256_ || !ed25519_verify(pub, signed_message(manifest), sig))
      fail(ErrorClass::signature, "the manifest signature does not verify");
    report_.signed_package = true;
    report_.signer_key_id = key_id(pub);
    if (opt_.verify_key) {
      if (*opt_.verify_key != pub)
        fail(ErrorClass::signature, "signed by key " + key_id(pub) + ", not by the expected key " +
                                        key_id(*opt_.verify_key));
      report_.signature_matches_key = true;
    }
  }

  const ReadOptions& opt_;
  EntryVisitor& visitor_;
  ReadReport& report_;
  MultiHasher hasher_;
  std::optional<EntryOutcome> current_;
  std::vector<EntryOutcome> pending_;  // not yet covered by a checkpoint
  uint64_t last_sequence_ = 0;
  std::string prev_sha256_;
  bool final_seen_ = false;
  uint8_t buf_[256 * 1024];
};

// After the tar's end-of-archive marker only zero padding may remain in the payload.
void drain(PayloadDecoder& decoder) {
  for (auto bytes = decoder.pull(); !bytes.empty(); bytes = decoder.pull()) {
    if (std::any_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b != 0; }))
      fail(ErrorClass::payload_malformed, "data follows the end of the tar archive");
  }
}

}  // namespace

namespace {

struct OpenedPayload {
  HashingSource in;
  ReadReport report;
  std::unique_ptr<ChunkOpener> opener;
  std::unique_ptr<PayloadDecoder> decoder;

  OpenedPayload(ByteSource& source, const ReadOptions& options) : in(source) {
    report.header = read_header(in);
    SecureBytes file_key =
        unlock_file_key(report.header, options.identities, options.limits, &report.unlocked_by);
    Key payload_key = derive_payload_key(file_key, report.header.payload_salt);
    opener = std::make_unique<ChunkOpener>(in, payload_key, report.header.chunk_bytes());
    secure_wipe(payload_key.data(), payload_key.size());
    decoder = std::make_unique<PayloadDecoder>(*opener, options.limits.max_total_bytes);
  }

  ReadReport finish() {
    report.chunks = opener->chunks();
    report.payload_bytes = decoder->total();
    // In salvage mode the package hash covers what was read, not necessarily the whole file.
    report.package_sha256 = in.finish();
    report.package_bytes = in.bytes();
    return std::move(report);
  }
};

}  // namespace

ReadReport export_payload(ByteSource& source, const ReadOptions& options, ByteSink& out) {
  OpenedPayload p(source, options);
  for (auto bytes = p.decoder->pull(); !bytes.empty(); bytes = p.decoder->pull()) out.write(bytes);
  p.report.complete = true;
  return p.finish();
}

ReadReport read_package(ByteSource& source, const ReadOptions& options, EntryVisitor& visitor) {
  OpenedPayload p(source, options);
  ReadReport& report = p.report;
  PayloadDecoder& decoder = *p.decoder;
  auto walker = std::make_unique<Walker>(options, visitor, report);
  try {
    ArchiveReader ar(decoder);
    walker->run(ar);
    drain(decoder);
    walker->finish_normal();
    report.complete = true;
  } catch (const Error& e) {
    if (!options.salvage) throw;
    report.failure = e;
    walker->finish_salvage();
  }
  return p.finish();
}

}  // namespace ppc
