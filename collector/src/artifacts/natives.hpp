#pragma once
// The native collectors (one per evidence family, native_*.cpp) and the helpers they share.
// registry.cpp lists them by name; rules/artifacts/*.yaml declare their tables.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collector/artifact.hpp"
#include "parsers.hpp"

namespace collector::natives {

void system_info(ArtifactContext& ctx);
void mounts(ArtifactContext& ctx);
void block_devices(ArtifactContext& ctx);
void users(ArtifactContext& ctx);
void groups(ArtifactContext& ctx);
void shadow_meta(ArtifactContext& ctx);
void sudoers(ArtifactContext& ctx);
void logins(ArtifactContext& ctx);
void processes(ArtifactContext& ctx);
void process_environment(ArtifactContext& ctx);
void network_connections(ArtifactContext& ctx);
void network_interfaces(ArtifactContext& ctx);
void network_routes(ArtifactContext& ctx);
void network_arp(ArtifactContext& ctx);
void network_dns(ArtifactContext& ctx);
void network_hosts(ArtifactContext& ctx);
void cron(ArtifactContext& ctx);
void systemd_units(ArtifactContext& ctx);
void ssh_authorized_keys(ArtifactContext& ctx);
void shell_startup(ArtifactContext& ctx);
void ld_preload(ArtifactContext& ctx);
void kernel_modules(ArtifactContext& ctx);
void bodyfile(ArtifactContext& ctx);
// Live system and kernel (native_hidden.cpp, native_kernel.cpp, native_packet.cpp,
// native_recovered.cpp, native_bpf.cpp).
void hidden_processes(ArtifactContext& ctx);
void kernel_info(ArtifactContext& ctx);
void sysctl(ArtifactContext& ctx);
void binfmt_handlers(ArtifactContext& ctx);
void packet_sockets(ArtifactContext& ctx);
void recovered_binaries(ArtifactContext& ctx);
void bpf_programs(ArtifactContext& ctx);
// The loaded modules of persistence_kernel_modules (native_modules.cpp).
void loaded_modules(ArtifactContext& ctx);
// Packages, keys, logs and applications (issue 15).
void packages(ArtifactContext& ctx);
void package_integrity(ArtifactContext& ctx);
void pam_modules(ArtifactContext& ctx);
void ssh_private_keys(ArtifactContext& ctx);
void auth_events(ArtifactContext& ctx);
void browser_history(ArtifactContext& ctx);

// ---- helpers (native_util.cpp) ----
constexpr std::size_t kMaxConfigBytes = 16u << 20;

// Reads a source file. A missing file is normal (not every asset has every file) and stays
// silent; any other failure is reported through ctx.source_error.
std::optional<std::string> read_source(ArtifactContext& ctx, std::string_view path,
                                       std::size_t max_bytes = kMaxConfigBytes);
// read_source, and the file is stored in the package when it could be read.
std::optional<std::string> read_and_collect(ArtifactContext& ctx, std::string_view path,
                                            std::size_t max_bytes = kMaxConfigBytes);
// Regular files among fs.glob(pattern), skipping directories and special files.
std::vector<std::string> glob_files(const RootFs& fs, std::string_view pattern, int max_depth = -1);

struct UserHome {
  std::string user, home;
};
// Every distinct home directory of /etc/passwd, plus /root (the one an intruder favours).
std::vector<UserHome> user_homes(ArtifactContext& ctx);

ppc::Value int_or_null(const std::optional<int64_t>& v);
ppc::Value text_or_null(std::string_view s);
inline ppc::Value integer(uint64_t v) {
  return ppc::Value(static_cast<int64_t>(v));
}
inline ppc::Value integer(int64_t v) {
  return ppc::Value(v);
}
inline ppc::Value integer(int v) {
  return ppc::Value(static_cast<int64_t>(v));
}
std::string errno_text(int err);
// The last component of an asset path.
std::string base_name(std::string_view path);

}  // namespace collector::natives
