#pragma once
// The operator's progress line on a terminal: artifact, items, bytes, rate, position.
#include <cstddef>
#include <cstdint>
#include <string>

namespace collector {

class Progress {
 public:
  explicit Progress(bool silent);
  void artifact(std::size_t index, std::size_t total, const std::string& name, uint64_t files, uint64_t bytes);
  void done();

 private:
  bool enabled_;
  int64_t start_ns_;
  bool shown_ = false;
};

}  // namespace collector
