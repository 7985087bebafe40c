#pragma once
// Parsers of the live kernel's own formats (mountinfo, /proc/net/packet, status capability sets,
// the taint mask, binfmt_misc entries): pure functions over text, fed by the natives of
// native_hidden.cpp, native_kernel.cpp and native_packet.cpp, and directly by the unit tests.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collector::parsers {

struct MountInfoEntry {
  int64_t mount_id = 0, parent_id = 0;
  std::string root;         // the directory of the source file system mounted here
  std::string mount_point;  // octal escapes decoded
  std::string fs_type, source;
};
// /proc/PID/mountinfo (proc(5)); malformed lines are skipped.
std::vector<MountInfoEntry> parse_mountinfo(std::string_view text);

// The PID of a mount point /proc/PID or below it (/proc/PID/task): a bind mount hiding a
// process's /proc directory. nullopt for any other path.
std::optional<int64_t> proc_pid_of_mount_point(std::string_view mount_point);

struct PacketSocketLine {
  uint64_t inode = 0;
  std::string type;  // RAW, DGRAM, or the number
  int64_t protocol = 0;
  int64_t ifindex = 0;  // 0 = every interface
  int64_t uid = -1;
  bool running = false;
};
// /proc/net/packet: "sk RefCnt Type Proto Iface R Rmem User Inode".
std::vector<PacketSocketLine> parse_proc_net_packet(std::string_view text);
// The ethertype as ss prints it (ETH_P_ALL -> "all", 0x0800 -> "ip", ...), else 0xNNNN.
std::string ethertype_name(int64_t protocol);

// The inode of a namespace link's text ("net:[4026531840]" -> 4026531840).
std::optional<int64_t> namespace_inode(std::string_view link_text);

// Capability names of a CapEff-style mask ("cap_net_raw,cap_sys_admin"); unknown bits as numbers.
std::string capability_names(uint64_t mask);

// /proc/sys/kernel/tainted decoded into its letters' meanings ("P proprietary_module, ...").
std::string taint_flags(uint64_t tainted);

struct BinfmtEntry {
  bool enabled = false;
  std::string interpreter, flags, offset, magic, mask, extension;
};
// One /proc/sys/fs/binfmt_misc/<name> file.
BinfmtEntry parse_binfmt_entry(std::string_view text);

}  // namespace collector::parsers
