// network_connections (live only): sockets from /proc/net, each mapped to the process holding
// it through the "socket:[inode]" links in /proc/PID/fd.
#include <map>

#include "natives.hpp"

namespace collector::natives {
namespace {

struct Owner {
  int64_t pid = 0;
  std::string name;
};

std::map<uint64_t, Owner> socket_owners(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  std::map<uint64_t, Owner> owners;
  for (const auto& pid : fs.list_dir("/proc")) {
    if (ctx.should_stop()) break;
    auto pid_value = parsers::to_int(pid);
    if (!pid_value) continue;
    const std::string dir = "/proc/" + pid;
    std::string comm;
    for (const auto& fd : fs.list_dir(dir + "/fd")) {
      auto target = fs.read_link(dir + "/fd/" + fd);
      if (!target || !target->starts_with("socket:[")) continue;
      auto inode = parsers::to_uint(std::string_view(*target).substr(8, target->size() - 9));
      if (!inode) continue;
      if (comm.empty()) comm = parsers::printable(fs.read_file(dir + "/comm", 256).value_or(""));
      owners.emplace(*inode, Owner{*pid_value, comm});  // the first (lowest) pid holding it
    }
  }
  return owners;
}

void add_owner(Row& row, const std::map<uint64_t, Owner>& owners, uint64_t inode) {
  auto it = owners.find(inode);
  if (it == owners.end()) return;
  row.emplace_back("pid", integer(it->second.pid));
  row.emplace_back("process_name", text_or_null(it->second.name));
}

}  // namespace

void network_connections(ArtifactContext& ctx) {
  auto owners = socket_owners(ctx);
  auto& table = ctx.table("network_connections");
  static const struct {
    const char* proto;
    bool tcp;
  } inet[] = {{"tcp", true},   {"tcp6", true}, {"udp", false},
              {"udp6", false}, {"raw", false}, {"raw6", false}};
  for (const auto& src : inet) {
    auto text = read_source(ctx, std::string("/proc/net/") + src.proto);
    if (!text) continue;
    for (const auto& s : parsers::parse_proc_net_inet(*text, src.tcp)) {
      Row row{{"proto", std::string(src.proto)},
              {"local_addr", s.local_addr},
              {"local_port", integer(s.local_port)},
              {"remote_addr", s.remote_addr},
              {"remote_port", integer(s.remote_port)},
              {"state", s.state},
              {"uid", integer(s.uid)},
              {"inode", integer(s.inode)}};
      add_owner(row, owners, s.inode);
      table.add(row);
    }
  }
  if (auto text = read_source(ctx, "/proc/net/unix")) {
    for (const auto& s : parsers::parse_proc_net_unix(*text)) {
      Row row{{"proto", "unix"},
              {"socket_type", s.type},
              {"state", s.state},
              {"inode", integer(s.inode)},
              {"path", text_or_null(s.path)}};
      add_owner(row, owners, s.inode);
      table.add(row);
    }
  }
}

}  // namespace collector::natives
