// system_info: identity of the host (names, DMI ids, OS, kernel, boot, clock, hardware), and
// the collector's own environment (table collector_env) for the record of how it ran.
#include <sys/timex.h>
#include <unistd.h>

#include <cctype>
#include <ctime>

#include "natives.hpp"

extern char** environ;

namespace collector::natives {
namespace {

std::string first_line(const std::optional<std::string>& text) {
  if (!text) return {};
  auto lines = parsers::split_lines(*text);
  return lines.empty() ? std::string() : std::string(parsers::trim(lines.front()));
}

std::string read_line(ArtifactContext& ctx, std::string_view path) {
  return first_line(read_source(ctx, path, 64 * 1024));
}

std::string timezone_name(ArtifactContext& ctx) {
  if (auto tz = read_line(ctx, "/etc/timezone"); !tz.empty()) return tz;
  auto link = ctx.fs().read_link("/etc/localtime");
  if (!link) return {};
  auto at = link->find("zoneinfo/");
  return at == std::string::npos ? *link : link->substr(at + 9);
}

void add_cpu_and_memory(ArtifactContext& ctx, Row& row) {
  if (auto cpu = read_source(ctx, "/proc/cpuinfo", 4u << 20)) {
    int64_t count = 0;
    for (auto line : parsers::split_lines(*cpu))
      if (line.starts_with("processor")) ++count;
    row.emplace_back("cpu_model", text_or_null(parsers::parse_colon_values(*cpu)["model name"]));
    row.emplace_back("cpu_count", count);
  }
  if (auto mem = read_source(ctx, "/proc/meminfo", 1u << 20)) {
    auto values = parsers::parse_colon_values(*mem);
    auto fields = parsers::split_ws(values["MemTotal"]);  // "N kB"
    auto kb = fields.empty() ? std::nullopt : parsers::to_int(fields[0]);
    if (kb) row.emplace_back("memory_total_bytes", integer(*kb * 1024));
  }
}

// adjtimex with modes 0 only reads the kernel clock state (live system only).
void add_clock_state(ArtifactContext& ctx, Row& row) {
  if (!ctx.fs().is_live()) return;
  struct timex tx {};
  int state = ::adjtimex(&tx);
  if (state < 0) return;
  const bool synced = state != TIME_ERROR && !(tx.status & STA_UNSYNC);
  row.emplace_back("clock_synchronized", integer(synced ? 1 : 0));
  row.emplace_back("clock_max_error_us", integer(static_cast<int64_t>(tx.maxerror)));
}

// Names whose values are credentials more often than not (matched anywhere in the name, in any
// case): passwords, secrets, tokens, keys, credentials (AWS_CREDENTIALS, DB_CREDS), authorization
// headers and OAuth settings, session cookies.
bool names_a_secret(std::string_view name) {
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::string_view word : {"PASS", "SECRET", "TOKEN", "KEY", "CRED", "AUTH", "COOKIE"})
    if (upper.find(word) != std::string::npos) return true;
  return false;
}

void add_environment(ArtifactContext& ctx) {
  auto& table = ctx.table("collector_env");
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry = *e;
    auto eq = entry.find('=');
    std::string name(entry.substr(0, eq));
    std::string value(eq == std::string_view::npos ? "" : entry.substr(eq + 1));
    const bool secret = names_a_secret(name);
    table.add({{"name", name},
               {"value", secret ? std::string("<redacted>") : value},
               {"redacted", integer(secret ? 1 : 0)}});
  }
}

}  // namespace

void system_info(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  Row row;
  std::string hostname = fs.is_live() ? read_line(ctx, "/proc/sys/kernel/hostname") : "";
  if (hostname.empty()) hostname = first_line(read_and_collect(ctx, "/etc/hostname", 64 * 1024));
  row.emplace_back("hostname", text_or_null(hostname));
  row.emplace_back("machine_id",
                   text_or_null(first_line(read_and_collect(ctx, "/etc/machine-id", 4096))));
  for (auto [column, file] : {std::pair{"product_uuid", "product_uuid"},
                              {"product_serial", "product_serial"},
                              {"product_name", "product_name"},
                              {"sys_vendor", "sys_vendor"},
                              {"bios_version", "bios_version"}})
    row.emplace_back(column,
                     text_or_null(read_line(ctx, std::string("/sys/class/dmi/id/") + file)));
  auto os = read_and_collect(ctx, "/etc/os-release");
  if (!os) os = read_and_collect(ctx, "/usr/lib/os-release");
  auto rel = parsers::parse_os_release(os.value_or(""));
  row.emplace_back("os_id", text_or_null(rel["ID"]));
  row.emplace_back("os_name", text_or_null(rel["NAME"]));
  row.emplace_back("os_version", text_or_null(rel["VERSION_ID"]));
  row.emplace_back("os_pretty_name", text_or_null(rel["PRETTY_NAME"]));
  row.emplace_back("kernel_release", text_or_null(read_line(ctx, "/proc/sys/kernel/osrelease")));
  row.emplace_back("kernel_version", text_or_null(read_line(ctx, "/proc/sys/kernel/version")));
  if (auto stat = read_source(ctx, "/proc/stat", 4u << 20))
    row.emplace_back("boot_time", int_or_null(parsers::parse_btime(*stat)));
  if (auto up = read_line(ctx, "/proc/uptime"); !up.empty())
    row.emplace_back("uptime_seconds", std::strtod(up.c_str(), nullptr));
  row.emplace_back("timezone", text_or_null(timezone_name(ctx)));
  add_clock_state(ctx, row);
  add_cpu_and_memory(ctx, row);
  ctx.table("system_info").add(row);
  add_environment(ctx);
}

}  // namespace collector::natives
