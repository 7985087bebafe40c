// processes (live only): one row per process from /proc/PID, plus its open files and mapped
// files. Processes exit while we read them: a vanished process is skipped, never an error.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <set>

#include "asset/open_at.hpp"
#include "live_parsers.hpp"
#include "natives.hpp"
#include "ppc/hashing.hpp"

namespace collector::natives {
namespace {

bool is_pid(std::string_view name) {
  return !name.empty() && name.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string trimmed(const std::optional<std::string>& s) {
  return s ? std::string(parsers::trim(*s)) : std::string();
}

// Hashes the running executable through the /proc magic link, which still reaches a binary
// deleted from disk. Cached by device and inode: one bash is hashed once, not 200 times.
class ExeHasher {
 public:
  explicit ExeHasher(uint64_t max_bytes) : max_bytes_(max_bytes) {}
  std::string hash(int64_t pid) {
    const std::string link = "/proc/" + std::to_string(pid) + "/exe";
    UniqueFd fd = asset::open_proc_link(link);
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
    if (static_cast<uint64_t>(st.st_size) > max_bytes_) return {};
    auto key = std::pair{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    ppc::MultiHasher hasher;
    std::vector<uint8_t> buf(1 << 20);
    uint64_t left = static_cast<uint64_t>(st.st_size);
    while (left > 0) {
      ssize_t n = ::read(fd.get(), buf.data(), std::min<uint64_t>(buf.size(), left));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      hasher.update({buf.data(), static_cast<std::size_t>(n)});
      left -= static_cast<uint64_t>(n);
    }
    std::string digest = left == 0 ? hasher.finish().sha256 : std::string();
    cache_.emplace(key, digest);
    return digest;
  }

 private:
  uint64_t max_bytes_;
  std::map<std::pair<uint64_t, uint64_t>, std::string> cache_;
};

std::string namespaces(const RootFs& fs, const std::string& dir) {
  std::string out;
  for (const char* ns : {"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"})
    if (auto link = fs.read_link(dir + "/ns/" + ns)) out += (out.empty() ? "" : " ") + *link;
  return out;
}

// Capability sets, seccomp and no_new_privs from /proc/PID/status; audit login uid and session
// (unset, 4294967295, is NULL); the network namespace's inode.
void add_privileges(const RootFs& fs, const std::string& dir, const std::string& status, Row& row) {
  auto kv = parsers::parse_colon_values(status);
  for (auto [column, key] : {std::pair{"cap_inheritable", "CapInh"},
                             {"cap_permitted", "CapPrm"},
                             {"cap_effective", "CapEff"},
                             {"cap_bounding", "CapBnd"},
                             {"cap_ambient", "CapAmb"}})
    row.emplace_back(column, text_or_null(kv[key]));
  if (auto eff = parsers::to_uint(kv["CapEff"], 16))
    row.emplace_back("cap_effective_names", text_or_null(parsers::capability_names(*eff)));
  static const char* kSeccomp[] = {"disabled", "strict", "filter"};
  if (auto mode = parsers::to_int(kv["Seccomp"]); mode && *mode >= 0 && *mode <= 2)
    row.emplace_back("seccomp", std::string(kSeccomp[*mode]));
  row.emplace_back("no_new_privs", int_or_null(parsers::to_int(kv["NoNewPrivs"])));
  for (auto [column, file] : {std::pair{"login_uid", "/loginuid"}, {"session_id", "/sessionid"}}) {
    auto v = parsers::to_int(fs.read_file(dir + file, 64).value_or(""));
    if (v && *v != 4294967295) row.emplace_back(column, integer(*v));
  }
  if (auto net = fs.read_link(dir + "/ns/net"))
    row.emplace_back("net_ns", int_or_null(parsers::namespace_inode(*net)));
}

void open_files(ArtifactContext& ctx, int64_t pid, const std::string& dir, int64_t limit) {
  auto& table = ctx.table("process_open_files");
  int64_t n = 0;
  for (const auto& fd : ctx.fs().list_dir(dir + "/fd")) {
    if (++n > limit) break;
    auto target = ctx.fs().read_link(dir + "/fd/" + fd);
    if (!target) continue;  // closed meanwhile
    table.add(
        {{"pid", integer(pid)}, {"fd", int_or_null(parsers::to_int(fd))}, {"target", *target}});
  }
}

// File-backed mappings and anonymous executable ones (injected code), unique per process.
void maps(ArtifactContext& ctx, int64_t pid, const std::string& dir, int64_t limit) {
  auto text = ctx.fs().read_file(dir + "/maps", 8u << 20);
  if (!text) return;
  auto& table = ctx.table("process_maps");
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& m : parsers::parse_proc_maps(*text)) {
    if (m.path.empty() && m.perms.find('x') == std::string::npos) continue;
    if (!seen.insert({m.path, m.perms}).second) continue;
    if (static_cast<int64_t>(seen.size()) > limit) break;
    table.add({{"pid", integer(pid)},
               {"path", text_or_null(m.path)},
               {"perms", m.perms},
               {"inode", integer(m.inode)}});
  }
}

}  // namespace

void processes(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  const ArtifactDef& def = ctx.def();
  ExeHasher hasher(static_cast<uint64_t>(def.option_int("max_hash_bytes", 256 << 20)));
  const int64_t max_fds = def.option_int("max_fds_per_process", 1024);
  const int64_t max_maps = def.option_int("max_maps_per_process", 256);
  const int64_t btime = parsers::parse_btime(fs.read_file("/proc/stat").value_or("")).value_or(0);
  const int64_t ticks = std::max<long>(1, ::sysconf(_SC_CLK_TCK));
  const int64_t page = std::max<long>(1, ::sysconf(_SC_PAGESIZE));
  auto& table = ctx.table("processes");
  for (const auto& name : fs.list_dir("/proc")) {
    if (ctx.should_stop()) return;
    if (!is_pid(name)) continue;
    const std::string dir = "/proc/" + name;
    auto stat = parsers::parse_proc_pid_stat(fs.read_file(dir + "/stat").value_or(""));
    if (!stat) continue;  // exited
    const std::string status = fs.read_file(dir + "/status").value_or("");
    auto ids = parsers::parse_proc_status_ids(status);
    std::string exe = fs.read_link(dir + "/exe").value_or("");
    std::string cgroup = trimmed(fs.read_file(dir + "/cgroup", 64 * 1024));
    Row row{
        {"pid", integer(stat->pid)},
        {"ppid", integer(stat->ppid)},
        {"uid", int_or_null(ids.uid)},
        {"euid", int_or_null(ids.euid)},
        {"gid", int_or_null(ids.gid)},
        {"name", stat->comm},
        {"state", stat->state},
        {"cmdline", text_or_null(parsers::cmdline_to_text(
                        fs.read_file(dir + "/cmdline", 1 << 20).value_or("")))},
        {"exe", text_or_null(exe)},
        {"exe_deleted", integer(exe.ends_with(" (deleted)") ? 1 : 0)},
        {"exe_sha256", text_or_null(exe.empty() || !fs.is_live() ? "" : hasher.hash(stat->pid))},
        {"cwd", text_or_null(fs.read_link(dir + "/cwd").value_or(""))},
        {"root", text_or_null(fs.read_link(dir + "/root").value_or(""))},
        {"start_time", integer(btime + static_cast<int64_t>(stat->starttime_ticks) / ticks)},
        {"threads", integer(stat->num_threads)},
        {"vsize_bytes", integer(stat->vsize)},
        {"rss_bytes", integer(stat->rss_pages * page)},
        {"tty_nr", integer(stat->tty_nr)},
        {"session", integer(stat->session)},
        {"namespaces", text_or_null(namespaces(fs, dir))},
        {"cgroup", text_or_null(cgroup)},
        {"container_id", text_or_null(parsers::container_id_from_cgroup(cgroup))}};
    add_privileges(fs, dir, status, row);
    table.add(row);
    open_files(ctx, stat->pid, dir, max_fds);
    maps(ctx, stat->pid, dir, max_maps);
  }
}

// Environment of every process (on request: it can hold the asset users' secrets). One row per
// variable; /proc/PID/environ is NUL-separated NAME=VALUE.
void process_environment(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  const int64_t max_bytes = ctx.def().option_int("max_bytes_per_process", 256 * 1024);
  auto& table = ctx.table("process_environment");
  for (const auto& name : fs.list_dir("/proc")) {
    if (ctx.should_stop()) return;
    if (!is_pid(name)) continue;
    auto text = fs.read_file("/proc/" + name + "/environ", static_cast<std::size_t>(max_bytes));
    if (!text) continue;  // exited, or not ours to read
    int64_t pid = parsers::to_int(name).value_or(-1);
    std::size_t pos = 0;
    while (pos < text->size()) {
      std::size_t end = text->find('\0', pos);
      if (end == std::string::npos) end = text->size();
      std::string_view var(text->data() + pos, end - pos);
      pos = end + 1;
      std::size_t eq = var.find('=');
      if (var.empty() || eq == std::string_view::npos) continue;
      table.add({{"pid", integer(pid)},
                 {"name", std::string(var.substr(0, eq))},
                 {"value", std::string(var.substr(eq + 1))}});
    }
  }
}

}  // namespace collector::natives
