#pragma once
// DIR/custody.log: one JSON line per thing an analyst did with a package (extract, salvage,
// verify, report), so the history of who touched the evidence travels with it.
#include <array>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "biunzip/extract_summary.hpp"
#include "biunzip/output_tree.hpp"

namespace biunzip {

// The login name of the real user: /etc/passwd by getuid() (no NSS, so static builds work),
// else $USER, else "uid <n>".
std::string analyst_login();
std::string host_name();

struct CustodyRecord {
  std::string action;   // extract | salvage | verify | report
  std::string package;  // absolute path as given
  std::array<uint8_t, 32> package_sha256{};
  uint64_t package_bytes = 0;
  std::string result;  // "ok", or the failure class
  int exit_code = 0;
  nlohmann::json details = nlohmann::json::object();  // counts, bytes, output directory
};

// The JSON line (no newline) with analyst, uid, host, UTC time and biunzip version added.
std::string custody_line(const CustodyRecord& r);
void append_custody(OutputTree& tree, const CustodyRecord& r);

// Counts of an extraction for CustodyRecord::details.
nlohmann::json extraction_details(const ExtractSummary& s, const std::string& output_dir);

}  // namespace biunzip
