// Start-up persistence: shell start-up files, the dynamic linker's preload list and kernel
// modules (loaded now, and configured to load or to run commands via modprobe "install").
#include <set>

#include "natives.hpp"

namespace collector::natives {
namespace {

constexpr const char* kSystemShellFiles[] = {
    "/etc/profile",          "/etc/profile.d/*",  "/etc/bash.bashrc", "/etc/bashrc",
    "/etc/bash.bash_logout", "/etc/environment",  "/etc/zshrc",       "/etc/zsh/*",
    "/etc/zprofile",         "/etc/zshenv",       "/etc/csh.cshrc",   "/etc/csh.login",
    "/etc/fish/config.fish", "/etc/fish/conf.d/*"};
constexpr const char* kUserShellFiles[] = {
    ".bashrc",      ".profile", ".bash_profile", ".bash_login",
    ".bash_logout", ".zshrc",   ".zprofile",     ".zshenv",
    ".zlogin",      ".cshrc",   ".tcshrc",       ".config/fish/config.fish"};

void add_startup_file(ArtifactContext& ctx, const std::string& path, std::string_view user) {
  auto st = ctx.fs().lstat(path);
  if (!st || !S_ISREG(st->st_mode)) return;
  ctx.collect_file(path);
  ctx.table("shell_startup_files")
      .add({{"path", path},
            {"user", text_or_null(user)},
            {"size", integer(static_cast<int64_t>(st->st_size))},
            {"mtime", integer(static_cast<int64_t>(st->st_mtime))}});
}

void add_module_config(ArtifactContext& ctx, const std::string& path, bool load_list) {
  auto text = read_and_collect(ctx, path);
  if (!text) return;
  auto& table = ctx.table("kernel_module_config");
  for (const auto& l : parsers::config_lines(*text, "#;")) {
    auto f = parsers::split_ws(l.text);
    Row row{{"file", path}, {"line", integer(l.line)}};
    if (load_list) {  // /etc/modules, modules-load.d: "module [args]"
      row.emplace_back("directive", "load");
      row.emplace_back("module", std::string(f[0]));
    } else {  // modprobe.d: "directive module rest..."
      row.emplace_back("directive", std::string(f[0]));
      if (f.size() > 1) row.emplace_back("module", std::string(f[1]));
    }
    const std::size_t rest_at = load_list ? 1 : 2;
    if (f.size() > rest_at) {
      auto pos = static_cast<std::size_t>(f[rest_at].data() - l.text.data());
      row.emplace_back("arguments", l.text.substr(pos));
    }
    table.add(row);
  }
}

}  // namespace

void shell_startup(ArtifactContext& ctx) {
  for (const char* pattern : kSystemShellFiles)
    for (const auto& f : glob_files(ctx.fs(), pattern)) add_startup_file(ctx, f, "");
  for (const auto& h : user_homes(ctx))
    for (const char* name : kUserShellFiles) add_startup_file(ctx, h.home + "/" + name, h.user);
}

void ld_preload(ArtifactContext& ctx) {
  auto& table = ctx.table("ld_preload");
  if (auto text = read_and_collect(ctx, "/etc/ld.so.preload")) {
    for (const auto& l : parsers::config_lines(*text)) {
      std::string entries = l.text;
      for (char& c : entries) c = c == ':' ? ' ' : c;  // ld.so accepts ':' or blanks
      for (auto e : parsers::split_ws(entries))
        table.add(
            {{"file", "/etc/ld.so.preload"}, {"line", integer(l.line)}, {"entry", std::string(e)}});
    }
  }
  // LD_PRELOAD set for every login through /etc/environment.
  if (auto env = read_source(ctx, "/etc/environment")) {
    for (const auto& l : parsers::config_lines(*env))
      if (l.text.starts_with("LD_PRELOAD=") || l.text.starts_with("export LD_PRELOAD="))
        table.add({{"file", "/etc/environment"}, {"line", integer(l.line)}, {"entry", l.text}});
  }
  read_and_collect(ctx, "/etc/ld.so.conf");
  for (const auto& f : glob_files(ctx.fs(), "/etc/ld.so.conf.d/*")) read_and_collect(ctx, f);
}

void kernel_modules(ArtifactContext& ctx) {
  if (ctx.fs().is_live()) loaded_modules(ctx);  // native_modules.cpp
  const RootFs& fs = ctx.fs();
  const bool merged_usr = fs.read_link("/lib").has_value();
  add_module_config(ctx, "/etc/modules", true);
  for (const char* dir :
       {"/etc/modules-load.d", "/usr/lib/modules-load.d", "/lib/modules-load.d"}) {
    if (merged_usr && std::string_view(dir).starts_with("/lib/")) continue;
    for (const auto& f : glob_files(fs, std::string(dir) + "/*.conf"))
      add_module_config(ctx, f, true);
  }
  for (const char* dir : {"/etc/modprobe.d", "/usr/lib/modprobe.d", "/lib/modprobe.d"}) {
    if (merged_usr && std::string_view(dir).starts_with("/lib/")) continue;
    for (const auto& f : glob_files(fs, std::string(dir) + "/*.conf"))
      add_module_config(ctx, f, false);
  }
}

}  // namespace collector::natives
