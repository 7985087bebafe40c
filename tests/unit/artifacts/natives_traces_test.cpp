// Native collectors of traces.yaml (packages, package integrity, PAM modules, private keys,
// authentication events, browser histories) on fake asset trees with known rows.
#include <sys/stat.h>

#include "artifact_test_support.hpp"
#include "ppc/hashing.hpp"

namespace collector::test {
namespace {

std::string md5_of(std::string_view data) {
  ppc::MultiHasher h({.md5 = true});
  h.update({reinterpret_cast<const uint8_t*>(data.data()), data.size()});
  return h.finish().md5;
}

std::string sha256_of(std::string_view data) {
  ppc::MultiHasher h;
  h.update({reinterpret_cast<const uint8_t*>(data.data()), data.size()});
  return h.finish().sha256;
}

// A dpkg database of two packages: openssh-server (one file modified, one missing, one
// conffile edited) and libpam-modules:amd64 (Multi-Arch: same, unchanged).
void plant_dpkg(const FakeRoot& root) {
  root.write("/var/lib/dpkg/status",
             "Package: openssh-server\nStatus: install ok installed\nArchitecture: amd64\n"
             "Version: 1:9.2p1-2\nConffiles:\n /etc/ssh/sshd_config " +
                 md5_of("PermitRootLogin no\n") +
                 "\n\n"
                 "Package: libpam-modules\nStatus: install ok installed\nArchitecture: amd64\n"
                 "Multi-Arch: same\nVersion: 1.5.2\n\n"
                 "Package: oldtool\nStatus: deinstall ok config-files\nArchitecture: all\n"
                 "Version: 0.1\n");
  root.write("/var/lib/dpkg/info/openssh-server.md5sums",
             md5_of("real sshd") + "  usr/sbin/sshd\n" + md5_of("sftp") +
                 "  usr/lib/openssh/sftp-server\n" + md5_of("keygen") + "  usr/bin/ssh-keygen\n");
  root.write("/var/lib/dpkg/info/openssh-server.list", "/usr/sbin/sshd\n");
  root.write("/usr/sbin/sshd", "trojaned sshd", 0755);
  root.write("/usr/lib/openssh/sftp-server", "sftp", 0755);
  root.write("/etc/ssh/sshd_config", "PermitRootLogin yes\n");
  root.write("/var/lib/dpkg/info/libpam-modules:amd64.md5sums",
             md5_of("pam unix") + "  lib/x86_64-linux-gnu/security/pam_unix.so\n");
  root.write("/var/lib/dpkg/info/libpam-modules:amd64.list",
             "/lib/x86_64-linux-gnu/security\n/lib/x86_64-linux-gnu/security/pam_unix.so\n");
  root.write("/lib/x86_64-linux-gnu/security/pam_unix.so", "pam unix");
  root.write("/var/log/dpkg.log",
             "2024-06-02 08:00:00 status installed openssh-server:amd64 1:9.2p1-2\n");
}

TEST(Packages, DpkgStatusWithInstallTimes) {
  FakeRoot root;
  plant_dpkg(root);
  auto run = run_native("packages", root.path());
  const auto& rows = run.ctx->rows("packages");
  ASSERT_EQ(rows.size(), 3u);
  const auto& ssh = find_row(rows, "name", "openssh-server");
  EXPECT_EQ(text(ssh, "manager"), "dpkg");
  EXPECT_EQ(text(ssh, "version"), "1:9.2p1-2");
  EXPECT_EQ(text(ssh, "architecture"), "amd64");
  EXPECT_EQ(text(ssh, "logged_install"), "2024-06-02 08:00:00");
  struct stat st {};
  ASSERT_EQ(::lstat(root.host("/var/lib/dpkg/info/openssh-server.list").c_str(), &st), 0);
  EXPECT_EQ(integer(ssh, "install_time"), st.st_mtime);
  EXPECT_TRUE(is_null(find_row(rows, "name", "oldtool"), "install_time"));
  EXPECT_EQ(text(find_row(rows, "name", "oldtool"), "status"), "deinstall ok config-files");
  EXPECT_FALSE(is_null(find_row(rows, "name", "libpam-modules"), "install_time"));
  EXPECT_TRUE(run.ctx->collected("/var/lib/dpkg/status"));
  EXPECT_TRUE(run.ctx->errors.empty());
}

TEST(PackageIntegrity, ModifiedMissingAndEditedConffile) {
  FakeRoot root;
  plant_dpkg(root);
  auto run = run_native("package_integrity", root.path());
  const auto& rows = run.ctx->rows("package_integrity");
  ASSERT_EQ(rows.size(), 3u);  // the unchanged sftp-server and pam_unix.so are not listed
  const auto& sshd = find_row(rows, "path", "/usr/sbin/sshd");
  EXPECT_EQ(text(sshd, "status"), "modified");
  EXPECT_EQ(text(sshd, "package"), "openssh-server");
  EXPECT_EQ(text(sshd, "expected"), md5_of("real sshd"));
  EXPECT_EQ(text(sshd, "actual"), md5_of("trojaned sshd"));
  const auto& keygen = find_row(rows, "path", "/usr/bin/ssh-keygen");
  EXPECT_EQ(text(keygen, "status"), "missing");
  EXPECT_TRUE(is_null(keygen, "actual"));
  EXPECT_EQ(text(find_row(rows, "path", "/etc/ssh/sshd_config"), "status"), "modified");
  EXPECT_TRUE(run.ctx->collected("/var/lib/dpkg/info/libpam-modules:amd64.md5sums"));
  EXPECT_TRUE(run.ctx->errors.empty());
  ASSERT_EQ(run.ctx->notes.size(), 1u);
  EXPECT_NE(run.ctx->notes[0].find("5 files of 2 dpkg packages checked, 2 unchanged"),
            std::string::npos)
      << run.ctx->notes[0];

  // keep_ok lists every file; a diversion sends the check to the diverted copy.
  root.write("/var/lib/dpkg/diversions", "/usr/sbin/sshd\n/usr/sbin/sshd.distrib\nlocal-pkg\n");
  root.write("/usr/sbin/sshd.distrib", "real sshd", 0755);
  run.def.options["keep_ok"] = {"1"};
  FakeContext all(run.def, root.path());
  find_native_collector(run.def.native)(all);
  const auto& every = all.rows("package_integrity");
  ASSERT_EQ(every.size(), 5u);
  EXPECT_EQ(text(find_row(every, "path", "/usr/sbin/sshd.distrib"), "status"), "ok");
  EXPECT_EQ(text(find_row(every, "path", "/usr/lib/openssh/sftp-server"), "status"), "ok");
}

TEST(PackageIntegrity, FileReplacedByAFifoIsUnreadableNotOpened) {
  FakeRoot root;
  plant_dpkg(root);
  ASSERT_EQ(::unlink(root.host("/usr/lib/openssh/sftp-server").c_str()), 0);
  ASSERT_EQ(::mkfifo(root.host("/usr/lib/openssh/sftp-server").c_str(), 0644), 0);
  auto run = run_native("package_integrity", root.path());
  const auto& row =
      find_row(run.ctx->rows("package_integrity"), "path", "/usr/lib/openssh/sftp-server");
  EXPECT_EQ(text(row, "status"), "unreadable");
  ASSERT_EQ(run.ctx->errors.size(), 1u);
}

TEST(PamModules, HashAndOwnerAcrossMergedUsr) {
  FakeRoot root;
  plant_dpkg(root);
  root.write("/usr/lib/x86_64-linux-gnu/security/pam_backdoor.so", "evil module");
  // Merged /usr: /lib is a link to usr/lib, so pam_unix.so is reachable twice but listed once.
  std::filesystem::rename(root.host("/lib/x86_64-linux-gnu/security/pam_unix.so"),
                          root.host("/usr/lib/x86_64-linux-gnu/security/pam_unix.so"));
  std::filesystem::remove_all(root.host("/lib"));
  root.symlink("usr/lib", "/lib");
  auto run = run_native("pam_modules", root.path());
  const auto& rows = run.ctx->rows("pam_modules");
  ASSERT_EQ(rows.size(), 2u);
  const auto& evil = find_row(rows, "sha256", sha256_of("evil module"));
  EXPECT_TRUE(is_null(evil, "package"));
  EXPECT_EQ(integer(evil, "size"), 11);
  const auto& unix_row = find_row(rows, "sha256", sha256_of("pam unix"));
  EXPECT_EQ(text(unix_row, "package"), "libpam-modules");
  EXPECT_NE(text(unix_row, "path").find("/security/pam_unix.so"), std::string::npos);
  EXPECT_TRUE(run.ctx->errors.empty());
}

}  // namespace
}  // namespace collector::test
