// mounts (what is mounted now, and what /etc/fstab configures) and block devices (/sys/block).
#include "natives.hpp"

namespace collector::natives {
namespace {

void add_mounts(ArtifactContext& ctx, std::string_view source, std::string_view text) {
  auto& table = ctx.table("mounts");
  for (const auto& m : parsers::parse_mounts(text))
    table.add({{"source", std::string(source)},
               {"device", m.device},
               {"mount_point", m.mount_point},
               {"fs_type", m.fs_type},
               {"options", text_or_null(m.options)},
               {"dump", int_or_null(m.dump)},
               {"pass", int_or_null(m.pass)}});
}

std::string sys_line(ArtifactContext& ctx, const std::string& path) {
  auto text = read_source(ctx, path, 4096);
  if (!text) return {};
  auto lines = parsers::split_lines(*text);
  return lines.empty() ? std::string() : std::string(parsers::trim(lines.front()));
}

}  // namespace

void mounts(ArtifactContext& ctx) {
  if (auto fstab = read_and_collect(ctx, "/etc/fstab")) add_mounts(ctx, "fstab", *fstab);
  if (!ctx.fs().is_live()) return;
  if (auto live = read_source(ctx, "/proc/self/mounts")) add_mounts(ctx, "mounted", *live);
}

void block_devices(ArtifactContext& ctx) {
  auto& table = ctx.table("block_devices");
  for (const auto& name : ctx.fs().list_dir("/sys/block")) {
    if (ctx.should_stop()) return;
    const std::string dir = "/sys/block/" + name;
    auto sectors = parsers::to_int(sys_line(ctx, dir + "/size"));  // always 512-byte units
    table.add({{"name", name},
               {"size_bytes", sectors ? ppc::Value(*sectors * 512) : ppc::Value()},
               {"vendor", text_or_null(sys_line(ctx, dir + "/device/vendor"))},
               {"model", text_or_null(sys_line(ctx, dir + "/device/model"))},
               {"serial", text_or_null(sys_line(ctx, dir + "/device/serial"))},
               {"removable", int_or_null(parsers::to_int(sys_line(ctx, dir + "/removable")))},
               {"read_only", int_or_null(parsers::to_int(sys_line(ctx, dir + "/ro")))}});
  }
}

}  // namespace collector::natives
