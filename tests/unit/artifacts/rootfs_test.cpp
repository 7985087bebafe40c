// RootFs: reads stay inside the root, never block, and glob/expand_file_spec match as documented.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>

#include "artifact_test_support.hpp"
#include "collector/artifact.hpp"

namespace collector {
namespace {

using test::FakeRoot;
using Paths = std::vector<std::string>;

TEST(RootFs, ReadsFilesBelowTheRoot) {
  FakeRoot root;
  root.write("/etc/hostname", "asset-host\n");
  RootFs fs(root.path() + "/");  // a trailing slash is normalised
  EXPECT_EQ(fs.root(), root.path());
  EXPECT_FALSE(fs.is_live());
  EXPECT_EQ(fs.host_spelling("/etc/hostname"), root.path() + "/etc/hostname");
  EXPECT_EQ(fs.read_file("/etc/hostname"), "asset-host\n");
  EXPECT_EQ(fs.read_file("/etc/hostname", 5), "asset");
  int err = 0;
  EXPECT_FALSE(fs.read_file("/etc/missing", 100, &err));
  EXPECT_EQ(err, ENOENT);
  EXPECT_TRUE(RootFs("/").is_live());
}

TEST(RootFs, RefusesDirectoriesAndFifosWithoutBlocking) {
  FakeRoot root;
  root.mkdir("/run");
  ASSERT_EQ(::mkfifo(root.host("/run/pipe").c_str(), 0600), 0);
  RootFs fs(root.path());
  int err = 0;
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(fs.read_file("/run/pipe", 100, &err));  // a blocking open would hang here
  EXPECT_EQ(err, EINVAL);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_FALSE(fs.open_read("/run", nullptr, &err));
  EXPECT_EQ(err, EISDIR);
  EXPECT_TRUE(fs.exists("/run/pipe"));
  auto st = fs.lstat("/run/pipe");
  ASSERT_TRUE(st);
  EXPECT_TRUE(S_ISFIFO(st->st_mode));
}

TEST(RootFs, AbsoluteSymlinksResolveInsideTheRoot) {
  FakeRoot root;
  root.write("/etc/passwd", "inside\n");
  root.symlink("/etc/passwd", "/home/evil/link");  // on the host this would be the host's file
  root.symlink("/", "/home/evil/rootlink");
  RootFs fs(root.path());
  EXPECT_EQ(fs.read_file("/home/evil/link"), "inside\n");
  EXPECT_EQ(fs.read_file("/home/evil/rootlink/etc/passwd"), "inside\n");
  EXPECT_EQ(fs.read_link("/home/evil/link"), "/etc/passwd");
  auto st = fs.lstat("/home/evil/link");
  ASSERT_TRUE(st);
  EXPECT_TRUE(S_ISLNK(st->st_mode));
}

TEST(RootFs, DotDotCannotClimbAboveTheRoot) {
  FakeRoot root;
  root.write("/etc/shadow", "asset shadow\n");
  // Enough ".." to leave any temporary directory, then the host's /etc/hostname.
  root.symlink("../../../../../../../../../../etc/hostname", "/var/link");
  root.symlink("../../../../../../../../../../etc/shadow", "/var/link2");
  RootFs fs(root.path());
  int err = 0;
  EXPECT_FALSE(fs.read_file("/var/link", 100, &err));  // the asset has no /etc/hostname
  EXPECT_EQ(err, ENOENT);
  EXPECT_EQ(fs.read_file("/var/link2"), "asset shadow\n");
  EXPECT_EQ(fs.read_file("/../../../../etc/shadow"), "asset shadow\n");
}

TEST(RootFs, SymlinkLoopsFailWithEloop) {
  FakeRoot root;
  root.symlink("/b", "/a");
  root.symlink("/a", "/b");
  RootFs fs(root.path());
  int err = 0;
  EXPECT_FALSE(fs.read_file("/a", 100, &err));
  EXPECT_EQ(err, ELOOP);
}

TEST(RootFs, ReadsAreBoundedBySizeAtOpen) {
  FakeRoot root;
  root.write("/log", std::string(200000, 'x'));
  RootFs fs(root.path());
  EXPECT_EQ(fs.read_file("/log")->size(), 200000u);
  EXPECT_EQ(fs.read_file("/log", 70000)->size(), 70000u);
}

TEST(RootFs, ReadsProcPseudoFilesOnTheLiveSystem) {
  RootFs fs("/");
  auto status = fs.read_file("/proc/self/status");  // st_size 0: read until EOF
  ASSERT_TRUE(status);
  EXPECT_NE(status->find("Pid:\t" + std::to_string(::getpid())), std::string::npos);
  int err = 0;
  EXPECT_FALSE(fs.read_file("/proc/kmsg", 100, &err));  // reading would consume the kernel log
  EXPECT_FALSE(fs.read_file("/dev/null", 100, &err));   // a device, never opened
  EXPECT_EQ(err, EINVAL);
  EXPECT_EQ(fs.read_link("/proc/self"), std::to_string(::getpid()));
}

TEST(RootFs, ListDirIsSortedAndFollowsLinksInsideTheRoot) {
  FakeRoot root;
  root.write("/etc/b", "");
  root.write("/etc/a", "");
  root.write("/etc/.hidden", "");
  root.symlink("/etc", "/etclink");
  RootFs fs(root.path());
  EXPECT_EQ(fs.list_dir("/etc"), (Paths{".hidden", "a", "b"}));
  EXPECT_EQ(fs.list_dir("/etclink"), (Paths{".hidden", "a", "b"}));
  int err = 0;
  EXPECT_TRUE(fs.list_dir("/nope", &err).empty());
  EXPECT_EQ(err, ENOENT);
}

class GlobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root.write("/etc/cron.d/job1", "");
    root.write("/etc/cron.d/job2", "");
    root.write("/etc/cron.d/.hidden", "");
    root.write("/etc/cron.daily/logrotate", "");
    root.write("/home/alice/.bash_history", "");
    root.write("/home/bob/.zsh_history", "");
    root.write("/var/www/index.php", "");
    root.write("/var/www/a/b/c/deep.php", "");
    root.write("/outside/secret.php", "");
    root.symlink("/outside", "/var/www/linked");  // never descended by wildcards
  }
  FakeRoot root;
};

TEST_F(GlobTest, StarQuestionAndBracketMatchOneComponentIncludingDotFiles) {
  RootFs fs(root.path());
  EXPECT_EQ(fs.glob("/etc/cron.d/*"),
            (Paths{"/etc/cron.d/.hidden", "/etc/cron.d/job1", "/etc/cron.d/job2"}));
  EXPECT_EQ(fs.glob("/etc/cron.d/job?"), (Paths{"/etc/cron.d/job1", "/etc/cron.d/job2"}));
  EXPECT_EQ(fs.glob("/etc/cron.d/job[2-9]"), (Paths{"/etc/cron.d/job2"}));
  EXPECT_EQ(fs.glob("/etc/cron*/*"), (Paths{"/etc/cron.d/.hidden", "/etc/cron.d/job1",
                                            "/etc/cron.d/job2", "/etc/cron.daily/logrotate"}));
  EXPECT_EQ(fs.glob("/home/*/.*history"),
            (Paths{"/home/alice/.bash_history", "/home/bob/.zsh_history"}));
  EXPECT_EQ(fs.glob("/etc/cron.d/job1"), (Paths{"/etc/cron.d/job1"}));
  EXPECT_TRUE(fs.glob("/etc/missing").empty());
  EXPECT_TRUE(fs.glob("relative/*").empty());
}

TEST_F(GlobTest, DoubleStarMatchesAnyDepthUpToMaxDepthWithoutFollowingLinks) {
  RootFs fs(root.path());
  EXPECT_EQ(fs.glob("/var/www/**/*.php"), (Paths{"/var/www/a/b/c/deep.php", "/var/www/index.php"}));
  EXPECT_EQ(fs.glob("/var/www/**/*.php", 1), (Paths{"/var/www/index.php"}));
  EXPECT_EQ(fs.glob("/var/www/**/*.php", 3),
            (Paths{"/var/www/a/b/c/deep.php", "/var/www/index.php"}));
  Paths all = fs.glob("/var/www/**");
  EXPECT_EQ(all, (Paths{"/var/www/a", "/var/www/a/b", "/var/www/a/b/c", "/var/www/a/b/c/deep.php",
                        "/var/www/index.php", "/var/www/linked"}));
  EXPECT_EQ(fs.glob("/var/www/**", 0),
            (Paths{"/var/www/a", "/var/www/index.php", "/var/www/linked"}));
}

TEST_F(GlobTest, ExpandFileSpecWalksDirectoriesAndExcludes) {
  RootFs fs(root.path());
  FileSpec spec;
  spec.paths = {"/var/www", "/etc/cron.d/job1"};
  spec.exclude = {"deep.*"};
  EXPECT_EQ(expand_file_spec(fs, spec, 0), (Paths{"/etc/cron.d/job1", "/var/www/index.php"}));
  spec.exclude = {"/var/www/a/*"};  // without '/': the name; with: the full path, '*' spans '/'
  EXPECT_EQ(expand_file_spec(fs, spec, 0), (Paths{"/etc/cron.d/job1", "/var/www/index.php"}));
  spec.exclude.clear();
  spec.max_depth = 0;
  EXPECT_EQ(expand_file_spec(fs, spec, 0), (Paths{"/etc/cron.d/job1", "/var/www/index.php"}));
}

TEST(ExpandFileSpec, FiltersExecutablesSetidAndRecentFiles) {
  FakeRoot root;
  root.write("/tmp/script.sh", "#!/bin/sh\n", 0755);
  root.write("/tmp/data.txt", "x", 0644);
  root.write("/usr/bin/su", "elf", 04755);
  root.write("/usr/bin/ls", "elf", 0755);
  root.write("/usr/bin/old", "elf", 0755);
  const int64_t now = ::time(nullptr);
  struct timeval old_times[2] = {{now - 30 * 86400, 0}, {now - 30 * 86400, 0}};
  ASSERT_EQ(::utimes(root.host("/usr/bin/old").c_str(), old_times), 0);
  RootFs fs(root.path());

  FileSpec exec;
  exec.paths = {"/tmp"};
  exec.executables_only = true;
  EXPECT_EQ(expand_file_spec(fs, exec, now), (Paths{"/tmp/script.sh"}));

  FileSpec setid;
  setid.paths = {"/usr"};
  setid.setid_only = true;
  EXPECT_EQ(expand_file_spec(fs, setid, now), (Paths{"/usr/bin/su"}));

  FileSpec recent;
  recent.paths = {"/usr/bin"};
  recent.modified_within_days = 7;
  EXPECT_EQ(expand_file_spec(fs, recent, now), (Paths{"/usr/bin/ls", "/usr/bin/su"}));
}

TEST(ExpandFileSpec, DirectoryNamesWithGlobCharactersAreTakenLiterally) {
  FakeRoot root;
  root.write("/tmp/[x]/payload", "p");
  root.write("/tmp/x/decoy", "d");
  RootFs fs(root.path());
  FileSpec spec;
  spec.paths = {"/tmp/*"};
  EXPECT_EQ(expand_file_spec(fs, spec, 0), (Paths{"/tmp/[x]/payload", "/tmp/x/decoy"}));
}

TEST(ExpandFileSpec, FollowsFileLinksInsideTheRootOnly) {
  FakeRoot root;
  root.write("/run/resolv.conf", "nameserver 10.0.0.1\n");
  root.symlink("/run/resolv.conf", "/etc/resolv.conf");
  root.symlink("/../../../../../../../../etc/passwd", "/etc/escape");
  RootFs fs(root.path());
  FileSpec spec;
  spec.paths = {"/etc/*"};
  EXPECT_EQ(expand_file_spec(fs, spec, 0), (Paths{"/etc/resolv.conf"}));
}

TEST(RootFs, OpenEvidenceResolvesAbsoluteDirectoryLinksInsideTheRoot) {
  FakeRoot root;
  FakeRoot host;  // stands for the examiner's machine: its files must never be opened
  host.write("/data/home/alice/notes.txt", "HOST\n");
  root.write(host.path() + "/data/home/alice/notes.txt", "IMAGE\n");
  root.symlink(host.path() + "/data/home", "/home");
  RootFs fs(root.path());
  auto lst = fs.lstat("/home/alice/notes.txt");
  ASSERT_TRUE(lst);
  struct stat st {};
  UniqueFd fd = fs.open_evidence("/home/alice/notes.txt", *lst, &st);
  ASSERT_TRUE(fd);
  char buf[16] = {};
  ASSERT_EQ(::read(fd.get(), buf, sizeof buf), 6);
  EXPECT_STREQ(buf, "IMAGE\n");
  host.write("/data/home/alice/only-host", "HOST\n");
  int err = 0;
  EXPECT_FALSE(fs.lstat("/home/alice/only-host", &err));
  EXPECT_EQ(err, ENOENT);
}

TEST(RootFs, OpenEvidenceRefusesLinksAndSwappedFiles) {
  FakeRoot root;
  root.write("/etc/a", "a");
  root.write("/etc/b", "b");
  root.symlink("/etc/a", "/etc/link");
  RootFs fs(root.path());
  int err = 0;
  auto link = fs.lstat("/etc/link");
  ASSERT_TRUE(link);
  EXPECT_FALSE(fs.open_evidence("/etc/link", *link, nullptr, &err));  // stored as a link instead
  EXPECT_EQ(err, EINVAL);
  auto a = fs.lstat("/etc/a");
  ASSERT_TRUE(a);
  EXPECT_FALSE(fs.open_evidence("/etc/b", *a, nullptr, &err));  // not the file lstat saw
  EXPECT_EQ(err, ESTALE);
}

TEST(PathFilter, ExcludesAPathWhenItOrAParentMatches) {
  asset::PathFilter f({"/var/log/journal/*", "*.gz", "lastlog"});
  EXPECT_TRUE(f.excluded("/var/log/journal/abc"));
  EXPECT_TRUE(f.excluded("/var/log/journal/abc/system.journal"));
  EXPECT_FALSE(f.excluded("/var/log/journal"));
  EXPECT_TRUE(f.excluded("/var/log/syslog.2.gz"));
  EXPECT_TRUE(f.excluded("/var/log/lastlog"));
  EXPECT_FALSE(f.excluded("/var/log/lastlog2"));
  EXPECT_FALSE(f.matches(asset::split_path("/var/log/journal/abc/system.journal")));
  EXPECT_TRUE(f.matches(asset::split_path("/var/log/journal/abc")));
}

}  // namespace
}  // namespace collector
