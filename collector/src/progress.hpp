#pragma once
// The operator's progress line on a terminal: phase (artifact or triage), files, bytes, rate, and
// time left — or, when no honest estimate exists (the last artifacts, triage, a long bodyfile
// walk), the time spent in the current phase. A ticker thread redraws it every second, so the
// line never sits still while the collector works.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace collector {

class Progress {
 public:
  explicit Progress(bool silent);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // A new phase: artifact `index` of `total` (1-based), with the run's totals so far.
  void artifact(std::size_t index, std::size_t total, const std::string& name, uint64_t files,
                uint64_t bytes);
  // Clears the line and stops the ticker: what is printed next starts on a fresh line.
  void done();

 private:
  void draw();
  void tick();

  const bool enabled_;
  const int64_t start_ns_;
  std::mutex mu_;  // guards the fields below and the drawing
  std::condition_variable wake_;
  bool stop_ = false, shown_ = false;
  std::size_t index_ = 0, total_ = 0;
  std::string name_;
  uint64_t files_ = 0, bytes_ = 0;
  int64_t phase_start_ns_ = 0;
  std::thread ticker_;
};

}  // namespace collector
