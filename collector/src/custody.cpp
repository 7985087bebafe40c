#include "custody.hpp"

#include <archive.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#include <sys/timex.h>
#include <unistd.h>
#include <yara.h>
#include <zstd.h>

#include "ppc/hashing.hpp"
#include "ppc/version.hpp"
#include "utc.hpp"

namespace collector {
namespace {

std::string first_line(std::optional<std::string> s) {
  if (!s) return {};
  std::string v = *s;
  std::size_t nl = v.find('\n');
  if (nl != std::string::npos) v.resize(nl);
  return json_text(v);
}

std::string os_release_name(const RootFs& fs) {
  auto text = fs.read_file("/etc/os-release", 64 * 1024);
  if (!text) text = fs.read_file("/usr/lib/os-release", 64 * 1024);
  if (!text) return {};
  std::size_t pos = text->find("PRETTY_NAME=");
  if (pos == std::string::npos) return {};
  std::string v = first_line(text->substr(pos + 12));
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
  return v;
}

std::string login_name_of(uid_t uid) {
  // Parse /etc/passwd ourselves: getpwuid needs NSS modules a static binary cannot load.
  RootFs live("/");
  auto passwd = live.read_file("/etc/passwd", 4u << 20);
  if (!passwd) return {};
  std::size_t pos = 0;
  while (pos < passwd->size()) {
    std::size_t nl = passwd->find('\n', pos);
    std::string line = passwd->substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? passwd->size() : nl + 1;
    std::size_t c1 = line.find(':'), c2 = line.find(':', c1 + 1), c3 = line.find(':', c2 + 1);
    if (c3 == std::string::npos) continue;
    if (line.substr(c2 + 1, c3 - c2 - 1) == std::to_string(uid)) return line.substr(0, c1);
  }
  return {};
}

// libarchive 3.6 leaks a little on every archive_version_details() call after the first: ask once.
const char* libarchive_version() {
  static const std::string details = archive_version_details();
  return details.c_str();
}

}  // namespace

nlohmann::json asset_identity(const RootFs& fs) {
  nlohmann::json a;
  std::string hostname = fs.is_live() ? first_line(fs.read_file("/proc/sys/kernel/hostname", 4096))
                                      : first_line(fs.read_file("/etc/hostname", 4096));
  a["hostname"] = hostname;
  a["machine_id"] = first_line(fs.read_file("/etc/machine-id", 4096));
  a["dmi_product_uuid"] = first_line(fs.read_file("/sys/class/dmi/id/product_uuid", 4096));
  a["dmi_product_serial"] = first_line(fs.read_file("/sys/class/dmi/id/product_serial", 4096));
  a["dmi_sys_vendor"] = first_line(fs.read_file("/sys/class/dmi/id/sys_vendor", 4096));
  a["os"] = os_release_name(fs);
  a["kernel"] = fs.is_live() ? first_line(fs.read_file("/proc/sys/kernel/osrelease", 4096)) : "";
  nlohmann::json macs = nlohmann::json::array();
  for (const auto& iface : fs.list_dir("/sys/class/net")) {
    std::string mac = first_line(fs.read_file("/sys/class/net/" + iface + "/address", 256));
    if (!mac.empty() && mac != "00:00:00:00:00:00")
      macs.push_back({{"interface", json_text(iface)}, {"mac", mac}});
  }
  a["mac_addresses"] = macs;
  nlohmann::json ips = nlohmann::json::array();
  ifaddrs* list = nullptr;
  if (fs.is_live() && getifaddrs(&list) == 0) {
    for (ifaddrs* i = list; i; i = i->ifa_next) {
      if (!i->ifa_addr || (i->ifa_flags & IFF_LOOPBACK)) continue;
      char buf[INET6_ADDRSTRLEN] = {};
      if (i->ifa_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr, buf, sizeof buf);
      else if (i->ifa_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(i->ifa_addr)->sin6_addr, buf,
                  sizeof buf);
      else
        continue;
      ips.push_back({{"interface", i->ifa_name}, {"address", buf}});
    }
    freeifaddrs(list);
  }
  a["ip_addresses"] = ips;
  a["root"] = json_text(fs.root());
  return a;
}

nlohmann::json tool_identity() {
  nlohmann::json t = {
      {"name", "collector"}, {"version", ppc::version()}, {"commit", ppc::commit()}};
  int fd = ::open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ppc::MultiHasher h;
    std::vector<uint8_t> buf(1 << 20);
    for (ssize_t n; (n = ::read(fd, buf.data(), buf.size())) > 0;)
      h.update({buf.data(), static_cast<std::size_t>(n)});
    ::close(fd);
    t["sha256"] = h.finish().sha256;
  }
  t["libraries"] = {{"openssl", OpenSSL_version(OPENSSL_VERSION)},
                    {"libarchive", libarchive_version()},
                    {"zstd", ZSTD_versionString()},
                    {"sqlite", sqlite3_libversion()},
                    {"yara", YR_VERSION}};
  return t;
}

nlohmann::json operator_identity() {
  nlohmann::json o = {{"uid", getuid()}, {"euid", geteuid()}, {"login", login_name_of(getuid())}};
  RootFs live("/");
  std::string loginuid = first_line(live.read_file("/proc/self/loginuid", 64));
  if (!loginuid.empty() && loginuid != "4294967295") {
    o["loginuid"] = loginuid;
    o["login_user"] = login_name_of(static_cast<uid_t>(std::stoul(loginuid)));
  }
  if (const char* s = getenv("SUDO_USER")) o["sudo_user"] = s;
  if (const char* t = ttyname(STDIN_FILENO)) o["tty"] = t;
  return o;
}

nlohmann::json clock_state() {
  timex tx{};
  int state = adjtimex(&tx);
  nlohmann::json c = {{"synchronized", state != TIME_ERROR && !(tx.status & STA_UNSYNC)},
                      {"max_error_us", tx.maxerror},
                      {"est_error_us", tx.esterror}};
  return c;
}

std::string version_text(const char* program) {
  nlohmann::json t = tool_identity();
  std::string out = std::string(program) + " " + std::string(ppc::version()) + " (commit " +
                    std::string(ppc::commit()) + ")\n";
  for (auto& [name, v] : t["libraries"].items())
    out += "  " + name + ": " + v.get<std::string>() + "\n";
  return out;
}

}  // namespace collector
