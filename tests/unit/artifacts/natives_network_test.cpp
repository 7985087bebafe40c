// Network and process collectors: configuration files on fake trees, live state on this host
// (sockets and a file this test opens itself, so the expected rows are known).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <fstream>
#include <sstream>

#include "artifact_test_support.hpp"
#include "collector/artifact.hpp"
#include "ppc/hashing.hpp"

namespace collector::test {
namespace {

TEST(NetworkConfig, ResolverAndHostsFiles) {
  FakeRoot root;
  root.write("/run/systemd/resolve/stub-resolv.conf",
             "nameserver 127.0.0.53\nsearch corp.example\n");
  root.symlink("../run/systemd/resolve/stub-resolv.conf", "/etc/resolv.conf");
  root.write("/etc/hosts", "127.0.0.1 localhost\n203.0.113.5 update.vendor.example\n");
  auto dns = run_native("network_dns", root.path());
  const auto& rows = dns.ctx->rows("dns_config");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(text(find_row(rows, "kind", "nameserver"), "value"), "127.0.0.53");
  EXPECT_EQ(text(find_row(rows, "kind", "search"), "file"), "/etc/resolv.conf");
  EXPECT_TRUE(dns.ctx->collected("/etc/resolv.conf"));
  auto hosts = run_native("network_hosts", root.path());
  EXPECT_EQ(text(find_row(hosts.ctx->rows("hosts_file"), "address", "203.0.113.5"), "names"),
            "update.vendor.example");
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

TEST(NetworkConnections, FindsOurListeningSocketsWithOurPid) {
  Fd tcp{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  ASSERT_GE(tcp.fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(tcp.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(tcp.fd, 1), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(tcp.fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);

  Fd unix_sock{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  const std::string abstract = "artifacts-test-" + std::to_string(::getpid());
  std::memcpy(un.sun_path + 1, abstract.data(), abstract.size());
  ASSERT_EQ(::bind(unix_sock.fd, reinterpret_cast<sockaddr*>(&un),
                   static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + abstract.size())),
            0);
  ASSERT_EQ(::listen(unix_sock.fd, 1), 0);

  auto run = run_native("network_connections", "/");
  bool found_tcp = false;
  for (const auto& r : run.ctx->rows("network_connections")) {
    if (text(r, "proto") != "tcp" || integer(r, "local_port") != port) continue;
    found_tcp = true;
    EXPECT_EQ(text(r, "local_addr"), "127.0.0.1");
    EXPECT_EQ(text(r, "state"), "LISTEN");
    EXPECT_EQ(integer(r, "pid"), ::getpid());
    EXPECT_EQ(text(r, "process_name"), "artifacts_tests");
  }
  EXPECT_TRUE(found_tcp);
  const auto& u = find_row(run.ctx->rows("network_connections"), "path", "@" + abstract);
  EXPECT_EQ(text(u, "proto"), "unix");
  EXPECT_EQ(text(u, "socket_type"), "STREAM");
  EXPECT_EQ(text(u, "state"), "LISTEN");
  EXPECT_EQ(integer(u, "pid"), ::getpid());
}

TEST(NetworkInterfaces, LoopbackOnTheLiveSystem) {
  if (!RootFs("/").exists("/sys/class/net/lo")) GTEST_SKIP() << "no /sys/class/net/lo here";
  auto run = run_native("network_interfaces", "/");
  const auto& lo = find_row(run.ctx->rows("interfaces"), "name", "lo");
  EXPECT_EQ(text(lo, "mac"), "00:00:00:00:00:00");
  bool v4 = false;
  for (const auto& a : run.ctx->rows("interface_addresses"))
    v4 = v4 || (text(a, "interface") == "lo" && text(a, "address") == "127.0.0.1" &&
                integer(a, "prefix_len") == 8);
  EXPECT_TRUE(v4);
}

TEST(NetworkRoutes, LiveTablesParse) {
  auto run = run_native("network_routes", "/");
  for (const auto& r : run.ctx->rows("routes")) EXPECT_FALSE(text(r, "interface").empty());
  EXPECT_TRUE(run.ctx->errors.empty());
}

std::string sha256_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string data = ss.str();
  return ppc::to_hex(ppc::sha256({reinterpret_cast<const uint8_t*>(data.data()), data.size()}));
}

TEST(Processes, FindsThisProcessWithItsExecutableHashAndOpenFiles) {
  FakeRoot scratch;
  scratch.write("/marker", "x");
  Fd marker{::open(scratch.host("/marker").c_str(), O_RDONLY | O_CLOEXEC)};
  ASSERT_GE(marker.fd, 0);

  auto run = run_native("processes", "/");
  const auto& procs = run.ctx->rows("processes");
  const RecordedRow* self = nullptr;
  for (const auto& p : procs)
    if (integer(p, "pid") == ::getpid()) self = &p;
  ASSERT_NE(self, nullptr);
  EXPECT_EQ(integer(*self, "ppid"), ::getppid());
  EXPECT_EQ(integer(*self, "uid"), ::getuid());
  EXPECT_EQ(text(*self, "name"), "artifacts_tests");
  char exe[4096] = {};
  ASSERT_GT(::readlink("/proc/self/exe", exe, sizeof exe - 1), 0);
  EXPECT_EQ(text(*self, "exe"), exe);
  EXPECT_EQ(integer(*self, "exe_deleted"), 0);
  EXPECT_EQ(text(*self, "exe_sha256"), sha256_of_file(exe));
  EXPECT_NE(text(*self, "cmdline").find("artifacts_tests"), std::string::npos);
  EXPECT_GT(integer(*self, "start_time"), 1000000000);
  EXPECT_NE(text(*self, "namespaces").find("pid:["), std::string::npos);
  EXPECT_GT(procs.size(), 1u);

  bool open_file = false;
  for (const auto& f : run.ctx->rows("process_open_files"))
    open_file = open_file || (integer(f, "pid") == ::getpid() && integer(f, "fd") == marker.fd &&
                              text(f, "target") == scratch.host("/marker"));
  EXPECT_TRUE(open_file);
  bool mapped_self = false;
  for (const auto& m : run.ctx->rows("process_maps"))
    mapped_self = mapped_self || (integer(m, "pid") == ::getpid() && !is_null(m, "path") &&
                                  text(m, "path") == exe);
  EXPECT_TRUE(mapped_self);
  EXPECT_TRUE(run.ctx->errors.empty());
}

}  // namespace
}  // namespace collector::test
