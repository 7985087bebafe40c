#include "findings/log_scan.hpp"

#include <ctime>
#include <nlohmann/json.hpp>

namespace findings {
namespace {

constexpr std::size_t kMaxLine = 1u << 20;  // a longer line is cut here (bounded memory)

bool rotation_suffix(std::string_view rest) {
  // "", ".1", ".2", "-20240101", ".1-20240101"...: digits after '.' or '-'.
  while (!rest.empty()) {
    if (rest[0] != '.' && rest[0] != '-') return false;
    std::size_t i = 1;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    if (i == 1) return false;
    rest.remove_prefix(i);
  }
  return true;
}

std::string_view audit_id(std::string_view text) {
  std::size_t open = text.find("audit(");
  if (open == std::string_view::npos) return {};
  std::size_t close = text.find(')', open);
  if (close == std::string_view::npos) return {};
  return text.substr(open + 6, close - open - 6);
}

// "1700000000.123:456" -> "2023-11-14T22:13:20Z".
std::string audit_time(std::string_view id) {
  std::time_t seconds = 0;
  for (char c : id) {
    if (c < '0' || c > '9') break;
    seconds = seconds * 10 + (c - '0');
  }
  if (seconds == 0) return {};
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string event_json(const sigma::Event& event) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& [name, value] : event.fields()) {
    auto it = object.find(name);
    if (it == object.end())
      object[name] = value;
    else if (it->is_array())
      it->push_back(value);
    else
      *it = nlohmann::ordered_json::array({*it, value});
  }
  return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

LogKind log_kind(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (std::string_view base : {"audit.log"})
    if (name.starts_with(base) && rotation_suffix(name.substr(base.size()))) return LogKind::auditd;
  for (std::string_view base :
       {"auth.log", "secure", "syslog", "messages", "kern.log", "cron", "daemon.log"})
    if (name.starts_with(base) && rotation_suffix(name.substr(base.size()))) return LogKind::syslog;
  return LogKind::none;
}

void LogScanner::begin(std::string path, LogKind kind) {
  if (in_file()) end();
  path_ = std::move(path);
  kind_ = kind;
  partial_.clear();
  line_no_ = 0;
  grouper_ = sigma::AuditdGrouper();
  first_line_.clear();
  if (kind_ != LogKind::none) ++files_;
}

void LogScanner::data(std::span<const uint8_t> bytes) {
  if (!in_file()) return;
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) {
      std::size_t room = kMaxLine > partial_.size() ? kMaxLine - partial_.size() : 0;
      partial_.append(text.substr(0, room));
      return;
    }
    if (partial_.empty()) {
      line(text.substr(0, nl));
    } else {
      partial_.append(text.substr(0, std::min(nl, kMaxLine)));
      line(partial_);
      partial_.clear();
    }
    text.remove_prefix(nl + 1);
  }
}

void LogScanner::end() {
  if (!in_file()) return;
  if (!partial_.empty()) line(partial_);
  partial_.clear();
  if (kind_ == LogKind::auditd) {
    grouper_.flush(ready_);
    emit_audit(ready_);
  }
  kind_ = LogKind::none;
}

void LogScanner::line(std::string_view text) {
  ++line_no_;
  ++lines_;
  if (kind_ == LogKind::syslog) {
    if (auto event = sigma::syslog_event(text)) match(*event, line_no_, {});
    return;
  }
  std::string_view id = audit_id(text);
  if (!id.empty() && first_line_.find(id) == first_line_.end())
    first_line_.emplace(std::string(id), line_no_);
  grouper_.add_line(text, ready_);
  if (!ready_.empty()) emit_audit(ready_);
}

void LogScanner::emit_audit(std::vector<sigma::Event>& events) {
  for (const sigma::Event& event : events) {
    std::string_view id = audit_id(event.raw());
    int64_t line = 0;
    if (auto it = first_line_.find(id); it != first_line_.end()) {
      line = it->second;
      first_line_.erase(it);
    }
    std::string time = audit_time(id);
    match(event, line, time);
    if (auto pc = tracker_.process_creation(event)) match(*pc, line, time);
  }
  events.clear();
  // Ids of lines the grouper skipped never come back: keep the table bounded.
  if (first_line_.size() > 4096) first_line_.clear();
}

void LogScanner::match(const sigma::Event& event, int64_t line, const std::string& time) {
  ++events_;
  std::vector<const sigma::Rule*> hits = rules_.match(event);
  if (hits.empty()) return;
  std::string fields = event_json(event);
  for (const sigma::Rule* rule : hits) {
    const sigma::LogSource& ls = rule->logsource;
    matches_.push_back(SigmaMatch{rule->id, rule->title, rule->level, rule->status, rule->tags,
                                  ls.product + "/" + ls.category + "/" + ls.service, path_, line,
                                  time, fields});
  }
}

}  // namespace findings
