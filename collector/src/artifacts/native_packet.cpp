// packet_sockets (live only): AF_PACKET sockets, which see every frame on an interface before
// the firewall does. A packet socket with a classic BPF filter attached, held by an unexpected
// process, is how BPFDoor-class backdoors wait for their magic packet. /proc/net/packet lists the
// sockets; the kernel's sock_diag interface (NETLINK_SOCK_DIAG, PACKET_SHOW_FILTER) says which
// carry a filter; the owner comes from the "socket:[inode]" links in /proc/PID/fd.
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/packet_diag.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <map>

#include "live_parsers.hpp"
#include "natives.hpp"

namespace collector::natives {
namespace {

struct FilterInfo {
  bool known = false;  // false: the kernel withheld it (no CAP_NET_ADMIN)
  int64_t instructions = 0;
};

// inode -> filter state of every packet socket of our network namespace; `error` set when the
// kernel cannot be asked (no packet_diag support).
std::map<uint64_t, FilterInfo> packet_filters(std::string& error) {
  std::map<uint64_t, FilterInfo> out;
  UniqueFd fd(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  if (!fd) {
    error = "netlink sock_diag: " + errno_text(errno);
    return out;
  }
  struct {
    nlmsghdr nlh;
    packet_diag_req req;
  } msg{};
  msg.nlh.nlmsg_len = sizeof msg;
  msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  msg.req.sdiag_family = AF_PACKET;
  msg.req.pdiag_show = PACKET_SHOW_FILTER;
  if (::send(fd.get(), &msg, sizeof msg, 0) != static_cast<ssize_t>(sizeof msg)) {
    error = "netlink send: " + errno_text(errno);
    return out;
  }
  alignas(nlmsghdr) char buf[32768];
  for (;;) {
    ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = "netlink recv: " + errno_text(n < 0 ? errno : EIO);
      return out;
    }
    int left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_type == NLMSG_DONE) return out;
      if (h->nlmsg_type == NLMSG_ERROR) {
        auto* e = static_cast<nlmsgerr*>(NLMSG_DATA(h));
        error = "packet_diag: " + errno_text(-e->error);
        return out;
      }
      if (h->nlmsg_len < NLMSG_LENGTH(sizeof(packet_diag_msg))) continue;
      auto* m = static_cast<packet_diag_msg*>(NLMSG_DATA(h));
      FilterInfo& info = out[m->pdiag_ino];
      info.known = true;  // no PACKET_DIAG_FILTER attribute: no filter
      int attr_len = static_cast<int>(h->nlmsg_len - NLMSG_LENGTH(sizeof *m));
      for (auto* a = reinterpret_cast<rtattr*>(reinterpret_cast<char*>(m) + NLMSG_ALIGN(sizeof *m));
           RTA_OK(a, attr_len); a = RTA_NEXT(a, attr_len)) {
        if (a->rta_type != PACKET_DIAG_FILTER) continue;
        // Unprivileged callers get the attribute empty: present or not is then unknown.
        info.instructions = static_cast<int64_t>(RTA_PAYLOAD(a) / sizeof(sock_filter));
        info.known = info.instructions > 0;
      }
    }
  }
}

struct Owner {
  int64_t pid = 0;
  std::string name;
};

std::map<uint64_t, Owner> owners_of(ArtifactContext& ctx, const std::map<uint64_t, int>& wanted) {
  const RootFs& fs = ctx.fs();
  std::map<uint64_t, Owner> out;
  for (const auto& pid : fs.list_dir("/proc")) {
    if (out.size() == wanted.size() || ctx.should_stop()) break;
    auto pid_value = parsers::to_int(pid);
    if (!pid_value) continue;
    const std::string dir = "/proc/" + pid;
    for (const auto& fd : fs.list_dir(dir + "/fd")) {
      auto target = fs.read_link(dir + "/fd/" + fd);
      if (!target || !target->starts_with("socket:[")) continue;
      auto inode = parsers::to_uint(std::string_view(*target).substr(8, target->size() - 9));
      if (!inode || !wanted.count(*inode) || out.count(*inode)) continue;
      std::string comm(parsers::trim(fs.read_file(dir + "/comm", 256).value_or("")));
      out[*inode] = Owner{*pid_value, parsers::printable(comm)};
    }
  }
  return out;
}

std::map<int64_t, std::string> interface_names(const RootFs& fs) {
  std::map<int64_t, std::string> out;
  for (const auto& name : fs.list_dir("/sys/class/net"))
    if (auto idx =
            parsers::to_int(fs.read_file("/sys/class/net/" + name + "/ifindex", 64).value_or("")))
      out[*idx] = name;
  return out;
}

}  // namespace

void packet_sockets(ArtifactContext& ctx) {
  if (!ctx.fs().is_live()) return;
  auto text = read_source(ctx, "/proc/net/packet", 4u << 20);
  if (!text) return;
  auto sockets = parsers::parse_proc_net_packet(*text);
  if (sockets.empty()) return;
  std::string error;
  auto filters = packet_filters(error);
  if (!error.empty()) ctx.note("packet socket filters unknown: " + error);
  std::map<uint64_t, int> wanted;
  for (const auto& s : sockets) wanted[s.inode] = 1;
  auto owners = owners_of(ctx, wanted);
  auto ifnames = interface_names(ctx.fs());
  auto& table = ctx.table("packet_sockets");
  for (const auto& s : sockets) {
    Row row{{"inode", integer(s.inode)},
            {"socket_type", s.type},
            {"protocol", parsers::ethertype_name(s.protocol)},
            {"interface", s.ifindex == 0             ? std::string("*")
                          : ifnames.count(s.ifindex) ? ifnames[s.ifindex]
                                                     : std::to_string(s.ifindex)},
            {"uid", integer(s.uid)},
            {"running", integer(s.running ? 1 : 0)}};
    if (auto it = owners.find(s.inode); it != owners.end()) {
      row.emplace_back("pid", integer(it->second.pid));
      row.emplace_back("process_name", text_or_null(it->second.name));
    }
    if (auto it = filters.find(s.inode); it != filters.end() && it->second.known) {
      row.emplace_back("has_filter", integer(it->second.instructions > 0 ? 1 : 0));
      row.emplace_back("filter_instructions", integer(it->second.instructions));
    }
    table.add(row);
  }
}

}  // namespace collector::natives
