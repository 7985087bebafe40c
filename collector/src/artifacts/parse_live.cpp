// Parsers of live kernel formats (live_parsers.hpp).
#include <array>
#include <cstdio>

#include "live_parsers.hpp"
#include "parsers.hpp"

namespace collector::parsers {

std::vector<MountInfoEntry> parse_mountinfo(std::string_view text) {
  std::vector<MountInfoEntry> out;
  for (auto line : split_lines(text)) {
    // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
    auto f = split_ws(line);
    std::size_t dash = 0;
    for (std::size_t i = 6; i < f.size(); ++i)
      if (f[i] == "-") {
        dash = i;
        break;
      }
    if (dash == 0) continue;
    auto id = to_int(f[0]), parent = to_int(f[1]);
    if (!id || !parent) continue;
    MountInfoEntry e;
    e.mount_id = *id;
    e.parent_id = *parent;
    e.root = unescape_octal(f[3]);
    e.mount_point = unescape_octal(f[4]);
    if (dash + 1 < f.size()) e.fs_type = std::string(f[dash + 1]);
    if (dash + 2 < f.size()) e.source = unescape_octal(f[dash + 2]);
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<int64_t> proc_pid_of_mount_point(std::string_view mp) {
  if (!mp.starts_with("/proc/")) return std::nullopt;
  mp.remove_prefix(6);
  std::string_view pid = mp.substr(0, mp.find('/'));
  if (pid.empty() || pid.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  return to_int(pid);
}

std::vector<PacketSocketLine> parse_proc_net_packet(std::string_view text) {
  std::vector<PacketSocketLine> out;
  bool header = true;
  for (auto line : split_lines(text)) {
    if (header) {
      header = false;
      continue;
    }
    auto f = split_ws(line);
    if (f.size() < 9) continue;
    auto type = to_int(f[2]), proto = to_int(f[3], 16), iface = to_int(f[4]);
    auto running = to_int(f[5]), uid = to_int(f[7]);
    auto inode = to_uint(f[8]);
    if (!type || !proto || !iface || !inode) continue;
    PacketSocketLine p;
    p.inode = *inode;
    p.type = *type == 3 ? "RAW" : *type == 2 ? "DGRAM" : std::to_string(*type);
    p.protocol = *proto;
    p.ifindex = *iface;
    p.uid = uid.value_or(-1);
    p.running = running.value_or(0) != 0;
    out.push_back(std::move(p));
  }
  return out;
}

std::string ethertype_name(int64_t protocol) {
  switch (protocol) {
    case 0x0003:
      return "all";
    case 0x0800:
      return "ip";
    case 0x0806:
      return "arp";
    case 0x86dd:
      return "ipv6";
    case 0x8100:
      return "802.1q";
    case 0x88cc:
      return "lldp";
    case 0x888e:
      return "eapol";
    case 0x0000:
      return "none";
    default:
      break;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%04llx", static_cast<unsigned long long>(protocol));
  return buf;
}

std::optional<int64_t> namespace_inode(std::string_view link) {
  auto open = link.find(":["), close = link.rfind(']');
  if (open == link.npos || close == link.npos || close < open + 2) return std::nullopt;
  return to_int(link.substr(open + 2, close - open - 2));
}

std::string capability_names(uint64_t mask) {
  static constexpr std::array<const char*, 41> kNames = {"chown",
                                                         "dac_override",
                                                         "dac_read_search",
                                                         "fowner",
                                                         "fsetid",
                                                         "kill",
                                                         "setgid",
                                                         "setuid",
                                                         "setpcap",
                                                         "linux_immutable",
                                                         "net_bind_service",
                                                         "net_broadcast",
                                                         "net_admin",
                                                         "net_raw",
                                                         "ipc_lock",
                                                         "ipc_owner",
                                                         "sys_module",
                                                         "sys_rawio",
                                                         "sys_chroot",
                                                         "sys_ptrace",
                                                         "sys_pacct",
                                                         "sys_admin",
                                                         "sys_boot",
                                                         "sys_nice",
                                                         "sys_resource",
                                                         "sys_time",
                                                         "sys_tty_config",
                                                         "mknod",
                                                         "lease",
                                                         "audit_write",
                                                         "audit_control",
                                                         "setfcap",
                                                         "mac_override",
                                                         "mac_admin",
                                                         "syslog",
                                                         "wake_alarm",
                                                         "block_suspend",
                                                         "audit_read",
                                                         "perfmon",
                                                         "bpf",
                                                         "checkpoint_restore"};
  std::string out;
  for (unsigned bit = 0; bit < 64; ++bit) {
    if (!(mask & (uint64_t{1} << bit))) continue;
    if (!out.empty()) out += ',';
    out += bit < kNames.size() ? std::string("cap_") + kNames[bit] : std::to_string(bit);
  }
  return out;
}

std::string taint_flags(uint64_t tainted) {
  // Documentation/admin-guide/tainted-kernels.rst, bit by bit.
  static constexpr std::array<const char*, 20> kFlags = {"P proprietary_module",
                                                         "F forced_module",
                                                         "S cpu_out_of_spec",
                                                         "R forced_rmmod",
                                                         "M machine_check",
                                                         "B bad_page",
                                                         "U user_request",
                                                         "D kernel_died",
                                                         "A acpi_overridden",
                                                         "W warning",
                                                         "C staging_driver",
                                                         "I firmware_workaround",
                                                         "O out_of_tree_module",
                                                         "E unsigned_module",
                                                         "L soft_lockup",
                                                         "K live_patched",
                                                         "X auxiliary",
                                                         "T randstruct_plugin",
                                                         "N test",
                                                         "J fwctl"};
  std::string out;
  for (unsigned bit = 0; bit < 64; ++bit) {
    if (!(tainted & (uint64_t{1} << bit))) continue;
    if (!out.empty()) out += ", ";
    out += bit < kFlags.size() ? kFlags[bit] : "bit " + std::to_string(bit);
  }
  return out;
}

BinfmtEntry parse_binfmt_entry(std::string_view text) {
  BinfmtEntry e;
  for (auto line : split_lines(text)) {
    line = trim(line);
    auto sp = line.find(' ');
    std::string_view key = line.substr(0, sp);
    std::string value(sp == std::string_view::npos ? "" : trim(line.substr(sp + 1)));
    if (line == "enabled")
      e.enabled = true;
    else if (key == "interpreter")
      e.interpreter = value;
    else if (key == "flags:")
      e.flags = value;
    else if (key == "offset")
      e.offset = value;
    else if (key == "magic")
      e.magic = value;
    else if (key == "mask")
      e.mask = value;
    else if (key == "extension")
      e.extension = value;
  }
  return e;
}

}  // namespace collector::parsers
