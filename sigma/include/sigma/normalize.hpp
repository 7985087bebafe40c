#pragma once
// Log-source normalisers: pure functions from Linux text-log lines to Sigma events (no I/O).
//
// Field names follow what SigmaHQ's Linux rules expect:
//  - auditd (product linux, service auditd): every key=value of every record of one event
//    (records grouped by `audit(time:serial)`), hex-encoded values decoded (proctitle's NULs
//    become spaces), the enriched upper-case fields after the 0x1d separator kept; `type` holds
//    each record's type.
//  - syslog lines (auth.log, secure, syslog, messages): `program`, `pid`, `message`, `host`;
//    sudo lines add `USER`, `COMMAND`, `PWD`, `TTY`; raw = the whole line. The service is the
//    program mapped to Sigma's names (sshd, sudo, cron, ...), or `syslog`.
//  - process_creation (product linux, category process_creation) from an auditd event with an
//    EXECVE record: Image, CommandLine, CurrentDirectory, User, ProcessId, ParentProcessId and,
//    when a ProcessTracker saw the parent's exec, ParentImage and ParentCommandLine.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sigma/event.hpp"

namespace sigma {

// Groups auditd lines into events. Records of one event share `audit(time:serial)` and are
// usually adjacent; an event is complete at its EOE record, when a line of another event
// arrives after `max_open` others are pending, or at flush().
class AuditdGrouper {
 public:
  explicit AuditdGrouper(size_t max_open = 16) : max_open_(max_open) {}
  // Feeds one line (without its newline); completed events are appended to `out`. Lines that are
  // not auditd records are counted in skipped() and otherwise ignored.
  void add_line(std::string_view line, std::vector<Event>& out);
  // Emits every pending event.
  void flush(std::vector<Event>& out);
  size_t skipped() const { return skipped_; }

 private:
  struct Pending {
    std::string id;
    std::vector<std::string> records;
  };
  size_t max_open_;
  std::vector<Pending> open_;
  size_t skipped_ = 0;
};

// Builds one auditd event from the records of one `audit(time:serial)` group.
Event auditd_event(const std::vector<std::string>& records);
// Decodes auditd's hex-encoded value (even length, only hex digits); nullopt when not hex.
std::optional<std::string> decode_audit_hex(std::string_view value);

// Parses a classic syslog line (RFC 3164 or ISO timestamp, host, `program[pid]: message`).
// nullopt when the line has no recognisable program tag.
std::optional<Event> syslog_event(std::string_view line);

// Remembers each exec's Image and CommandLine by pid so that children get ParentImage.
class ProcessTracker {
 public:
  // The process_creation event of an auditd event with an EXECVE record, nullopt otherwise.
  std::optional<Event> process_creation(const Event& auditd);

 private:
  struct Exec {
    std::string image, command_line;
  };
  std::map<std::string, Exec> by_pid_;  // bounded: see kMaxTracked in process_creation.cpp
};

}  // namespace sigma
