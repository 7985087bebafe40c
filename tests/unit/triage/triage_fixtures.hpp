#pragma once
// Helpers for the triage tests: a private temporary directory, a corpus generator, running the
// real `yara` command line for comparison, and collecting scan_targets() results.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collector/triage.hpp"

namespace triage_test {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;  // canonical: the scanner reports resolved paths
};

void write_file(const std::string& path, std::string_view content);
std::string random_bytes(std::mt19937_64& rng, std::size_t n);
std::string random_text(std::mt19937_64& rng, std::size_t n);

// Rules used by the scan tests, each matched by a string the corpus plants.
std::string test_rules_text();

struct CorpusFacts {
  std::string planted;  // a file every test rule matching "plain" hits
  std::string big;      // larger than the max_size the corpus was made for
  std::string fifo;     // must never be opened (it would block)
  std::size_t max_size = 0;
};

// Random files, text, nested directories, files with planted strings, a FIFO, a symlink loop,
// a symlink to a planted file, an empty file, dot files and a file above `max_size`.
CorpusFacts make_corpus(const std::string& dir, uint64_t seed, std::size_t max_size);

using MatchSet = std::set<std::pair<std::string, std::string>>;  // (rule, path)

// Runs `yara <args> <rules> <target>` and parses its "RULE PATH" lines.
MatchSet run_yara_cli(const std::string& args, const std::string& rules, const std::string& target);

struct ScanResult {
  collector::ScanSummary summary;
  std::vector<ppc::TriageRow> rows;
  MatchSet matches() const;
};

ScanResult scan(const collector::CompiledRules& rules, const collector::ScanOptions& options,
                const std::string& root = "/");

}  // namespace triage_test
