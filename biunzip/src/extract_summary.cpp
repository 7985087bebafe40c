#include "biunzip/extract_summary.hpp"

#include <nlohmann/json.hpp>

#include "biunzip/exit_codes.hpp"
#include "biunzip/json_bytes.hpp"

namespace biunzip {

int exit_code_of(const ExtractSummary& s) {
  if (s.failure) return exit_code_for(s.failure->error_class());
  if (!s.problems.empty()) return exit_code_for(s.problems.front().error_class);
  if (!s.refusals.empty()) return kExitRefused;
  return kExitOk;
}

std::string manifest_jsonl(const ExtractSummary& s) {
  std::string out;
  for (const ExtractedEntry& e : s.entries) {
    nlohmann::json j = nlohmann::json::object();
    put_bytes(j, "name", e.name);
    j["type"] = e.type;
    j["size"] = e.size;
    if (!e.sha256.empty()) j["sha256"] = e.sha256;
    if (!e.status.empty()) j["status"] = e.status;
    if (!e.verification.empty()) j["verification"] = e.verification;
    if (!e.note.empty()) j["note"] = e.note;
    out += dump_line(j);
    out += '\n';
  }
  return out;
}

}  // namespace biunzip
