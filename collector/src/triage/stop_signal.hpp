#pragma once
// "Stop now" as seen by the walker and the scanners: the caller's flag (an interrupted or timed
// out collection) or the scan's own (a failure in another thread).
#include <atomic>

namespace collector::triage {

struct StopSignal {
  const std::atomic<bool>* caller = nullptr;
  const std::atomic<bool>* internal = nullptr;

  bool requested() const {
    return (caller != nullptr && caller->load(std::memory_order_relaxed)) ||
           (internal != nullptr && internal->load(std::memory_order_relaxed));
  }
};

}  // namespace collector::triage
