// bpf_programs (live only): every eBPF program and map the kernel holds, through the bpf()
// system call (BPF_PROG_GET_NEXT_ID, BPF_PROG_GET_FD_BY_ID, BPF_OBJ_GET_INFO_BY_FD; the same for
// maps and links), and the objects pinned under /sys/fs/bpf. eBPF rootkits (hiding files,
// processes, sockets; backdoors reading packets) show up here whatever they hide elsewhere.
// Asking needs CAP_SYS_ADMIN (or CAP_BPF): without it the artifact notes so and writes nothing.
#include <linux/bpf.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <map>

#include "natives.hpp"
#include "ppc/hashing.hpp"

namespace collector::natives {
namespace {

long bpf(int cmd, bpf_attr& attr) {
  return ::syscall(__NR_bpf, cmd, &attr, sizeof attr);
}

// The ids of every object of one kind (BPF_PROG_GET_NEXT_ID, BPF_MAP_GET_NEXT_ID, ...); errno of
// the first failure other than the end (ENOENT) in `err`.
std::vector<uint32_t> all_ids(int next_cmd, int& err) {
  std::vector<uint32_t> ids;
  uint32_t id = 0;
  for (;;) {
    bpf_attr attr{};
    attr.start_id = id;
    if (bpf(next_cmd, attr) != 0) {
      err = errno == ENOENT ? 0 : errno;
      return ids;
    }
    id = attr.next_id;
    ids.push_back(id);
  }
}

UniqueFd fd_by_id(int cmd, uint32_t id) {
  bpf_attr attr{};
  attr.prog_id = id;  // prog_id, map_id and link_id share the slot
  return UniqueFd(static_cast<int>(bpf(cmd, attr)));
}

template <typename Info>
bool info_of(int fd, Info& info) {
  bpf_attr attr{};
  attr.info.bpf_fd = static_cast<uint32_t>(fd);
  attr.info.info_len = sizeof info;
  attr.info.info = reinterpret_cast<uint64_t>(&info);
  return bpf(BPF_OBJ_GET_INFO_BY_FD, attr) == 0;
}

std::string prog_type_name(uint32_t type) {
  static const char* kNames[] = {"unspec",
                                 "socket_filter",
                                 "kprobe",
                                 "sched_cls",
                                 "sched_act",
                                 "tracepoint",
                                 "xdp",
                                 "perf_event",
                                 "cgroup_skb",
                                 "cgroup_sock",
                                 "lwt_in",
                                 "lwt_out",
                                 "lwt_xmit",
                                 "sock_ops",
                                 "sk_skb",
                                 "cgroup_device",
                                 "sk_msg",
                                 "raw_tracepoint",
                                 "cgroup_sock_addr",
                                 "lwt_seg6local",
                                 "lirc_mode2",
                                 "sk_reuseport",
                                 "flow_dissector",
                                 "cgroup_sysctl",
                                 "raw_tracepoint_writable",
                                 "cgroup_sockopt",
                                 "tracing",
                                 "struct_ops",
                                 "ext",
                                 "lsm",
                                 "sk_lookup",
                                 "syscall",
                                 "netfilter"};
  return type < std::size(kNames) ? kNames[type] : std::to_string(type);
}

std::string map_type_name(uint32_t type) {
  static const char* kNames[] = {"unspec",
                                 "hash",
                                 "array",
                                 "prog_array",
                                 "perf_event_array",
                                 "percpu_hash",
                                 "percpu_array",
                                 "stack_trace",
                                 "cgroup_array",
                                 "lru_hash",
                                 "lru_percpu_hash",
                                 "lpm_trie",
                                 "array_of_maps",
                                 "hash_of_maps",
                                 "devmap",
                                 "sockmap",
                                 "cpumap",
                                 "xskmap",
                                 "sockhash",
                                 "cgroup_storage",
                                 "reuseport_sockarray",
                                 "percpu_cgroup_storage",
                                 "queue",
                                 "stack",
                                 "sk_storage",
                                 "devmap_hash",
                                 "struct_ops",
                                 "ringbuf",
                                 "inode_storage",
                                 "task_storage",
                                 "bloom_filter",
                                 "user_ringbuf",
                                 "cgrp_storage",
                                 "arena"};
  return type < std::size(kNames) ? kNames[type] : std::to_string(type);
}

std::string link_type_name(uint32_t type) {
  static const char* kNames[] = {"unspec",       "raw_tracepoint", "tracing",   "cgroup",
                                 "iter",         "netns",          "xdp",       "perf_event",
                                 "kprobe_multi", "struct_ops",     "netfilter", "tcx",
                                 "uprobe_multi", "netkit",         "sockmap"};
  return type < std::size(kNames) ? kNames[type] : std::to_string(type);
}

std::string join_ids(const std::vector<uint32_t>& ids) {
  std::string out;
  for (uint32_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

// prog id -> "xdp,cgroup" (the kinds of link attaching it), from the link objects (Linux 5.8+).
std::map<uint32_t, std::string> attachments() {
  std::map<uint32_t, std::string> out;
  int err = 0;
  for (uint32_t id : all_ids(BPF_LINK_GET_NEXT_ID, err)) {
    UniqueFd fd = fd_by_id(BPF_LINK_GET_FD_BY_ID, id);
    bpf_link_info info{};
    if (!fd || !info_of(fd.get(), info)) continue;
    std::string& s = out[info.prog_id];
    s += (s.empty() ? "" : ",") + link_type_name(info.type);
  }
  return out;
}

void programs(ArtifactContext& ctx, int64_t btime) {
  int err = 0;
  auto ids = all_ids(BPF_PROG_GET_NEXT_ID, err);
  if (err != 0) ctx.note("bpf programs not listed: " + errno_text(err));
  auto attached = attachments();
  auto& table = ctx.table("bpf_programs");
  for (uint32_t id : ids) {
    UniqueFd fd = fd_by_id(BPF_PROG_GET_FD_BY_ID, id);
    bpf_prog_info info{};
    if (!fd || !info_of(fd.get(), info)) continue;  // unloaded meanwhile
    std::vector<uint32_t> map_ids(info.nr_map_ids);
    if (!map_ids.empty()) {
      bpf_prog_info again{};
      again.nr_map_ids = static_cast<uint32_t>(map_ids.size());
      again.map_ids = reinterpret_cast<uint64_t>(map_ids.data());
      if (!info_of(fd.get(), again)) map_ids.clear();
      map_ids.resize(std::min<std::size_t>(map_ids.size(), again.nr_map_ids));
    }
    Row row{{"id", integer(int64_t{info.id})},
            {"type", prog_type_name(info.type)},
            {"name", text_or_null(std::string(info.name, strnlen(info.name, sizeof info.name)))},
            {"tag", ppc::to_hex({info.tag, sizeof info.tag})},
            {"load_time", integer(btime + static_cast<int64_t>(info.load_time / 1000000000))},
            {"uid", integer(int64_t{info.created_by_uid})},
            {"map_ids", text_or_null(join_ids(map_ids))},
            {"xlated_bytes", integer(int64_t{info.xlated_prog_len})},
            {"jited_bytes", integer(int64_t{info.jited_prog_len})},
            {"gpl_compatible", integer(info.gpl_compatible ? 1 : 0)},
            {"btf_id", integer(int64_t{info.btf_id})}};
    if (auto it = attached.find(info.id); it != attached.end())
      row.emplace_back("attached_by_links", it->second);
    if (info.ifindex != 0) row.emplace_back("ifindex", integer(int64_t{info.ifindex}));
    table.add(row);
  }
}

void maps(ArtifactContext& ctx) {
  int err = 0;
  auto ids = all_ids(BPF_MAP_GET_NEXT_ID, err);
  auto& table = ctx.table("bpf_maps");
  for (uint32_t id : ids) {
    UniqueFd fd = fd_by_id(BPF_MAP_GET_FD_BY_ID, id);
    bpf_map_info info{};
    if (!fd || !info_of(fd.get(), info)) continue;
    table.add({{"id", integer(int64_t{info.id})},
               {"type", map_type_name(info.type)},
               {"name", text_or_null(std::string(info.name, strnlen(info.name, sizeof info.name)))},
               {"key_size", integer(int64_t{info.key_size})},
               {"value_size", integer(int64_t{info.value_size})},
               {"max_entries", integer(int64_t{info.max_entries})},
               {"flags", integer(int64_t{info.map_flags})}});
  }
}

void pinned(ArtifactContext& ctx) {
  auto& table = ctx.table("bpf_pinned");
  ctx.fs().walk_tree("/sys/fs/bpf", 16, [&](const RootFs::WalkEntry& e) {
    if (!S_ISDIR(e.stx.stx_mode))
      table.add({{"path", e.path},
                 {"uid", integer(int64_t{e.stx.stx_uid})},
                 {"mode", integer(int64_t{e.stx.stx_mode & 07777u})},
                 {"mtime", integer(static_cast<int64_t>(e.stx.stx_mtime.tv_sec))}});
    return !ctx.should_stop();
  });
}

}  // namespace

void bpf_programs(ArtifactContext& ctx) {
  if (!ctx.fs().is_live()) return;
  const int64_t btime =
      parsers::parse_btime(ctx.fs().read_file("/proc/stat").value_or("")).value_or(0);
  programs(ctx, btime);
  maps(ctx);
  pinned(ctx);
}

}  // namespace collector::natives
