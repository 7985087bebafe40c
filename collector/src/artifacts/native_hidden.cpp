// hidden_processes (live only): processes the /proc listing does not show. A rootkit that hooks
// getdents hides a PID from `ls /proc` and ps, but the kernel still answers kill(pid, 0) for it;
// one that bind-mounts a directory over /proc/PID leaves a mount point in mountinfo. Threads are
// never listed in /proc itself, only in their group's task/ directory, so every task list is
// read first and a PID is suspicious only when no listing shows it.
#include <signal.h>

#include <cerrno>
#include <set>

#include "live_parsers.hpp"
#include "natives.hpp"

namespace collector::natives {
namespace {

std::set<int64_t> listed_pids(const RootFs& fs) {
  std::set<int64_t> out;
  for (const auto& name : fs.list_dir("/proc"))
    if (auto pid = parsers::to_int(name); pid && name.find_first_not_of("0123456789") == name.npos)
      out.insert(*pid);
  return out;
}

std::set<int64_t> task_ids(const RootFs& fs, int64_t pid) {
  std::set<int64_t> out;
  for (const auto& name : fs.list_dir("/proc/" + std::to_string(pid) + "/task"))
    if (auto tid = parsers::to_int(name)) out.insert(*tid);
  return out;
}

bool pid_exists(int64_t pid) {
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

struct Probe {
  std::set<int64_t> listed, tasks;
};

Probe list_everything(ArtifactContext& ctx) {
  Probe p;
  p.listed = listed_pids(ctx.fs());
  for (int64_t pid : p.listed) {
    auto t = task_ids(ctx.fs(), pid);
    p.tasks.insert(t.begin(), t.end());
  }
  return p;
}

void add_row(ArtifactContext& ctx, int64_t pid, std::string_view detection,
             std::string_view detail) {
  const RootFs& fs = ctx.fs();
  const std::string dir = "/proc/" + std::to_string(pid);
  std::string comm(parsers::trim(fs.read_file(dir + "/comm", 256).value_or("")));
  ctx.table("hidden_processes")
      .add({{"pid", integer(pid)},
            {"detection", std::string(detection)},
            {"detail", text_or_null(detail)},
            {"comm", text_or_null(parsers::printable(comm))},
            {"exe", text_or_null(fs.read_link(dir + "/exe").value_or(""))}});
}

// PIDs the kernel knows that neither /proc nor any task list shows.
void probe_pids(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  int64_t pid_max =
      parsers::to_int(fs.read_file("/proc/sys/kernel/pid_max", 64).value_or("")).value_or(32768);
  pid_max = std::min(pid_max, ctx.def().option_int("max_pid", 4194304));
  Probe before = list_everything(ctx);
  // PIDs are handed out in increasing order until they wrap at pid_max: a hidden process
  // started after the newest visible one sits just above it. Probing up to a margin past the
  // highest visible PID keeps the cost to what is in use (4M kill() calls take seconds).
  int64_t highest = before.tasks.empty() ? 0 : *before.tasks.rbegin();
  if (!before.listed.empty()) highest = std::max(highest, *before.listed.rbegin());
  pid_max = std::min(pid_max, highest + ctx.def().option_int("probe_margin", 65536));
  std::vector<int64_t> candidates;
  for (int64_t pid = 1; pid <= pid_max; ++pid) {
    if ((pid & 0xffff) == 0 && ctx.should_stop()) return;
    if (before.listed.count(pid) || before.tasks.count(pid)) continue;
    if (pid_exists(pid)) candidates.push_back(pid);
  }
  if (candidates.empty()) return;
  // Processes and threads started during the probe are listed now: list again before judging.
  Probe after = list_everything(ctx);
  for (int64_t pid : candidates) {
    if (after.listed.count(pid) || after.tasks.count(pid) || !pid_exists(pid)) continue;
    auto status = parsers::parse_colon_values(
        fs.read_file("/proc/" + std::to_string(pid) + "/status", 64 * 1024).value_or(""));
    int64_t tgid = parsers::to_int(status["Tgid"]).value_or(pid);
    if (tgid != pid && after.listed.count(tgid))
      add_row(ctx, pid, "not_in_task_list", "thread of process " + std::to_string(tgid));
    else
      add_row(ctx, pid, "not_in_proc_listing", "kill(pid, 0) finds it");
  }
}

// Mount points on /proc/PID or below it, in our mount namespace and in init's.
void proc_mounts(ArtifactContext& ctx) {
  std::set<std::pair<int64_t, std::string>> seen;
  for (const char* file : {"/proc/self/mountinfo", "/proc/1/mountinfo"}) {
    auto text = ctx.fs().read_file(file, 8u << 20);
    if (!text) continue;
    for (const auto& m : parsers::parse_mountinfo(*text)) {
      auto pid = parsers::proc_pid_of_mount_point(m.mount_point);
      if (!pid || !seen.insert({*pid, m.mount_point}).second) continue;
      add_row(ctx, *pid, "proc_mount",
              m.mount_point + " <- " + m.source + ":" + m.root + " (" + m.fs_type + ")");
    }
  }
}

}  // namespace

void hidden_processes(ArtifactContext& ctx) {
  if (!ctx.fs().is_live()) return;  // kill() and mountinfo speak of this system only
  probe_pids(ctx);
  proc_mounts(ctx);
}

}  // namespace collector::natives
