#include "biunzip/salvage_report.hpp"

#include "biunzip/json_bytes.hpp"
#include "biunzip/text.hpp"

namespace biunzip {
namespace {

std::string count(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string entries(uint64_t n) {
  return count(n, "entry", "entries");
}

std::string chunk_span(const ppc::DamagedRange& d) {
  if (d.end_chunk <= d.first_chunk) return "at chunk " + std::to_string(d.first_chunk);
  if (d.end_chunk == d.first_chunk + 1) return "chunk " + std::to_string(d.first_chunk);
  return "chunks " + std::to_string(d.first_chunk) + "-" + std::to_string(d.end_chunk - 1);
}

std::string names(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& n : list) out += (out.empty() ? "" : ", ") + printable(n);
  return out;
}

// What the range cost in entries: lost (cut short or never reached), and unconfirmed.
std::string losses(const ppc::DamagedRange& d) {
  std::string s;
  if (d.entries_lost) {
    s = entries(*d.entries_lost) + " lost";
    if (!d.cut_short.empty()) s += " (cut short: " + names(d.cut_short) + ")";
  } else if (!d.cut_short.empty()) {
    s = entries(d.cut_short.size()) + " cut short (" + names(d.cut_short) + ")";
  } else {
    s = "no entry cut short";
  }
  if (d.unconfirmed > 0) s += ", " + entries(d.unconfirmed) + " before it unverified";
  return s;
}

std::string after(const ppc::DamagedRange& d) {
  if (!d.resumed) return "; nothing after it could be read";
  uint64_t verified = 0;
  for (const ppc::RecoveredEntry& e : d.recovered)
    verified += e.verification == ppc::Verification::verified;
  std::string s = "; resumed at chunk " + std::to_string(d.end_chunk);
  // Chunks dropped or inserted show as a counter other than the one the position implies.
  uint64_t in_place = d.expected_counter + (d.end_chunk - d.first_chunk);
  if (d.resume_counter > in_place)
    s += " (counter " + std::to_string(d.resume_counter) + ": " +
         count(d.resume_counter - in_place, "chunk", "chunks") + " missing)";
  else if (d.resume_counter < in_place)
    s += " (counter " + std::to_string(d.resume_counter) + ": " +
         count(in_place - d.resume_counter, "chunk", "chunks") + " of inserted data)";
  s += ": " + entries(d.recovered.size()) + " recovered after it (" + std::to_string(verified) +
       " verified, " + std::to_string(d.recovered.size() - verified) + " unverified)";
  if (d.chain_broken)
    s += "; checkpoint chain broken (" +
         count(d.checkpoints_lost.value_or(0), "checkpoint", "checkpoints") + " lost)";
  else if (d.checkpoints_lost)
    s += "; checkpoint chain intact";
  return s;
}

std::string damage_line(const ppc::DamagedRange& d) {
  std::string cls(ppc::to_string(d.cause));
  if (d.cause == ppc::ErrorClass::trailing_data)
    return "data follows the final chunk at offset " + std::to_string(d.offset) + " (" + cls +
           "): ignored";
  if (d.cause == ppc::ErrorClass::truncated) {
    std::string where = d.bytes > 0 ? "inside chunk " + std::to_string(d.first_chunk) + " (" +
                                          std::to_string(d.bytes) + " bytes of it)"
                                    : "after " + count(d.first_chunk, "chunk", "chunks");
    return "the package ends " + where + ", before its final chunk (" + cls + "): " + losses(d);
  }
  std::string where = d.resumed ? chunk_span(d) : chunk_span(d) + " to the end of the package";
  return "damaged " + where + " (" + std::to_string(d.bytes) + " bytes at offset " +
         std::to_string(d.offset) + ", " + cls + "): " + losses(d) + after(d);
}

nlohmann::json range_json(const ppc::DamagedRange& d) {
  nlohmann::json j = {{"cause", ppc::to_string(d.cause)},
                      {"message", d.message},
                      {"first_chunk", d.first_chunk},
                      {"end_chunk", d.end_chunk},
                      {"offset", d.offset},
                      {"bytes", d.bytes},
                      {"authentic_chunks", d.authentic_chunks},
                      {"resumed", d.resumed},
                      {"expected_counter", d.expected_counter},
                      {"unconfirmed", d.unconfirmed},
                      {"chain_broken", d.chain_broken}};
  if (d.resumed) j["resume_counter"] = d.resume_counter;
  j["entries_lost"] = d.entries_lost ? nlohmann::json(*d.entries_lost) : nlohmann::json();
  j["checkpoints_lost"] =
      d.checkpoints_lost ? nlohmann::json(*d.checkpoints_lost) : nlohmann::json();
  nlohmann::json cut = nlohmann::json::array();
  for (const std::string& n : d.cut_short) {
    nlohmann::json o = nlohmann::json::object();
    put_bytes(o, "name", n);
    cut.push_back(std::move(o));
  }
  j["cut_short"] = std::move(cut);
  nlohmann::json recovered = nlohmann::json::array();
  for (const ppc::RecoveredEntry& e : d.recovered) {
    nlohmann::json o = nlohmann::json::object();
    put_bytes(o, "name", e.name);
    o["size"] = e.bytes;
    o["sha256"] = e.sha256;
    o["verification"] = ppc::to_string(e.verification);
    recovered.push_back(std::move(o));
  }
  j["recovered"] = std::move(recovered);
  return j;
}

nlohmann::json entries_json(const std::vector<ExtractedEntry>& list) {
  nlohmann::json a = nlohmann::json::array();
  for (const ExtractedEntry& e : list) {
    nlohmann::json o = nlohmann::json::object();
    put_bytes(o, "name", e.name);
    o["type"] = e.type;
    o["size"] = e.size;
    o["sha256"] = e.sha256;
    o["status"] = e.status;
    o["verification"] = e.verification;
    if (!e.note.empty()) o["note"] = e.note;
    a.push_back(std::move(o));
  }
  return a;
}

}  // namespace

nlohmann::json salvage_json(const std::string& package_path, const PackageExtractResult& r) {
  nlohmann::json j = nlohmann::json::object();
  put_bytes(j, "package", package_path);
  j["package_sha256"] = ppc::to_hex(r.package_sha256);
  j["complete"] = r.report && r.report->complete && !r.summary.failure;
  if (r.summary.failure) {
    j["failure"] = {{"class", ppc::to_string(r.summary.failure->error_class())},
                    {"message", r.summary.failure->what()}};
  }
  j["recovered"] = entries_json(r.summary.entries);
  j["lost"] = entries_json(r.summary.lost);
  j["refused"] = r.summary.refusals;
  nlohmann::json damaged = nlohmann::json::array();
  if (r.report) {
    for (const ppc::DamagedRange& d : r.report->damaged) damaged.push_back(range_json(d));
  }
  j["damaged"] = std::move(damaged);
  return j;
}

std::vector<std::string> damage_lines(const ppc::ReadReport& report) {
  std::vector<std::string> lines;
  for (const ppc::DamagedRange& d : report.damaged) lines.push_back(damage_line(d));
  return lines;
}

}  // namespace biunzip
