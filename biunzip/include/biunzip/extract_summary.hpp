#pragma once
// What an extraction did, entry by entry: the source of manifest.jsonl, salvage.json, the
// custody record and the exit code. Shared by .ppc packages and .zip/.tar archives.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ppc/error.hpp"

namespace biunzip {

struct ExtractedEntry {
  std::string name;  // raw bytes, as stored
  std::string type;  // file | directory | symlink | symlink-as-text
  uint64_t size = 0;
  std::string sha256;        // of the bytes written (files)
  std::string status;        // the entry's EntryStatus ("complete", "shrank", ...)
  std::string verification;  // verified | unverified | mismatch | incomplete | crc
  std::string note;          // e.g. "set-uid bit removed", "kept as <name>.incomplete"
};

struct Problem {
  ppc::ErrorClass error_class;
  std::string message;  // one line
};

struct ExtractSummary {
  uint64_t files = 0;
  uint64_t directories = 0;
  uint64_t symlinks = 0;
  uint64_t bytes = 0;                   // file data written
  std::vector<ExtractedEntry> entries;  // everything written
  std::vector<ExtractedEntry> lost;     // salvage: entries not recovered intact
  std::vector<std::string> refusals;    // unsafe or over-limit entries, one line each
  std::vector<Problem> problems;        // other failures, in order; the first names the exit code
  std::optional<ppc::Error> failure;    // what stopped the read, if anything

  void refuse(const ppc::Error& e) { refusals.push_back(e.what()); }
  void problem(const ppc::Error& e) { problems.push_back({e.error_class(), e.what()}); }
};

// 0 when all went well; the first problem's class; 13 when only refusals happened.
int exit_code_of(const ExtractSummary& s);

// One JSON object per line for every entry written (DIR/manifest.jsonl).
std::string manifest_jsonl(const ExtractSummary& s);

}  // namespace biunzip
