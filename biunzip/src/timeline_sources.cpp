// Which columns of case.db are times, what each time means, and the one-line message of an
// event: read from the database's own column names (timeline.hpp), with a short list of the
// known tables' wording.
#include <ctime>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "biunzip/timeline.hpp"

namespace biunzip {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Columns whose unit is not seconds, or whose meaning the name does not say.
struct KnownColumn {
  std::string_view table, column, description;
  TimeUnit unit;
};
constexpr KnownColumn kKnownColumns[] = {
    {"shadow_meta", "last_change", "Password Last Changed", TimeUnit::days},
    {"shadow_meta", "expire", "Account Expiration", TimeUnit::days},
    {"logins", "time", "Login Record Time", TimeUnit::seconds},
    {"lastlog", "time", "Last Login Time", TimeUnit::seconds},
    {"processes", "start_time", "Process Start Time", TimeUnit::seconds},
    {"system_info", "boot_time", "Boot Time", TimeUnit::seconds},
    {"custody", "time_utc", "Custody Event Time", TimeUnit::iso_text},
    {"custody_log", "time", "Custody Event Time", TimeUnit::iso_text},
    {"findings", "time", "Finding Time", TimeUnit::iso_text},
};

// The names Plaso and mactime use for a file's four times.
std::string_view file_time_description(std::string_view column) {
  if (column == "mtime") return "Content Modification Time";
  if (column == "atime") return "Last Access Time";
  if (column == "ctime") return "Metadata Modification Time";
  if (column == "btime" || column == "crtime") return "Creation Time";
  return {};
}

bool is_time_name(std::string_view n) {
  return n == "time" || n == "timestamp" || n == "time_utc" || ends_with(n, "_time") ||
         ends_with(n, "_time_utc") || !file_time_description(n).empty();
}

// "install_time" -> "Install Time"; plain "time" -> "Event Time".
std::string describe(std::string_view column) {
  if (auto f = file_time_description(column); !f.empty()) return std::string(f);
  if (column == "time" || column == "timestamp" || column == "time_utc") return "Event Time";
  std::string out;
  bool start = true;
  for (char c : column) {
    if (c == '_') {
      out += ' ';
      start = true;
    } else {
      out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      start = false;
    }
  }
  if (ends_with(out, " Utc")) out.resize(out.size() - 4);
  return out;
}

const ColumnInfo* find_column(const std::vector<ColumnInfo>& columns, std::string_view name) {
  for (const ColumnInfo& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

std::string quote_name(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Message wording of the known tables: text before each column's value (and after it).
struct MessagePart {
  std::string_view before, column, after;
};
struct KnownMessage {
  std::string_view table;
  std::vector<MessagePart> parts;
};
const std::vector<KnownMessage>& known_messages() {
  static const std::vector<KnownMessage> m = {
      {"bodyfile", {{"", "name", ""}}},
      {"files", {{"", "path", ""}, {" (", "artifact", ")"}}},
      {"logins",
       {{"", "type", ""},
        {" ", "user", ""},
        {" on ", "line", ""},
        {" from ", "host", ""},
        {" [", "source", "]"}}},
      {"lastlog", {{"last login of ", "user", ""}, {" on ", "line", ""}, {" from ", "host", ""}}},
      {"processes", {{"pid ", "pid", ""}, {" ", "name", ""}, {": ", "cmdline", ""}}},
      {"system_info", {{"boot of ", "hostname", ""}, {" (", "kernel_release", ")"}}},
      {"systemd_units", {{"", "path", ""}, {" ", "exec_start", ""}}},
      {"shell_startup_files", {{"", "path", ""}}},
      {"shadow_meta", {{"account ", "name", ""}}},
      {"custody", {{"", "event", ""}, {" ", "detail", ""}}},
      {"custody_log",
       {{"", "action", ""},
        {" by ", "analyst", ""},
        {" of ", "package", ""},
        {": ", "result", ""}}},
      {"findings",
       {{"[", "severity", "] "},
        {"", "engine", ""},
        {" ", "rule_title", ""},
        {": ", "object", ""}}},
  };
  return m;
}

std::string parts_sql(const std::vector<MessagePart>& parts,
                      const std::vector<ColumnInfo>& columns) {
  std::string sql;
  for (const MessagePart& p : parts) {
    if (!find_column(columns, p.column)) continue;
    if (!sql.empty()) sql += " || ";
    sql += "coalesce(" + quote_literal(p.before) + " || " + quote_name(p.column) + " || " +
           quote_literal(p.after) + ", '')";
  }
  return sql;
}

int digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

std::vector<TimeColumn> time_columns(const std::string& table,
                                     const std::vector<ColumnInfo>& columns) {
  std::vector<TimeColumn> out;
  for (const ColumnInfo& c : columns) {
    TimeColumn t{table, c.name, "", TimeUnit::seconds, false, ""};
    auto known =
        std::find_if(std::begin(kKnownColumns), std::end(kKnownColumns),
                     [&](const KnownColumn& k) { return k.table == table && k.column == c.name; });
    bool integer = c.type.find("INT") != std::string::npos;
    bool real =
        c.type.find("REAL") != std::string::npos || c.type.find("DOUB") != std::string::npos;
    bool text =
        c.type.find("TEXT") != std::string::npos || c.type.find("CHAR") != std::string::npos;
    if (known != std::end(kKnownColumns)) {
      t.unit = known->unit;
      t.description = known->description;
    } else if (is_time_name(c.name) && (integer || real || text)) {
      t.unit = text ? TimeUnit::iso_text : TimeUnit::seconds;
      t.description = describe(c.name);
    } else {
      continue;
    }
    t.real = real;
    if (const ColumnInfo* u = find_column(columns, c.name + "_usec");
        u && u->type.find("INT") != std::string::npos && t.unit == TimeUnit::seconds)
      t.usec_column = u->name;
    out.push_back(t);
  }
  return out;
}

std::string message_sql(const std::string& table, const std::vector<ColumnInfo>& columns) {
  for (const KnownMessage& k : known_messages()) {
    if (k.table != table) continue;
    std::string sql = parts_sql(k.parts, columns);
    if (!sql.empty()) return sql;
  }
  // Any other table: its first three text columns that are not times.
  std::vector<MessagePart> parts;
  for (const ColumnInfo& c : columns) {
    if (parts.size() == 3) break;
    if (c.type.find("TEXT") == std::string::npos || is_time_name(c.name)) continue;
    parts.push_back({parts.empty() ? "" : " ", c.name, ""});
  }
  std::string sql = parts_sql(parts, columns);
  return sql.empty() ? quote_literal(table) : sql;
}

std::optional<int64_t> parse_iso8601_us(std::string_view s) {
  int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || s[4] != '-' || s[7] != '-')
    return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  int64_t frac_us = 0, offset_s = 0;
  std::size_t pos = 10;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    hour = digits(s, pos + 1, 2);
    minute = digits(s, pos + 4, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || s[pos + 3] != ':')
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      second = digits(s, pos + 1, 2);
      if (second < 0 || second > 60) return std::nullopt;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        int64_t scale = 100000;
        for (++pos; pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])); ++pos) {
          frac_us += (s[pos] - '0') * scale;
          scale /= 10;
        }
      }
    }
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
      ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
      int sign = s[pos] == '-' ? -1 : 1;
      int oh = digits(s, pos + 1, 2);
      std::size_t m = pos + 3 < s.size() && s[pos + 3] == ':' ? pos + 4 : pos + 3;
      int om = digits(s, m, 2);
      if (oh < 0 || om < 0) return std::nullopt;
      offset_s = sign * (oh * 3600 + om * 60);
      pos = m + 2;
    }
  }
  if (pos != s.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  int64_t seconds = static_cast<int64_t>(::timegm(&tm)) - offset_s;
  return seconds * 1000000 + frac_us;
}

std::string iso8601_us(int64_t us) {
  int64_t seconds = us / 1000000, frac = us % 1000000;
  if (frac < 0) {
    frac += 1000000;
    seconds -= 1;
  }
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::to_string(us);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lld+00:00", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(frac));
  return buf;
}

}  // namespace biunzip
