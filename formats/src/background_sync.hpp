#pragma once
// Makes checkpoints durable without stalling the writer (internal): sync() of checkpoint k runs on
// a helper thread while the payload goes on; before checkpoint k+1 is written the writer waits
// for it, so "checkpoint k is durable once checkpoint k+1 exists" holds (docs/FORMAT.md).
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "ppc/io.hpp"

namespace ppc::detail {

class BackgroundSync {
 public:
  explicit BackgroundSync(ByteSink& sink);
  ~BackgroundSync();
  // Waits for the previous sync (rethrowing its error), then starts a new one.
  void start();
  // Waits for the sync in flight, if any; rethrows its error.
  void wait();

 private:
  void loop();
  ByteSink& sink_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool requested_ = false, busy_ = false, quit_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace ppc::detail
