#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

#include "ppc/environment.hpp"

namespace collector {

Progress::Progress(bool silent)
    : enabled_(!silent && isatty(STDERR_FILENO)), start_ns_(ppc::system_clock().monotonic_ns()) {}

void Progress::artifact(std::size_t index, std::size_t total, const std::string& name, uint64_t files,
                        uint64_t bytes) {
  if (!enabled_) return;
  double secs = static_cast<double>(ppc::system_clock().monotonic_ns() - start_ns_) / 1e9;
  double mib = static_cast<double>(bytes) / 1048576.0;
  double rate = secs > 0 ? mib / secs : 0;
  // Remaining time by the share of artifacts done: rough, but honest about being rough.
  double eta = index > 1 ? secs / static_cast<double>(index - 1) * static_cast<double>(total - index + 1) : 0;
  std::fprintf(stderr, "\r\033[K[%zu/%zu] %-28.28s %8llu files %9.1f MiB %7.1f MiB/s  ~%.0fs left", index, total,
               name.c_str(), static_cast<unsigned long long>(files), mib, rate, eta);
  std::fflush(stderr);
  shown_ = true;
}

void Progress::done() {
  if (enabled_ && shown_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace collector
