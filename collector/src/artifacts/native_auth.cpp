// auth_events: logins, sudo and su from the authentication logs (auth.log on Debian, secure on
// Red Hat), current and uncompressed rotated files. The journal is not read here.
#include <ctime>

#include "natives.hpp"
#include "trace_parsers.hpp"

namespace collector::natives {

void auth_events(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  const auto max_bytes = static_cast<std::size_t>(ctx.def().option_int("max_bytes", 512 << 20));
  auto& table = ctx.table("auth_events");
  std::vector<std::string> files;
  for (const char* pattern : {"/var/log/auth.log.1", "/var/log/auth.log", "/var/log/secure-*",
                              "/var/log/secure.1", "/var/log/secure"})
    for (auto& f : glob_files(fs, pattern, 0))
      if (!f.ends_with(".gz") && !f.ends_with(".xz") && !f.ends_with(".bz2") &&
          !f.ends_with(".zst"))
        files.push_back(std::move(f));
  for (const auto& file : files) {
    if (ctx.should_stop()) return;
    auto st = fs.lstat(file);
    auto text = read_and_collect(ctx, file, max_bytes);
    if (!text || !st) continue;
    // Traditional stamps have no year: the file's last write dates its last line.
    std::tm tm{};
    const time_t mtime = st->st_mtime;
    ::gmtime_r(&mtime, &tm);
    for (const auto& e : parsers::parse_auth_log(*text, tm.tm_year + 1900, tm.tm_mon + 1))
      table.add({{"source", file},
                 {"line", integer(e.line)},
                 {"time", int_or_null(e.time)},
                 {"logged_time", text_or_null(e.logged_time)},
                 {"host", text_or_null(e.host)},
                 {"program", text_or_null(e.program)},
                 {"pid", int_or_null(e.pid)},
                 {"event", e.event},
                 {"user", text_or_null(e.user)},
                 {"target_user", text_or_null(e.target_user)},
                 {"source_ip", text_or_null(e.source_ip)},
                 {"port", int_or_null(e.port)},
                 {"method", text_or_null(e.method)},
                 {"result", e.result},
                 {"command", text_or_null(e.command)}});
  }
}

}  // namespace collector::natives
