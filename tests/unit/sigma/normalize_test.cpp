// Log-source normalisers: auditd grouping and decoding, syslog lines, process_creation.
#include <gtest/gtest.h>

#include "sigma/normalize.hpp"
#include "trace_builders.hpp"

namespace {

using namespace sigma;
using sigma::test::audit_hex;
using sigma::test::audit_prefix;
using sigma::test::exec_records;

std::vector<std::string> all_values(const Event& e, const std::string& field) {
  std::vector<std::string> out;
  for (const auto& v : e.values(field)) out.push_back(v.second);
  return out;
}

TEST(SigmaAuditd, HexDecoding) {
  EXPECT_EQ(decode_audit_hex("2F746D702F6120622E7368"), "/tmp/a b.sh");
  EXPECT_EQ(decode_audit_hex("2f6574"), "/et");
  EXPECT_FALSE(decode_audit_hex("ABC").has_value());  // odd length
  EXPECT_FALSE(decode_audit_hex("ZZ").has_value());   // not hex
}

TEST(SigmaAuditd, InterleavedRecordsGroupByIdAndDecode) {
  const auto a = exec_records("1700000000.100:501", "1300", "1200", "/usr/bin/bash",
                              {"bash", "-c", "id; uname -a"}, "/home/alice");
  const auto b = exec_records("1700000000.101:502", "1301", "1", "/usr/bin/ls", {"ls"}, "/");
  std::vector<Event> out;
  AuditdGrouper g;
  // a's records, with b's first two in between; then the rest of b, then a's EOE.
  for (size_t i = 0; i + 1 < a.size(); ++i) {
    g.add_line(a[i], out);
    if (i == 1) g.add_line(b[0], out), g.add_line(b[1], out);
  }
  g.add_line("not an audit line", out);
  for (size_t i = 2; i < b.size(); ++i) g.add_line(b[i], out);
  ASSERT_EQ(out.size(), 1u);  // b closed by its EOE
  g.add_line(a.back(), out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(g.skipped(), 1u);

  const Event& e = out[1];
  EXPECT_EQ(e.source().service, "auditd");
  EXPECT_EQ(all_values(e, "type"),
            (std::vector<std::string>{"SYSCALL", "EXECVE", "CWD", "PATH", "PROCTITLE"}));
  EXPECT_EQ(all_values(e, "a2"), (std::vector<std::string>{"55d0c0c0", "id; uname -a"}));
  EXPECT_EQ(*e.first("proctitle"), "bash -c id; uname -a");
  EXPECT_EQ(*e.first("exe"), "/usr/bin/bash");
  EXPECT_EQ(*e.first("name"), "/usr/bin/bash");
  EXPECT_EQ(*e.first("key"), "exec");
  EXPECT_EQ(*e.first("SYSCALL"), "execve");  // enriched fields after 0x1d
  EXPECT_EQ(*e.first("AUID"), "alice");
  EXPECT_NE(e.raw().find("a2=\"id; uname -a\""), std::string::npos) << e.raw();
  EXPECT_EQ(*out[0].first("cwd"), "/");
}

TEST(SigmaAuditd, SplitArgumentsAndUserRecordsAndFlush) {
  std::vector<Event> out;
  AuditdGrouper g;
  const std::string id = "1700000001.000:7";
  g.add_line(audit_prefix("EXECVE", id) + "argc=2 a0=\"perl\" a1_len=8 a1[0]=" + audit_hex("-e p") +
                 " a1[1]=" + audit_hex("rint"),
             out);
  g.add_line(
      "type=USER_CMD msg=audit(1700000001.500:8): pid=9 uid=1000 msg='cwd=\"/root\" "
      "cmd=" +
          audit_hex("cat /etc/shadow") + " terminal=pts/0 res=success'",
      out);
  EXPECT_TRUE(out.empty());
  g.flush(out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(*out[0].first("a1"), "-e print");
  EXPECT_EQ(*out[1].first("cmd"), "cat /etc/shadow");
  EXPECT_EQ(*out[1].first("cwd"), "/root");
  EXPECT_EQ(*out[1].first("res"), "success");
}

TEST(SigmaSyslog, ProgramPidMessageAndServices) {
  auto sshd = syslog_event(
      "Mar  3 10:16:01 web1 sshd[2201]: Failed password for root from "
      "203.0.113.9 port 55120 ssh2");
  ASSERT_TRUE(sshd);
  EXPECT_EQ(sshd->source().service, "sshd");
  EXPECT_EQ(sshd->service_family(), "auth");
  EXPECT_EQ(*sshd->first("pid"), "2201");
  EXPECT_EQ(*sshd->first("host"), "web1");
  EXPECT_EQ(sshd->first("message")->rfind("Failed password", 0), 0u);

  auto sudo = syslog_event(
      "2024-03-03T10:15:01.123+00:00 web1 sudo:    alice : TTY=pts/0 ; "
      "PWD=/home/alice ; USER=#-1 ; COMMAND=/bin/bash");
  ASSERT_TRUE(sudo);
  EXPECT_EQ(sudo->source().service, "sudo");
  EXPECT_EQ(*sudo->first("SUDO_USER"), "alice");
  EXPECT_EQ(*sudo->first("USER"), "#-1");
  EXPECT_EQ(*sudo->first("COMMAND"), "/bin/bash");
  EXPECT_EQ(*sudo->first("PWD"), "/home/alice");

  auto cron = syslog_event("Mar 3 10:17:01 web1 CRON[3000]: (root) CMD (run-parts /etc/x)");
  ASSERT_TRUE(cron);
  EXPECT_EQ(cron->source().service, "cron");
  auto kernel = syslog_event("Mar 3 10:17:01 web1 kernel: [  1.0] usb 1-1: new device");
  ASSERT_TRUE(kernel);
  EXPECT_EQ(kernel->source().service, "syslog");
  EXPECT_FALSE(syslog_event("garbage without a tag"));
  EXPECT_FALSE(syslog_event(""));
}

TEST(SigmaProcessCreation, BuiltFromExecveWithParentWhenKnown) {
  std::vector<Event> audit;
  AuditdGrouper g;
  for (const auto& l :
       exec_records("1.0:1", "1200", "1", "/usr/bin/python3", {"python3", "app.py"}, "/srv"))
    g.add_line(l, audit);
  for (const auto& l :
       exec_records("1.1:2", "1300", "1200", "/usr/bin/bash", {"bash", "-c", "id"}, "/srv/tmp"))
    g.add_line(l, audit);
  ASSERT_EQ(audit.size(), 2u);
  ProcessTracker tracker;
  const auto parent = tracker.process_creation(audit[0]);
  const auto child = tracker.process_creation(audit[1]);
  ASSERT_TRUE(parent && child);
  EXPECT_EQ(child->source().category, "process_creation");
  EXPECT_EQ(*child->first("Image"), "/usr/bin/bash");
  EXPECT_EQ(*child->first("CommandLine"), "bash -c id");
  EXPECT_EQ(*child->first("CurrentDirectory"), "/srv/tmp");
  EXPECT_EQ(*child->first("User"), "alice");
  EXPECT_EQ(*child->first("ParentImage"), "/usr/bin/python3");
  EXPECT_EQ(*child->first("ParentCommandLine"), "python3 app.py");
  EXPECT_FALSE(parent->has("ParentImage"));  // pid 1's exec was not seen

  Event not_exec(LogSource{"linux", "", "auditd"});
  not_exec.add("type", "USER_LOGIN");
  EXPECT_FALSE(tracker.process_creation(not_exec));
}

}  // namespace
