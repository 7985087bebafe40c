#pragma once
// Pure parsers of the asset's files: bytes or text in, records out. No I/O, no global state,
// every input is untrusted (a compromised host writes these files), so each parser tolerates
// garbage, truncation and overlong fields. The native collectors (native_*.cpp) feed them from
// RootFs; the unit tests and fuzz targets feed them directly.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collector::parsers {

// ---- text helpers (parse_text.cpp) ----
std::vector<std::string_view> split_lines(
    std::string_view text);  // "\n" or "\r\n"; no trailing empty
std::string_view trim(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);  // keeps empty fields
std::vector<std::string_view> split_ws(std::string_view s);         // runs of blanks separate
std::optional<int64_t> to_int(std::string_view s, int base = 10);
std::optional<uint64_t> to_uint(std::string_view s, int base = 10);
// "a\040b" -> "a b" (octal escapes of /proc/mounts and fstab).
std::string unescape_octal(std::string_view s);
// Replaces NUL and control characters by spaces, drops trailing ones (cmdline, comm).
std::string printable(std::string_view s);

// A meaningful line of a configuration file: 1-based number and trimmed text.
struct ConfigLine {
  int line = 0;
  std::string text;
};
// Lines that are neither blank nor comments (starting with one of `comment_chars`).
std::vector<ConfigLine> config_lines(std::string_view text, std::string_view comment_chars = "#");
// "KEY=value" / "KEY=\"quoted value\"" lines (os-release).
std::map<std::string, std::string> parse_os_release(std::string_view text);
// "Key:  value" lines (/proc/PID/status, /proc/meminfo, /proc/cpuinfo: first occurrence wins).
std::map<std::string, std::string> parse_colon_values(std::string_view text);

// ---- accounts (parse_accounts.cpp) ----
struct PasswdEntry {
  int line = 0;
  std::string name;
  std::optional<int64_t> uid, gid;
  std::string gecos, home, shell;
};
std::vector<PasswdEntry> parse_passwd(std::string_view text);

struct GroupEntry {
  int line = 0;
  std::string name;
  std::optional<int64_t> gid;
  std::vector<std::string> members;
};
std::vector<GroupEntry> parse_group(std::string_view text);

// /etc/shadow without the secret: only whether a password is set, none, or locked.
struct ShadowEntry {
  int line = 0;
  std::string name;
  std::string password_state;  // "set" | "none" | "locked"
  std::optional<int64_t> last_change, min_days, max_days, warn_days, inactive_days, expire;
};
std::vector<ShadowEntry> parse_shadow(std::string_view text);
std::string password_state(std::string_view hash_field);

// sudoers: non-comment lines; "#include"/"#includedir" are directives, not comments.
std::vector<ConfigLine> parse_sudoers(std::string_view text);

// ---- utmp/wtmp/btmp and lastlog (parse_utmp.cpp) ----
struct UtmpRecord {
  int64_t type = 0;
  std::string type_name;  // EMPTY, RUN_LVL, BOOT_TIME, NEW_TIME, OLD_TIME, INIT_PROCESS, ...
  int64_t pid = 0;
  std::string line, id, user, host;
  std::string addr;  // IPv4 or IPv6 text; empty when zero
  int64_t time = 0;  // seconds, UTC
  int64_t time_usec = 0;
  int64_t session = 0;
  int64_t exit_termination = 0, exit_status = 0;
};
struct UtmpParse {
  std::vector<UtmpRecord> records;
  std::size_t trailing_bytes = 0;  // a truncated final record (ignored)
};
constexpr std::size_t kUtmpRecordSize = 384;
UtmpParse parse_utmp(std::string_view data);
std::string utmp_type_name(int64_t type);

struct LastlogRecord {
  int64_t uid = 0;
  int64_t time = 0;
  std::string line, host;
};
constexpr std::size_t kLastlogRecordSize = 292;
// Records with a non-zero time; the uid is the record's index in the file.
std::vector<LastlogRecord> parse_lastlog(std::string_view data);

// ---- /proc (parse_proc.cpp) ----
struct ProcStat {
  int64_t pid = 0;
  std::string comm;
  std::string state;
  int64_t ppid = 0, pgrp = 0, session = 0, tty_nr = 0;
  int64_t num_threads = 0;
  uint64_t starttime_ticks = 0;  // since boot, in clock ticks
  uint64_t vsize = 0;
  int64_t rss_pages = 0;
};
// /proc/PID/stat; the comm field may contain spaces and ')' (the last ')' ends it).
std::optional<ProcStat> parse_proc_pid_stat(std::string_view text);
// Real, effective uid from "Uid:" of /proc/PID/status.
struct ProcIds {
  std::optional<int64_t> uid, euid, gid, egid;
};
ProcIds parse_proc_status_ids(std::string_view status_text);
// The first 64-hex-digit run in /proc/PID/cgroup (docker, containerd, cri-o, podman ids).
std::string container_id_from_cgroup(std::string_view cgroup_text);
// "btime" of /proc/stat.
std::optional<int64_t> parse_btime(std::string_view proc_stat);
// "/proc/PID/cmdline": NUL separated -> space separated.
std::string cmdline_to_text(std::string_view raw);

struct MountEntry {
  int line = 0;
  std::string device, mount_point, fs_type, options;
  std::optional<int64_t> dump, pass;
};
// /proc/self/mounts and /etc/fstab share the format.
std::vector<MountEntry> parse_mounts(std::string_view text);

struct ModuleEntry {
  std::string name;
  int64_t size = 0, refcount = 0;
  std::string used_by, state, taint;
};
std::vector<ModuleEntry> parse_proc_modules(std::string_view text);

struct MapEntry {
  std::string address, perms, path;
  uint64_t offset = 0, inode = 0;
};
std::vector<MapEntry> parse_proc_maps(std::string_view text);

// ---- networking (parse_net.cpp) ----
// /proc/net/{tcp,udp,raw}[6] address "0100007F:0035": each 32-bit word in host byte order.
std::optional<std::string> decode_proc_net_address(std::string_view hex);
// Plain network-order hex (ipv6_route, if_inet6) -> IPv6 text.
std::optional<std::string> decode_ipv6_hex(std::string_view hex);

struct InetSocket {
  std::string local_addr;
  int64_t local_port = 0;
  std::string remote_addr;
  int64_t remote_port = 0;
  std::string state;
  int64_t uid = -1;
  uint64_t inode = 0;
};
// `tcp` selects TCP state names; UDP and raw sockets report UNCONN or ESTABLISHED.
std::vector<InetSocket> parse_proc_net_inet(std::string_view text, bool tcp);
std::string tcp_state_name(int state);

struct UnixSocket {
  std::string type;   // STREAM, DGRAM, SEQPACKET
  std::string state;  // LISTEN, UNCONNECTED, CONNECTING, CONNECTED, DISCONNECTING
  uint64_t inode = 0;
  std::string path;  // "@name" for the abstract namespace; empty when unbound
};
std::vector<UnixSocket> parse_proc_net_unix(std::string_view text);

struct RouteEntry {
  std::string family;  // inet, inet6
  std::string iface, destination, gateway;
  int64_t prefix_len = 0;
  int64_t metric = 0;
  std::string flags;  // U, G, H, ...
};
std::vector<RouteEntry> parse_proc_route(std::string_view text);
std::vector<RouteEntry> parse_proc_ipv6_route(std::string_view text);

struct ArpEntry {
  std::string ip, hw_type, flags, mac, device;
};
std::vector<ArpEntry> parse_proc_arp(std::string_view text);

struct InterfaceAddress {
  std::string iface, family, address;
  int64_t prefix_len = 0;
  std::string scope;
};
std::vector<InterfaceAddress> parse_if_inet6(std::string_view text);

struct ResolverEntry {
  int line = 0;
  std::string kind;  // nameserver, search, domain, options, sortlist
  std::string value;
};
std::vector<ResolverEntry> parse_resolv_conf(std::string_view text);

struct HostsEntry {
  int line = 0;
  std::string address;
  std::string names;  // space separated
};
std::vector<HostsEntry> parse_hosts(std::string_view text);

// ---- persistence (parse_persistence.cpp) ----
struct CronEntry {
  int line = 0;
  std::string schedule, user, command;
};
// System crontabs (/etc/crontab, /etc/cron.d/*) have a user field; user crontabs do not.
std::vector<CronEntry> parse_crontab(std::string_view text, bool has_user_field);
// anacrontab: "period delay job-id command" -> schedule "period delay job-id", user root.
std::vector<CronEntry> parse_anacrontab(std::string_view text);

struct UnitInfo {
  std::string description, exec_start, exec_start_pre, user, wanted_by, timer, trigger_unit;
};
// Systemd unit file: [Unit] Description; [Service] ExecStart, ExecStartPre, User; [Install]
// WantedBy, RequiredBy; [Timer] On*; Unit=. Repeated keys are joined with " ; ".
UnitInfo parse_systemd_unit(std::string_view text);

struct AuthorizedKey {
  int line = 0;
  std::string options, key_type, comment;
  std::string fingerprint;  // "SHA256:<base64 without padding>" like ssh-keygen -l
};
std::vector<AuthorizedKey> parse_authorized_keys(std::string_view text);
// Empty when the blob is not valid base64.
std::string ssh_fingerprint_sha256(std::string_view base64_blob);

// ---- bodyfile (parse_text.cpp) ----
// TSK style "r/rrwxr-xr-x": name type / meta type and permission bits.
std::string tsk_mode_string(uint32_t mode);

}  // namespace collector::parsers
