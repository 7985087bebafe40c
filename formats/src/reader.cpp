#include "ppc/reader.hpp"

#include <algorithm>

#include "chunk_opener.hpp"
#include "entry_walker.hpp"
#include "payload_decoder.hpp"
#include "stanza.hpp"
#include "tar_reader.hpp"

namespace ppc {

using namespace detail;

std::string_view to_string(Verification v) {
  switch (v) {
    case Verification::verified:
      return "verified";
    case Verification::pending:
      return "pending";
    case Verification::unverified:
      return "unverified";
    case Verification::mismatch:
      return "mismatch";
    case Verification::incomplete:
      return "incomplete";
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
      if (s->body.size() != 32)
        fail(ErrorClass::header_malformed, "plaintext key stanza is not 32 bytes");
      key.emplace(s->body.begin(), s->body.end());
    }
    for (std::size_t i = 0; !key && i < identities.size(); ++i) {
      if (s->type == StanzaType::passphrase &&
          std::holds_alternative<PassphraseIdentity>(identities[i]))
        passphrase_tried = true;
      key = unwrap_file_key(*s, identities[i], limits);
    }
    if (key) {
      by = s->type;
      break;
    }
  }
  if (!key) {
    if (passphrase_tried)
      fail(ErrorClass::wrong_passphrase, "the passphrase does not open this package");
    std::string types;
    for (const auto& s : header.stanzas)
      types += (types.empty() ? "" : ", ") + std::string(to_string(s.type));
    fail(ErrorClass::no_matching_key,
         "no key given opens this package (it is encrypted to: " + types + ")");
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

// After the tar's end-of-archive marker only zero padding may remain in the payload.
void drain(PayloadDecoder& decoder) {
  for (auto bytes = decoder.pull(); !bytes.empty(); bytes = decoder.pull()) {
    if (std::any_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b != 0; }))
      fail(ErrorClass::payload_malformed, "data follows the end of the tar archive");
  }
}

struct OpenedPayload {
  HashingSource in;
  ReadReport report;
  std::unique_ptr<ChunkOpener> opener;
  std::unique_ptr<PayloadDecoder> decoder;

  OpenedPayload(ByteSource& source, const ReadOptions& options, bool salvage) : in(source) {
    report.header = read_header(in);
    SecureBytes file_key =
        unlock_file_key(report.header, options.identities, options.limits, &report.unlocked_by);
    Key payload_key = derive_payload_key(file_key, report.header.payload_salt);
    opener = std::make_unique<ChunkOpener>(in, payload_key, report.header.chunk_bytes(), salvage);
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

  // A new damaged range starting at chunk position `slot`, for `cause`.
  DamagedRange& open_range(const Error& cause, uint64_t slot) {
    DamagedRange& d = report.damaged.emplace_back();
    d.cause = cause.error_class();
    d.message = cause.what();
    d.first_chunk = d.end_chunk = slot;
    d.expected_counter = opener->chunks();
    d.offset = report.header.header_bytes + slot * sealed_chunk();
    return d;
  }

  uint64_t sealed_chunk() const { return report.header.chunk_bytes() + kGcmTagBytes; }
};

// Damage inside the payload, after which reading may resume at a later chunk. Truncation ends
// the read; the other classes are limits, refusals or the caller's own failures.
bool resumable(ErrorClass c) {
  return c == ErrorClass::chunk_auth || c == ErrorClass::payload_malformed ||
         c == ErrorClass::manifest;
}

// After a resumable failure: reads on to the next chunk that starts a zstd frame and restarts
// decompression there. False when the package ended first.
bool resynchronise(OpenedPayload& p, EntryWalker& walker, const Error& cause) {
  DamagedRange& range = p.open_range(cause, p.opener->slot());  // placed by the run below
  walker.break_off(range);
  ResyncRun run = p.opener->resync();
  range.first_chunk = run.first_slot;
  range.end_chunk = run.end_slot;
  range.offset = p.report.header.header_bytes + run.first_slot * p.sealed_chunk();
  range.bytes = (run.end_slot - run.first_slot) * p.sealed_chunk() + run.tail_bytes;
  range.authentic_chunks = run.authentic;
  if (!run.counter) return false;
  range.resumed = true;
  range.resume_counter = *run.counter;
  p.decoder->restart(run.plaintext);
  walker.resume();
  return true;
}

// Salvage: walks the payload and, after damage, goes on at the next chunk where decompression
// can restart (docs/FORMAT.md, "Salvage and resynchronisation"), until the package ends.
void salvage(OpenedPayload& p, EntryWalker& walker) {
  ReadReport& report = p.report;
  for (;;) {
    bool payload_read = false;
    try {
      TarReader ar(*p.decoder);
      walker.run(ar);
      drain(*p.decoder);
      payload_read = true;
      walker.finish_normal();
      break;
    } catch (const Error& e) {
      if (!report.failure) report.failure = e;
      if (e.error_class() == ErrorClass::truncated) {
        DamagedRange& range = p.open_range(e, p.opener->slot());
        range.bytes = p.opener->tail_bytes();
        walker.break_off(range);
        break;
      }
      if (payload_read || !resumable(e.error_class()) || !resynchronise(p, walker, e)) {
        walker.finish_salvage();
        break;
      }
    }
  }
  if (const auto& trailing = p.opener->trailing()) {
    if (!report.failure) report.failure = *trailing;
    p.open_range(*trailing, p.opener->slot());
  }
  report.complete = !report.failure;
}

}  // namespace

ReadReport export_payload(ByteSource& source, const ReadOptions& options, ByteSink& out) {
  OpenedPayload p(source, options, false);
  for (auto bytes = p.decoder->pull(); !bytes.empty(); bytes = p.decoder->pull()) out.write(bytes);
  p.report.complete = true;
  return p.finish();
}

ReadReport read_package(ByteSource& source, const ReadOptions& options, EntryVisitor& visitor) {
  OpenedPayload p(source, options, options.salvage);
  auto walker = std::make_unique<EntryWalker>(options, visitor, p.report);  // large: on the heap
  if (options.salvage) {
    salvage(p, *walker);
  } else {
    TarReader ar(*p.decoder);
    walker->run(ar);
    drain(*p.decoder);
    walker->finish_normal();
    p.report.complete = true;
  }
  return p.finish();
}

}  // namespace ppc
