// File-system triage: the matches must be exactly what the real `yara` command prints for the
// same rules and tree, whatever the thread count; special files are never opened.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "triage_fixtures.hpp"

namespace {

using namespace triage_test;
using collector::CompiledRules;
using collector::ScanOptions;

constexpr std::size_t kMaxSize = 64 * 1024;

class ScanFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = make_corpus(dir_ / "corpus", 20240601, kMaxSize);
    rules_path_ = dir_ / "test.yar";
    write_file(rules_path_, test_rules_text());
  }
  ScanOptions options(int threads = 2) const {
    ScanOptions o;
    o.scan = {dir_ / "corpus"};
    o.max_size = kMaxSize;
    o.threads = threads;
    return o;
  }
  // yara -N: no symlinks followed; -z: skip files of max_size + 1 bytes or more.
  MatchSet yara_cli() const {
    return run_yara_cli("-r -N -z " + std::to_string(kMaxSize + 1), rules_path_, dir_ / "corpus");
  }

  TempDir dir_;
  CorpusFacts corpus_;
  std::string rules_path_;
};

TEST_F(ScanFilesTest, MatchesEqualTheYaraCommandLine) {
  CompiledRules rules = CompiledRules::compile({rules_path_});
  ScanResult result = scan(rules, options());
  MatchSet expected = yara_cli();
  ASSERT_GE(expected.size(), 15u) << "the corpus should plant many matches";
  EXPECT_EQ(result.matches(), expected);
  EXPECT_EQ(result.summary.matches, result.rows.size());
  EXPECT_EQ(result.summary.rules, 7u);  // the private rule counts too
  EXPECT_EQ(result.summary.errors, 0u);
  // The FIFO and the oversized file were left out, and never scanned.
  EXPECT_GE(result.summary.skipped, 2u);
  for (const auto& [rule, path] : result.matches()) {
    EXPECT_NE(path, corpus_.big);
    EXPECT_EQ(path.find("/loop/"), std::string::npos) << "symlinked directories are not followed";
    EXPECT_EQ(path.find("link-to"), std::string::npos) << "symlinks are not followed";
  }
}

TEST_F(ScanFilesTest, OneAndTwoThreadsGiveTheSameResult) {
  CompiledRules rules = CompiledRules::compile({rules_path_});
  ScanResult one = scan(rules, options(1));
  ScanResult two = scan(rules, options(2));
  EXPECT_EQ(one.matches(), two.matches());
  EXPECT_EQ(one.summary.files_scanned, two.summary.files_scanned);
  EXPECT_EQ(one.summary.bytes_scanned, two.summary.bytes_scanned);
  EXPECT_EQ(one.summary.matches_by_severity, two.summary.matches_by_severity);
  EXPECT_GT(one.summary.files_scanned, 60u);
}

TEST_F(ScanFilesTest, RowsCarryMetadataHashAndCappedStrings) {
  CompiledRules rules = CompiledRules::compile({rules_path_});
  ScanOptions o = options();
  o.max_strings_per_match = 2;
  ScanResult result = scan(rules, o);
  const ppc::TriageRow* plain = nullptr;
  const ppc::TriageRow* many = nullptr;
  for (const auto& row : result.rows) {
    if (row.rule == "plain" && row.path == corpus_.planted) plain = &row;
    if (row.rule == "many_hits" && row.path == dir_ / "corpus/repeated") many = &row;
  }
  ASSERT_NE(plain, nullptr);
  ASSERT_NE(many, nullptr);
  std::string content = "prefix PPC-PLANTED-MARKER-1 and evil-999-payload suffix";
  EXPECT_EQ(
      plain->sha256,
      ppc::to_hex(ppc::sha256({reinterpret_cast<const uint8_t*>(content.data()), content.size()})));
  EXPECT_EQ(plain->target_type, "file");
  EXPECT_EQ(plain->pid, -1);
  EXPECT_EQ(plain->severity, "high");
  EXPECT_EQ(plain->rule_namespace, "test");
  EXPECT_EQ(nlohmann::json::parse(plain->tags_json), nlohmann::json::array({"marker"}));
  auto meta = nlohmann::json::parse(plain->meta_json);
  EXPECT_EQ(meta["score"], 7);
  EXPECT_EQ(meta["enabled"], true);
  EXPECT_EQ(meta["description"], "planted ASCII marker");
  auto strings = nlohmann::json::parse(plain->strings_json);
  ASSERT_EQ(strings.size(), 1u);
  EXPECT_EQ(strings[0]["identifier"], "$a");
  EXPECT_EQ(strings[0]["offset"], 7);
  EXPECT_EQ(strings[0]["data"], "PPC-PLANTED-MARKER-1");

  EXPECT_EQ(many->severity, "medium") << "default severity without meta";
  EXPECT_EQ(nlohmann::json::parse(many->strings_json).size(), 2u) << "capped at 2 of 6 hits";
  EXPECT_EQ(result.summary.matches_by_severity.at("high"),
            static_cast<uint64_t>(std::count_if(result.rows.begin(), result.rows.end(),
                                                [](const auto& r) { return r.rule == "plain"; })));
}

TEST_F(ScanFilesTest, GlobsExclusionsAndDepth) {
  CompiledRules rules = CompiledRules::compile({rules_path_});
  const MatchSet all = yara_cli();
  auto expect_subset = [&](const ScanOptions& o, auto keep) {
    MatchSet expected;
    for (const auto& match : all)
      if (keep(match.second.substr((dir_ / "corpus/").size()))) expected.insert(match);
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(scan(rules, o).matches(), expected);
  };
  ScanOptions o = options();
  o.scan = {dir_ / "corpus/**/*.txt"};  // `**` also matches no directory at all
  expect_subset(o, [](const std::string& rel) { return rel.ends_with(".txt"); });

  o.scan = {dir_ / "corpus/a/*/*"};
  expect_subset(o, [](const std::string& rel) {
    return rel.starts_with("a/") && std::count(rel.begin(), rel.end(), '/') >= 2;
  });

  o.scan = {dir_ / "corpus"};
  o.exclude = {"*.bin", dir_ / "corpus/a/b/**"};
  expect_subset(
      o, [](const std::string& rel) { return !rel.ends_with(".bin") && !rel.starts_with("a/b/"); });

  o.exclude.clear();
  o.max_depth = 1;  // only the files directly in corpus/
  expect_subset(o, [](const std::string& rel) { return rel.find('/') == std::string::npos; });
}

// A copy of the running program (the collector: it embeds its rules) is recognised by its
// SHA-256 whatever its name, and skipped with the reason; the same size with one byte changed is
// an ordinary file and is scanned.
TEST_F(ScanFilesTest, NeverScansTheRunningExecutableNorACopyOfIt) {
  // This test binary holds the corpus's marker strings, as the collector holds its rules.
  CompiledRules rules = CompiledRules::compile({rules_path_});
  fs::path self = fs::read_symlink("/proc/self/exe");
  fs::copy_file(self, dir_ / "copy-of-self");
  fs::copy_file(self, dir_ / "altered-copy");
  {
    std::fstream altered(dir_ / "altered-copy", std::ios::in | std::ios::out | std::ios::binary);
    altered.seekg(-1, std::ios::end);
    char last = static_cast<char>(altered.get());
    altered.seekp(-1, std::ios::end);
    altered.put(static_cast<char>(last ^ 1));
  }
  ScanOptions o = options();
  o.scan = {self.string(), dir_ / "copy-of-self", dir_ / "altered-copy"};
  o.max_size = 1ull << 30;
  std::vector<std::pair<std::string, std::string>> skipped;
  o.on_skip = [&](const std::string& path, const std::string& reason) {
    skipped.emplace_back(path, reason);
  };
  ScanResult result = scan(rules, o);
  MatchSet matches = result.matches();
  EXPECT_TRUE(matches.count({"plain", dir_ / "altered-copy"})) << "same size, other bytes: scanned";
  for (const auto& [rule, path] : matches) {
    EXPECT_NE(path, self.string());
    EXPECT_NE(path, dir_ / "copy-of-self");
  }
  using Skip = std::pair<std::string, std::string>;
  EXPECT_EQ(skipped, std::vector<Skip>{Skip(dir_ / "copy-of-self", collector::kSelfCopyReason)});
  EXPECT_GE(result.summary.skipped, 1u);
}

TEST_F(ScanFilesTest, PseudoFileSystemsAreNotWalked) {
  CompiledRules rules = CompiledRules::compile({rules_path_});
  ScanOptions o = options();
  o.scan = {"/proc", "/sys"};
  ScanResult result = scan(rules, o);
  EXPECT_EQ(result.summary.files_scanned, 0u);
  EXPECT_EQ(result.summary.errors, 0u);
}

TEST_F(ScanFilesTest, RootIsPrefixedAndPathsStayAssetPaths) {
  CompiledRules rules = CompiledRules::compile({rules_path_});
  ScanOptions o = options();
  o.scan = {"/corpus/a"};
  ScanResult result = scan(rules, o, dir_.path());
  ASSERT_FALSE(result.rows.empty());
  MatchSet expected;
  for (const auto& [rule, path] : yara_cli())
    if (path.starts_with(dir_ / "corpus/a/"))
      expected.emplace(rule, path.substr(dir_.path().size()));
  EXPECT_EQ(result.matches(), expected);
}

TEST_F(ScanFilesTest, ModifiedSinceUsesTheNewerOfMtimeAndCtime) {
  CompiledRules rules = CompiledRules::compile({rules_path_});
  ScanOptions o = options();
  o.modified_since = std::time(nullptr) + 3600;
  ScanResult future = scan(rules, o);
  EXPECT_EQ(future.summary.files_scanned, 0u);
  EXPECT_GT(future.summary.skipped, 60u);
  o.modified_since = std::time(nullptr) - 3600;
  EXPECT_EQ(scan(rules, o).matches(), yara_cli());
}

TEST_F(ScanFilesTest, StopRequestEndsTheScanEarly) {
  CompiledRules rules = CompiledRules::compile({rules_path_});
  std::atomic<bool> stop{true};
  collector::RootFs fs("/");
  auto summary = collector::scan_targets(
      rules, fs, options(), [](const ppc::TriageRow&) {}, &stop);
  EXPECT_EQ(summary.files_scanned, 0u);
}

TEST_F(ScanFilesTest, CallbackExceptionsReachTheCaller) {
  CompiledRules rules = CompiledRules::compile({rules_path_});
  collector::RootFs fs("/");
  EXPECT_THROW(
      collector::scan_targets(rules, fs, options(),
                              [](const ppc::TriageRow&) { throw std::runtime_error("sink full"); }),
      std::runtime_error);
}

TEST_F(ScanFilesTest, MissingScopeAndSymlinkedScopeRoots) {
  CompiledRules rules = CompiledRules::compile({rules_path_});
  ScanOptions o = options();
  o.scan = {dir_ / "does-not-exist"};
  EXPECT_EQ(scan(rules, o).summary.files_scanned, 0u);
  // A scope path's own symlinks are resolved (like /bin -> usr/bin), and reported resolved.
  o.scan = {dir_ / "corpus/link-to-dir"};
  MatchSet via_link = scan(rules, o).matches();
  o.scan = {dir_ / "corpus/a"};
  EXPECT_EQ(via_link, scan(rules, o).matches());
  EXPECT_FALSE(via_link.empty());
}

}  // namespace
