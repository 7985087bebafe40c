// Native collectors of traces.yaml (packages, package integrity, PAM modules, private keys,
// authentication events, browser histories) on fake asset trees with known rows.
#include <fcntl.h>
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

namespace collector::test {
namespace {

// ssh-keygen's own fingerprint of a key file ("256 SHA256:abc comment (ED25519)" -> field 2).
std::string keygen_fingerprint(const std::string& host_path) {
  std::string cmd = "ssh-keygen -lf '" + host_path + "' 2>/dev/null";
  std::unique_ptr<FILE, decltype(&pclose)> p(popen(cmd.c_str(), "r"), &pclose);
  char buf[512] = {};
  if (!p || !fgets(buf, sizeof buf, p.get())) return {};
  std::string line(buf);
  auto a = line.find(' '), b = line.find(' ', a + 1);
  return line.substr(a + 1, b - a - 1);
}

bool keygen(const FakeRoot& root, std::string_view asset, std::string_view args) {
  root.mkdir(std::filesystem::path(std::string(asset)).parent_path().string());
  std::string cmd = "ssh-keygen -q " + std::string(args) + " -f '" + root.host(asset) +
                    "' -C 'test key' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

TEST(SshPrivateKeys, EveryFormatDescribedNeverStored) {
  if (std::system("command -v ssh-keygen >/dev/null") != 0) GTEST_SKIP() << "no ssh-keygen";
  FakeRoot root;
  root.write("/etc/passwd",
             "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n"
             "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
             "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
  ASSERT_TRUE(keygen(root, "/home/alice/.ssh/id_ed25519", "-t ed25519 -N ''"));
  ASSERT_TRUE(keygen(root, "/home/alice/.ssh/id_rsa", "-t rsa -b 1024 -N 'secret'"));
  ASSERT_TRUE(keygen(root, "/root/backup/deploy.pem", "-t rsa -b 1024 -m PEM -N ''"));
  ASSERT_TRUE(keygen(root, "/root/backup/locked.pem", "-t rsa -b 1024 -m PEM -N 'secret'"));
  ASSERT_TRUE(keygen(root, "/var/www/html/.cache/k", "-t ecdsa -b 384 -m PKCS8 -N ''"));
  ASSERT_TRUE(keygen(root, "/etc/ssh/ssh_host_ed25519_key", "-t ed25519 -N ''"));
  ASSERT_TRUE(keygen(root, "/usr/sbin/not_walked", "-t ed25519 -N ''"));  // daemon's "home"
  root.write("/home/alice/notes.txt", std::string(200, 'x'));
  root.write("/home/alice/fake_key",
             "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n"
             "-----END OPENSSH PRIVATE KEY-----\n" +
                 std::string(64, ' '));

  auto run = run_native("ssh_private_keys", root.path());
  const auto& rows = run.ctx->rows("ssh_private_keys");
  ASSERT_EQ(rows.size(), 6u);
  const auto& ed = find_row(rows, "path", "/home/alice/.ssh/id_ed25519");
  EXPECT_EQ(text(ed, "user"), "alice");
  EXPECT_EQ(text(ed, "format"), "openssh");
  EXPECT_EQ(text(ed, "key_type"), "ssh-ed25519");
  EXPECT_EQ(integer(ed, "bits"), 256);
  EXPECT_EQ(integer(ed, "encrypted"), 0);
  EXPECT_EQ(text(ed, "comment"), "test key");
  EXPECT_EQ(text(ed, "fingerprint"), keygen_fingerprint(root.host("/home/alice/.ssh/id_ed25519")));
  const auto& rsa = find_row(rows, "path", "/home/alice/.ssh/id_rsa");
  EXPECT_EQ(integer(rsa, "encrypted"), 1);
  EXPECT_EQ(text(rsa, "cipher"), "aes256-ctr");
  EXPECT_EQ(integer(rsa, "bits"), 1024);  // the public half is in clear in this format
  EXPECT_EQ(text(rsa, "fingerprint"), keygen_fingerprint(root.host("/home/alice/.ssh/id_rsa.pub")));
  const auto& pem = find_row(rows, "path", "/root/backup/deploy.pem");
  EXPECT_EQ(text(pem, "format"), "pem-rsa");
  EXPECT_EQ(text(pem, "key_type"), "ssh-rsa");
  EXPECT_EQ(integer(pem, "bits"), 1024);
  EXPECT_EQ(text(pem, "fingerprint"), keygen_fingerprint(root.host("/root/backup/deploy.pem")));
  const auto& locked = find_row(rows, "path", "/root/backup/locked.pem");
  EXPECT_EQ(integer(locked, "encrypted"), 1);
  EXPECT_EQ(text(locked, "cipher"), "AES-128-CBC");
  EXPECT_TRUE(is_null(locked, "bits"));
  // Its .pub beside it still gives the fingerprint.
  EXPECT_EQ(text(locked, "fingerprint"),
            keygen_fingerprint(root.host("/root/backup/locked.pem.pub")));
  const auto& ec = find_row(rows, "path", "/var/www/html/.cache/k");
  EXPECT_EQ(text(ec, "user"), "www-data");
  EXPECT_EQ(text(ec, "format"), "pkcs8");
  EXPECT_EQ(text(ec, "key_type"), "ecdsa-sha2-nistp384");
  EXPECT_EQ(integer(ec, "bits"), 384);
  EXPECT_EQ(text(ec, "fingerprint"), keygen_fingerprint(root.host("/var/www/html/.cache/k")));
  EXPECT_EQ(text(find_row(rows, "path", "/etc/ssh/ssh_host_ed25519_key"), "user"), "root");
  EXPECT_TRUE(run.ctx->files.empty());  // never stored
  EXPECT_TRUE(run.ctx->errors.empty());
}

}  // namespace
}  // namespace collector::test

namespace collector::test {
namespace {

TEST(AuthEvents, AuthLogAndSecureRotatedFiles) {
  FakeRoot root;
  root.write(
      "/var/log/auth.log.1",
      "Mar  1 08:00:00 h sshd[5]: Accepted password for alice from 192.0.2.1 port 40000 ssh2\n");
  root.write("/var/log/auth.log",
             "Mar  2 09:00:00 h sudo:   alice : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/sh\n"
             "Mar  2 09:00:01 h CRON[7]: pam_unix(cron:session): session opened for user root\n");
  root.write("/var/log/secure-20250301",
             "Feb 28 23:00:00 rh sshd[9]: Failed password for root from 192.0.2.9 port 1 ssh2\n");
  root.write("/var/log/auth.log.2.gz", "not read");
  // 2025-03-02 12:00:00 UTC: the logs' year.
  for (const char* f : {"/var/log/auth.log.1", "/var/log/auth.log", "/var/log/secure-20250301"}) {
    struct timespec times[2] = {{1740916800, 0}, {1740916800, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, root.host(f).c_str(), times, 0), 0);
  }
  auto run = run_native("auth_events", root.path());
  const auto& rows = run.ctx->rows("auth_events");
  ASSERT_EQ(rows.size(), 3u);
  const auto& ssh = find_row(rows, "source", "/var/log/auth.log.1");
  EXPECT_EQ(integer(ssh, "time"), 1740816000);  // 2025-03-01 08:00:00 UTC
  EXPECT_EQ(text(ssh, "user"), "alice");
  EXPECT_EQ(text(ssh, "source_ip"), "192.0.2.1");
  const auto& sudo = find_row(rows, "source", "/var/log/auth.log");
  EXPECT_EQ(text(sudo, "command"), "/bin/sh");
  EXPECT_EQ(integer(sudo, "line"), 1);
  const auto& rh = find_row(rows, "source", "/var/log/secure-20250301");
  EXPECT_EQ(text(rh, "result"), "failure");
  EXPECT_EQ(text(rh, "host"), "rh");
  EXPECT_TRUE(run.ctx->collected("/var/log/auth.log"));
  EXPECT_FALSE(run.ctx->collected("/var/log/auth.log.2.gz"));
}

}  // namespace
}  // namespace collector::test

namespace collector::test {
namespace {

bool sqlite(const FakeRoot& root, std::string_view asset, std::string_view sql) {
  root.mkdir(std::filesystem::path(std::string(asset)).parent_path().string());
  std::string cmd = "sqlite3 '" + root.host(asset) + "' \"" + std::string(sql) + "\" >/dev/null";
  return std::system(cmd.c_str()) == 0;
}

TEST(BrowserHistory, ChromiumAndFirefoxFromMemoryCopies) {
  if (std::system("command -v sqlite3 >/dev/null") != 0) GTEST_SKIP() << "no sqlite3 CLI";
  FakeRoot root;
  root.write("/etc/passwd",
             "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n");
  // Chromium: 1700000000 (Unix) is 13344473600000000 microseconds since 1601.
  ASSERT_TRUE(
      sqlite(root, "/home/alice/.config/google-chrome/Default/History",
             "CREATE TABLE urls(id INTEGER PRIMARY KEY, url TEXT, title TEXT, "
             "visit_count INTEGER, last_visit_time INTEGER);"
             "CREATE TABLE downloads(id INTEGER PRIMARY KEY, target_path TEXT, "
             "start_time INTEGER);"
             "CREATE TABLE downloads_url_chains(id INTEGER, chain_index INTEGER, url TEXT);"
             "INSERT INTO urls VALUES(1, 'https://pastebin.example/raw/x', 'raw', 3, "
             "13344473600000000);"
             "INSERT INTO urls VALUES(2, 'https://example.org/', '', 1, 0);"
             "INSERT INTO downloads VALUES(1, '/home/alice/Downloads/agent', "
             "13344473700000000);"
             "INSERT INTO downloads_url_chains VALUES(1, 0, 'http://short.example/a');"
             "INSERT INTO downloads_url_chains VALUES(1, 1, 'http://198.51.100.4/agent');"));
  // Firefox in WAL mode, as it runs; the -wal file is stored too.
  ASSERT_TRUE(sqlite(root, "/root/.mozilla/firefox/abcd.default-release/places.sqlite",
                     "PRAGMA journal_mode=WAL;"
                     "CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT, title TEXT, "
                     "visit_count INTEGER, last_visit_date INTEGER);"
                     "CREATE TABLE moz_anno_attributes(id INTEGER PRIMARY KEY, name TEXT);"
                     "CREATE TABLE moz_annos(id INTEGER PRIMARY KEY, place_id INTEGER, "
                     "anno_attribute_id INTEGER, content TEXT, dateAdded INTEGER);"
                     "INSERT INTO moz_places VALUES(1, 'https://gitlab.example/tools.tgz', "
                     "'tools', 2, 1700000100000000);"
                     "INSERT INTO moz_anno_attributes VALUES(7, 'downloads/destinationFileURI');"
                     "INSERT INTO moz_annos VALUES(1, 1, 7, 'file:///root/tools.tgz', "
                     "1700000100000000);"));
  root.write("/home/alice/.config/chromium/Default/History", "not a database at all, but long");
  struct stat before {};
  ASSERT_EQ(::stat(root.host("/root/.mozilla/firefox/abcd.default-release/places.sqlite").c_str(),
                   &before),
            0);

  auto run = run_native("browser_history", root.path());
  const auto& visits = run.ctx->rows("browser_history");
  ASSERT_EQ(visits.size(), 3u);
  const auto& paste = find_row(visits, "url", "https://pastebin.example/raw/x");
  EXPECT_EQ(text(paste, "user"), "alice");
  EXPECT_EQ(text(paste, "browser"), "chrome");
  EXPECT_EQ(text(paste, "profile"), "Default");
  EXPECT_EQ(integer(paste, "visit_count"), 3);
  EXPECT_EQ(integer(paste, "last_visit"), 1700000000);
  EXPECT_TRUE(is_null(find_row(visits, "url", "https://example.org/"), "last_visit"));
  const auto& ff = find_row(visits, "browser", "firefox");
  EXPECT_EQ(text(ff, "user"), "root");
  EXPECT_EQ(text(ff, "profile"), "abcd.default-release");
  EXPECT_EQ(integer(ff, "last_visit"), 1700000100);
  const auto& downloads = run.ctx->rows("browser_downloads");
  ASSERT_EQ(downloads.size(), 2u);
  const auto& agent = find_row(downloads, "browser", "chrome");
  EXPECT_EQ(text(agent, "url"), "http://198.51.100.4/agent");
  EXPECT_EQ(text(agent, "target_path"), "/home/alice/Downloads/agent");
  EXPECT_EQ(integer(agent, "start_time"), 1700000100);
  EXPECT_EQ(text(find_row(downloads, "browser", "firefox"), "target_path"), "/root/tools.tgz");
  // The broken database is one recorded error; the good ones are stored.
  ASSERT_EQ(run.ctx->errors.size(), 1u);
  EXPECT_NE(run.ctx->errors[0].find("/home/alice/.config/chromium/Default/History"),
            std::string::npos);
  EXPECT_TRUE(run.ctx->collected("/home/alice/.config/google-chrome/Default/History"));
  EXPECT_TRUE(run.ctx->collected("/root/.mozilla/firefox/abcd.default-release/places.sqlite"));
  // Nothing was written beside the databases (no journal, no -shm) and the file is unchanged.
  EXPECT_FALSE(std::filesystem::exists(
      root.host("/home/alice/.config/google-chrome/Default/History-journal")));
  struct stat after {};
  ASSERT_EQ(::stat(root.host("/root/.mozilla/firefox/abcd.default-release/places.sqlite").c_str(),
                   &after),
            0);
  EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
  EXPECT_EQ(before.st_size, after.st_size);
}

}  // namespace
}  // namespace collector::test
