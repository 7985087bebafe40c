// process_creation events (Sysmon for Linux's field names) from auditd EXECVE events, so that the
// process-creation rules have input on hosts without Sysmon.
#include <string>

#include "sigma/normalize.hpp"

namespace sigma {
namespace {

// Parents are looked up by pid among the execs seen so far; bounded so that a long log does not
// grow the map without end (pids recycle anyway).
constexpr size_t kMaxTracked = 1 << 16;

bool has_value(const Event& e, std::string_view field, std::string_view value) {
  for (const auto& v : e.values(field))
    if (v.second == value) return true;
  return false;
}

// The EXECVE record's argument: auditd_event puts SYSCALL's a0..a3 first, so it is the last.
const std::string* argument(const Event& e, size_t i) {
  const auto v = e.values("a" + std::to_string(i));
  return v.empty() ? nullptr : &v.back().second;
}

void copy_first(const Event& from, std::string_view field, Event& to, std::string name) {
  if (const std::string* v = from.first(field)) to.add(std::move(name), *v);
}

}  // namespace

std::optional<Event> ProcessTracker::process_creation(const Event& auditd) {
  if (!has_value(auditd, "type", "EXECVE")) return std::nullopt;
  size_t argc = 0;
  if (const std::string* a = auditd.first("argc")) argc = std::strtoul(a->c_str(), nullptr, 10);
  std::string command_line;
  for (size_t i = 0; i < argc; ++i) {
    const std::string* arg = argument(auditd, i);
    if (!arg) break;
    if (i) command_line += ' ';
    command_line += *arg;
  }
  std::string image;
  if (const std::string* exe = auditd.first("exe"))
    image = *exe;
  else if (const std::string* a0 = argument(auditd, 0))
    image = *a0;

  Event e(LogSource{"linux", "process_creation", ""});
  e.add("Image", image);
  e.add("CommandLine", command_line);
  copy_first(auditd, "cwd", e, "CurrentDirectory");
  copy_first(auditd, auditd.has("UID") ? "UID" : "uid", e, "User");
  copy_first(auditd, "pid", e, "ProcessId");
  copy_first(auditd, "ppid", e, "ParentProcessId");
  const std::string* ppid = auditd.first("ppid");
  if (auto parent = ppid ? by_pid_.find(*ppid) : by_pid_.end(); parent != by_pid_.end()) {
    e.add("ParentImage", parent->second.image);
    e.add("ParentCommandLine", parent->second.command_line);
  }
  if (const std::string* pid = auditd.first("pid")) {
    if (by_pid_.size() >= kMaxTracked) by_pid_.erase(by_pid_.begin());
    by_pid_[*pid] = Exec{image, command_line};
  }
  // Keyword rules see the command line: the auditd event itself carries the raw records.
  e.set_raw(command_line);
  return e;
}

}  // namespace sigma
