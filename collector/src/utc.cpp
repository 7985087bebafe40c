#include "utc.hpp"

#include "ppc/environment.hpp"

#include <cstdio>
#include <ctime>

namespace collector {
namespace {

std::string format(int64_t ns, const char* fmt) {
  std::time_t secs = static_cast<std::time_t>(ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, fmt, &tm);
  return buf;
}

// Length of the valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_len(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80                          ? 1
                  : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 2
                  : (c & 0xF0) == 0xE0              ? 3
                  : (c & 0xF8) == 0xF0 && c <= 0xF4 ? 4
                                                    : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

}  // namespace

std::string utc_iso(int64_t ns) {
  return format(ns, "%Y-%m-%dT%H:%M:%SZ");
}
std::string utc_compact(int64_t ns) {
  return format(ns, "%Y%m%dT%H%M%SZ");
}

std::string json_text(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    std::size_t n = utf8_len(raw, i);
    if (n == 0) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(raw[i]));
      out += buf;
      ++i;
    } else {
      out.append(raw.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string file_name_part(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    out += ok ? c : '-';
  }
  if (out.empty() || out == "." || out == "..") out = "unknown";
  return out;
}

ppc::EntryMeta produced_entry(std::string name) {
  ppc::EntryMeta m;
  m.name = std::move(name);
  m.mode = 0644;
  int64_t now = ppc::system_clock().now_ns();
  m.mtime = ppc::Timestamp{now / 1'000'000'000, static_cast<int32_t>(now % 1'000'000'000)};
  return m;
}

}  // namespace collector
