// utmp/wtmp/btmp and lastlog: fixed-size glibc records (x86_64 and other 64-bit glibc use
// 32-bit times in these files, so the layout is the same everywhere the collector runs).
#include <arpa/inet.h>
#include <utmp.h>

#include <cstring>

#include "parsers.hpp"

namespace collector::parsers {

static_assert(sizeof(struct utmp) == kUtmpRecordSize, "glibc utmp layout changed");
static_assert(sizeof(struct lastlog) == kLastlogRecordSize, "glibc lastlog layout changed");

namespace {

// Fixed-width fields are NUL padded but not always NUL terminated.
template <std::size_t N>
std::string field(const char (&f)[N]) {
  return printable(std::string_view(f, strnlen(f, N)));
}

// ut_addr_v6: IPv4 in the first word with the rest zero, else IPv6; network byte order.
std::string address(const int32_t (&v6)[4]) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (v6[0] == 0 && v6[1] == 0 && v6[2] == 0 && v6[3] == 0) return {};
  if (v6[1] == 0 && v6[2] == 0 && v6[3] == 0) {
    inet_ntop(AF_INET, &v6[0], buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, v6, buf, sizeof buf);
  }
  return buf;
}

}  // namespace

std::string utmp_type_name(int64_t type) {
  static const char* const names[] = {
      "EMPTY",        "RUN_LVL",       "BOOT_TIME",    "NEW_TIME",     "OLD_TIME",
      "INIT_PROCESS", "LOGIN_PROCESS", "USER_PROCESS", "DEAD_PROCESS", "ACCOUNTING"};
  if (type >= 0 && type < static_cast<int64_t>(std::size(names))) return names[type];
  return "UNKNOWN(" + std::to_string(type) + ")";
}

UtmpParse parse_utmp(std::string_view data) {
  UtmpParse out;
  const std::size_t n = data.size() / kUtmpRecordSize;
  out.trailing_bytes = data.size() % kUtmpRecordSize;
  out.records.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    struct utmp u;
    std::memcpy(&u, data.data() + i * kUtmpRecordSize, kUtmpRecordSize);
    UtmpRecord r;
    r.type = u.ut_type;
    r.type_name = utmp_type_name(u.ut_type);
    if (r.type == EMPTY) continue;  // free slots of utmp
    r.pid = u.ut_pid;
    r.line = field(u.ut_line);
    r.id = field(u.ut_id);
    r.user = field(u.ut_user);
    r.host = field(u.ut_host);
    r.addr = address(u.ut_addr_v6);
    r.time = u.ut_tv.tv_sec;
    r.time_usec = u.ut_tv.tv_usec;
    r.session = u.ut_session;
    r.exit_termination = u.ut_exit.e_termination;
    r.exit_status = u.ut_exit.e_exit;
    out.records.push_back(std::move(r));
  }
  return out;
}

std::vector<LastlogRecord> parse_lastlog(std::string_view data) {
  std::vector<LastlogRecord> out;
  const std::size_t n = data.size() / kLastlogRecordSize;
  for (std::size_t uid = 0; uid < n; ++uid) {
    struct lastlog l;
    std::memcpy(&l, data.data() + uid * kLastlogRecordSize, kLastlogRecordSize);
    if (l.ll_time == 0) continue;  // never logged in (and the holes of a sparse file)
    out.push_back({static_cast<int64_t>(uid), l.ll_time, field(l.ll_line), field(l.ll_host)});
  }
  return out;
}

}  // namespace collector::parsers
