// /proc/net parsers (sockets, routes, ARP, IPv6 addresses) and resolver/hosts files.
#include <arpa/inet.h>

#include <bit>
#include <cstring>

#include "parsers.hpp"

namespace collector::parsers {
namespace {

std::optional<uint32_t> hex32(std::string_view s) {
  auto v = to_uint(s, 16);
  if (!v || *v > 0xffffffffu || s.size() != 8) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

std::string ntop(int family, const void* addr) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family, addr, buf, sizeof buf);
  return buf;
}

// "0100007F" (IPv4, host order word) -> "127.0.0.1".
std::optional<std::string> ipv4_host_word(std::string_view hex) {
  auto w = hex32(hex);
  if (!w) return std::nullopt;
  uint32_t v = *w;  // memory order of a host-order word is the address's byte order
  return ntop(AF_INET, &v);
}

std::string route_flags(uint64_t flags) {
  std::string out;
  if (flags & 0x1) out += 'U';
  if (flags & 0x2) out += 'G';
  if (flags & 0x4) out += 'H';
  if (flags & 0x10) out += 'D';
  if (flags & 0x20) out += 'M';
  if (flags & 0x200) out += '!';
  return out;
}

}  // namespace

std::optional<std::string> decode_proc_net_address(std::string_view hex) {
  if (hex.size() == 8) return ipv4_host_word(hex);
  if (hex.size() != 32) return std::nullopt;
  uint32_t words[4];
  for (int i = 0; i < 4; ++i) {
    auto w = hex32(hex.substr(static_cast<std::size_t>(i) * 8, 8));
    if (!w) return std::nullopt;
    words[i] = *w;
  }
  // An IPv4-mapped address (::ffff:a.b.c.d) prints as such, like ss does.
  return ntop(AF_INET6, words);
}

std::optional<std::string> decode_ipv6_hex(std::string_view hex) {
  if (hex.size() != 32) return std::nullopt;
  unsigned char bytes[16];
  for (std::size_t i = 0; i < 16; ++i) {
    auto b = to_uint(hex.substr(i * 2, 2), 16);
    if (!b) return std::nullopt;
    bytes[i] = static_cast<unsigned char>(*b);
  }
  return ntop(AF_INET6, bytes);
}

std::string tcp_state_name(int state) {
  static const char* const names[] = {
      "UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",   "TIME_WAIT",
      "CLOSE",   "CLOSE_WAIT",  "LAST_ACK", "LISTEN",   "CLOSING",   "NEW_SYN_RECV"};
  if (state > 0 && state < static_cast<int>(std::size(names))) return names[state];
  return "UNKNOWN";
}

std::vector<InetSocket> parse_proc_net_inet(std::string_view text, bool tcp) {
  std::vector<InetSocket> out;
  for (auto line : split_lines(text)) {
    auto f = split_ws(line);
    if (f.size() < 10 || f[0].empty() || f[0].back() != ':') continue;  // header, garbage
    auto local = split(f[1], ':'), remote = split(f[2], ':');
    if (local.size() != 2 || remote.size() != 2) continue;
    auto la = decode_proc_net_address(local[0]), ra = decode_proc_net_address(remote[0]);
    auto lp = to_int(local[1], 16), rp = to_int(remote[1], 16), st = to_int(f[3], 16);
    if (!la || !ra || !lp || !rp || !st) continue;
    InetSocket s{*la, *lp, *ra, *rp};
    if (tcp)
      s.state = tcp_state_name(static_cast<int>(*st));
    else
      s.state = *st == 1 ? "ESTABLISHED" : "UNCONN";
    s.uid = to_int(f[7]).value_or(-1);
    s.inode = to_uint(f[9]).value_or(0);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<UnixSocket> parse_proc_net_unix(std::string_view text) {
  // "Num: RefCount Protocol Flags Type St Inode [Path]"
  std::vector<UnixSocket> out;
  for (auto line : split_lines(text)) {
    auto f = split_ws(line);
    if (f.size() < 7 || f[0].empty() || f[0].back() != ':') continue;
    auto flags = to_uint(f[3], 16), type = to_uint(f[4], 16), st = to_uint(f[5], 16);
    auto inode = to_uint(f[6]);
    if (!flags || !type || !st || !inode) continue;
    UnixSocket s;
    s.type = *type == 1 ? "STREAM" : *type == 2 ? "DGRAM" : *type == 5 ? "SEQPACKET" : "UNKNOWN";
    static const char* const states[] = {"FREE", "UNCONNECTED", "CONNECTING", "CONNECTED",
                                         "DISCONNECTING"};
    s.state = (*flags & 0x10000) ? "LISTEN" : *st < 5 ? states[*st] : "UNKNOWN";  // __SO_ACCEPTCON
    s.inode = *inode;
    if (f.size() > 7)
      s.path = std::string(line.substr(static_cast<std::size_t>(f[7].data() - line.data())));
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<RouteEntry> parse_proc_route(std::string_view text) {
  // "Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT", host-order hex.
  std::vector<RouteEntry> out;
  for (auto line : split_lines(text)) {
    auto f = split_ws(line);
    if (f.size() < 8 || f[0] == "Iface") continue;
    auto dst = ipv4_host_word(f[1]), gw = ipv4_host_word(f[2]);
    auto flags = to_uint(f[3], 16);
    auto mask = hex32(f[7]);
    if (!dst || !gw || !flags || !mask) continue;
    out.push_back({"inet", std::string(f[0]), *dst, *gw, std::popcount(*mask),
                   to_int(f[6]).value_or(0), route_flags(*flags)});
  }
  return out;
}

std::vector<RouteEntry> parse_proc_ipv6_route(std::string_view text) {
  // "dst dst_len src src_len next_hop metric refcnt use flags iface", plain hex.
  std::vector<RouteEntry> out;
  for (auto line : split_lines(text)) {
    auto f = split_ws(line);
    if (f.size() < 10) continue;
    auto dst = decode_ipv6_hex(f[0]), gw = decode_ipv6_hex(f[4]);
    auto len = to_int(f[1], 16);
    auto metric = to_uint(f[5], 16), flags = to_uint(f[8], 16);
    if (!dst || !gw || !len || !metric || !flags) continue;
    out.push_back({"inet6", std::string(f[9]), *dst, *gw, *len, static_cast<int64_t>(*metric),
                   route_flags(*flags)});
  }
  return out;
}

std::vector<ArpEntry> parse_proc_arp(std::string_view text) {
  // "IP address HW type Flags HW address Mask Device"
  std::vector<ArpEntry> out;
  for (auto line : split_lines(text)) {
    auto f = split_ws(line);
    if (f.size() < 6 || f[0] == "IP") continue;
    out.push_back({std::string(f[0]), std::string(f[1]), std::string(f[2]), std::string(f[3]),
                   std::string(f[5])});
  }
  return out;
}

std::vector<InterfaceAddress> parse_if_inet6(std::string_view text) {
  // "addr ifindex prefix_len scope flags name", hex numbers.
  std::vector<InterfaceAddress> out;
  for (auto line : split_lines(text)) {
    auto f = split_ws(line);
    if (f.size() < 6) continue;
    auto addr = decode_ipv6_hex(f[0]);
    auto len = to_int(f[2], 16), scope = to_int(f[3], 16);
    if (!addr || !len || !scope) continue;
    std::string scope_name = *scope == 0      ? "global"
                             : *scope == 0x10 ? "host"
                             : *scope == 0x20 ? "link"
                             : *scope == 0x40 ? "site"
                                              : "other";
    out.push_back({std::string(f[5]), "inet6", *addr, *len, scope_name});
  }
  return out;
}

std::vector<ResolverEntry> parse_resolv_conf(std::string_view text) {
  std::vector<ResolverEntry> out;
  for (const auto& l : config_lines(text, "#;")) {
    auto f = split_ws(l.text);
    if (f.size() < 2) continue;
    auto value_start = static_cast<std::size_t>(f[1].data() - l.text.data());
    out.push_back({l.line, std::string(f[0]), std::string(trim(l.text.substr(value_start)))});
  }
  return out;
}

std::vector<HostsEntry> parse_hosts(std::string_view text) {
  std::vector<HostsEntry> out;
  for (const auto& l : config_lines(text)) {
    std::string_view t = l.text;
    if (auto hash = t.find('#'); hash != std::string_view::npos) t = t.substr(0, hash);
    auto f = split_ws(t);
    if (f.size() < 2) continue;
    std::string names;
    for (std::size_t i = 1; i < f.size(); ++i) names += (i > 1 ? " " : "") + std::string(f[i]);
    out.push_back({l.line, std::string(f[0]), std::move(names)});
  }
  return out;
}

}  // namespace collector::parsers
