// Process memory and in-memory buffers: a string planted in a child's heap is found at its
// address; the collector's own process is never scanned; collected buffers keep their hash.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "triage_fixtures.hpp"

namespace {

using namespace triage_test;
using collector::CompiledRules;

std::string unique_canary() {
  std::random_device rd;
  char text[64];
  std::snprintf(text, sizeof text, "ppc-canary-%08x%08x-%d", rd(), rd(),
                static_cast<int>(getpid()));
  return text;
}

// A child process holding `canary` in a heap buffer until killed. The rule text is written only
// after the fork, so the child's memory holds the canary in that buffer alone (and the parent's
// string it was copied from).
class CanaryChild {
 public:
  CanaryChild(const std::string& canary, const std::string& comm) {
    buffer_ = static_cast<char*>(std::malloc(canary.size() + 64));
    std::memcpy(buffer_ + 32, canary.data(), canary.size());
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_NAME, comm.c_str());
      for (;;) pause();
    }
  }
  ~CanaryChild() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::free(buffer_);
  }
  pid_t pid() const { return pid_; }
  uint64_t canary_address() const { return reinterpret_cast<uintptr_t>(buffer_ + 32); }

 private:
  char* buffer_;
  pid_t pid_;
};

std::string canary_rule(const std::string& canary) {
  return "rule heap_canary { meta: severity = \"critical\" strings: $c = \"" + canary +
         "\" condition: $c }\n";
}

// AddressSanitizer maps terabytes of shadow memory into every process it instruments, which a
// memory scan would read for minutes; the exec'd child below covers those builds.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif

TEST(ScanMemory, FindsAStringPlantedInAChildProcessHeap) {
  if (kAddressSanitizer) GTEST_SKIP() << "the forked child carries ASan's shadow mappings";
  const std::string canary = unique_canary();
  const std::string comm = "ppccan" + std::to_string(getpid() % 100000);
  CanaryChild child(canary, comm);
  ASSERT_GT(child.pid(), 0);
  TempDir dir;
  write_file(dir / "canary.yar", canary_rule(canary));
  CompiledRules rules = CompiledRules::compile({dir / "canary.yar"});

  for (const std::string& selector : {std::to_string(child.pid()), comm}) {
    SCOPED_TRACE(selector);
    collector::ScanOptions options;
    options.memory = {selector};
    options.timeout_seconds = 20;
    ScanResult result = scan(rules, options);
    EXPECT_EQ(result.summary.processes_scanned, 1u);
    EXPECT_EQ(result.summary.timeouts, 0u);
    ASSERT_EQ(result.rows.size(), 1u);
    const ppc::TriageRow& row = result.rows[0];
    EXPECT_EQ(row.target_type, "process");
    EXPECT_EQ(row.pid, child.pid());
    EXPECT_EQ(row.severity, "critical");
    EXPECT_TRUE(row.sha256.empty());
    bool at_planted_address = false;
    for (const auto& s : nlohmann::json::parse(row.strings_json))
      at_planted_address |= s["offset"].get<uint64_t>() == child.canary_address();
    EXPECT_TRUE(at_planted_address) << row.strings_json;
  }
}

// A fresh program (not a fork of this one) holding the canary among its arguments.
TEST(ScanMemory, FindsAStringInAnExecutedChildProcess) {
  const std::string canary = unique_canary();
  int input[2];
  ASSERT_EQ(pipe(input), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(input[0], 0);
    close(input[1]);
    execl("/bin/sh", "sh", "-c", "read line", "sh", canary.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(input[0]);
  TempDir dir;
  write_file(dir / "canary.yar", canary_rule(canary));
  CompiledRules rules = CompiledRules::compile({dir / "canary.yar"});
  collector::ScanOptions options;
  options.memory = {std::to_string(pid)};
  options.timeout_seconds = 20;
  // Until the child has exec'd, its memory is still a copy of ours.
  auto exe_of = [](pid_t p) {
    std::error_code ec;
    return fs::read_symlink("/proc/" + std::to_string(p) + "/exe", ec);
  };
  for (int i = 0; i < 500 && exe_of(pid) == exe_of(getpid()); ++i) usleep(10000);
  ScanResult result = scan(rules, options);
  close(input[1]);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0].pid, pid);
  EXPECT_EQ(result.rows[0].rule, "heap_canary");
}

TEST(ScanMemory, NeverScansItsOwnProcessAndCountsMissingPids) {
  const std::string canary = unique_canary();
  TempDir dir;
  write_file(dir / "canary.yar", canary_rule(canary));
  CompiledRules rules = CompiledRules::compile({dir / "canary.yar"});
  collector::ScanOptions options;
  options.memory = {std::to_string(getpid()), "2147483647"};
  ScanResult result = scan(rules, options);
  EXPECT_EQ(result.summary.processes_scanned, 0u);
  EXPECT_EQ(result.summary.errors, 1u) << "the pid that does not exist";
  EXPECT_TRUE(result.rows.empty());
}

TEST(BufferScanner, ScansCollectedBytesWithTheGivenHash) {
  TempDir dir;
  write_file(dir / "r.yar", test_rules_text());
  CompiledRules rules = CompiledRules::compile({dir / "r.yar"});
  collector::BufferScanner scanner(rules, 10, 1);
  std::string data = "junk PPC-PLANTED-MARKER-1 junk REPEATED-TOKEN";
  for (int i = 0; i < 5; ++i) data += " REPEATED-TOKEN";
  auto rows = scanner.scan("/etc/collected.conf",
                           {reinterpret_cast<const uint8_t*>(data.data()), data.size()}, "ab12");
  EXPECT_TRUE(scanner.last_error().empty());
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.target_type, "collected");
    EXPECT_EQ(row.path, "/etc/collected.conf");
    EXPECT_EQ(row.sha256, "ab12");
    EXPECT_EQ(nlohmann::json::parse(row.strings_json).size(), 1u) << "max_strings_per_match 1";
  }
  std::string clean = "nothing to see";
  EXPECT_TRUE(scanner.scan("/x", {reinterpret_cast<const uint8_t*>(clean.data()), clean.size()}, "")
                  .empty());
}

TEST(BufferScanner, EscapesBinaryMatchDataAndTruncatesIt) {
  TempDir dir;
  write_file(dir / "r.yar",
             "rule long_hex { strings: $h = { 00 01 02 [0-200] FF FE } condition: $h }");
  CompiledRules rules = CompiledRules::compile({dir / "r.yar"});
  collector::BufferScanner scanner(rules);
  std::string data("\x00\x01\x02", 3);
  data += std::string(100, 'A') + "\\\xff\xfe";
  auto rows = scanner.scan("/b", {reinterpret_cast<const uint8_t*>(data.data()), data.size()}, "");
  ASSERT_EQ(rows.size(), 1u);
  auto strings = nlohmann::json::parse(rows[0].strings_json);
  ASSERT_EQ(strings.size(), 1u);
  EXPECT_EQ(strings[0]["length"], data.size());
  EXPECT_EQ(strings[0]["data"], "\\x00\\x01\\x02" + std::string(61, 'A'));
  EXPECT_EQ(rows[0].sha256.size(), 64u) << "computed when not given";
}

}  // namespace
