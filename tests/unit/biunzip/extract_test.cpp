// End-to-end extraction of packages built with the real writer, through the command line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace biunzip_test {
namespace {

TEST(Extract, WritesEvidenceRecordsAndReport) {
  TempDir tmp;
  std::string pkg = tmp / "case.ppc";
  write_sample_package(pkg);
  CliResult r = run_cli({"extract", pkg, "--password", kPassphrase});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string dir = tmp / "case";
  EXPECT_EQ(read_text(dir + "/files/etc/passwd"), sample_content("files/etc/passwd"));
  EXPECT_EQ(read_text(dir + "/" + kBinaryName), sample_content(kBinaryName));
  EXPECT_EQ(read_text(dir + "/" + kHostileName), sample_content(kHostileName));
  EXPECT_TRUE(exists(dir + "/case.db"));
  EXPECT_TRUE(exists(dir + "/custody.json"));
  EXPECT_TRUE(exists(dir + "/collection.log"));
  EXPECT_TRUE(exists(dir + "/live/processes/processes.jsonl"));
  EXPECT_TRUE(exists(dir + "/report.html"));
  EXPECT_FALSE(exists(dir + "/ppc"));  // internal entries stay inside the package
  EXPECT_NE(r.err.find("--password is visible"), std::string::npos);
}

TEST(Extract, StripsSetuidAndSetsMtime) {
  TempDir tmp;
  std::string pkg = tmp / "case.ppc";
  write_sample_package(pkg);
  ASSERT_EQ(run_cli({"extract", pkg, "-p", kPassphrase, "-q"}).code, 0);
  struct stat st = lstat_of(tmp / "case/files/usr/bin/sudo");
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 07000, 0u);
  EXPECT_EQ(st.st_mode & 0777, 0600u);  // private by default
  EXPECT_EQ(st.st_mtime, 1714564800 - 3600);
  ASSERT_EQ(
      run_cli({"extract", pkg, "-p", kPassphrase, "-q", "-o", tmp / "kept", "--keep-modes"}).code,
      0);
  struct stat kept = lstat_of(tmp / "kept/files/usr/bin/sudo");
  EXPECT_EQ(kept.st_mode & 07777, 0755u);
}

// Under a permissive umask, nothing extracted is open to other users.
TEST(Extract, OutputIsPrivateWhateverTheUmask) {
  TempDir tmp;
  std::string pkg = tmp / "case.ppc";
  write_sample_package(pkg);
  mode_t old = ::umask(022);
  CliResult r = run_cli({"extract", pkg, "-p", kPassphrase, "-q"});
  ::umask(old);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lstat_of(tmp / "case").st_mode & 0777, 0700u);
  EXPECT_EQ(lstat_of(tmp / "case/files/etc").st_mode & 0777, 0700u);
  EXPECT_EQ(lstat_of(tmp / "case/files/etc/passwd").st_mode & 0777, 0600u);
  EXPECT_EQ(lstat_of(tmp / "case/case.db").st_mode & 0777, 0600u);
  EXPECT_EQ(lstat_of(tmp / "case/custody.log").st_mode & 0777, 0600u);
  EXPECT_EQ(lstat_of(tmp / "case/report.html").st_mode & 0777, 0600u);
}

TEST(Extract, AbsoluteSymlinkBecomesText) {
  TempDir tmp;
  std::string pkg = tmp / "case.ppc";
  write_sample_package(pkg);
  ASSERT_EQ(run_cli({"extract", pkg, "-p", kPassphrase}).code, 0);
  struct stat st = lstat_of(tmp / "case/files/etc/localtime");
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(read_text(tmp / "case/files/etc/localtime"), "/usr/share/zoneinfo/UTC");
}

TEST(Extract, CustodyLogRecordsAnalystAndDigest) {
  TempDir tmp;
  std::string pkg = tmp / "case.ppc";
  ppc::FinishResult fin = write_sample_package(pkg);
  ASSERT_EQ(run_cli({"extract", pkg, "-p", kPassphrase}).code, 0);
  std::string log = read_text(tmp / "case/custody.log");
  ASSERT_FALSE(log.empty());
  nlohmann::json j = nlohmann::json::parse(log.substr(0, log.find('\n')));
  EXPECT_EQ(j["action"], "extract");
  EXPECT_EQ(j["result"], "ok");
  EXPECT_EQ(j["package_sha256"], ppc::to_hex(fin.package_sha256));
  EXPECT_FALSE(j["analyst"].get<std::string>().empty());
  EXPECT_GE(j["files"].get<int>(), 5);
}

TEST(Extract, RefusesToOverwriteWithoutForce) {
  TempDir tmp;
  std::string pkg = tmp / "case.ppc";
  write_sample_package(pkg);
  ASSERT_EQ(run_cli({"extract", pkg, "-p", kPassphrase}).code, 0);
  write_text(tmp / "case/files/etc/passwd", "changed by the analyst\n");
  CliResult again = run_cli({"extract", pkg, "-p", kPassphrase});
  EXPECT_EQ(again.code, 16) << again.err;  // one line, its own code, not one refusal per entry
  std::string err = again.err.substr(again.err.find('\n') + 1);  // after the --password warning
  EXPECT_EQ(err, "biunzip: " + tmp / "case" +
                     ": the output directory already holds files; use --force to "
                     "replace them, or -o another directory\n");
  EXPECT_TRUE(again.out.empty()) << again.out;
  EXPECT_EQ(read_text(tmp / "case/files/etc/passwd"), "changed by the analyst\n");
  CliResult forced = run_cli({"extract", pkg, "-p", kPassphrase, "--force"});
  EXPECT_EQ(forced.code, 0) << forced.err;
  EXPECT_EQ(read_text(tmp / "case/files/etc/passwd"), sample_content("files/etc/passwd"));
  // One extraction and one forced one (the refused one did nothing): two custody records.
  std::string log = read_text(tmp / "case/custody.log");
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 2);
}

TEST(Extract, WrongPassphraseExits10AndLeavesNothing) {
  TempDir tmp;
  std::string pkg = tmp / "case.ppc";
  write_sample_package(pkg);
  CliResult r = run_cli({"extract", pkg, "-p", "wrong"});
  EXPECT_EQ(r.code, 10) << r.err;
  EXPECT_FALSE(exists(tmp / "case"));
}

TEST(Extract, HostileEntriesRefusedOthersExtracted) {
  TempDir tmp;
  std::string pkg = tmp / "evil.ppc";
  write_sample_package(pkg, {.hostile = true});
  CliResult r = run_cli({"extract", pkg, "-p", kPassphrase, "-o", tmp / "out"});
  EXPECT_EQ(r.code, 13) << r.err;
  EXPECT_FALSE(exists(tmp / "escape.txt"));
  EXPECT_FALSE(exists("/tmp/biunzip-absolute-escape.txt"));
  EXPECT_FALSE(exists("/etc/cron.d/job"));
  EXPECT_FALSE(exists(tmp / "out/files/via-link.txt"));
  EXPECT_EQ(read_text(tmp / "out/files/etc/passwd"), sample_content("files/etc/passwd"));
  EXPECT_NE(r.err.find("../escape.txt: refused"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("absolute path"), std::string::npos);
  EXPECT_NE(r.err.find("custody.log: refused"), std::string::npos);
  EXPECT_NE(r.err.find("files/evil: refused"), std::string::npos);
  EXPECT_NE(r.err.find("files/here: refused"), std::string::npos);
  // The forged custody.log entry did not become the analyst's record.
  EXPECT_EQ(read_text(tmp / "out/custody.log").find("forged"), std::string::npos);
}

}  // namespace
}  // namespace biunzip_test
