#include "biunzip/progress.hpp"

#include <unistd.h>

#include <cstdio>

#include "biunzip/text.hpp"

namespace biunzip {

bool progress_wanted(bool quiet) {
  return !quiet && ::isatty(STDERR_FILENO) == 1;
}

Progress::Progress(std::string label, uint64_t total, bool enabled)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  finish();
}

void Progress::add(uint64_t bytes) {
  done_ += bytes;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  draw();
}

void Progress::draw() {
  double seconds = std::chrono::duration<double>(last_ - start_).count();
  uint64_t rate = seconds > 0 ? static_cast<uint64_t>(static_cast<double>(done_) / seconds) : 0;
  int percent = total_ ? static_cast<int>(done_ * 100 / total_) : 0;
  std::fprintf(stderr, "\r\033[K%s  %s / %s  %3d%%  %s/s", label_.c_str(),
               human_bytes(done_).c_str(), human_bytes(total_).c_str(), percent,
               human_bytes(rate).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (drawn_) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace biunzip
