#include "process_targets.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>

#include "unique_fd.hpp"

namespace collector::triage {
namespace {

constexpr std::size_t kCommLength = 15;  // TASK_COMM_LEN - 1: the kernel truncates names

std::optional<int> parse_pid(std::string_view text) {
  int pid = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (ec != std::errc() || end != text.data() + text.size() || pid <= 0) return std::nullopt;
  return pid;
}

std::string read_small(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return {};
  char buffer[256];
  ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
  std::string text(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

struct ProcessInfo {
  bool exists = false;
  bool kernel_thread = false;
  std::string exe, comm;
};

ProcessInfo describe(const std::string& proc, int pid) {
  ProcessInfo info;
  std::string dir = proc + "/" + std::to_string(pid);
  if (::access(dir.c_str(), F_OK) != 0) return info;
  info.exists = true;
  info.comm = read_small(dir + "/comm");
  char target[4096];
  ssize_t n = ::readlink((dir + "/exe").c_str(), target, sizeof target - 1);
  if (n > 0) {
    info.exe.assign(target, static_cast<std::size_t>(n));
  } else {
    // Kernel threads (and zombies) have no executable: ENOENT. EACCES is a process we may not
    // inspect, which the scan will report as an error.
    info.kernel_thread = errno == ENOENT;
  }
  return info;
}

std::vector<int> all_pids(const std::string& proc) {
  std::vector<int> pids;
  std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(proc.c_str()), &closedir);
  if (!dir) return pids;
  while (const dirent* entry = ::readdir(dir.get()))
    if (auto pid = parse_pid(entry->d_name)) pids.push_back(*pid);
  return pids;
}

bool name_matches(const ProcessInfo& info, const std::string& name) {
  if (info.comm == name.substr(0, kCommLength)) return true;
  auto slash = info.exe.rfind('/');
  return slash != std::string::npos && info.exe.compare(slash + 1, std::string::npos, name) == 0;
}

}  // namespace

ProcessSelection select_processes(const std::vector<std::string>& specs, const std::string& proc) {
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
      ProcessInfo info = describe(proc, *pid);
      if (!info.exists)
        ++selection.missing;
      else
        choose(*pid, info);
      continue;
    }
    if (!every) every = all_pids(proc);
    for (int pid : *every) {
      ProcessInfo info = describe(proc, pid);
      if (info.exists && (spec == "all" || name_matches(info, spec))) choose(pid, info);
    }
  }
  for (auto& [pid, target] : chosen) selection.targets.push_back(std::move(target));
  return selection;
}

}  // namespace collector::triage
