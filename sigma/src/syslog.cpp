// Classic syslog lines (auth.log, secure, syslog, messages) to events.
#include <algorithm>
#include <cctype>
#include <string>

#include "sigma/normalize.hpp"

namespace sigma {
namespace {

// Sigma's service names for the programs whose lines have rules, and the file family (auth.log
// or syslog) each program writes to on Debian and RHEL.
struct ServiceName {
  std::string_view program, service, family;
};
constexpr ServiceName kServices[] = {
    {"sshd", "sshd", "auth"},
    {"sudo", "sudo", "auth"},
    {"su", "su", "auth"},
    {"login", "login", "auth"},
    {"passwd", "passwd", "auth"},
    {"useradd", "useradd", "auth"},
    {"usermod", "usermod", "auth"},
    {"groupadd", "groupadd", "auth"},
    {"chpasswd", "chpasswd", "auth"},
    {"systemd-logind", "systemd-logind", "auth"},
    {"pkexec", "pkexec", "auth"},
    {"polkitd", "polkitd", "auth"},
    {"unix_chkpwd", "unix_chkpwd", "auth"},
    {"cron", "cron", "syslog"},
    {"crond", "cron", "syslog"},
    {"anacron", "cron", "syslog"},
    {"vsftpd", "vsftpd", "syslog"},
    {"clamd", "clamav", "syslog"},
    {"freshclam", "clamav", "syslog"},
    {"guacd", "guacamole", "syslog"},
    {"named", "named", "syslog"},
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_month(std::string_view t) {
  static const std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return std::find(std::begin(kMonths), std::end(kMonths), t) != std::end(kMonths);
}

// Splits off the next space-separated token of `rest`.
std::string_view token(std::string_view& rest) {
  const size_t start = rest.find_first_not_of(' ');
  if (start == std::string_view::npos) return rest = {};
  const size_t end = std::min(rest.find(' ', start), rest.size());
  const std::string_view t = rest.substr(start, end - start);
  rest.remove_prefix(end);
  return t;
}

// sudo: "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/id".
void add_sudo_fields(std::string_view message, Event& event) {
  const size_t colon = message.find(" : ");
  if (colon == std::string_view::npos) return;
  event.add("SUDO_USER", std::string(message.substr(0, colon)));
  std::string_view rest = message.substr(colon + 3);
  while (!rest.empty()) {
    const size_t semi = std::min(rest.find(" ; "), rest.size());
    const std::string_view part = rest.substr(0, semi);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && eq > 0)
      event.add(std::string(part.substr(0, eq)), std::string(part.substr(eq + 1)));
    rest.remove_prefix(std::min(semi + 3, rest.size()));
  }
}

}  // namespace

std::optional<Event> syslog_event(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  std::string_view rest = line;
  const std::string_view first = token(rest);
  if (is_month(first)) {
    token(rest);  // day
    token(rest);  // time
  } else if (first.empty() || !std::isdigit(static_cast<unsigned char>(first[0]))) {
    return std::nullopt;  // RFC 3339 timestamps start with the year
  }
  const std::string_view host = token(rest);
  const size_t tag_start = rest.find_first_not_of(' ');
  const size_t colon = rest.find(':', tag_start);
  if (host.empty() || tag_start == std::string_view::npos || colon == std::string_view::npos)
    return std::nullopt;
  std::string_view tag = rest.substr(tag_start, colon - tag_start);
  if (tag.empty() || tag.find(' ') != std::string_view::npos) return std::nullopt;
  std::string_view pid;
  if (const size_t open = tag.find('['); open != std::string_view::npos && tag.back() == ']') {
    pid = tag.substr(open + 1, tag.size() - open - 2);
    tag = tag.substr(0, open);
  }
  std::string_view message = rest.substr(colon + 1);
  while (!message.empty() && message[0] == ' ') message.remove_prefix(1);

  const std::string program = lower(tag);
  ServiceName found{program, "syslog", "syslog"};
  for (const ServiceName& s : kServices)
    if (s.program == program) found = s;
  Event event(LogSource{"linux", "", std::string(found.service)});
  if (found.family != found.service) event.set_service_family(std::string(found.family));
  event.add("host", std::string(host));
  event.add("program", std::string(tag));
  if (!pid.empty()) event.add("pid", std::string(pid));
  event.add("message", std::string(message));
  if (program == "sudo") add_sudo_fields(message, event);
  event.set_raw(std::string(line));
  return event;
}

}  // namespace sigma
