// Authentication events of auth.log / secure: sshd logins, sudo, su and login(1) lines
// (trace_parsers.hpp). Anything else in the file is skipped.
#include <ctime>

#include "parsers.hpp"
#include "trace_parsers.hpp"

namespace collector::parsers {
namespace {

int month_number(std::string_view m) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i)
    if (m == kMonths[i]) return i + 1;
  return 0;
}

std::optional<int64_t> utc_seconds(int year, int mon, int day, int h, int mi, int s) {
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || h > 23 || mi > 59 || s > 60) return {};
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(::timegm(&tm));
}

int num(std::string_view s) {
  return static_cast<int>(to_int(s).value_or(-1));
}

// Splits the stamp off the line; returns the rest ("host prog[pid]: msg").
std::string_view take_stamp(std::string_view line, int year, int last_month, AuthEvent& e) {
  if (line.size() > 20 && line[4] == '-' && line[10] == 'T') {  // 2024-03-03T10:11:12.5+01:00
    auto sp = line.find(' ');
    if (sp == std::string_view::npos || sp < 19) return {};  // the stamp is at least 19 bytes
    std::string_view st = line.substr(0, sp);
    e.logged_time = st;
    auto t = utc_seconds(num(st.substr(0, 4)), num(st.substr(5, 2)), num(st.substr(8, 2)),
                         num(st.substr(11, 2)), num(st.substr(14, 2)), num(st.substr(17, 2)));
    auto zone = st.find_first_of("Z+-", 19);
    if (t && zone != std::string_view::npos && st[zone] != 'Z' && st.size() >= zone + 6) {
      int off = num(st.substr(zone + 1, 2)) * 3600 + num(st.substr(zone + 4, 2)) * 60;
      *t -= st[zone] == '+' ? off : -off;
    }
    e.time = t;
    return line.substr(sp + 1);
  }
  if (line.size() < 16 || line[3] != ' ' || line[6] != ' ' || line[9] != ':') return {};
  int mon = month_number(line.substr(0, 3));
  if (mon == 0) return {};
  e.logged_time = line.substr(0, 15);
  e.time = utc_seconds(mon > last_month ? year - 1 : year, mon, num(trim(line.substr(4, 2))),
                       num(line.substr(7, 2)), num(line.substr(10, 2)), num(line.substr(13, 2)));
  return line.substr(16);
}

std::string_view word_after(std::string_view msg, std::string_view marker) {
  auto p = msg.find(marker);
  if (p == std::string_view::npos) return {};
  auto rest = msg.substr(p + marker.size());
  return rest.substr(0, rest.find(' '));
}

bool sshd(std::string_view msg, AuthEvent& e) {
  for (std::string_view verb : {"Accepted ", "Failed "}) {
    if (!msg.starts_with(verb)) continue;
    auto rest = msg.substr(verb.size());
    auto for_at = rest.find(" for ");
    auto from_at = rest.rfind(" from ");
    if (for_at == std::string_view::npos || from_at == std::string_view::npos || from_at < for_at)
      return false;
    e.method = rest.substr(0, for_at);
    auto user = rest.substr(for_at + 5, from_at - for_at - 5);
    if (user.starts_with("invalid user ")) user.remove_prefix(13);
    e.user = user;
    e.source_ip = word_after(rest.substr(from_at), " from ");
    if (auto port = word_after(rest.substr(from_at), " port "); !port.empty())
      e.port = to_int(port);
    e.result = verb == "Accepted " ? "success" : "failure";
    return true;
  }
  if (msg.starts_with("Invalid user ")) {  // "Invalid user admin from 1.2.3.4 port 5555"
    auto rest = msg.substr(13);
    auto from_at = rest.rfind(" from ");
    if (from_at == std::string_view::npos) return false;
    e.user = rest.substr(0, from_at);
    e.source_ip = word_after(rest.substr(from_at), " from ");
    if (auto port = word_after(rest.substr(from_at), " port "); !port.empty())
      e.port = to_int(port);
    e.method = "invalid_user";
    e.result = "failure";
    return true;
  }
  return false;
}

// "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash", or with a failure
// reason first: "alice : 3 incorrect password attempts ; TTY=...".
bool sudo(std::string_view msg, AuthEvent& e) {
  msg = trim(msg);
  auto colon = msg.find(" : ");
  if (colon == std::string_view::npos) return false;
  e.user = trim(msg.substr(0, colon));
  std::string reason;
  for (auto field : split(msg.substr(colon + 3), ';')) {
    field = trim(field);
    if (field.starts_with("USER="))
      e.target_user = field.substr(5);
    else if (field.starts_with("COMMAND="))
      e.command += std::string(field.substr(8));
    else if (field.find('=') == std::string_view::npos)
      reason = field;
  }
  if (e.command.empty() && reason.empty()) return false;
  e.method = "sudo";
  e.result = reason.empty() ? "success" : "failure";
  if (!reason.empty()) e.command = reason + (e.command.empty() ? "" : ": " + e.command);
  return true;
}

bool su(std::string_view msg, AuthEvent& e) {
  e.method = "su";
  // util-linux: "(to root) alice on pts/0", "FAILED SU (to root) alice on pts/0"
  bool failed = msg.starts_with("FAILED SU ");
  if (failed) msg.remove_prefix(10);
  if (msg.starts_with("(to ")) {
    auto close = msg.find(") ");
    if (close == std::string_view::npos) return false;
    e.target_user = msg.substr(4, close - 4);
    auto rest = msg.substr(close + 2);
    e.user = rest.substr(0, rest.find(' '));
    e.result = failed ? "failure" : "success";
    return true;
  }
  // shadow: "Successful su for root by alice", "FAILED su for root by alice"
  for (std::string_view verb : {"Successful su for ", "FAILED su for "}) {
    if (!msg.starts_with(verb)) continue;
    auto rest = msg.substr(verb.size());
    auto by = rest.find(" by ");
    if (by == std::string_view::npos) return false;
    e.target_user = rest.substr(0, by);
    e.user = trim(rest.substr(by + 4));
    e.result = verb[0] == 'S' ? "success" : "failure";
    return true;
  }
  return false;
}

// "FAILED LOGIN (1) on '/dev/tty1' FOR 'root', Authentication failure", "ROOT LOGIN  on
// '/dev/tty1'"
bool login(std::string_view msg, AuthEvent& e) {
  e.method = "login";
  if (msg.starts_with("FAILED LOGIN")) {
    e.user = word_after(msg, " FOR '");
    if (auto q = e.user.find('\''); q != std::string::npos) e.user.resize(q);
    e.result = "failure";
    return true;
  }
  if (msg.starts_with("ROOT LOGIN")) {
    e.user = "root";
    e.result = "success";
    return true;
  }
  return false;
}

}  // namespace

std::vector<AuthEvent> parse_auth_log(std::string_view text, int year, int last_month) {
  std::vector<AuthEvent> out;
  int n = 0;
  for (auto line : split_lines(text)) {
    ++n;
    AuthEvent e{n};
    std::string_view rest = take_stamp(line, year, last_month, e);
    auto sp = rest.find(' ');
    auto colon = rest.find(": ");
    if (sp == std::string_view::npos || colon == std::string_view::npos || colon < sp) continue;
    e.host = rest.substr(0, sp);
    std::string_view tag = rest.substr(sp + 1, colon - sp - 1), msg = rest.substr(colon + 2);
    if (auto bracket = tag.find('['); bracket != std::string_view::npos) {
      e.pid = to_int(tag.substr(bracket + 1, tag.size() - bracket - 2));
      tag = tag.substr(0, bracket);
    }
    e.program = tag;
    bool ok = false;
    if (tag == "sshd" || tag.starts_with("sshd-"))
      ok = sshd(msg, e), e.event = "ssh";
    else if (tag == "sudo")
      ok = sudo(msg, e), e.event = "sudo";
    else if (tag == "su")
      ok = su(msg, e), e.event = "su";
    else if (tag == "login")
      ok = login(msg, e), e.event = "login";
    if (ok) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace collector::parsers
