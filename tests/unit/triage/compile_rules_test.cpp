// Compiling rules: the embedded default set, files and directories, includes, yarac output,
// and compile errors reported as one "file:line: message" usage error.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "triage_fixtures.hpp"

namespace {

using namespace triage_test;
using collector::CompiledRules;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string sha256_hex(const std::string& text) {
  return ppc::to_hex(ppc::sha256({reinterpret_cast<const uint8_t*>(text.data()), text.size()}));
}

ppc::Error compile_error(const std::vector<std::string>& paths) {
  try {
    CompiledRules::compile(paths);
  } catch (const ppc::Error& e) {
    return e;
  }
  ADD_FAILURE() << "compiled without error";
  return ppc::Error(ppc::ErrorClass::io, "none");
}

std::vector<fs::path> default_rule_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(PPC_SOURCE_DIR) / "rules/yara"))
    if (entry.path().extension() == ".yar") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(CompileRules, EmbeddedDefaultSetCompiles) {
  CompiledRules rules = CompiledRules::compile({});
  EXPECT_GE(rules.rule_count(), 50u);
  std::string all;
  for (const fs::path& file : default_rule_files()) all += read_text(file.string());
  EXPECT_EQ(rules.sha256(), sha256_hex(all)) << "hash of the sources in path order";
}

TEST(CompileRules, EachDefaultRuleFileCompilesAloneWithCompleteMeta) {
  const std::regex rule_head(R"re(\n\s*(private\s+|global\s+)*rule\s+(\w+))re");
  const std::regex severity(R"re(severity = "(low|medium|high|critical)")re");
  for (const fs::path& file : default_rule_files()) {
    SCOPED_TRACE(file.string());
    CompiledRules rules = CompiledRules::compile({file.string()});
    std::string text = read_text(file.string());
    std::size_t rules_in_text = 0;
    for (std::sregex_iterator it(text.begin(), text.end(), rule_head), end; it != end; ++it) {
      ++rules_in_text;
      std::size_t start = static_cast<std::size_t>(it->position());
      std::string body = text.substr(start, text.find("condition:", start) - start);
      SCOPED_TRACE((*it)[2].str());
      EXPECT_NE(body.find("description = \""), std::string::npos);
      EXPECT_NE(body.find("author = \"ppc-collector\""), std::string::npos);
      EXPECT_TRUE(std::regex_search(body, severity));
    }
    EXPECT_EQ(rules.rule_count(), rules_in_text);
  }
}

TEST(CompileRules, SyntaxErrorIsUsageErrorNamingFileAndLine) {
  TempDir dir;
  write_file(dir / "bad.yar",
             "rule ok { condition: true }\n\nrule broken { strings: $a = \"x\" "
             "condition: $b }\n");
  ppc::Error e = compile_error({dir / "bad.yar"});
  EXPECT_EQ(e.error_class(), ppc::ErrorClass::usage);
  std::string message = e.what();
  EXPECT_NE(message.find(dir / "bad.yar:3: "), std::string::npos) << message;
  EXPECT_NE(message.find("$b"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line";
}

TEST(CompileRules, MissingFilesAndEmptyDirectoriesAreUsageErrors) {
  TempDir dir;
  EXPECT_EQ(compile_error({dir / "nope.yar"}).error_class(), ppc::ErrorClass::usage);
  fs::create_directory(dir / "empty");
  EXPECT_EQ(compile_error({dir / "empty"}).error_class(), ppc::ErrorClass::usage);
}

TEST(CompileRules, DirectoriesCompileTheirRuleFilesSortedEachInItsNamespace) {
  TempDir dir;
  std::string a = "rule same { condition: true }\n";
  std::string b = "rule same { condition: false }\nrule other { condition: true }\n";
  write_file(dir / "rules/b.yar", b);
  write_file(dir / "rules/a.yara", a);
  write_file(dir / "rules/readme.txt", "not a rule");
  CompiledRules rules = CompiledRules::compile({dir / "rules"});
  EXPECT_EQ(rules.rule_count(), 3u) << "same identifier, different namespaces";
  EXPECT_EQ(rules.sha256(), sha256_hex(a + b));
}

TEST(CompileRules, IncludesResolveRelativeToTheIncludingFile) {
  TempDir dir;
  write_file(dir / "set/sub/common.yar",
             "rule common { strings: $a = \"inc-marker\" condition: $a }\n");
  write_file(dir / "set/main.yar", "include \"sub/common.yar\"\nrule main { condition: common }\n");
  write_file(dir / "target/file", "xx inc-marker xx");
  CompiledRules rules = CompiledRules::compile({dir / "set/main.yar"});
  EXPECT_EQ(rules.rule_count(), 2u);
  collector::ScanOptions options;
  options.scan = {dir / "target"};
  MatchSet expected = {{"common", dir / "target/file"}, {"main", dir / "target/file"}};
  EXPECT_EQ(scan(rules, options).matches(), expected);
}

TEST(CompileRules, LoadsYaracOutputAndRefusesToMixIt) {
  TempDir dir;
  write_file(dir / "r.yar",
             "rule compiled_rule { strings: $a = \"yarac-marker\" condition: $a }\n");
  write_file(dir / "target/f", "yarac-marker");
  std::string command = "yarac '" + (dir / "r.yar") + "' '" + (dir / "r.yarc") + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  CompiledRules rules = CompiledRules::compile({dir / "r.yarc"});
  EXPECT_EQ(rules.rule_count(), 1u);
  collector::ScanOptions options;
  options.scan = {dir / "target"};
  EXPECT_EQ(scan(rules, options).matches(), (MatchSet{{"compiled_rule", dir / "target/f"}}));
  EXPECT_EQ(compile_error({dir / "r.yarc", dir / "r.yar"}).error_class(), ppc::ErrorClass::usage);

  write_file(dir / "corrupt.yarc", "YARA" + std::string(100, '\x01'));
  EXPECT_EQ(compile_error({dir / "corrupt.yarc"}).error_class(), ppc::ErrorClass::usage);
}

TEST(CompileRules, RulesOutliveMovesAndOtherInstances) {
  TempDir dir;
  write_file(dir / "r.yar", "rule r { strings: $a = \"move-marker\" condition: $a }\n");
  write_file(dir / "t/f", "move-marker");
  CompiledRules moved = [&] {
    CompiledRules first = CompiledRules::compile({dir / "r.yar"});
    { CompiledRules other = CompiledRules::compile({}); }  // released while `first` lives
    return first;
  }();
  collector::ScanOptions options;
  options.scan = {dir / "t"};
  EXPECT_EQ(scan(moved, options).matches().size(), 1u);
}

}  // namespace
