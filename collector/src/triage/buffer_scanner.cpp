// BufferScanner: triage of bytes the collector already holds (files it stored in the package).
#include "collector/triage.hpp"
#include "target_scanner.hpp"

namespace collector {

struct BufferScanner::Impl {
  Impl(const CompiledRules& rules, int timeout_seconds, std::size_t max_strings)
      : scanner(rules, timeout_seconds, max_strings) {}
  triage::TargetScanner scanner;
  std::string last_error;
  bool timed_out = false;
};

BufferScanner::BufferScanner(const CompiledRules& rules, int timeout_seconds,
                             std::size_t max_strings_per_match)
    : impl_(std::make_unique<Impl>(rules, timeout_seconds, max_strings_per_match)) {}

BufferScanner::~BufferScanner() = default;

std::vector<ppc::TriageRow> BufferScanner::scan(std::string_view path,
                                                std::span<const uint8_t> data,
                                                std::string_view sha256) {
  int rc = impl_->scanner.scan_buffer("collected", path, data, sha256);
  impl_->last_error = rc == ERROR_SUCCESS ? "" : triage::yara_error_text(rc);
  impl_->timed_out = rc == ERROR_SCAN_TIMEOUT;
  std::vector<ppc::TriageRow> rows;
  rows.swap(impl_->scanner.rows());
  return rows;
}

std::string BufferScanner::last_error() const {
  return impl_->last_error;
}

bool BufferScanner::timed_out() const {
  return impl_->timed_out;
}

}  // namespace collector
