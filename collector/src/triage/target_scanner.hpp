#pragma once
// One YR_SCANNER and the callback that turns its matches into ppc::TriageRow values. Each worker
// thread (and each BufferScanner) owns one; the compiled rules are shared read-only.
#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collector/triage.hpp"
#include "stop_signal.hpp"
#include "yara_handles.hpp"

namespace collector::triage {

class TargetScanner {
 public:
  TargetScanner(const CompiledRules& rules, int timeout_seconds, std::size_t max_strings_per_match,
                StopSignal stop = {});
  // libyara holds `this` as the callback's user data: the object must not move.
  TargetScanner(const TargetScanner&) = delete;
  TargetScanner& operator=(const TargetScanner&) = delete;

  // Scans bytes already in memory (a file read into a buffer, or a collected file). sha256 may
  // be empty: it is then computed from `data`, and only when a rule matches. Returns the
  // libyara result code; matching rows are appended to rows().
  int scan_buffer(std::string_view target_type, std::string_view path,
                  std::span<const uint8_t> data, std::string_view sha256);
  // Scans a live process's memory; `path` names the process (its executable).
  int scan_process(int pid, std::string_view path);

  std::vector<ppc::TriageRow>& rows() { return rows_; }

  // The scan callback's view of the current target (public for the C callback only).
  struct Target {
    std::string_view type, path;
    int64_t pid = -1;
    std::span<const uint8_t> data;
    std::string sha256;
  };

 private:
  static int callback(YR_SCAN_CONTEXT* context, int message, void* message_data, void* self);
  void add_row(YR_SCAN_CONTEXT* context, const YR_RULE* rule);

  ScannerPtr scanner_;
  std::size_t max_strings_;
  StopSignal stop_;
  Target target_;
  std::vector<ppc::TriageRow> rows_;
};

// Match data as printable text: ASCII as is, other bytes as \xNN, at most 64 input bytes.
std::string escape_match_data(const uint8_t* data, std::size_t length);

}  // namespace collector::triage
