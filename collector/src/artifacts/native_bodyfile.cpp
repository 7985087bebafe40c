// bodyfile: a Sleuth Kit bodyfile (mactime's input) of configured roots, from metadata only:
// statx without following links (fstatat, without birth times, before Linux 4.11), no file is
// opened for reading. Bounded by max_entries.
#include <sys/stat.h>

#include "asset/statx_at.hpp"
#include "natives.hpp"

namespace collector::natives {

void bodyfile(ArtifactContext& ctx) {
  const ArtifactDef& def = ctx.def();
  const auto roots = def.option_list("roots", {"/etc", "/usr/bin", "/usr/sbin", "/bin", "/sbin",
                                               "/tmp", "/var/tmp", "/home", "/root", "/opt"});
  const int64_t max_entries = def.option_int("max_entries", 2000000);
  const int max_depth = static_cast<int>(def.option_int("max_depth", 32));
  auto& table = ctx.table("bodyfile");
  int64_t count = 0;
  bool statx_noted = false;
  for (const auto& root : roots) {
    // A root that is a symlink (/bin on merged-/usr systems) is recorded as the link only.
    ctx.fs().walk_tree(root, max_depth, [&](const RootFs::WalkEntry& e) {
      if (ctx.should_stop()) return false;
      if (++count > max_entries) return false;
      std::string name = e.path;
      if (!e.link_target.empty()) name += " -> " + e.link_target;  // as fls -m writes links
      const int64_t crtime = (e.stx.stx_mask & STATX_BTIME) ? e.stx.stx_btime.tv_sec : 0;
      table.add({{"md5", "0"},
                 {"name", name},
                 {"inode", integer(static_cast<uint64_t>(e.stx.stx_ino))},
                 {"mode_as_string", parsers::tsk_mode_string(e.stx.stx_mode)},
                 {"uid", integer(static_cast<int64_t>(e.stx.stx_uid))},
                 {"gid", integer(static_cast<int64_t>(e.stx.stx_gid))},
                 {"size", integer(static_cast<uint64_t>(e.stx.stx_size))},
                 {"atime", integer(static_cast<int64_t>(e.stx.stx_atime.tv_sec))},
                 {"mtime", integer(static_cast<int64_t>(e.stx.stx_mtime.tv_sec))},
                 {"ctime", integer(static_cast<int64_t>(e.stx.stx_ctime.tv_sec))},
                 {"crtime", integer(crtime)}});
      return true;
    });
    if (!statx_noted && !asset::statx_available()) {
      statx_noted = true;
      ctx.note(
          "bodyfile: statx(2) is not available on this kernel (Linux < 4.11): crtime (birth "
          "time) is 0 for every entry");
    }
    if (count > max_entries) {
      ctx.note("bodyfile: stopped at max_entries (" + std::to_string(max_entries) + ")");
      return;
    }
  }
}

}  // namespace collector::natives
