// logins: utmp (current sessions), wtmp (history), btmp (failed logins) and lastlog.
#include <algorithm>
#include <map>

#include "natives.hpp"

namespace collector::natives {
namespace {

constexpr std::size_t kLastlogMaxBytes = 64u << 20;  // uids up to ~230000

void add_records(ArtifactContext& ctx, const std::string& path, std::size_t max_bytes) {
  auto data = read_and_collect(ctx, path, max_bytes);
  if (!data) return;
  auto parsed = parsers::parse_utmp(*data);
  if (parsed.trailing_bytes)
    ctx.note(path + ": " + std::to_string(parsed.trailing_bytes) +
             " trailing bytes (a partial record) ignored");
  if (data->size() == max_bytes)
    ctx.note(path + ": read only the first " + std::to_string(max_bytes) + " bytes");
  auto& table = ctx.table("logins");
  for (const auto& r : parsed.records) {
    if (ctx.should_stop()) return;
    table.add({{"source", path},
               {"type", r.type_name},
               {"pid", integer(r.pid)},
               {"line", text_or_null(r.line)},
               {"terminal_id", text_or_null(r.id)},
               {"user", text_or_null(r.user)},
               {"host", text_or_null(r.host)},
               {"addr", text_or_null(r.addr)},
               {"time", integer(r.time)},
               {"time_usec", integer(r.time_usec)},
               {"session", integer(r.session)},
               {"exit_status", integer(r.exit_status)}});
  }
}

// lastlog is a sparse file indexed by uid: only the part covering passwd's uids is read, and
// the file is not stored (its apparent size can reach terabytes for uid 4294967294).
void add_lastlog(ArtifactContext& ctx) {
  std::map<int64_t, std::string> names;
  int64_t max_uid = 0;
  if (auto passwd = ctx.fs().read_file("/etc/passwd")) {
    for (const auto& e : parsers::parse_passwd(*passwd)) {
      if (!e.uid || *e.uid < 0) continue;
      names.emplace(*e.uid, e.name);
      if (static_cast<uint64_t>(*e.uid) < kLastlogMaxBytes / parsers::kLastlogRecordSize)
        max_uid = std::max(max_uid, *e.uid);
    }
  }
  const std::size_t want = static_cast<std::size_t>(max_uid + 1) * parsers::kLastlogRecordSize;
  auto data = read_source(ctx, "/var/log/lastlog", want);
  if (!data) return;
  auto& table = ctx.table("lastlog");
  for (const auto& r : parsers::parse_lastlog(*data)) {
    auto it = names.find(r.uid);
    table.add({{"uid", integer(r.uid)},
               {"user", it == names.end() ? ppc::Value() : ppc::Value(it->second)},
               {"time", integer(r.time)},
               {"line", text_or_null(r.line)},
               {"host", text_or_null(r.host)}});
  }
}

}  // namespace

void logins(ArtifactContext& ctx) {
  const auto max_bytes = static_cast<std::size_t>(ctx.def().option_int("max_bytes", 256 << 20));
  const RootFs& fs = ctx.fs();
  add_records(ctx, fs.exists("/run/utmp") ? "/run/utmp" : "/var/run/utmp", max_bytes);
  for (const char* path : {"/var/log/wtmp", "/var/log/wtmp.1", "/var/log/btmp", "/var/log/btmp.1"})
    if (fs.exists(path)) add_records(ctx, path, max_bytes);
  add_lastlog(ctx);
}

}  // namespace collector::natives
