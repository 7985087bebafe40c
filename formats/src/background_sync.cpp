#include "background_sync.hpp"

#include <utility>

namespace ppc::detail {

BackgroundSync::BackgroundSync(ByteSink& sink) : sink_(sink), thread_([this] { loop(); }) {}

BackgroundSync::~BackgroundSync() {
  {
    std::lock_guard lock(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void BackgroundSync::start() {
  wait();
  {
    std::lock_guard lock(mu_);
    requested_ = busy_ = true;
  }
  cv_.notify_all();
}

void BackgroundSync::wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return !busy_; });
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void BackgroundSync::loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return requested_ || quit_; });
    if (!requested_) return;  // quit with nothing pending
    requested_ = false;
    lock.unlock();
    std::exception_ptr err;
    try {
      sink_.sync();
    } catch (...) {
      err = std::current_exception();
    }
    lock.lock();
    error_ = err;
    busy_ = false;
    cv_.notify_all();
  }
}

}  // namespace ppc::detail
