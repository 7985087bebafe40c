#pragma once
// `biunzip verify`: every check a package supports, each reported as one line.
#include <array>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "ppc/volumes.hpp"

#include "biunzip/key_input.hpp"
#include "ppc/error.hpp"

namespace biunzip {

struct Check {
  enum class State { ok, fail, skipped };
  std::string name;  // header | key | chunks | entries | manifest | signature | sidecar | timestamp
  State state = State::skipped;
  std::string detail;
  std::optional<ppc::ErrorClass> error_class;  // when failed
};

struct VerifyOutcome {
  std::vector<Check> checks;  // in the order above
  std::array<uint8_t, 32> package_sha256{};
  uint64_t package_bytes = 0;
  uint64_t entries = 0;
  std::vector<ppc::VolumeInfo> volumes;      // a split package's volumes, with their digests
  std::vector<std::string> volume_problems;  // missing or truncated volumes, one line each

  int exit_code() const;  // of the first failed check
  const Check* first_failure() const;
};

struct VerifyRequest {
  std::string package;
  KeyOptions keys;
  std::string tsr;      // RFC 3161 response; empty: PKG.tsr when present
  std::string ca_file;  // TSA trust anchors; empty: the response's own certificates
  bool progress = false;
};

VerifyOutcome verify_package(const VerifyRequest& request);

// "OK      chunks     1234 chunks authenticated" lines and a verdict. `quiet`: only the failed
// checks and the verdict of a failure; nothing when all is well.
void print_checks(const VerifyOutcome& v, std::ostream& out, bool quiet = false);

}  // namespace biunzip
