// Registry of native collectors: the explicit table that artifact definitions name in
// `collector: {native: NAME}`. Adding a collector = one function in a native_*.cpp, one line
// here, one definition in rules/artifacts/.
#include <algorithm>
#include <iterator>

#include "collector/artifact.hpp"
#include "natives.hpp"

namespace collector {
namespace {

struct Entry {
  std::string_view name;
  NativeCollector fn;
};

constexpr Entry kNatives[] = {
    {"system_info", natives::system_info},
    {"mounts", natives::mounts},
    {"block_devices", natives::block_devices},
    {"users", natives::users},
    {"groups", natives::groups},
    {"shadow_meta", natives::shadow_meta},
    {"sudoers", natives::sudoers},
    {"logins", natives::logins},
    {"processes", natives::processes},
    {"process_environment", natives::process_environment},
    {"network_connections", natives::network_connections},
    {"network_interfaces", natives::network_interfaces},
    {"network_routes", natives::network_routes},
    {"network_arp", natives::network_arp},
    {"network_dns", natives::network_dns},
    {"network_hosts", natives::network_hosts},
    {"cron", natives::cron},
    {"systemd_units", natives::systemd_units},
    {"ssh_authorized_keys", natives::ssh_authorized_keys},
    {"shell_startup", natives::shell_startup},
    {"ld_preload", natives::ld_preload},
    {"kernel_modules", natives::kernel_modules},
    {"bodyfile", natives::bodyfile},
    {"hidden_processes", natives::hidden_processes},
    {"kernel_info", natives::kernel_info},
    {"sysctl", natives::sysctl},
    {"binfmt_handlers", natives::binfmt_handlers},
    {"packet_sockets", natives::packet_sockets},
    {"recovered_binaries", natives::recovered_binaries},
    {"bpf_programs", natives::bpf_programs},
    {"packages", natives::packages},
    {"package_integrity", natives::package_integrity},
    {"pam_modules", natives::pam_modules},
    {"ssh_private_keys", natives::ssh_private_keys},
    {"auth_events", natives::auth_events},
    {"browser_history", natives::browser_history},
};

}  // namespace

NativeCollector find_native_collector(std::string_view name) {
  auto it = std::find_if(std::begin(kNatives), std::end(kNatives),
                         [&](const Entry& e) { return e.name == name; });
  return it == std::end(kNatives) ? nullptr : it->fn;
}

std::vector<std::string> native_collector_names() {
  std::vector<std::string> out;
  for (const auto& e : kNatives) out.emplace_back(e.name);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace collector
