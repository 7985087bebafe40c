// /etc/passwd, /etc/group, /etc/shadow and sudoers parsers.
#include "parsers.hpp"

namespace collector::parsers {
namespace {

// Colon-separated records, skipping blanks, comments and NIS "+"/"-" compat lines.
template <typename F>
void for_each_record(std::string_view text, std::size_t min_fields, F&& f) {
  auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = lines[i];
    if (trim(l).empty() || l.front() == '#' || l.front() == '+' || l.front() == '-') continue;
    auto fields = split(l, ':');
    if (fields.size() < min_fields || fields[0].empty()) continue;
    f(static_cast<int>(i + 1), fields);
  }
}

std::optional<int64_t> days(std::string_view field) {
  return field.empty() ? std::nullopt : to_int(field);
}

}  // namespace

std::vector<PasswdEntry> parse_passwd(std::string_view text) {
  std::vector<PasswdEntry> out;
  for_each_record(text, 7, [&](int line, const auto& f) {
    out.push_back({line, std::string(f[0]), to_int(f[2]), to_int(f[3]), std::string(f[4]),
                   std::string(f[5]), std::string(f[6])});
  });
  return out;
}

std::vector<GroupEntry> parse_group(std::string_view text) {
  std::vector<GroupEntry> out;
  for_each_record(text, 4, [&](int line, const auto& f) {
    GroupEntry g{line, std::string(f[0]), to_int(f[2]), {}};
    for (auto m : split(f[3], ','))
      if (!trim(m).empty()) g.members.emplace_back(trim(m));
    out.push_back(std::move(g));
  });
  return out;
}

std::string password_state(std::string_view hash) {
  if (hash.empty()) return "none";  // no password at all: anyone can log in
  if (hash.front() == '!' || hash.front() == '*') return "locked";
  return "set";
}

std::vector<ShadowEntry> parse_shadow(std::string_view text) {
  std::vector<ShadowEntry> out;
  for_each_record(text, 2, [&](int line, const auto& f) {
    ShadowEntry e{line, std::string(f[0]), password_state(f[1])};
    auto field = [&](std::size_t i) { return i < f.size() ? days(f[i]) : std::nullopt; };
    e.last_change = field(2);
    e.min_days = field(3);
    e.max_days = field(4);
    e.warn_days = field(5);
    e.inactive_days = field(6);
    e.expire = field(7);
    out.push_back(std::move(e));
  });
  return out;
}

std::vector<ConfigLine> parse_sudoers(std::string_view text) {
  std::vector<ConfigLine> out;
  auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view t = trim(lines[i]);
    if (t.empty()) continue;
    const bool directive = t.starts_with("#include") || t.starts_with("@include");
    if (t.front() == '#' && !directive) continue;
    out.push_back({static_cast<int>(i + 1), std::string(t)});
  }
  return out;
}

}  // namespace collector::parsers
