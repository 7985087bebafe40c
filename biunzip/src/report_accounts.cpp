// Accounts and access (users with uid 0 and login shells first, groups with members, sudoers,
// authorized keys, recent and failed logins) and persistence (cron, systemd, shell start-up
// files, ld.so.preload, kernel modules, stored udev/PAM/init files), what is unusual first:
// the loader sorts each table (report_load_extra.cpp); the flags here say why a row is first.
#include "report_sections.hpp"

namespace biunzip::report {
namespace {

using Wanted = std::vector<std::pair<std::vector<std::string_view>, CellKind>>;

const TableData* table(const ReportData& d, const char* key) {
  auto it = d.tables.find(key);
  return it == d.tables.end() ? nullptr : &it->second;
}

std::string part(const char* id, const std::string& title, const TableData* t,
                 const std::string& body) {
  std::string count =
      t ? " <span class=\"count\">" + std::to_string(t->total_rows) + "</span>" : "";
  return std::string("<h3 id=\"") + id + "\">" + esc(title) + count + "</h3>" + body;
}

bool login_shell(const std::string& shell) {
  return !shell.empty() && !shell.ends_with("nologin") && !shell.ends_with("/false") &&
         !shell.ends_with("/sync");
}

std::string users_table(const ReportData& d) {
  const TableData* t = table(d, "users");
  if (!t || t->rows.empty()) return table_or_note(t, {}, "No account.");
  std::vector<std::vector<std::string>> rows;
  for (std::size_t r = 0; r < t->rows.size(); ++r) {
    std::string uid = cell_text(*t, r, {"uid"}), shell = cell_text(*t, r, {"shell"});
    std::string flag;
    if (uid == "0") flag = "<span class=\"badge sev-high\">uid 0</span> ";
    if (login_shell(shell)) flag += "<span class=\"badge sev-low\">login shell</span>";
    rows.push_back({esc(cell_text(*t, r, {"name"})), esc(uid), esc(cell_text(*t, r, {"gid"})), flag,
                    "<span class=\"mono\">" + esc(shell) + "</span>",
                    "<span class=\"mono\">" + esc(cell_text(*t, r, {"home"})) + "</span>",
                    esc(cell_text(*t, r, {"gecos"}))});
  }
  return html_table({"Name", "UID", "GID", "Flags", "Shell", "Home", "GECOS"}, rows, "users");
}

// Cron commands and unit commands an analyst looks at twice.
std::string command_flags(const std::string& command) {
  static constexpr std::string_view kMarks[] = {"/tmp/",   "/dev/shm", "/var/tmp/", "curl ",
                                                "wget ",   "base64",   "/dev/tcp/", " nc ",
                                                "bash -i", "python -c"};
  std::string out;
  for (std::string_view m : kMarks)
    if (command.find(m) != std::string::npos) out += (out.empty() ? "" : ", ") + std::string(m);
  return out.empty() ? "" : "<span class=\"badge sev-high\">" + esc(out) + "</span>";
}

std::string cron_table(const ReportData& d) {
  const TableData* t = table(d, "cron_jobs");
  if (!t || t->rows.empty()) return table_or_note(t, {}, "No cron job.");
  std::vector<std::vector<std::string>> rows;
  for (std::size_t r = 0; r < t->rows.size(); ++r) {
    std::string command = cell_text(*t, r, {"command"});
    rows.push_back({"<span class=\"mono\">" + esc(cell_text(*t, r, {"file"})) + "</span>",
                    esc(cell_text(*t, r, {"line"})), esc(cell_text(*t, r, {"schedule"})),
                    esc(cell_text(*t, r, {"user"})), command_flags(command),
                    "<span class=\"mono\">" + esc(command) + "</span>"});
  }
  return html_table({"File", "Line", "Schedule", "User", "Flags", "Command"}, rows, "cron");
}

std::string units_table(const ReportData& d) {
  const TableData* t = table(d, "systemd_units");
  if (!t || t->rows.empty()) return table_or_note(t, {}, "No systemd unit.");
  std::vector<std::vector<std::string>> rows;
  for (std::size_t r = 0; r < t->rows.size(); ++r) {
    std::string path = cell_text(*t, r, {"path"}), exec = cell_text(*t, r, {"exec_start"});
    std::string flags;
    if (!path.starts_with("/usr/lib/") && !path.starts_with("/lib/"))
      flags += "<span class=\"badge sev-medium\">outside package paths</span> ";
    if (cell_text(*t, r, {"enabled"}) == "1")
      flags += "<span class=\"badge sev-low\">enabled</span> ";
    rows.push_back({"<span class=\"mono\">" + esc(path) + "</span>",
                    esc(cell_text(*t, r, {"type"})), flags + command_flags(exec),
                    esc(utc_of(cell_text(*t, r, {"mtime"}))), esc(cell_text(*t, r, {"user"})),
                    esc(cell_text(*t, r, {"timer"})),
                    "<span class=\"mono\">" + esc(exec) + "</span>"});
  }
  return html_table({"Unit file", "Type", "Flags", "Modified (UTC)", "User", "Timer", "ExecStart"},
                    rows, "units");
}

}  // namespace

std::string accounts_section(const ReportData& d) {
  std::string h =
      part("users", "Users (uid 0 and login shells first)", table(d, "users"), users_table(d));
  h += part(
      "groups", "Groups with members", table(d, "groups"),
      table_of(
          table(d, "groups"),
          {{{"name"}, CellKind::text}, {{"gid"}, CellKind::text}, {{"members"}, CellKind::mono}},
          "No group."));
  h += part(
      "sudoers", "Sudoers rules", table(d, "sudoers"),
      table_of(table(d, "sudoers"),
               {{{"file"}, CellKind::mono}, {{"line"}, CellKind::text}, {{"text"}, CellKind::mono}},
               "No sudoers rule."));
  h += part("authorized-keys", "SSH authorized keys", table(d, "ssh_authorized_keys"),
            table_of(table(d, "ssh_authorized_keys"),
                     {{{"user"}, CellKind::text},
                      {{"file"}, CellKind::mono},
                      {{"key_type"}, CellKind::text},
                      {{"fingerprint"}, CellKind::mono},
                      {{"comment"}, CellKind::text},
                      {{"options"}, CellKind::mono}},
                     "No authorized key."));
  const Wanted logins = {{{"time"}, CellKind::time}, {{"user"}, CellKind::text},
                         {{"line"}, CellKind::text}, {{"host"}, CellKind::mono},
                         {{"addr"}, CellKind::mono}, {{"source"}, CellKind::mono}};
  h += part("logins-recent", "Recent logins (newest first)", table(d, "logins_recent"),
            table_of(table(d, "logins_recent"), logins, "No login recorded."));
  h += part("logins-failed", "Failed logins (btmp, newest first)", table(d, "logins_failed"),
            table_of(table(d, "logins_failed"), logins, "No failed login recorded."));
  return section("accounts", "Accounts and access", 0, false, h);
}

std::string persistence_section(const ReportData& d) {
  std::string h = part("cron", "Cron jobs", table(d, "cron_jobs"), cron_table(d));
  h += part("systemd", "Systemd units and timers (outside package paths and enabled first)",
            table(d, "systemd_units"), units_table(d));
  h += part("shell-startup", "Shell start-up files (newest first)", table(d, "shell_startup_files"),
            table_of(table(d, "shell_startup_files"),
                     {{{"path"}, CellKind::mono},
                      {{"user"}, CellKind::text},
                      {{"size"}, CellKind::bytes},
                      {{"mtime"}, CellKind::time}},
                     "No shell start-up file."));
  h += part(
      "ld-preload", "ld.so.preload (every entry is unusual)", table(d, "ld_preload"),
      table_of(
          table(d, "ld_preload"),
          {{{"file"}, CellKind::mono}, {{"line"}, CellKind::text}, {{"entry"}, CellKind::mono}},
          "No preloaded library."));
  h += part("modules", "Kernel modules (tainted first)", table(d, "kernel_modules"),
            table_of(table(d, "kernel_modules"),
                     {{{"name"}, CellKind::text},
                      {{"taint"}, CellKind::text},
                      {{"state"}, CellKind::text},
                      {{"used_by"}, CellKind::text},
                      {{"size"}, CellKind::bytes}},
                     "No kernel module (live systems only)."));
  h += part("module-config", "Module configuration (install commands first)",
            table(d, "kernel_module_config"),
            table_of(table(d, "kernel_module_config"),
                     {{{"file"}, CellKind::mono},
                      {{"directive"}, CellKind::text},
                      {{"module"}, CellKind::text},
                      {{"arguments"}, CellKind::mono}},
                     "No module configuration."));
  h += part("persistence-files",
            "Stored persistence files: udev, PAM, init scripts, autostart (newest first)",
            table(d, "persistence_files"),
            table_of(table(d, "persistence_files"),
                     {{{"path"}, CellKind::mono},
                      {{"artifact"}, CellKind::text},
                      {{"mtime"}, CellKind::time},
                      {{"size"}, CellKind::bytes},
                      {{"sha256"}, CellKind::mono}},
                     "No persistence file stored."));
  return section("persistence", "Persistence", 0, false, h);
}

}  // namespace biunzip::report
