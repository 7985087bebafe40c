// The report's analyst sections read these tables by name, each in the order an analyst wants
// (what is unusual first). A table whose columns differ from the collector's (an older or
// hand-made case.db) is read as it is, unsorted.
#include <algorithm>

#include "report_db.hpp"

namespace biunzip::report_db {
namespace {

struct TableQuery {
  const char* key;    // ReportData::tables key
  const char* table;  // case.db table
  const char* where;  // "" or a WHERE clause
  const char* order;  // "" or an ORDER BY clause
};

constexpr TableQuery kQueries[] = {
    // Accounts: uid 0 first, then accounts that can log in.
    {"users", "users", "",
     "ORDER BY CAST(uid AS INTEGER) != 0, coalesce(shell, '') LIKE '%nologin' OR "
     "coalesce(shell, '') LIKE '%/false' OR coalesce(shell, '') = '', CAST(uid AS INTEGER)"},
    {"groups", "groups", "", "ORDER BY coalesce(members, '') = '', CAST(gid AS INTEGER)"},
    {"sudoers", "sudoers", "WHERE trim(coalesce(text, '')) NOT LIKE '#%' OR text LIKE '#include%'",
     "ORDER BY file, line"},
    {"ssh_authorized_keys", "ssh_authorized_keys", "", "ORDER BY coalesce(options, '') = '', user"},
    {"logins_recent", "logins",
     "WHERE type = 'USER_PROCESS' AND coalesce(source, '') NOT LIKE '%btmp%'",
     "ORDER BY time DESC"},
    {"logins_failed", "logins", "WHERE coalesce(source, '') LIKE '%btmp%'", "ORDER BY time DESC"},
    // Persistence: outside package-managed paths, enabled, recently changed first.
    {"cron_jobs", "cron_jobs", "", "ORDER BY file LIKE '/etc/cron.%ly/%', file, line"},
    {"systemd_units", "systemd_units", "",
     "ORDER BY path LIKE '/usr/lib/%' OR path LIKE '/lib/%', coalesce(enabled, 0) = 0, "
     "coalesce(mtime, 0) DESC"},
    {"shell_startup_files", "shell_startup_files", "", "ORDER BY coalesce(mtime, 0) DESC"},
    {"ld_preload", "ld_preload", "", "ORDER BY file, line"},
    {"kernel_modules", "kernel_modules", "", "ORDER BY coalesce(taint, '') = '', name"},
    {"kernel_module_config", "kernel_module_config", "",
     "ORDER BY directive != 'install', file, line"},
    // udev rules, PAM, init scripts, autostart entries are stored files, newest first.
    {"persistence_files", "files", "WHERE artifact LIKE 'persistence_%'",
     "ORDER BY coalesce(mtime, 0) DESC"},
};

// Time columns of the activity histogram: source label, table, epoch-seconds column.
struct ActivitySource {
  const char* label;
  const char* table;
  const char* column;
};
constexpr ActivitySource kActivity[] = {
    {"file changes", "bodyfile", "mtime"},
    {"logins", "logins", "time"},
    {"process starts", "processes", "start_time"},
};

bool has_table(const std::vector<std::string>& names, std::string_view t) {
  return std::find(names.begin(), names.end(), t) != names.end();
}

}  // namespace

void load_analyst_tables(const ppc::CaseDb& db, const std::vector<std::string>& names,
                         std::size_t limit, ReportData& d) {
  for (const TableQuery& q : kQueries) {
    if (!has_table(names, q.table)) continue;
    std::string from = "SELECT * FROM " + quote_identifier(q.table) + " " + q.where;
    try {
      d.tables[q.key] = load_rows(db, q.table, from + " " + q.order, limit);
    } catch (const std::exception&) {
      d.tables[q.key] = load_rows(db, q.table, "SELECT * FROM " + quote_identifier(q.table), limit);
    }
  }
  for (const ActivitySource& a : kActivity) {
    if (!has_table(names, a.table) || !has_column(db, a.table, a.column)) continue;
    std::string col = quote_identifier(a.column);
    for (const auto& row : db.query(
             "SELECT CAST(" + col + " AS INTEGER) / 3600 AS h, count(*) FROM " +
             quote_identifier(a.table) + " WHERE CAST(" + col + " AS INTEGER) > 0 GROUP BY h")) {
      if (row.size() < 2 || !std::holds_alternative<int64_t>(row[0]) ||
          !std::holds_alternative<int64_t>(row[1]))
        continue;
      d.activity.push_back(
          {a.label, std::get<int64_t>(row[0]), static_cast<uint64_t>(std::get<int64_t>(row[1]))});
    }
  }
}

}  // namespace biunzip::report_db
