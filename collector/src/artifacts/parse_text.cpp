// Text helpers shared by the parsers, plus small key/value formats (os-release, "Key: value").
#include <sys/stat.h>

#include <cctype>
#include <charconv>

#include "parsers.hpp"

namespace collector::parsers {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = text.find('\n', i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view line = text.substr(i, j - i);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    i = j + 1;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  for (;;) {
    std::size_t j = s.find(sep, i);
    if (j == std::string_view::npos) {
      out.push_back(s.substr(i));
      return out;
    }
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
}

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::optional<int64_t> to_int(std::string_view s, int base) {
  s = trim(s);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<uint64_t> to_uint(std::string_view s, int base) {
  s = trim(s);
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string unescape_octal(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      auto digits = s.substr(i + 1, 3);
      if (digits.find_first_not_of("01234567") == std::string_view::npos) {
        out += static_cast<char>(
            ((digits[0] - '0') * 64 + (digits[1] - '0') * 8 + (digits[2] - '0')) & 0xff);
        i += 3;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string printable(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<ConfigLine> config_lines(std::string_view text, std::string_view comment_chars) {
  std::vector<ConfigLine> out;
  auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view t = trim(lines[i]);
    if (t.empty() || comment_chars.find(t.front()) != std::string_view::npos) continue;
    out.push_back({static_cast<int>(i + 1), std::string(t)});
  }
  return out;
}

std::map<std::string, std::string> parse_os_release(std::string_view text) {
  std::map<std::string, std::string> out;
  for (const auto& l : config_lines(text)) {
    auto eq = l.text.find('=');
    if (eq == std::string::npos) continue;
    std::string key(trim(std::string_view(l.text).substr(0, eq)));
    std::string_view raw = trim(std::string_view(l.text).substr(eq + 1));
    std::string value;
    if (!raw.empty() && (raw.front() == '"' || raw.front() == '\'')) {
      char q = raw.front();
      for (std::size_t i = 1; i < raw.size() && raw[i] != q; ++i) {
        if (raw[i] == '\\' && q == '"' && i + 1 < raw.size()) ++i;  // shell-style escapes
        value += raw[i];
      }
    } else {
      value = std::string(raw);
    }
    out.emplace(std::move(key), std::move(value));
  }
  return out;
}

std::map<std::string, std::string> parse_colon_values(std::string_view text) {
  std::map<std::string, std::string> out;
  for (auto line : split_lines(text)) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    out.emplace(std::string(trim(line.substr(0, colon))),
                std::string(trim(line.substr(colon + 1))));
  }
  return out;
}

std::string tsk_mode_string(uint32_t mode) {
  char type = '-';
  switch (mode & S_IFMT) {
    case S_IFREG:
      type = 'r';
      break;
    case S_IFDIR:
      type = 'd';
      break;
    case S_IFLNK:
      type = 'l';
      break;
    case S_IFIFO:
      type = 'p';
      break;
    case S_IFCHR:
      type = 'c';
      break;
    case S_IFBLK:
      type = 'b';
      break;
    case S_IFSOCK:
      type = 's';
      break;
    default:
      break;
  }
  std::string out{type, '/', type};
  const char* rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; ++i) out += (mode & (0400u >> i)) ? rwx[i] : '-';
  auto special = [&](std::size_t pos, uint32_t bit, char set_exec, char set_noexec) {
    if (mode & bit) out[pos] = out[pos] == '-' ? set_noexec : set_exec;
  };
  special(5, S_ISUID, 's', 'S');
  special(8, S_ISGID, 's', 'S');
  special(11, S_ISVTX, 't', 'T');
  return out;
}

}  // namespace collector::parsers
