// Native collectors of accounts, logins and system identity, run on fake asset trees.
#include <arpa/inet.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <utmp.h>

#include <cstring>

#include "artifact_test_support.hpp"

namespace collector::test {
namespace {

constexpr const char* kPasswd =
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "alice:x:1000:1000:Alice Liddell,,,:/home/alice:/bin/zsh\n";

TEST(UsersGroupsShadow, RowsAndStoredFilesWithoutHashes) {
  FakeRoot root;
  root.write("/etc/passwd", kPasswd);
  root.write("/etc/group", "root:x:0:\nsudo:x:27:alice,bob\n");
  root.write("/etc/shadow",
             "root:$6$salt$secrethash:19500:0:99999:7:::\nalice::19600:0:99999:7:::\n"
             "daemon:*:19000:0:99999:7:::\n",
             0640);

  auto users = run_native("users", root.path());
  const auto& u = users.ctx->rows("users");
  ASSERT_EQ(u.size(), 3u);
  const auto& alice = find_row(u, "name", "alice");
  EXPECT_EQ(integer(alice, "uid"), 1000);
  EXPECT_EQ(integer(alice, "gid"), 1000);
  EXPECT_EQ(text(alice, "gecos"), "Alice Liddell,,,");
  EXPECT_EQ(text(alice, "home"), "/home/alice");
  EXPECT_EQ(text(alice, "shell"), "/bin/zsh");
  EXPECT_EQ(integer(alice, "line"), 3);
  EXPECT_EQ(users.ctx->files, (std::vector<std::string>{"/etc/passwd"}));

  auto groups = run_native("groups", root.path());
  EXPECT_EQ(text(find_row(groups.ctx->rows("groups"), "name", "sudo"), "members"), "alice,bob");
  EXPECT_TRUE(is_null(find_row(groups.ctx->rows("groups"), "name", "root"), "members"));

  auto shadow = run_native("shadow_meta", root.path());
  const auto& s = shadow.ctx->rows("shadow_meta");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(text(find_row(s, "name", "root"), "password_state"), "set");
  EXPECT_EQ(integer(find_row(s, "name", "root"), "last_change"), 19500);
  EXPECT_EQ(text(find_row(s, "name", "alice"), "password_state"), "none");
  EXPECT_EQ(text(find_row(s, "name", "daemon"), "password_state"), "locked");
  for (const auto& row : s)
    for (const auto& [col, value] : row)
      if (auto* str = std::get_if<std::string>(&value)) {
        EXPECT_EQ(str->find('$'), std::string::npos) << col;
      }
  EXPECT_TRUE(shadow.ctx->collected("/etc/shadow"));  // the file itself is evidence
  EXPECT_TRUE(shadow.ctx->errors.empty());
}

TEST(UsersGroupsShadow, UnreadableSourceIsReportedNotFatal) {
  FakeRoot root;
  root.mkdir("/etc");
  ASSERT_EQ(::mkfifo(root.host("/etc/passwd").c_str(), 0644), 0);  // would block a naive reader
  auto users = run_native("users", root.path());
  EXPECT_TRUE(users.ctx->rows("users").empty());
  EXPECT_EQ(users.ctx->errors, (std::vector<std::string>{"/etc/passwd: Invalid argument"}));
  EXPECT_TRUE(users.ctx->files.empty());
  auto groups = run_native("groups", root.path());  // simply missing: silent
  EXPECT_TRUE(groups.ctx->errors.empty());
}

TEST(Sudoers, RowsPerRuleLine) {
  FakeRoot root;
  root.write("/etc/sudoers",
             "# defaults\nDefaults env_reset\nroot ALL=(ALL:ALL) ALL\n#includedir /etc/sudoers.d\n",
             0440);
  root.write("/etc/sudoers.d/90-backdoor", "www-data ALL=(ALL) NOPASSWD: ALL\n", 0440);
  auto run = run_native("sudoers", root.path());
  const auto& rows = run.ctx->rows("sudoers");
  ASSERT_EQ(rows.size(), 4u);
  const auto& bd = find_row(rows, "file", "/etc/sudoers.d/90-backdoor");
  EXPECT_EQ(integer(bd, "line"), 1);
  EXPECT_EQ(text(bd, "text"), "www-data ALL=(ALL) NOPASSWD: ALL");
  EXPECT_EQ(run.ctx->files,
            (std::vector<std::string>{"/etc/sudoers", "/etc/sudoers.d/90-backdoor"}));
}

std::string utmp_bytes(short type, const char* user, const char* line, const char* host,
                       const char* ip, int32_t t) {
  struct utmp u;
  std::memset(&u, 0, sizeof u);
  u.ut_type = type;
  u.ut_pid = 4321;
  std::strncpy(u.ut_user, user, sizeof u.ut_user);
  std::strncpy(u.ut_line, line, sizeof u.ut_line);
  std::strncpy(u.ut_host, host, sizeof u.ut_host);
  if (ip) inet_pton(AF_INET, ip, u.ut_addr_v6);
  u.ut_tv.tv_sec = t;
  return std::string(reinterpret_cast<const char*>(&u), sizeof u);
}

TEST(Logins, WtmpBtmpUtmpAndLastlog) {
  FakeRoot root;
  root.write("/etc/passwd", kPasswd);
  root.write(
      "/var/log/wtmp",
      utmp_bytes(BOOT_TIME, "reboot", "~", "6.1.0-13-amd64", nullptr, 1699990000) +
          utmp_bytes(USER_PROCESS, "alice", "pts/0", "198.51.100.7", "198.51.100.7", 1700000000) +
          std::string(10, '\0'));
  root.write(
      "/var/log/btmp",
      utmp_bytes(LOGIN_PROCESS, "admin", "ssh:notty", "203.0.113.9", "203.0.113.9", 1700000500),
      0600);
  root.write("/run/utmp", utmp_bytes(USER_PROCESS, "alice", "pts/0", "198.51.100.7", "198.51.100.7",
                                     1700000000));
  std::string lastlog(1001 * sizeof(struct lastlog), '\0');
  struct lastlog l;
  std::memset(&l, 0, sizeof l);
  l.ll_time = 1700000000;
  std::strncpy(l.ll_line, "pts/0", sizeof l.ll_line);
  std::strncpy(l.ll_host, "198.51.100.7", sizeof l.ll_host);
  std::memcpy(lastlog.data() + 1000 * sizeof l, &l, sizeof l);
  root.write("/var/log/lastlog", lastlog);

  auto run = run_native("logins", root.path());
  const auto& rows = run.ctx->rows("logins");
  ASSERT_EQ(rows.size(), 4u);
  const auto& failed = find_row(rows, "source", "/var/log/btmp");
  EXPECT_EQ(text(failed, "user"), "admin");
  EXPECT_EQ(text(failed, "addr"), "203.0.113.9");
  EXPECT_EQ(text(failed, "type"), "LOGIN_PROCESS");
  EXPECT_EQ(integer(failed, "time"), 1700000500);
  const auto& boot = find_row(rows, "type", "BOOT_TIME");
  EXPECT_EQ(text(boot, "host"), "6.1.0-13-amd64");
  EXPECT_TRUE(is_null(boot, "addr"));
  EXPECT_EQ(text(find_row(rows, "source", "/run/utmp"), "line"), "pts/0");
  ASSERT_EQ(run.ctx->notes.size(), 1u);  // the 10 trailing bytes of wtmp
  EXPECT_NE(run.ctx->notes[0].find("10 trailing bytes"), std::string::npos);

  const auto& last = run.ctx->rows("lastlog");
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(integer(last[0], "uid"), 1000);
  EXPECT_EQ(text(last[0], "user"), "alice");
  EXPECT_EQ(text(last[0], "host"), "198.51.100.7");
  EXPECT_EQ(run.ctx->files,
            (std::vector<std::string>{"/run/utmp", "/var/log/wtmp", "/var/log/btmp"}));
}

TEST(SystemInfo, IdentityFromFilesAndRedactedEnvironment) {
  FakeRoot root;
  root.write("/etc/hostname", "web01\n");
  root.write("/etc/machine-id", "0123456789abcdef0123456789abcdef\n");
  root.write("/usr/lib/os-release",
             "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian "
             "GNU/Linux 12 (bookworm)\"\n");
  root.symlink("../usr/lib/os-release", "/etc/os-release");
  root.symlink("/usr/share/zoneinfo/Europe/Berlin", "/etc/localtime");
  ::setenv("ARTIFACT_TEST_API_TOKEN", "s3cr3t", 1);
  ::setenv("ARTIFACT_TEST_PLAIN", "visible", 1);
  auto run = run_native("system_info", root.path());
  ::unsetenv("ARTIFACT_TEST_API_TOKEN");
  ::unsetenv("ARTIFACT_TEST_PLAIN");

  const auto& rows = run.ctx->rows("system_info");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(text(rows[0], "hostname"), "web01");
  EXPECT_EQ(text(rows[0], "machine_id"), "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(text(rows[0], "os_id"), "debian");
  EXPECT_EQ(text(rows[0], "os_version"), "12");
  EXPECT_EQ(text(rows[0], "os_pretty_name"), "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(text(rows[0], "timezone"), "Europe/Berlin");
  EXPECT_TRUE(is_null(rows[0], "kernel_release"));  // no /proc in an image
  EXPECT_TRUE(is_null(rows[0], "clock_synchronized"));
  EXPECT_TRUE(run.ctx->collected("/etc/hostname"));
  EXPECT_TRUE(run.ctx->collected("/etc/os-release"));
  EXPECT_TRUE(run.ctx->errors.empty());

  const auto& env = run.ctx->rows("collector_env");
  const auto& secret = find_row(env, "name", "ARTIFACT_TEST_API_TOKEN");
  EXPECT_EQ(text(secret, "value"), "<redacted>");
  EXPECT_EQ(integer(secret, "redacted"), 1);
  EXPECT_EQ(text(find_row(env, "name", "ARTIFACT_TEST_PLAIN"), "value"), "visible");
}

// Credentials hide under more names than PASS/SECRET/TOKEN/KEY: AWS_CREDENTIALS_FILE contents,
// HTTP_AUTHORIZATION headers, session cookies. Names are matched without regard to case.
TEST(SystemInfo, EnvironmentRedactsCredentialAuthAndCookieNames) {
  FakeRoot root;
  const std::vector<std::pair<const char*, bool>> variables = {
      {"ARTIFACT_TEST_DB_CREDS", true},
      {"artifact_test_credential", true},
      {"ARTIFACT_TEST_HTTP_AUTHORIZATION", true},
      {"Artifact_Test_OAuth", true},
      {"ARTIFACT_TEST_SESSION_COOKIE", true},
      {"artifact_test_cookiejar", true},
      {"ARTIFACT_TEST_EDITOR", false}};
  for (const auto& [name, secret] : variables) ::setenv(name, "value-of-the-variable", 1);
  auto run = run_native("system_info", root.path());
  for (const auto& [name, secret] : variables) ::unsetenv(name);

  const auto& env = run.ctx->rows("collector_env");
  for (const auto& [name, secret] : variables) {
    const auto& row = find_row(env, "name", name);
    EXPECT_EQ(text(row, "value"), secret ? "<redacted>" : "value-of-the-variable") << name;
    EXPECT_EQ(integer(row, "redacted"), secret ? 1 : 0) << name;
  }
}

TEST(SystemInfo, LiveKernelAndClock) {
  auto run = run_native("system_info", "/");
  const auto& row = run.ctx->rows("system_info").at(0);
  struct utsname u {};
  ASSERT_EQ(::uname(&u), 0);
  EXPECT_EQ(text(row, "kernel_release"), u.release);
  EXPECT_GT(integer(row, "boot_time"), 1000000000);
  EXPECT_GT(integer(row, "cpu_count"), 0);
  EXPECT_GT(integer(row, "memory_total_bytes"), 0);
  EXPECT_FALSE(is_null(row, "clock_synchronized"));
}

TEST(Mounts, FstabOnAnImage) {
  FakeRoot root;
  root.write("/etc/fstab",
             "# <fs> <mp> <type> <opts> <dump> <pass>\nUUID=1234 / ext4 errors=remount-ro 0 1\n"
             "//nas/share /mnt/nas\\040data cifs credentials=/root/.smb 0 0\n");
  auto run = run_native("mounts", root.path());
  const auto& rows = run.ctx->rows("mounts");
  ASSERT_EQ(rows.size(), 2u);
  const auto& nas = find_row(rows, "mount_point", "/mnt/nas data");
  EXPECT_EQ(text(nas, "source"), "fstab");
  EXPECT_EQ(text(nas, "fs_type"), "cifs");
  EXPECT_EQ(integer(nas, "pass"), 0);
  EXPECT_TRUE(run.ctx->collected("/etc/fstab"));
}

TEST(Mounts, LiveMountsIncludeProc) {
  auto run = run_native("mounts", "/");
  bool proc = false;
  for (const auto& r : run.ctx->rows("mounts"))
    proc = proc || (text(r, "source") == "mounted" && text(r, "mount_point") == "/proc");
  EXPECT_TRUE(proc);
}

}  // namespace
}  // namespace collector::test
