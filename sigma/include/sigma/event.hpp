#pragma once
// The event model the Sigma evaluator matches: a log source plus a flat list of field values.
//
// A field may carry several values (an auditd event holds one `type` per record, one `name` per
// PATH record); a field condition holds when any of its values satisfies it. Field names are
// case-sensitive, as in Sigma. `raw` is the text keyword searches run over: the whole log line,
// or every record of a grouped auditd event joined by newlines.
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sigma {

// Sigma's logsource triple. Empty members mean "not set".
struct LogSource {
  std::string product, category, service;
};

class Event {
 public:
  Event() = default;
  explicit Event(LogSource source) : source_(std::move(source)) {}

  // Adds one value of `name` (kept after the values of the same name added before).
  void add(std::string name, std::string value);
  // Replaces every value of `name` by `value`.
  void set(std::string_view name, std::string value);

  // Every value of `name`, in insertion order; empty when the field is absent.
  std::span<const std::pair<std::string, std::string>> values(std::string_view name) const;
  // The first value of `name`, or nullptr when absent.
  const std::string* first(std::string_view name) const;
  bool has(std::string_view name) const { return !values(name).empty(); }

  // All fields sorted by name (stable for equal names).
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

  const LogSource& source() const { return source_; }
  LogSource& source() { return source_; }
  // The broader service a line also belongs to: a sshd or sudo line is also an `auth` event, a
  // cron line also a `syslog` one. Rules naming either service apply.
  const std::string& service_family() const { return family_; }
  void set_service_family(std::string family) { family_ = std::move(family); }
  const std::string& raw() const { return raw_; }
  void set_raw(std::string raw) { raw_ = std::move(raw); }

 private:
  LogSource source_;
  std::vector<std::pair<std::string, std::string>> fields_;  // sorted by name
  std::string family_;
  std::string raw_;
};

}  // namespace sigma
