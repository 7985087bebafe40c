// SigmaHQ's Linux rules (DRL 1.1, kept outside the repository in ../shared/sigma): every rule
// loads, and for every rule an event written from its detection matches while a near miss (one
// value of one necessary search altered) does not.
#include <gtest/gtest.h>

#include <filesystem>

#include "rule_oracle.hpp"
#include "sigma/rule.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kRules = fs::path(PPC_SOURCE_DIR) / ".." / "shared" / "sigma";

// Texts for the rules' regular expressions (a generator of regex matches is out of scope).
const std::map<std::string, std::string> kRegexSamples = {
    {"(.){200,}", std::string(210, 'f')},
    {"(?:\\s-[^-\\s]{0,20}d|\\s--directory\\s)", " -d "},
    {"(?:\\s-[^-\\s]{0,20}i|\\s--inode\\s)", " -i "},
    {"(?i)/lib/python3\\.([5-9]|[0-9]{2})/site-packages/", "/lib/python3.11/site-packages/"},
    {"(^|\\/)\\.[^.\\/]", "/.hidden"},
    {"-D", "-D"},
    {"/mail/tmp/[a-zA-Z0-9]{3}[0-9]{3}\\.tar\\.gz", "/mail/tmp/abc123.tar.gz"},
    {"[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", "10.1.2.3"},
    {"[^/]{100,}$", "/" + std::string(120, 'n')},
    {"\\s-O\\s", " -O "},
    {"\\s-[FTd]\\s", " -d "},
    {"https://[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", "https://203.0.113.7"},
    {"-(W|R)\\s?(\\s|\"|')([0-9a-fA-F]{2}\\s?){2,20}(\\s|\"|')", "-W '4141' "},
};

TEST(SigmaHQ, LinuxRulesLoadMatchAndRejectNearMisses) {
  if (!fs::is_directory(kRules)) GTEST_SKIP() << kRules << " is absent: SigmaHQ rules not checked";
  const sigma::LoadResult loaded = sigma::load_rules_from_path(kRules);
  for (const sigma::LoadIssue& i : loaded.issues) ADD_FAILURE() << i.to_string();
  std::cout << "[ SigmaHQ  ] " << loaded.rules.size() << " rules loaded, " << loaded.issues.size()
            << " refused\n";
  EXPECT_GE(loaded.rules.size(), 248u);

  size_t checked = 0;
  for (const sigma::Rule& rule : loaded.rules) {
    const YAML::Node doc = YAML::LoadFile(rule.file);
    const auto gen = sigma::test::generate(sigma::test::read_rule(doc), kRegexSamples);
    if (!gen.why_not.empty()) {
      ADD_FAILURE() << rule.file << ": " << gen.why_not;
      continue;
    }
    EXPECT_TRUE(sigma::rule_matches(rule, gen.match)) << rule.file << "\n  " << gen.match.raw();
    EXPECT_FALSE(sigma::rule_matches(rule, gen.near_miss))
        << rule.file << "\n  " << gen.near_miss.raw();
    ++checked;
  }
  std::cout << "[ SigmaHQ  ] " << checked << " rules matched their event and not its near miss\n";
}

}  // namespace
