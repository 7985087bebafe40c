// Network configuration: interfaces and their addresses, routes, ARP cache (live /proc and
// /sys), resolver configuration and /etc/hosts (files, also on a mounted image).
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <memory>

#include "natives.hpp"

namespace collector::natives {
namespace {

std::string sys_value(const RootFs& fs, const std::string& path) {
  auto text = fs.read_file(path, 4096);
  return text ? std::string(parsers::trim(*text)) : std::string();
}

struct IfaddrsFree {
  void operator()(ifaddrs* p) const { ::freeifaddrs(p); }
};

int prefix_length(const sockaddr* mask) {
  if (!mask) return 0;
  const unsigned char* bytes = nullptr;
  std::size_t n = 0;
  if (mask->sa_family == AF_INET) {
    bytes = reinterpret_cast<const unsigned char*>(
        &reinterpret_cast<const sockaddr_in*>(mask)->sin_addr);
    n = 4;
  } else {
    bytes = reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr.s6_addr;
    n = 16;
  }
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) bits += __builtin_popcount(bytes[i]);
  return bits;
}

// IPv4 addresses are not in /proc as text; getifaddrs (netlink, read-only) has them.
void live_ipv4_addresses(ArtifactContext& ctx) {
  ifaddrs* raw = nullptr;
  if (::getifaddrs(&raw) != 0) return ctx.source_error("getifaddrs", errno_text(errno));
  std::unique_ptr<ifaddrs, IfaddrsFree> list(raw);
  auto& table = ctx.table("interface_addresses");
  for (ifaddrs* a = list.get(); a; a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
    char buf[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, buf, sizeof buf);
    table.add({{"interface", std::string(a->ifa_name)},
               {"family", "inet"},
               {"address", std::string(buf)},
               {"prefix_len", integer(prefix_length(a->ifa_netmask))},
               {"source", "getifaddrs"}});
  }
}

}  // namespace

void network_interfaces(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  auto& table = ctx.table("interfaces");
  for (const auto& name : fs.list_dir("/sys/class/net")) {
    const std::string dir = "/sys/class/net/" + name;
    table.add({{"name", name},
               {"mac", text_or_null(sys_value(fs, dir + "/address"))},
               {"mtu", int_or_null(parsers::to_int(sys_value(fs, dir + "/mtu")))},
               {"operstate", text_or_null(sys_value(fs, dir + "/operstate"))},
               {"flags", text_or_null(sys_value(fs, dir + "/flags"))}});
  }
  if (auto text = read_source(ctx, "/proc/net/if_inet6")) {
    auto& addrs = ctx.table("interface_addresses");
    for (const auto& a : parsers::parse_if_inet6(*text))
      addrs.add({{"interface", a.iface},
                 {"family", a.family},
                 {"address", a.address},
                 {"prefix_len", integer(a.prefix_len)},
                 {"scope", a.scope},
                 {"source", "/proc/net/if_inet6"}});
  }
  if (fs.is_live()) live_ipv4_addresses(ctx);
}

void network_routes(ArtifactContext& ctx) {
  auto& table = ctx.table("routes");
  auto add = [&](const std::vector<parsers::RouteEntry>& routes) {
    for (const auto& r : routes)
      table.add({{"family", r.family},
                 {"interface", r.iface},
                 {"destination", r.destination},
                 {"prefix_len", integer(r.prefix_len)},
                 {"gateway", r.gateway},
                 {"metric", integer(r.metric)},
                 {"flags", text_or_null(r.flags)}});
  };
  if (auto text = read_source(ctx, "/proc/net/route")) add(parsers::parse_proc_route(*text));
  if (auto text = read_source(ctx, "/proc/net/ipv6_route"))
    add(parsers::parse_proc_ipv6_route(*text));
}

void network_arp(ArtifactContext& ctx) {
  auto text = read_source(ctx, "/proc/net/arp");
  if (!text) return;
  auto& table = ctx.table("arp_cache");
  for (const auto& a : parsers::parse_proc_arp(*text))
    table.add({{"ip", a.ip},
               {"hw_type", a.hw_type},
               {"flags", a.flags},
               {"mac", a.mac},
               {"interface", a.device}});
}

void network_dns(ArtifactContext& ctx) {
  auto& table = ctx.table("dns_config");
  for (const char* path : {"/etc/resolv.conf", "/run/systemd/resolve/resolv.conf"}) {
    auto text = read_and_collect(ctx, path);
    if (!text) continue;
    for (const auto& e : parsers::parse_resolv_conf(*text))
      table.add({{"file", std::string(path)},
                 {"line", integer(e.line)},
                 {"kind", e.kind},
                 {"value", e.value}});
  }
  for (const char* path : {"/etc/nsswitch.conf", "/etc/host.conf", "/etc/hostname"})
    read_and_collect(ctx, path);
}

void network_hosts(ArtifactContext& ctx) {
  auto text = read_and_collect(ctx, "/etc/hosts");
  if (!text) return;
  auto& table = ctx.table("hosts_file");
  for (const auto& e : parsers::parse_hosts(*text))
    table.add({{"line", integer(e.line)}, {"address", e.address}, {"names", e.names}});
}

}  // namespace collector::natives
