// Accounts: users, groups, password metadata (never the hash) and sudoers rules.
#include "natives.hpp"

namespace collector::natives {

void users(ArtifactContext& ctx) {
  auto text = read_and_collect(ctx, "/etc/passwd");
  if (!text) return;
  auto& table = ctx.table("users");
  for (const auto& e : parsers::parse_passwd(*text))
    table.add({{"name", e.name},
               {"uid", int_or_null(e.uid)},
               {"gid", int_or_null(e.gid)},
               {"gecos", text_or_null(e.gecos)},
               {"home", text_or_null(e.home)},
               {"shell", text_or_null(e.shell)},
               {"line", integer(e.line)}});
}

void groups(ArtifactContext& ctx) {
  auto text = read_and_collect(ctx, "/etc/group");
  if (!text) return;
  auto& table = ctx.table("groups");
  for (const auto& g : parsers::parse_group(*text)) {
    std::string members;
    for (const auto& m : g.members) members += (members.empty() ? "" : ",") + m;
    table.add({{"name", g.name},
               {"gid", int_or_null(g.gid)},
               {"members", text_or_null(members)},
               {"line", integer(g.line)}});
  }
}

// The file itself is stored (it is evidence, encrypted in the package); the table carries
// only ages and states, so case.db and the JSONL never hold a password hash.
void shadow_meta(ArtifactContext& ctx) {
  auto text = read_and_collect(ctx, "/etc/shadow");
  if (!text) return;
  auto& table = ctx.table("shadow_meta");
  for (const auto& e : parsers::parse_shadow(*text))
    table.add({{"name", e.name},
               {"password_state", e.password_state},
               {"last_change", int_or_null(e.last_change)},
               {"min_days", int_or_null(e.min_days)},
               {"max_days", int_or_null(e.max_days)},
               {"warn_days", int_or_null(e.warn_days)},
               {"inactive_days", int_or_null(e.inactive_days)},
               {"expire", int_or_null(e.expire)}});
}

void sudoers(ArtifactContext& ctx) {
  std::vector<std::string> files;
  if (ctx.fs().exists("/etc/sudoers")) files.emplace_back("/etc/sudoers");
  for (auto& f : glob_files(ctx.fs(), "/etc/sudoers.d/*")) files.push_back(std::move(f));
  auto& table = ctx.table("sudoers");
  for (const auto& file : files) {
    auto text = read_and_collect(ctx, file);
    if (!text) continue;
    for (const auto& l : parsers::parse_sudoers(*text))
      table.add({{"file", file}, {"line", integer(l.line)}, {"text", l.text}});
  }
}

}  // namespace collector::natives
