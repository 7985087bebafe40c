#pragma once
// PackageReader: opens, authenticates and walks a PPC package as a stream.
//
// Plaintext reaches the visitor only from chunks that authenticated. In normal mode the first
// failure throws ppc::Error with its class. In salvage mode damage inside the payload does not
// stop the read: it goes on at the next chunk that authenticates and starts a zstd frame (the
// writer starts one after every checkpoint), and the report tells what was recovered,
// verified, and lost (docs/FORMAT.md, "Salvage and resynchronisation").
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ppc/entry.hpp"
#include "ppc/error.hpp"
#include "ppc/header.hpp"
#include "ppc/io.hpp"
#include "ppc/keys.hpp"

namespace ppc {

struct ReaderLimits {
  int max_scrypt_log2n = kDefaultScryptCap;
  uint64_t max_entry_bytes = UINT64_MAX;
  uint64_t max_total_bytes = UINT64_MAX;  // uncompressed payload
};

// How an entry's stored bytes were checked.
enum class Verification : uint8_t {
  verified,    // digest matches its pax header and/or a checkpoint
  pending,     // read intact; the next checkpoint will confirm it (normal mode throws if not)
  unverified,  // salvage only: read intact, but no checkpoint or pax digest covers it
  mismatch,    // digest disagrees (normal mode throws instead)
  incomplete,  // salvage only: the stream broke inside this entry
};
std::string_view to_string(Verification v);

struct EntryInfo {
  EntryMeta meta;
  std::optional<Digests> declared;             // digests from the entry's own pax header
  std::optional<EntryStatus> declared_status;  // status from the pax header
};

struct EntryOutcome {
  EntryInfo info;
  Digests computed;  // over the bytes read
  uint64_t bytes = 0;
  EntryStatus status = EntryStatus::complete;  // from the pax header or the manifest
  Verification verification = Verification::unverified;
  uint32_t after_damage = 0;  // salvage: 0 before any damage, n when read after damaged[n-1]
};

// Salvage: a data entry read intact after a damaged range.
struct RecoveredEntry {
  std::string name;  // raw bytes
  uint64_t bytes = 0;
  std::string sha256;  // computed over the bytes read
  // verified (pax digest or a later checkpoint), or unverified once the read has ended
  // without a checkpoint confirming it; pending while the read goes on.
  Verification verification = Verification::pending;
};

// Salvage: a stretch of the package whose content could not be used. Chunk positions count
// chunk-sized places in the file after the header, from 0; they equal STREAM counters until
// chunks are dropped or inserted.
struct DamagedRange {
  ErrorClass cause = ErrorClass::chunk_auth;  // what broke the stream here
  std::string message;                        // that error's one-line message
  uint64_t first_chunk = 0;  // the first chunk not used (for a failure inside an authenticated
                             // chunk, payload-malformed or manifest: the one after it)
  uint64_t end_chunk = 0;    // the chunk reading resumed at; if it did not, the end of the file
  uint64_t offset = 0;       // byte offset of first_chunk in the package
  uint64_t bytes = 0;        // bytes passed over, a partial chunk at the end of the file included
                             // (data after the final chunk is not read, so not counted)
  uint64_t authentic_chunks = 0;       // passed-over chunks that authenticated but start no zstd
                                       // frame, so could not be decoded
  bool resumed = false;                // false: the package ended inside the range
  uint64_t expected_counter = 0;       // STREAM counter the chunk at first_chunk should have had
  uint64_t resume_counter = 0;         // STREAM counter of the chunk reading resumed at: above
                                       // expected_counter + (end_chunk - first_chunk) when chunks
                                       // were dropped, below it when data was inserted
  std::vector<std::string> cut_short;  // data entries being read when the stream broke (in lost)
  uint64_t unconfirmed = 0;  // entries read intact before it whose checkpoint lay in it (in
                             // unverified)
  // Known from the first checkpoint read after the range (when several ranges lie between two
  // checkpoints that were read, the last of them carries the counts for all):
  std::optional<uint64_t> entries_lost;      // data entries cut short or never reached
  std::optional<uint64_t> checkpoints_lost;  // checkpoints that lay in the range
  bool chain_broken = false;  // that checkpoint's prev_sha256 does not name the last one read
  std::vector<RecoveredEntry> recovered;  // data entries read after it, up to the next range
};

struct Checkpoint {
  uint64_t sequence = 0;
  bool final = false;
  std::string sha256;  // of the checkpoint entry's bytes
};

class EntryVisitor {
 public:
  virtual ~EntryVisitor() = default;
  // Internal entries (ppc/…) are not shown unless this returns true.
  virtual bool wants_internal() const { return false; }
  virtual void begin(const EntryInfo&) {}
  virtual void data(std::span<const uint8_t>) {}
  // Called for every entry that began, with how it was verified. In normal mode, entries
  // whose digest only a later checkpoint covers are reported when that checkpoint is read.
  virtual void end(const EntryOutcome&) {}
  virtual void checkpoint(const Checkpoint&) {}
  // Salvage: reading resumed after `range` (the entry being read when the stream broke has
  // already had its end(), incomplete). Entries still awaiting a checkpoint will not get one:
  // they stay unverified, and the next checkpoint() covers only entries read after the range.
  virtual void resumed(const DamagedRange& /*range*/) {}
};

struct ReadOptions {
  std::vector<Identity> identities;
  ReaderLimits limits;
  bool salvage = false;
  std::optional<std::array<uint8_t, 32>> verify_key;  // Ed25519 key the signature must match
};

struct ReadReport {
  HeaderInfo header;
  StanzaType unlocked_by{};
  uint64_t entries = 0;
  uint64_t payload_bytes = 0;
  uint64_t chunks = 0;
  uint64_t checkpoints = 0;
  bool complete = false;  // final manifest and final chunk seen, all verified
  bool signed_package = false;
  std::string signer_key_id;                 // key id of the signature's public key
  bool signature_matches_key = false;        // verify_key given and equal to the signer's
  std::optional<Error> failure;              // salvage mode: the first failure (reading may have
                                             // resumed after it: see damaged)
  std::vector<EntryOutcome> lost;            // salvage: entries the damage cut short
  std::vector<EntryOutcome> unverified;      // salvage: read intact (authenticated chunks) but no
                                             // checkpoint or pax digest confirms them
  std::vector<DamagedRange> damaged;         // salvage: in file order; truncation and trailing
                                             // data included
  std::array<uint8_t, 32> package_sha256{};  // of every byte read (header included)
  uint64_t package_bytes = 0;
};

// Unlocks the header with one of the identities: returns the file key. Throws no_matching_key,
// wrong_passphrase, kdf_cost_too_high or header_mac.
SecureBytes unlock_file_key(const HeaderInfo& header, const std::vector<Identity>& identities,
                            const ReaderLimits& limits, StanzaType* used = nullptr);

// Writes the decrypted, decompressed payload (an ordinary pax tar, checkpoints included) to
// `out`. Only authenticated chunks are released; a damaged or truncated package throws after
// writing what authenticated. Entry digests are not checked here (read_package does that).
ReadReport export_payload(ByteSource& in, const ReadOptions& options, ByteSink& out);

// Reads the whole package from `in` (positioned at offset 0) and walks its entries.
ReadReport read_package(ByteSource& in, const ReadOptions& options, EntryVisitor& visitor);

}  // namespace ppc
