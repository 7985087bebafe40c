// cron: every crontab (system, per-user, anacron), the periodic script folders and at jobs.
// All files are stored; crontab lines become rows of cron_jobs.
#include "natives.hpp"

namespace collector::natives {
namespace {

enum class Format { system, user, anacron, script };

void add_jobs(ArtifactContext& ctx, const std::string& path, Format format,
              std::string_view schedule = {}) {
  auto text = read_and_collect(ctx, path);
  if (!text) return;
  auto& table = ctx.table("cron_jobs");
  if (format == Format::script) {  // /etc/cron.daily/x runs as root on that schedule
    table.add(
        {{"file", path}, {"schedule", std::string(schedule)}, {"user", "root"}, {"command", path}});
    return;
  }
  std::vector<parsers::CronEntry> jobs =
      format == Format::anacron ? parsers::parse_anacrontab(*text)
                                : parsers::parse_crontab(*text, format == Format::system);
  // A user crontab belongs to the user it is named after.
  const std::string owner = format == Format::user ? base_name(path) : std::string();
  for (const auto& j : jobs)
    table.add({{"file", path},
               {"line", integer(j.line)},
               {"schedule", j.schedule},
               {"user", text_or_null(format == Format::user ? owner : j.user)},
               {"command", j.command}});
}

}  // namespace

void cron(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  add_jobs(ctx, "/etc/crontab", Format::system);
  for (const auto& f : glob_files(fs, "/etc/cron.d/*")) add_jobs(ctx, f, Format::system);
  add_jobs(ctx, "/etc/anacrontab", Format::anacron);
  // Debian keeps user crontabs in crontabs/, Red Hat directly in /var/spool/cron.
  for (const auto& f : glob_files(fs, "/var/spool/cron/crontabs/*")) add_jobs(ctx, f, Format::user);
  for (const auto& f : glob_files(fs, "/var/spool/cron/*")) add_jobs(ctx, f, Format::user);
  for (const char* period : {"hourly", "daily", "weekly", "monthly"})
    for (const auto& f : glob_files(fs, std::string("/etc/cron.") + period + "/*"))
      add_jobs(ctx, f, Format::script, std::string("@") + period);
  // at jobs: /var/spool/cron/atjobs (Debian), /var/spool/at (Red Hat).
  for (const char* at : {"/var/spool/cron/atjobs/*", "/var/spool/at/*", "/var/spool/at/spool/*"})
    for (const auto& f : glob_files(fs, at)) read_and_collect(ctx, f);
  for (const char* allow : {"/etc/cron.allow", "/etc/cron.deny", "/etc/at.allow", "/etc/at.deny"})
    read_and_collect(ctx, allow);
}

}  // namespace collector::natives
