// systemd units and timers, system-wide and per user: one row per unit file, drop-in or
// unit symlink (alias, mask), each marked enabled when some *.wants/ or *.requires/ links it.
#include <set>

#include "natives.hpp"

namespace collector::natives {
namespace {

constexpr std::string_view kUnitSuffixes[] = {".service",   ".socket", ".timer", ".path", ".mount",
                                              ".automount", ".target", ".swap",  ".slice"};

std::string unit_type(std::string_view name) {
  for (auto s : kUnitSuffixes)
    if (name.ends_with(s)) return std::string(s.substr(1));
  return {};
}

// "getty@tty1.service" -> "getty@.service": enabling an instance enables its template's use.
std::string template_of(const std::string& name) {
  auto at = name.find('@'), dot = name.rfind('.');
  if (at == std::string::npos || dot == std::string::npos || dot < at) return {};
  return name.substr(0, at + 1) + name.substr(dot);
}

struct UnitDir {
  std::string pattern;
  std::string scope;
};

std::vector<UnitDir> unit_dirs(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  std::vector<UnitDir> dirs = {{"/etc/systemd/system/**", "system"},
                               {"/run/systemd/system/**", "system"},
                               {"/usr/lib/systemd/system/**", "system"},
                               {"/etc/systemd/user/**", "user"},
                               {"/usr/lib/systemd/user/**", "user"}};
  // With merged /usr, /lib is a link to /usr/lib: the same files under a second name.
  if (!fs.read_link("/lib")) dirs.push_back({"/lib/systemd/system/**", "system"});
  for (const auto& h : user_homes(ctx))
    dirs.push_back({h.home + "/.config/systemd/user/**", "user"});
  return dirs;
}

bool in_dependency_dir(const std::string& path) {
  auto slash = path.rfind('/');
  std::string_view dir = std::string_view(path).substr(0, slash);
  return dir.ends_with(".wants") || dir.ends_with(".requires");
}

}  // namespace

void systemd_units(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  struct Found {
    std::string path, scope;
    struct stat st;
  };
  std::vector<Found> found;
  std::set<std::string> enabled;
  for (const auto& dir : unit_dirs(ctx)) {
    for (const auto& path : fs.glob(dir.pattern, 4)) {
      auto st = fs.lstat(path);
      if (!st || S_ISDIR(st->st_mode)) continue;
      const std::string name = base_name(path);
      if (S_ISLNK(st->st_mode) && in_dependency_dir(path)) {
        enabled.insert(name);
        if (auto t = template_of(name); !t.empty()) enabled.insert(t);
        continue;
      }
      found.push_back({path, dir.scope, *st});
    }
  }
  auto& table = ctx.table("systemd_units");
  for (const auto& f : found) {
    if (ctx.should_stop()) return;
    std::string name = base_name(f.path);
    std::string type = unit_type(name);
    const bool dropin = f.path.find(".d/") != std::string::npos && name.ends_with(".conf");
    if (dropin) {  // /etc/systemd/system/foo.service.d/override.conf belongs to foo.service
      std::string_view dir = std::string_view(f.path).substr(0, f.path.rfind('/'));
      name = base_name(dir.substr(0, dir.size() - 2));
      type = "dropin";
    }
    if (type.empty()) continue;
    Row row{{"path", f.path},
            {"name", name},
            {"type", type},
            {"scope", f.scope},
            {"enabled", integer(enabled.count(name) ? 1 : 0)},
            {"mtime", integer(static_cast<int64_t>(f.st.st_mtime))}};
    if (S_ISLNK(f.st.st_mode)) {
      std::string target = fs.read_link(f.path).value_or("");
      row.emplace_back("link_target", target);
      row.emplace_back("masked", integer(target == "/dev/null" ? 1 : 0));
      table.add(row);
      continue;
    }
    auto text = read_and_collect(ctx, f.path, 1u << 20);
    if (!text) continue;
    auto u = parsers::parse_systemd_unit(*text);
    row.emplace_back("masked", integer(0));
    for (auto [column, value] : {std::pair{"description", &u.description},
                                 {"exec_start", &u.exec_start},
                                 {"exec_start_pre", &u.exec_start_pre},
                                 {"user", &u.user},
                                 {"wanted_by", &u.wanted_by},
                                 {"timer", &u.timer},
                                 {"trigger_unit", &u.trigger_unit}})
      row.emplace_back(column, text_or_null(*value));
    table.add(row);
  }
}

}  // namespace collector::natives
