#pragma once
// Checking an RFC 3161 timestamp response (PKG.tsr) against a package's SHA-256.
#include <array>
#include <cstdint>
#include <string>

#include "biunzip/verify.hpp"

namespace biunzip {

// A "timestamp" check: OK when the response covers the digest and its signature verifies
// (against `ca_file` when given, else the certificates it carries). Failure class: timestamp.
Check timestamp_check(const std::string& tsr_path, const std::array<uint8_t, 32>& sha256,
                      const std::string& ca_file);

}  // namespace biunzip
