#pragma once
// A one-line progress meter on stderr (bytes, percentage, rate), only when stderr is a
// terminal and --quiet was not given; redrawn at most five times a second.
#include <chrono>
#include <cstdint>
#include <string>

namespace biunzip {

bool progress_wanted(bool quiet);

class Progress {
 public:
  Progress(std::string label, uint64_t total, bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void add(uint64_t bytes);
  void finish();  // erases the line

 private:
  void draw();

  std::string label_;
  uint64_t total_;
  uint64_t done_ = 0;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace biunzip
