#include "progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "ppc/environment.hpp"

namespace collector {
namespace {

int64_t now_ns() {
  return ppc::system_clock().monotonic_ns();
}

}  // namespace

Progress::Progress(bool silent) : enabled_(!silent && isatty(STDERR_FILENO)), start_ns_(now_ns()) {
  if (enabled_) ticker_ = std::thread([this] { tick(); });
}

Progress::~Progress() {
  done();
}

void Progress::artifact(std::size_t index, std::size_t total, const std::string& name,
                        uint64_t files, uint64_t bytes) {
  if (!enabled_) return;
  std::lock_guard lock(mu_);
  index_ = index;
  total_ = total;
  name_ = name;
  files_ = files;
  bytes_ = bytes;
  phase_start_ns_ = now_ns();
  draw();
}

void Progress::tick() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::seconds(1));
    if (!stop_ && shown_) draw();
  }
}

// With mu_ held.
void Progress::draw() {
  const int64_t now = now_ns();
  double secs = static_cast<double>(now - start_ns_) / 1e9;
  double in_phase = static_cast<double>(now - phase_start_ns_) / 1e9;
  double mib = static_cast<double>(bytes_) / 1048576.0;
  double rate = secs > 0 ? mib / secs : 0;
  // Time left by the share of artifacts done: rough, and said only while it means something.
  double per_artifact = index_ > 1 ? (secs - in_phase) / static_cast<double>(index_ - 1) : 0;
  double left = per_artifact * static_cast<double>(total_ - index_ + 1) - in_phase;
  char when[48];
  if (index_ > 1 && index_ < total_ && left >= 1)
    std::snprintf(when, sizeof when, "~%.0fs left", left);
  else
    std::snprintf(when, sizeof when, "%.0fs in this step", in_phase);
  std::fprintf(stderr, "\r\033[K[%zu/%zu] %-28.28s %8llu files %9.1f MiB %7.1f MiB/s  %s", index_,
               total_, name_.c_str(), static_cast<unsigned long long>(files_), mib, rate, when);
  std::fflush(stderr);
  shown_ = true;
}

void Progress::done() {
  if (!enabled_) return;
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    stop_ = true;
    if (shown_) {
      std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    }
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

}  // namespace collector
