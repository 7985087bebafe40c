#pragma once
// The chain-of-custody record a collector writes into every package as custody.json
// (docs/FORMAT.md, "The custody record"; format "ppc-custody/1"). One struct, read and written by
// name, so the collector that writes it and the tools that read it cannot drift apart.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ppc {

struct CustodyCase {
  std::string case_id, examiner, organization, note;
};

struct CustodyCounts {
  uint64_t artifacts = 0, rows = 0;
  uint64_t files_stored = 0, files_skipped = 0, files_failed = 0, bytes_stored = 0;
  uint64_t source_errors = 0, triage_matches = 0, log_lines_dropped = 0;
};

struct CustodyLimits {
  int cpu_limit_percent = 0;
  std::string io_nice;
  uint64_t max_file_size = 0, max_package_size = 0, min_free_space = 0;
  int timeout_seconds = 0, artifact_timeout_seconds = 0;
  double cpu_throttled_seconds = 0;
};

// Who can open the package: one per recipient stanza, named by a fingerprint an analyst can
// check against the key or certificate they hold. A passphrase has none (nothing derived from it
// is recorded).
struct CustodyRecipient {
  std::string type;     // "x25519", "rsa-oaep", "passphrase"
  std::string sha256;   // x25519: of the raw public key; rsa-oaep: of the certificate (DER), or
                        // of the public key (DER SubjectPublicKeyInfo) given without one
  std::string subject;  // rsa-oaep from a certificate: its subject (RFC 2253)
};

struct CustodyPackage {
  std::string name;
  bool encrypted = false;
  std::vector<std::string> recipient_types;  // "x25519", "rsa-oaep", "passphrase"
  std::string hashes;                        // "sha256[,md5][,sha1]"
  std::vector<CustodyRecipient> recipients;  // in stanza order
  std::string signing_key_id;                // key id (keys.hpp) of the signer; empty: unsigned
};

struct CustodyRecord {
  CustodyCase case_info;
  // Objects whose members are the collector's to describe, kept as JSON text: the asset (hostname,
  // os, machine id, addresses…), the tool (version, commit, sha256), the operator, the clock state,
  // the triage rules. Empty means {}.
  std::string asset_json, tool_json, operator_json, clock_json, rules_json;
  std::string profile_name, profile_source;
  std::vector<std::string> profile_artifacts;
  std::vector<std::string> command_line;  // secrets redacted
  std::string config_file;                // the collector.yaml applied, or empty
  std::string started_utc, ended_utc;     // ISO 8601, UTC
  double duration_seconds = 0;
  CustodyCounts counts;
  CustodyPackage package;
  CustodyLimits limits;
  bool interrupted = false;
  std::string stopped_early;  // why a limit stopped the run early; empty when it did not
  // Disk and volume images taken (--image): a JSON array, one object per image (FORMAT.md);
  // empty when the run took none (the member is then absent).
  std::string images_json;
};

// custody.json's text (2-space indented, newline-terminated).
std::string custody_to_json(const CustodyRecord& record);
// Parses custody.json; members missing from an older or partial record keep their defaults.
// Throws ppc::Error(format) when the text is not a JSON object.
CustodyRecord custody_from_json(std::string_view text);
// The counts alone, as a compact JSON object (custody table details, the run's log).
std::string custody_counts_json(const CustodyCounts& counts);

}  // namespace ppc
