// auditd records to events: one event per `audit(time:serial)`, values decoded.
#include <algorithm>
#include <cctype>

#include "sigma/normalize.hpp"

namespace sigma {
namespace {

constexpr char kEnrichedSeparator = '\x1d';  // auditd's log_format=ENRICHED

std::string_view audit_id(std::string_view line) {
  const size_t at = line.find("audit(");
  if (at == std::string_view::npos) return {};
  const size_t end = line.find(')', at);
  if (end == std::string_view::npos) return {};
  return line.substr(at + 6, end - at - 6);
}

bool is_exec_arg(std::string_view key) {
  if (key.size() < 2 || key[0] != 'a' || !std::isdigit(static_cast<unsigned char>(key[1])))
    return false;
  return key.find("_len") == std::string_view::npos;
}

// Fields auditd writes as hex when their value holds a space, quote or control character.
bool may_be_hex(std::string_view type, std::string_view key) {
  static const std::string_view kFields[] = {"proctitle", "name", "cwd",  "exe",  "comm", "cmd",
                                             "key",       "path", "acct", "data", "ocomm"};
  if (type == "EXECVE" && is_exec_arg(key)) return true;
  return std::find(std::begin(kFields), std::end(kFields), key) != std::end(kFields);
}

struct Pair {
  std::string key, value;
  bool quoted = false;
  size_t start = 0, end = 0;  // the value's span in the line (quotes included)
};

// key=value pairs of `text`; a single-quoted value (msg='...' of user-space records) is opened
// and its own pairs returned instead.
void parse_pairs(std::string_view text, size_t base, std::vector<Pair>& out) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == kEnrichedSeparator)) ++i;
    const size_t eq = text.find('=', i);
    const size_t space = text.find(' ', i);
    if (eq == std::string_view::npos || (space != std::string_view::npos && space < eq)) {
      i = space == std::string_view::npos ? text.size() : space;
      continue;
    }
    Pair p;
    p.key = std::string(text.substr(i, eq - i));
    size_t v = eq + 1, end;
    const char q = v < text.size() ? text[v] : '\0';
    if (q == '"' || q == '\'') {
      end = text.find(q, v + 1);
      if (end == std::string_view::npos) end = text.size() - 1;
      if (q == '\'') {
        parse_pairs(text.substr(v + 1, end - v - 1), base + v + 1, out);
        i = end + 1;
        continue;
      }
      p.value = std::string(text.substr(v + 1, end - v - 1));
      p.quoted = true;
      ++end;
    } else {
      end = std::min(text.find_first_of(std::string_view(" \x1d", 2), v), text.size());
      p.value = std::string(text.substr(v, end - v));
    }
    p.start = base + v;
    p.end = base + end;
    out.push_back(std::move(p));
    i = end;
  }
}

}  // namespace

std::optional<std::string> decode_audit_hex(std::string_view v) {
  if (v.empty() || v.size() % 2) return std::nullopt;
  std::string out;
  out.reserve(v.size() / 2);
  auto nibble = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < v.size(); i += 2) {
    const int hi = nibble(v[i]), lo = nibble(v[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

namespace {

// Decodes a hex value as auditd's tools show it: NUL separators of proctitle become spaces.
std::string shown(std::string_view key, std::string decoded) {
  if (key == "proctitle") {
    while (!decoded.empty() && decoded.back() == '\0') decoded.pop_back();
    std::replace(decoded.begin(), decoded.end(), '\0', ' ');
  }
  return decoded;
}

// Adds one record's fields to `event`; returns the record as text with hex values decoded.
std::string add_record(const std::string& line, Event& event) {
  std::vector<Pair> pairs;
  parse_pairs(line, 0, pairs);
  std::string type;
  for (const Pair& p : pairs)
    if (p.key == "type") type = p.value;
  std::string text;
  size_t copied = 0;
  std::string pending_arg, pending_value;  // an argument split over a0[0], a0[1], ...
  for (Pair& p : pairs) {
    if (p.key == "msg" && p.value.rfind("audit(", 0) == 0) continue;
    if (!p.quoted && may_be_hex(type, p.key) && p.value != "(null)") {
      if (auto d = decode_audit_hex(p.value)) {
        p.value = shown(p.key, std::move(*d));
        text += line.substr(copied, p.start - copied) + '"' + p.value + '"';
        copied = p.end;
      }
    }
    const size_t bracket = p.key.find('[');
    if (type == "EXECVE" && bracket != std::string::npos) {
      pending_arg = p.key.substr(0, bracket);
      pending_value += p.value;
      continue;
    }
    if (p.key == "key" && p.value.find('\x01') != std::string::npos) {
      for (size_t s = 0, e; s <= p.value.size(); s = e + 1) {
        e = std::min(p.value.find('\x01', s), p.value.size());
        event.add("key", p.value.substr(s, e - s));
      }
      continue;
    }
    event.add(std::move(p.key), std::move(p.value));
  }
  if (!pending_arg.empty()) event.add(pending_arg, pending_value);
  return text + line.substr(copied);
}

}  // namespace

Event auditd_event(const std::vector<std::string>& records) {
  Event event(LogSource{"linux", "", "auditd"});
  // SYSCALL first: it shares a0..a3 with EXECVE, whose values must come last (ProcessTracker).
  std::vector<const std::string*> ordered;
  for (const auto& r : records)
    if (r.find("type=SYSCALL") != std::string::npos)
      ordered.insert(ordered.begin(), &r);
    else
      ordered.push_back(&r);
  std::string raw;
  for (const std::string* r : ordered) {
    if (!raw.empty()) raw += '\n';
    raw += add_record(*r, event);
  }
  event.set_raw(std::move(raw));
  return event;
}

void AuditdGrouper::add_line(std::string_view line, std::vector<Event>& out) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  const std::string_view id = audit_id(line);
  if (id.empty() || line.find("type=") == std::string_view::npos) {
    ++skipped_;
    return;
  }
  auto it = std::find_if(open_.begin(), open_.end(), [&](const Pending& p) { return p.id == id; });
  if (it == open_.end()) {
    open_.push_back(Pending{std::string(id), {}});
    it = open_.end() - 1;
  }
  const bool end_of_event = line.find("type=EOE") != std::string_view::npos;
  if (!end_of_event) it->records.emplace_back(line);
  if (end_of_event) {
    if (!it->records.empty()) out.push_back(auditd_event(it->records));
    open_.erase(it);
  } else if (open_.size() > max_open_) {
    out.push_back(auditd_event(open_.front().records));
    open_.erase(open_.begin());
  }
}

void AuditdGrouper::flush(std::vector<Event>& out) {
  for (const Pending& p : open_) out.push_back(auditd_event(p.records));
  open_.clear();
}

}  // namespace sigma
