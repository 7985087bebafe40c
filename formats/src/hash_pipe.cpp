#include "hash_pipe.hpp"

namespace ppc::detail {

HashPipe::HashPipe(MultiHasher& hasher) : hasher_(hasher), thread_([this] { loop(); }) {}

HashPipe::~HashPipe() {
  {
    std::lock_guard lock(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

uint64_t HashPipe::submit(std::span<const uint8_t> block) {
  uint64_t ticket = 0;
  {
    std::lock_guard lock(mu_);
    queue_.push_back(block);
    ticket = ++submitted_;
  }
  cv_.notify_all();
  return ticket;
}

void HashPipe::wait_all() {
  uint64_t last = 0;
  {
    std::lock_guard lock(mu_);
    last = submitted_;
  }
  wait(last);
}

void HashPipe::wait(uint64_t ticket) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return hashed_ >= ticket || error_; });
  if (error_) std::rethrow_exception(error_);
}

void HashPipe::loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return !queue_.empty() || quit_; });
    if (queue_.empty()) return;
    std::span<const uint8_t> block = queue_.front();
    queue_.pop_front();
    lock.unlock();
    std::exception_ptr err;
    try {
      hasher_.update(block);
    } catch (...) {
      err = std::current_exception();
    }
    lock.lock();
    ++hashed_;
    if (err && !error_) error_ = err;
    cv_.notify_all();
  }
}

}  // namespace ppc::detail
