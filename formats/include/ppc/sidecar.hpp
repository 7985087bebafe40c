#pragma once
// Files written beside a package, none of them secret (docs/FORMAT.md, "Sidecars").
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "ppc/custody.hpp"
#include "ppc/volumes.hpp"
#include "ppc/writer.hpp"

namespace ppc {

// "<hex>  <file name>\n": the format `sha256sum -c` checks.
std::string sha256sum_line(const std::array<uint8_t, 32>& digest, const std::string& file_name);
// Parses a .sha256 sidecar for `file_name`; nullopt-like empty string when not found.
std::string parse_sha256sum(const std::string& text, const std::string& file_name);

// An RFC 3161 TimeStampReq (DER) over a SHA-256 message imprint, with a random nonce and
// certReq set, ready to send to a TSA once online (OpenSSL TS API).
std::vector<uint8_t> make_timestamp_request(const std::array<uint8_t, 32>& package_sha256);

// Writes the three sidecars of a finished package beside it (docs/FORMAT.md, "Sidecars"):
// NAME.ppc.sha256 (the sha256sum line), NAME.ppc.tsq (the RFC 3161 request) and NAME.log (the
// run's outcome in plain JSON, readable without the key: counts, whether it was interrupted or
// stopped early, the exit code). Throws ppc::Error(io).
// A split package (more than one of `volumes`): NAME.ppc.sha256 has one line per volume (so
// `sha256sum -c` checks each), the .tsq and NAME.log's package_sha256 cover the whole, and
// NAME.log lists the volumes with their sizes and digests.
void write_sidecars(const std::string& package_path, const FinishResult& finished,
                    const CustodyRecord& custody, int exit_code,
                    const std::vector<VolumeInfo>& volumes = {});
// NAME.log's path for a package path ("x/NAME.ppc" -> "x/NAME.log").
std::string run_log_path(const std::string& package_path);

struct TimestampCheck {
  bool imprint_matches = false;  // the response covers this package's SHA-256
  bool signature_ok = false;     // the TSA signature verifies (against `ca_file` when given)
  std::string gen_time;          // the TSA's time, as it states it
  std::string tsa_name;
  std::string detail;  // OpenSSL's message when a check failed
};
// Checks a TimeStampResp (DER) against a package digest; with `ca_file` empty, the signature
// is checked against the certificates the response carries (integrity, not trust).
TimestampCheck verify_timestamp_response(const std::vector<uint8_t>& tsr,
                                         const std::array<uint8_t, 32>& package_sha256,
                                         const std::string& ca_file = "");

}  // namespace ppc
