// /proc/net (tcp, udp, raw, unix, route, ipv6_route, arp, if_inet6) and the resolver files.
#include "artifacts/parsers.hpp"
#include "fuzz_support.hpp"

namespace p = collector::parsers;

PPC_FUZZ_TARGET {
  std::string_view text = ppc_fuzz::as_text(data, size);
  for (bool tcp : {true, false}) {
    for (const auto& s : p::parse_proc_net_inet(text, tcp))
      ppc_fuzz::require(!s.local_addr.empty() && !s.remote_addr.empty() && !s.state.empty(),
                        "inet sockets have addresses and a state");
  }
  for (const auto& s : p::parse_proc_net_unix(text))
    ppc_fuzz::require(!s.type.empty() && !s.state.empty(), "unix sockets have type and state");
  for (const auto& r : p::parse_proc_route(text))
    ppc_fuzz::require(r.prefix_len >= 0 && r.prefix_len <= 32, "IPv4 prefix length");
  (void)p::parse_proc_ipv6_route(text);
  (void)p::parse_proc_arp(text);
  (void)p::parse_if_inet6(text);
  (void)p::parse_resolv_conf(text);
  (void)p::parse_hosts(text);
  (void)p::decode_proc_net_address(text);
  (void)p::decode_ipv6_hex(text);
  return 0;
}
