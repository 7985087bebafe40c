// The running kernel's security state (live only): kernel_info (one row of the settings an
// intruder changes or that say what was loaded), sysctl (every readable /proc/sys value) and
// binfmt_handlers (binfmt_misc interpreters, a way to run code whenever a file is executed).
// They read /proc and /sys through RootFs, so a fake root with those files stands in for tests.
#include <sys/stat.h>

#include "live_parsers.hpp"
#include "natives.hpp"

namespace collector::natives {
namespace {

std::string first_line_of(const RootFs& fs, std::string_view path, std::size_t max = 64 * 1024) {
  auto text = fs.read_file(path, max);
  if (!text) return {};
  return std::string(parsers::trim(std::string_view(*text).substr(0, text->find('\n'))));
}

// "none [integrity] confidentiality" -> "integrity".
std::string bracketed(std::string_view s) {
  auto open = s.find('['), close = s.find(']');
  if (open == s.npos || close == s.npos || close < open) return std::string(s);
  return std::string(s.substr(open + 1, close - open - 1));
}

}  // namespace

void kernel_info(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  const std::string banner = first_line_of(fs, "/proc/version");
  const std::string tainted_text = first_line_of(fs, "/proc/sys/kernel/tainted");
  if (banner.empty() && tainted_text.empty()) return;  // no /proc here (an image)
  auto tainted = parsers::to_uint(tainted_text);
  Row row{{"version_banner", text_or_null(banner)}};
  row.emplace_back("tainted", tainted ? integer(*tainted) : ppc::Value(std::monostate{}));
  row.emplace_back("taint_flags", text_or_null(tainted ? parsers::taint_flags(*tainted) : ""));
  row.emplace_back("cmdline", text_or_null(first_line_of(fs, "/proc/cmdline")));
  row.emplace_back("lockdown",
                   text_or_null(bracketed(first_line_of(fs, "/sys/kernel/security/lockdown"))));
  for (auto [column, file] : {std::pair{"core_pattern", "kernel/core_pattern"},
                              {"kptr_restrict", "kernel/kptr_restrict"},
                              {"dmesg_restrict", "kernel/dmesg_restrict"},
                              {"ptrace_scope", "kernel/yama/ptrace_scope"},
                              {"modules_disabled", "kernel/modules_disabled"},
                              {"kexec_load_disabled", "kernel/kexec_load_disabled"},
                              {"unprivileged_bpf_disabled", "kernel/unprivileged_bpf_disabled"},
                              {"perf_event_paranoid", "kernel/perf_event_paranoid"},
                              {"randomize_va_space", "kernel/randomize_va_space"},
                              {"sysrq", "kernel/sysrq"},
                              {"modprobe", "kernel/modprobe"}})
    row.emplace_back(column, text_or_null(first_line_of(fs, std::string("/proc/sys/") + file)));
  row.emplace_back("btf_present", integer(fs.exists("/sys/kernel/btf/vmlinux") ? 1 : 0));
  ctx.table("kernel_info").add(row);
}

void sysctl(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  if (!fs.can_list("/proc/sys")) return;
  const int64_t max_entries = ctx.def().option_int("max_entries", 20000);
  const auto max_bytes = static_cast<std::size_t>(ctx.def().option_int("max_value_bytes", 4096));
  auto& table = ctx.table("sysctl");
  std::vector<std::string> files;
  fs.walk_tree("/proc/sys", 12, [&](const RootFs::WalkEntry& e) {
    // Write-only entries (vm/drop_caches, binfmt_misc/register) are triggers, not values.
    if (S_ISREG(e.stx.stx_mode) && (e.stx.stx_mode & S_IRUSR)) files.push_back(e.path);
    return static_cast<int64_t>(files.size()) < max_entries && !ctx.should_stop();
  });
  for (const auto& path : files) {
    auto value = fs.read_file(path, max_bytes);
    if (!value) continue;  // EPERM/EINVAL: some entries refuse reading even to root
    std::string name = path.substr(std::string_view("/proc/sys/").size());
    for (char& c : name) c = c == '/' ? '.' : c;
    std::string v(parsers::trim(*value));
    for (char& c : v) c = c == '\n' ? ' ' : c;
    table.add({{"name", name}, {"value", v}});
  }
}

void binfmt_handlers(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  const std::string dir = "/proc/sys/fs/binfmt_misc";
  auto& table = ctx.table("binfmt_handlers");
  for (const auto& name : fs.list_dir(dir)) {
    if (name == "register" || name == "status") continue;
    auto text = read_source(ctx, dir + "/" + name, 64 * 1024);
    if (!text) continue;
    auto e = parsers::parse_binfmt_entry(*text);
    table.add({{"name", name},
               {"enabled", integer(e.enabled ? 1 : 0)},
               {"interpreter", text_or_null(e.interpreter)},
               {"flags", text_or_null(e.flags)},
               {"offset", text_or_null(e.offset)},
               {"magic", text_or_null(e.magic)},
               {"mask", text_or_null(e.mask)},
               {"extension", text_or_null(e.extension)}});
  }
}

}  // namespace collector::natives
