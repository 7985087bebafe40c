// /proc parsers: per-process stat/status/cgroup/maps, /proc/stat, mounts, modules.
#include <cctype>

#include "parsers.hpp"

namespace collector::parsers {

std::optional<ProcStat> parse_proc_pid_stat(std::string_view text) {
  // "PID (comm) S PPID ..." where comm is up to 16 bytes and may hold ") ": split at the last ')'.
  auto open = text.find('(');
  auto close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return std::nullopt;
  ProcStat s;
  auto pid = to_int(text.substr(0, open));
  if (!pid) return std::nullopt;
  s.pid = *pid;
  s.comm = printable(text.substr(open + 1, close - open - 1));
  auto f = split_ws(text.substr(close + 1));
  // f[0] is field 3 (state) of proc(5); field N is f[N - 3].
  if (f.size() < 22) return std::nullopt;
  s.state = std::string(f[0]);
  s.ppid = to_int(f[1]).value_or(0);
  s.pgrp = to_int(f[2]).value_or(0);
  s.session = to_int(f[3]).value_or(0);
  s.tty_nr = to_int(f[4]).value_or(0);
  s.num_threads = to_int(f[17]).value_or(0);
  s.starttime_ticks = to_uint(f[19]).value_or(0);
  s.vsize = to_uint(f[20]).value_or(0);
  s.rss_pages = to_int(f[21]).value_or(0);
  return s;
}

ProcIds parse_proc_status_ids(std::string_view status_text) {
  ProcIds ids;
  auto kv = parse_colon_values(status_text);
  if (auto it = kv.find("Uid"); it != kv.end()) {
    auto f = split_ws(it->second);
    if (f.size() >= 2) ids.uid = to_int(f[0]), ids.euid = to_int(f[1]);
  }
  if (auto it = kv.find("Gid"); it != kv.end()) {
    auto f = split_ws(it->second);
    if (f.size() >= 2) ids.gid = to_int(f[0]), ids.egid = to_int(f[1]);
  }
  return ids;
}

std::string container_id_from_cgroup(std::string_view text) {
  std::size_t run = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    bool hex = i < text.size() && std::isxdigit(static_cast<unsigned char>(text[i])) &&
               !std::isupper(static_cast<unsigned char>(text[i]));
    if (hex) {
      ++run;
      continue;
    }
    if (run == 64) return std::string(text.substr(i - 64, 64));
    run = 0;
  }
  return {};
}

std::optional<int64_t> parse_btime(std::string_view proc_stat) {
  for (auto line : split_lines(proc_stat))
    if (line.starts_with("btime ")) return to_int(line.substr(6));
  return std::nullopt;
}

std::string cmdline_to_text(std::string_view raw) {
  return printable(raw);
}

std::vector<MountEntry> parse_mounts(std::string_view text) {
  std::vector<MountEntry> out;
  for (const auto& l : config_lines(text)) {
    auto f = split_ws(l.text);
    if (f.size() < 3) continue;
    MountEntry m{l.line, unescape_octal(f[0]), unescape_octal(f[1]), std::string(f[2])};
    if (f.size() > 3) m.options = std::string(f[3]);
    if (f.size() > 4) m.dump = to_int(f[4]);
    if (f.size() > 5) m.pass = to_int(f[5]);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<ModuleEntry> parse_proc_modules(std::string_view text) {
  // "name size refcount used_by state address [taint]", used_by "a,b," or "-".
  std::vector<ModuleEntry> out;
  for (auto line : split_lines(text)) {
    auto f = split_ws(line);
    if (f.size() < 5) continue;
    ModuleEntry m{std::string(f[0]), to_int(f[1]).value_or(0), to_int(f[2]).value_or(0)};
    std::string used(f[3]);
    if (used == "-") used.clear();
    if (!used.empty() && used.back() == ',') used.pop_back();
    m.used_by = used;
    m.state = std::string(f[4]);
    if (f.size() > 6) m.taint = std::string(f[6]);
    if (m.taint.size() >= 2 && m.taint.front() == '(')
      m.taint = m.taint.substr(1, m.taint.size() - 2);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<MapEntry> parse_proc_maps(std::string_view text) {
  // "start-end perms offset dev inode   path" (path may contain spaces, or be absent).
  std::vector<MapEntry> out;
  for (auto line : split_lines(text)) {
    auto f = split_ws(line);
    if (f.size() < 5) continue;
    MapEntry m{std::string(f[0]),
               std::string(f[1]),
               {},
               to_uint(f[2], 16).value_or(0),
               to_uint(f[4]).value_or(0)};
    if (f.size() > 5) {
      auto pos = static_cast<std::size_t>(f[5].data() - line.data());
      m.path = std::string(trim(line.substr(pos)));
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace collector::parsers
