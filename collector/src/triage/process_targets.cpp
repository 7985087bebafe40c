#include "process_targets.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>

#include "asset/open_at.hpp"

namespace collector::triage {
namespace {

constexpr std::size_t kCommLength = 15;  // TASK_COMM_LEN - 1: the kernel truncates names

std::optional<int> parse_pid(std::string_view text) {
  int pid = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (ec != std::errc() || end != text.data() + text.size() || pid <= 0) return std::nullopt;
  return pid;
}

struct ProcessInfo {
  bool exists = false;
  bool kernel_thread = false;
  std::string exe, comm;
};

ProcessInfo describe(int pid) {
  ProcessInfo info;
  std::string dir = "/proc/" + std::to_string(pid);
  if (!asset::read_proc_file(dir + "/comm", info.comm, 256)) return info;
  info.exists = true;
  while (!info.comm.empty() && info.comm.back() == '\n') info.comm.pop_back();
  // Kernel threads (and zombies) have no executable: ENOENT. EACCES is a process we may not
  // inspect, which the scan will report as an error.
  if (!asset::read_proc_link(dir + "/exe", info.exe)) info.kernel_thread = errno == ENOENT;
  return info;
}

bool name_matches(const ProcessInfo& info, const std::string& name) {
  if (info.comm == name.substr(0, kCommLength)) return true;
  auto slash = info.exe.rfind('/');
  return slash != std::string::npos && info.exe.compare(slash + 1, std::string::npos, name) == 0;
}

}  // namespace

ProcessSelection select_processes(const std::vector<std::string>& specs) {
  ProcessSelection selection;
  if (specs.empty()) return selection;
  const int self = static_cast<int>(::getpid());
  std::map<int, ProcessTarget> chosen;
  auto choose = [&](int pid, const ProcessInfo& info) {
    if (pid == self || info.kernel_thread) return;
    chosen[pid] = {pid, info.exe.empty() ? "[" + info.comm + "]" : info.exe};
  };
  std::optional<std::vector<int>> every;  // listed once, only when a name or "all" needs it
  for (const std::string& spec : specs) {
    if (auto pid = parse_pid(spec)) {
      ProcessInfo info = describe(*pid);
      if (!info.exists)
        ++selection.missing;
      else
        choose(*pid, info);
      continue;
    }
    if (!every) every = asset::list_pids("/proc");
    for (int pid : *every) {
      ProcessInfo info = describe(pid);
      if (info.exists && (spec == "all" || name_matches(info, spec))) choose(pid, info);
    }
  }
  for (auto& [pid, target] : chosen) selection.targets.push_back(std::move(target));
  return selection;
}

}  // namespace collector::triage
