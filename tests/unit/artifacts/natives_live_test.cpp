// Live system and kernel collectors: traces this test plants itself (a process whose /proc
// directory is covered by a bind mount, its hidden thread), so the expected rows are known; and
// the parsers of live kernel formats on exact text.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "../../../collector/src/artifacts/live_parsers.hpp"
#include "../../../collector/src/artifacts/natives.hpp"
#include "artifact_test_support.hpp"
#include "ppc/hashing.hpp"

namespace collector::test {
namespace {

// A forked child with a second thread named "hidden-thr"; the thread's id comes back through
// a pipe. Killed and reaped on destruction.
class PlantedProcess {
 public:
  PlantedProcess() {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(fds[0]);
      static int out;
      out = fds[1];
      pthread_t t;
      pthread_create(
          &t, nullptr,
          [](void*) -> void* {
            ::prctl(PR_SET_NAME, "hidden-thr");
            pid_t tid = static_cast<pid_t>(::syscall(SYS_gettid));
            (void)!::write(out, &tid, sizeof tid);
            for (;;) ::pause();
          },
          nullptr);
      for (;;) ::pause();
    }
    ::close(fds[1]);
    if (::read(fds[0], &tid_, sizeof tid_) != sizeof tid_) tid_ = -1;
    ::close(fds[0]);
  }
  ~PlantedProcess() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }
  pid_t tid() const { return tid_; }

 private:
  pid_t pid_ = -1;
  pid_t tid_ = -1;
};

const RecordedRow* row_of(const std::vector<RecordedRow>& rows, int64_t pid,
                          const std::string& detection) {
  for (const auto& r : rows)
    if (integer(r, "pid") == pid && text(r, "detection") == detection) return &r;
  return nullptr;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string sha256_hex(const std::string& data) {
  return ppc::to_hex(ppc::sha256({reinterpret_cast<const uint8_t*>(data.data()), data.size()}));
}

// A `sleep 30` whose executable is gone from disk: run from a memfd named "planted", or from a
// copy that is deleted once it runs. Killed and reaped on destruction.
class SleeperOffDisk {
 public:
  enum Kind { memfd, deleted };
  SleeperOffDisk(Kind kind, const FakeRoot& scratch) {
    const std::string image = file_bytes(sleep_path());
    int fd = -1;
    std::string copy;
    if (kind == memfd) {
      fd = ::memfd_create("planted", MFD_CLOEXEC);
      if (fd < 0 || ::write(fd, image.data(), image.size()) != static_cast<ssize_t>(image.size()))
        throw std::runtime_error("memfd");
    } else {
      copy = scratch.host("/sleep-copy");
      scratch.write("/sleep-copy", image, 0755);
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      char arg0[] = "sleep", arg1[] = "30";
      char* argv[] = {arg0, arg1, nullptr};
      char* envp[] = {nullptr};
      if (fd >= 0)
        ::fexecve(fd, argv, envp);
      else
        ::execve(copy.c_str(), argv, envp);
      ::_exit(127);
    }
    if (fd >= 0) ::close(fd);
    // Wait until the exec happened (the exe link names the new image), then delete the copy.
    for (int i = 0; i < 500; ++i) {
      char link[4096] = {};
      ssize_t n =
          ::readlink(("/proc/" + std::to_string(pid_) + "/exe").c_str(), link, sizeof link - 1);
      if (n > 0 &&
          (kind == memfd ? std::string(link).starts_with("/memfd:") : std::string(link) == copy))
        break;
      ::usleep(10000);
    }
    if (!copy.empty()) ::unlink(copy.c_str());
    sha256_ = sha256_hex(image);
  }
  ~SleeperOffDisk() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }
  const std::string& sha256() const { return sha256_; }
  static std::string sleep_path() {
    return ::access("/bin/sleep", X_OK) == 0 ? "/bin/sleep" : "/usr/bin/sleep";
  }

 private:
  pid_t pid_ = -1;
  std::string sha256_;
};

const RecordedRow& process_row(const std::vector<RecordedRow>& rows, int64_t pid) {
  for (const auto& r : rows)
    if (integer(r, "pid") == pid) return r;
  throw std::logic_error("no process " + std::to_string(pid));
}

TEST(Processes, HashesDeletedAndMemfdExecutablesAndReportsPrivileges) {
  FakeRoot scratch;
  SleeperOffDisk in_memfd(SleeperOffDisk::memfd, scratch);
  SleeperOffDisk deleted(SleeperOffDisk::deleted, scratch);
  auto run = run_native("processes", "/");
  const auto& rows = run.ctx->rows("processes");

  const auto& m = process_row(rows, in_memfd.pid());
  EXPECT_EQ(text(m, "exe").rfind("/memfd:planted", 0), 0u) << text(m, "exe");
  EXPECT_EQ(integer(m, "exe_deleted"), 1);
  EXPECT_EQ(text(m, "exe_sha256"), in_memfd.sha256());
  const auto& d = process_row(rows, deleted.pid());
  EXPECT_EQ(text(d, "exe"), scratch.host("/sleep-copy") + " (deleted)");
  EXPECT_EQ(integer(d, "exe_deleted"), 1);
  EXPECT_EQ(text(d, "exe_sha256"), deleted.sha256());

  const auto& self = process_row(rows, ::getpid());
  struct stat net {};
  ASSERT_EQ(::stat("/proc/self/ns/net", &net), 0);
  EXPECT_EQ(integer(self, "net_ns"), static_cast<int64_t>(net.st_ino));
  EXPECT_EQ(text(self, "seccomp"), "disabled");
  EXPECT_EQ(integer(self, "no_new_privs"), 0);
  EXPECT_EQ(text(self, "cap_effective").size(), 16u);
  if (::geteuid() == 0)
    EXPECT_NE(text(self, "cap_effective_names").find("cap_sys_admin"), std::string::npos);
  else
    EXPECT_TRUE(is_null(self, "cap_effective_names") || text(self, "cap_effective_names").empty());
}

// A child holding a deleted file open (inherited descriptor `fd`), killed on destruction.
class HolderOfDeletedFile {
 public:
  HolderOfDeletedFile(const FakeRoot& scratch, const std::string& content) {
    scratch.write("/stolen.tar", content);
    fd_ = ::open(scratch.host("/stolen.tar").c_str(), O_RDONLY);  // inherited by the child
    pid_ = ::fork();
    if (pid_ == 0)
      for (;;) ::pause();
    ::unlink(scratch.host("/stolen.tar").c_str());
    ::close(fd_);
  }
  ~HolderOfDeletedFile() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }
  int fd() const { return fd_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
};

TEST(RecoveredBinaries, CopiesMemfdAndDeletedExecutablesAndDeletedOpenFiles) {
  FakeRoot scratch;
  SleeperOffDisk in_memfd(SleeperOffDisk::memfd, scratch);
  SleeperOffDisk deleted(SleeperOffDisk::deleted, scratch);
  HolderOfDeletedFile holder(scratch, "exfiltrated data\n");
  auto run = run_native("recovered_binaries", "/");
  const auto& rows = run.ctx->rows("recovered_binaries");
  auto row_for = [&](int64_t pid, std::optional<int64_t> fd) -> const RecordedRow& {
    for (const auto& r : rows)
      if (integer(r, "pid") == pid &&
          (fd ? !is_null(r, "fd") && integer(r, "fd") == *fd : is_null(r, "fd")))
        return r;
    throw std::logic_error("no recovered row for pid " + std::to_string(pid));
  };
  const auto& m = row_for(in_memfd.pid(), std::nullopt);
  EXPECT_EQ(text(m, "reason"), "memfd");
  EXPECT_EQ(text(m, "original_path"), "/memfd:planted");
  EXPECT_EQ(text(m, "sha256"), in_memfd.sha256());
  const std::string sleep_image = file_bytes(SleeperOffDisk::sleep_path());
  EXPECT_EQ(integer(m, "size"), static_cast<int64_t>(sleep_image.size()));
  EXPECT_EQ(integer(m, "truncated"), 0);
  EXPECT_EQ(run.ctx->copies.at(text(m, "entry")), sleep_image);

  const auto& d = row_for(deleted.pid(), std::nullopt);
  EXPECT_EQ(text(d, "reason"), "deleted");
  EXPECT_EQ(text(d, "original_path"), scratch.host("/sleep-copy"));
  EXPECT_EQ(text(d, "entry"), "recovered/" + std::to_string(deleted.pid()) + "/exe");
  EXPECT_EQ(text(d, "sha256"), deleted.sha256());

  const auto& f = row_for(holder.pid(), holder.fd());
  EXPECT_EQ(text(f, "reason"), "deleted");
  EXPECT_EQ(text(f, "original_path"), scratch.host("/stolen.tar"));
  EXPECT_EQ(text(f, "entry"),
            "recovered/" + std::to_string(holder.pid()) + "/fd/" + std::to_string(holder.fd()));
  EXPECT_EQ(run.ctx->copies.at(text(f, "entry")), "exfiltrated data\n");
  EXPECT_EQ(text(f, "sha256"), sha256_hex("exfiltrated data\n"));
  // Our own executable is neither deleted nor replaced: no row for it.
  for (const auto& r : rows) EXPECT_NE(integer(r, "pid"), ::getpid());
  EXPECT_TRUE(run.ctx->errors.empty());
}

TEST(HiddenProcesses, FindsACoveredProcDirectoryAndTheThreadItHides) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to bind-mount over /proc/PID";
  PlantedProcess planted;
  ASSERT_GT(planted.tid(), 0);
  // Our own mount namespace, so the covering mount is seen by this process only.
  if (::unshare(CLONE_NEWNS) != 0) GTEST_SKIP() << "unshare(CLONE_NEWNS): " << strerror(errno);
  ASSERT_EQ(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr), 0);
  FakeRoot decoy;
  decoy.mkdir("/empty");
  const std::string proc_dir = "/proc/" + std::to_string(planted.pid());
  ASSERT_EQ(::mount(decoy.host("/empty").c_str(), proc_dir.c_str(), nullptr, MS_BIND, nullptr), 0)
      << strerror(errno);

  auto run = run_native("hidden_processes", "/");
  ::umount2(proc_dir.c_str(), MNT_DETACH);

  const auto& rows = run.ctx->rows("hidden_processes");
  const RecordedRow* mount = row_of(rows, planted.pid(), "proc_mount");
  ASSERT_NE(mount, nullptr);
  EXPECT_EQ(text(*mount, "detail").rfind(proc_dir + " <- ", 0), 0u) << text(*mount, "detail");
  // The covered directory has no task/ any more: the kernel still answers for the thread.
  const RecordedRow* thread = row_of(rows, planted.tid(), "not_in_task_list");
  ASSERT_NE(thread, nullptr);
  EXPECT_EQ(text(*thread, "comm"), "hidden-thr");
  EXPECT_EQ(text(*thread, "detail"), "thread of process " + std::to_string(planted.pid()));
  char exe[4096] = {};
  ASSERT_GT(::readlink("/proc/self/exe", exe, sizeof exe - 1), 0);
  EXPECT_EQ(text(*thread, "exe"), exe);
  for (const auto& r : rows) EXPECT_NE(integer(r, "pid"), ::getpid());
  EXPECT_TRUE(run.ctx->errors.empty());
}

TEST(HiddenProcesses, NothingUnderARootDirectory) {
  FakeRoot root;
  root.write("/proc/sys/kernel/pid_max", "32768\n");
  auto run = run_native("hidden_processes", root.path());
  EXPECT_TRUE(run.ctx->rows("hidden_processes").empty());
}

TEST(KernelInfo, SecurityStateFromProcAndSys) {
  FakeRoot root;
  root.write("/proc/version", "Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)\n");
  root.write("/proc/sys/kernel/tainted", "12288\n");
  root.write("/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro module.sig_enforce=0\n");
  root.write("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
  root.write("/proc/sys/kernel/core_pattern", "|/tmp/.x/helper %p\n");
  root.write("/proc/sys/kernel/yama/ptrace_scope", "0\n");
  root.write("/proc/sys/kernel/modules_disabled", "0\n");
  root.write("/sys/kernel/btf/vmlinux", "BTF");
  auto run = run_native("kernel_info", root.path());
  const auto& rows = run.ctx->rows("kernel_info");
  ASSERT_EQ(rows.size(), 1u);
  const auto& r = rows[0];
  EXPECT_EQ(integer(r, "tainted"), 12288);
  EXPECT_EQ(text(r, "taint_flags"), "O out_of_tree_module, E unsigned_module");
  EXPECT_EQ(text(r, "cmdline"), "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro module.sig_enforce=0");
  EXPECT_EQ(text(r, "lockdown"), "integrity");
  EXPECT_EQ(text(r, "core_pattern"), "|/tmp/.x/helper %p");
  EXPECT_EQ(text(r, "ptrace_scope"), "0");
  EXPECT_EQ(text(r, "modules_disabled"), "0");
  EXPECT_TRUE(is_null(r, "kptr_restrict"));
  EXPECT_EQ(integer(r, "btf_present"), 1);
  EXPECT_EQ(text(r, "version_banner").rfind("Linux version 6.1.0-18-amd64", 0), 0u);
}

TEST(KernelInfo, LiveKernelHasABannerAndATaintValue) {
  auto run = run_native("kernel_info", "/");
  const auto& rows = run.ctx->rows("kernel_info");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(text(rows[0], "version_banner").rfind("Linux version ", 0), 0u);
  EXPECT_GE(integer(rows[0], "tainted"), 0);
}

TEST(Sysctl, EveryReadableValueNamedAsSysctlDoes) {
  FakeRoot root;
  root.write("/proc/sys/kernel/core_pattern", "core\n");
  root.write("/proc/sys/net/ipv4/ip_forward", "1\n");
  root.write("/proc/sys/kernel/sched_domain/cpu0/names", "a\nb\n");
  root.write("/proc/sys/vm/drop_caches", "", 0200);  // write-only: a trigger, not a value
  auto run = run_native("sysctl", root.path());
  const auto& rows = run.ctx->rows("sysctl");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(text(find_row(rows, "name", "kernel.core_pattern"), "value"), "core");
  EXPECT_EQ(text(find_row(rows, "name", "net.ipv4.ip_forward"), "value"), "1");
  EXPECT_EQ(text(find_row(rows, "name", "kernel.sched_domain.cpu0.names"), "value"), "a b");
}

TEST(Sysctl, LiveValuesMatchProcSys) {
  auto run = run_native("sysctl", "/");
  const auto& rows = run.ctx->rows("sysctl");
  EXPECT_GT(rows.size(), 100u);
  std::string pid_max = RootFs("/").read_file("/proc/sys/kernel/pid_max").value_or("");
  EXPECT_EQ(text(find_row(rows, "name", "kernel.pid_max"), "value"),
            pid_max.substr(0, pid_max.find('\n')));
}

TEST(BinfmtHandlers, InterpretersOfEachEntry) {
  FakeRoot root;
  root.write("/proc/sys/fs/binfmt_misc/status", "enabled\n");
  root.write("/proc/sys/fs/binfmt_misc/register", "", 0200);
  root.write("/proc/sys/fs/binfmt_misc/qemu-arm",
             "enabled\ninterpreter /usr/libexec/qemu-binfmt/arm-binfmt-P\nflags: POCF\n"
             "offset 0\nmagic 7f454c4601010100\nmask ffffffffffffff00\n");
  root.write("/proc/sys/fs/binfmt_misc/evil",
             "enabled\ninterpreter /dev/shm/.x\nflags: \n"
             "extension .txt\n");
  auto run = run_native("binfmt_handlers", root.path());
  const auto& rows = run.ctx->rows("binfmt_handlers");
  ASSERT_EQ(rows.size(), 2u);
  const auto& q = find_row(rows, "name", "qemu-arm");
  EXPECT_EQ(integer(q, "enabled"), 1);
  EXPECT_EQ(text(q, "interpreter"), "/usr/libexec/qemu-binfmt/arm-binfmt-P");
  EXPECT_EQ(text(q, "flags"), "POCF");
  EXPECT_EQ(text(q, "magic"), "7f454c4601010100");
  const auto& e = find_row(rows, "name", "evil");
  EXPECT_EQ(text(e, "extension"), ".txt");
  EXPECT_TRUE(is_null(e, "magic"));
  EXPECT_TRUE(run.ctx->errors.empty());
}

TEST(PacketSockets, OurFilteredSocketWithItsOwner) {
  int filtered = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_IP));
  if (filtered < 0) GTEST_SKIP() << "no packet sockets here: " << strerror(errno);
  int plain = ::socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ALL));
  ASSERT_GE(plain, 0);
  // A two-instruction classic BPF program, as BPFDoor attaches: accept nothing.
  sock_filter code[] = {{BPF_LD | BPF_W | BPF_LEN, 0, 0, 0}, {BPF_RET | BPF_K, 0, 0, 0}};
  sock_fprog prog{2, code};
  ASSERT_EQ(::setsockopt(filtered, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog), 0);
  struct stat fst {
  }, pst{};
  ASSERT_EQ(::fstat(filtered, &fst), 0);
  ASSERT_EQ(::fstat(plain, &pst), 0);

  auto run = run_native("packet_sockets", "/");
  ::close(filtered);
  ::close(plain);
  const auto& rows = run.ctx->rows("packet_sockets");
  auto by_inode = [&](uint64_t inode) -> const RecordedRow& {
    for (const auto& r : rows)
      if (integer(r, "inode") == static_cast<int64_t>(inode)) return r;
    throw std::logic_error("no packet socket with inode " + std::to_string(inode));
  };
  const auto& f = by_inode(fst.st_ino);
  EXPECT_EQ(integer(f, "pid"), ::getpid());
  EXPECT_EQ(text(f, "process_name"), "artifacts_tests");
  EXPECT_EQ(text(f, "socket_type"), "RAW");
  EXPECT_EQ(text(f, "protocol"), "ip");
  EXPECT_EQ(text(f, "interface"), "*");
  EXPECT_EQ(integer(f, "has_filter"), 1);
  EXPECT_EQ(integer(f, "filter_instructions"), 2);
  const auto& p = by_inode(pst.st_ino);
  EXPECT_EQ(text(p, "socket_type"), "DGRAM");
  EXPECT_EQ(text(p, "protocol"), "all");
  EXPECT_EQ(integer(p, "has_filter"), 0);
  EXPECT_TRUE(run.ctx->errors.empty());
}

long bpf_call(int cmd, bpf_attr& attr) {
  return ::syscall(__NR_bpf, cmd, &attr, sizeof attr);
}

TEST(BpfPrograms, OurProgramItsMapAndThePinnedMap) {
  bpf_attr map_attr{};
  map_attr.map_type = BPF_MAP_TYPE_ARRAY;
  map_attr.key_size = 4;
  map_attr.value_size = 8;
  map_attr.max_entries = 1;
  std::strcpy(map_attr.map_name, "ppc_map");
  int map_fd = static_cast<int>(bpf_call(BPF_MAP_CREATE, map_attr));
  if (map_fd < 0) GTEST_SKIP() << "bpf(BPF_MAP_CREATE): " << strerror(errno);
  // r1 = the map; r0 = 0; exit: a socket filter that uses the map.
  bpf_insn insns[4] = {};
  insns[0].code = BPF_LD | BPF_DW | BPF_IMM;
  insns[0].dst_reg = 1;
  insns[0].src_reg = BPF_PSEUDO_MAP_FD;
  insns[0].imm = map_fd;
  insns[2].code = BPF_ALU64 | BPF_MOV | BPF_K;
  insns[3].code = BPF_JMP | BPF_EXIT;
  bpf_attr prog_attr{};
  prog_attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
  prog_attr.insn_cnt = 4;
  prog_attr.insns = reinterpret_cast<uint64_t>(insns);
  prog_attr.license = reinterpret_cast<uint64_t>("GPL");
  std::strcpy(prog_attr.prog_name, "ppc_probe");
  int prog_fd = static_cast<int>(bpf_call(BPF_PROG_LOAD, prog_attr));
  ASSERT_GE(prog_fd, 0) << strerror(errno);
  // Pin the map on a bpf file system of our own mount namespace.
  bool pinned = false;
  if (::unshare(CLONE_NEWNS) == 0 &&
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
      ::mount("bpf", "/sys/fs/bpf", "bpf", 0, nullptr) == 0) {
    bpf_attr pin{};
    pin.pathname = reinterpret_cast<uint64_t>("/sys/fs/bpf/ppc_map");
    pin.bpf_fd = static_cast<uint32_t>(map_fd);
    pinned = bpf_call(BPF_OBJ_PIN, pin) == 0;
  }

  auto run = run_native("bpf_programs", "/");
  ::close(prog_fd);
  ::close(map_fd);
  if (pinned) ::umount2("/sys/fs/bpf", MNT_DETACH);

  const auto& map = find_row(run.ctx->rows("bpf_maps"), "name", "ppc_map");
  EXPECT_EQ(text(map, "type"), "array");
  EXPECT_EQ(integer(map, "value_size"), 8);
  const auto& prog = find_row(run.ctx->rows("bpf_programs"), "name", "ppc_probe");
  EXPECT_EQ(text(prog, "type"), "socket_filter");
  EXPECT_EQ(integer(prog, "uid"), ::getuid());
  EXPECT_EQ(text(prog, "map_ids"), std::to_string(integer(map, "id")));
  EXPECT_EQ(text(prog, "tag").size(), 16u);
  EXPECT_LE(std::abs(integer(prog, "load_time") - static_cast<int64_t>(::time(nullptr))), 5);
  if (pinned) {
    const auto& p = find_row(run.ctx->rows("bpf_pinned"), "path", "/sys/fs/bpf/ppc_map");
    EXPECT_EQ(integer(p, "uid"), ::getuid());
  }
  EXPECT_TRUE(run.ctx->errors.empty());
}

TEST(KernelModules, AModuleMissingFromProcModulesIsHidden) {
  FakeRoot root;
  root.write("/proc/modules",
             "ext4 987136 2 - Live 0xffffffffc0400000\nvisible 16384 0 - Live 0x0 (OE)\n");
  for (const char* m : {"ext4", "visible", "diamorphine"})
    root.write(std::string("/sys/module/") + m + "/initstate", "live\n");
  root.write("/sys/module/visible/parameters/debug", "1\n");
  root.write("/sys/module/printk/parameters/time", "Y\n");  // built in: no initstate
  root.write("/proc/kallsyms",
             "ffffffffc0400000 t ext4_fill_super\t[ext4]\n0 t vis_init\t[visible]\n"
             "0 t hacked_getdents64\t[diamorphine]\n0 T _stext\n");
  root.write("/proc/sys/kernel/osrelease", "6.1.0-test\n");
  root.write("/lib/modules/6.1.0-test/kernel/fs/ext4/ext4.ko", "ELF ext4");
  root.write("/lib/modules/6.1.0-test/updates/visible.ko.xz", "xz");
  Catalog catalog = load_builtin_catalog();
  FakeContext ctx(*catalog.find_artifact("persistence_kernel_modules"), root.path());
  natives::loaded_modules(ctx);
  const auto& rows = ctx.rows("kernel_modules");
  ASSERT_EQ(rows.size(), 3u);
  const auto& ext4 = find_row(rows, "name", "ext4");
  EXPECT_EQ(text(ext4, "visible_in"), "proc_modules,sys_module,kallsyms");
  EXPECT_EQ(integer(ext4, "hidden"), 0);
  EXPECT_EQ(text(ext4, "ko_path"), "/lib/modules/6.1.0-test/kernel/fs/ext4/ext4.ko");
  EXPECT_EQ(text(ext4, "ko_sha256"), sha256_hex("ELF ext4"));
  EXPECT_EQ(integer(ext4, "size"), 987136);
  const auto& dia = find_row(rows, "name", "diamorphine");
  EXPECT_EQ(text(dia, "visible_in"), "sys_module,kallsyms");
  EXPECT_EQ(integer(dia, "hidden"), 1);
  EXPECT_TRUE(is_null(dia, "size"));
  const auto& vis = find_row(rows, "name", "visible");
  EXPECT_EQ(text(vis, "parameters"), "debug=1");
  EXPECT_EQ(text(vis, "ko_path"), "/lib/modules/6.1.0-test/updates/visible.ko.xz");
  EXPECT_EQ(integer(vis, "hidden"), 0);
  EXPECT_TRUE(ctx.errors.empty());
}

TEST(LiveParsers, MountInfo) {
  auto m = parsers::parse_mountinfo(
      "36 35 98:0 /mnt1 /mnt\\0402 rw,noatime master:1 - ext3 /dev/root rw\n"
      "garbage\n"
      "40 22 0:50 /tmp/empty /proc/4242 rw shared:3 - tmpfs tmpfs rw\n");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].mount_point, "/mnt 2");
  EXPECT_EQ(m[0].root, "/mnt1");
  EXPECT_EQ(m[0].fs_type, "ext3");
  EXPECT_EQ(m[0].source, "/dev/root");
  EXPECT_EQ(parsers::proc_pid_of_mount_point(m[1].mount_point), 4242);
  EXPECT_EQ(parsers::proc_pid_of_mount_point("/proc/4242/task"), 4242);
  EXPECT_FALSE(parsers::proc_pid_of_mount_point("/proc/sys/fs/binfmt_misc"));
  EXPECT_FALSE(parsers::proc_pid_of_mount_point("/proc/"));
  EXPECT_FALSE(parsers::proc_pid_of_mount_point("/procx/1"));
}

TEST(LiveParsers, PacketSocketsCapabilitiesTaintAndBinfmt) {
  auto p = parsers::parse_proc_net_packet(
      "sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n"
      "ffff8881 3      3    0003   0     1 0      0      41234\n"
      "ffff8882 3      2    0800   2     1 0      1000   41235\n"
      "short line\n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].type, "RAW");
  EXPECT_EQ(parsers::ethertype_name(p[0].protocol), "all");
  EXPECT_EQ(p[0].inode, 41234u);
  EXPECT_EQ(p[1].type, "DGRAM");
  EXPECT_EQ(parsers::ethertype_name(p[1].protocol), "ip");
  EXPECT_EQ(p[1].ifindex, 2);
  EXPECT_EQ(p[1].uid, 1000);
  EXPECT_EQ(parsers::ethertype_name(0x1234), "0x1234");

  EXPECT_EQ(parsers::capability_names(0), "");
  EXPECT_EQ(parsers::capability_names((1ull << 13) | (1ull << 21)), "cap_net_raw,cap_sys_admin");
  EXPECT_EQ(parsers::capability_names(1ull << 63), "63");
  EXPECT_EQ(parsers::taint_flags(0), "");
  EXPECT_EQ(parsers::taint_flags(4096 | 8192), "O out_of_tree_module, E unsigned_module");

  auto b = parsers::parse_binfmt_entry(
      "enabled\ninterpreter /usr/bin/qemu-arm-static\nflags: OCF\noffset 0\n"
      "magic 7f454c46\nmask fffffff\n");
  EXPECT_TRUE(b.enabled);
  EXPECT_EQ(b.interpreter, "/usr/bin/qemu-arm-static");
  EXPECT_EQ(b.flags, "OCF");
  EXPECT_EQ(b.magic, "7f454c46");
  auto ext = parsers::parse_binfmt_entry("disabled\ninterpreter /bin/x\nflags: \nextension .xyz\n");
  EXPECT_FALSE(ext.enabled);
  EXPECT_EQ(ext.extension, ".xyz");
}

}  // namespace
}  // namespace collector::test
