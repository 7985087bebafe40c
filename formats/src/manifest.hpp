#pragma once
// Checkpoint records (internal): JSON lines listing the entries completed since the previous
// checkpoint, chained by SHA-256 (docs/FORMAT.md, "Checkpoints and the final manifest").
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ppc/entry.hpp"
#include "ppc/hashing.hpp"

namespace ppc::detail {

struct ManifestItem {
  std::string name;  // raw bytes
  EntryType type = EntryType::file;
  uint64_t size = 0;
  Digests digests;
  EntryStatus status = EntryStatus::complete;
};

struct CheckpointRecord {
  uint64_t sequence = 0;
  bool final = false;
  std::string prev_sha256;  // hex; empty for the first checkpoint
  std::string time_utc;
  uint64_t entries_total = 0;  // data entries in the package up to and including this one
  std::vector<ManifestItem> items;
};

std::string checkpoint_name(uint64_t sequence);  // "ppc/checkpoint/000001.jsonl"
inline constexpr std::string_view kCheckpointDir = "ppc/checkpoint/";
inline constexpr std::string_view kSignatureName = "ppc/signature.json";

std::string serialize_checkpoint(const CheckpointRecord& record);
// Throws Error(payload_malformed) naming the line that does not parse.
CheckpointRecord parse_checkpoint(std::string_view text);

// The bytes an Ed25519 signature covers: "ppc/v1 manifest" || raw final checkpoint digest.
std::vector<uint8_t> signed_message(std::string_view manifest_sha256_hex);

std::string utc_iso(int64_t ns_since_epoch);  // "2026-11-21T08:32:19Z"
bool is_valid_utf8(std::string_view s);
std::string base64_encode(std::string_view raw);
std::string base64_decode(std::string_view text);  // throws Error(payload_malformed)

}  // namespace ppc::detail
