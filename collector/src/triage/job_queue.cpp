#include "job_queue.hpp"

#include <unistd.h>

#include <utility>

namespace collector::triage {

JobQueue::JobQueue(std::size_t capacity) : slots_(capacity == 0 ? 1 : capacity) {}

JobQueue::~JobQueue() {
  for (std::size_t k = 0; k < count_; ++k) {
    Job& job = slots_[(head_ + k) % slots_.size()];
    if (job.fd >= 0) ::close(job.fd);
  }
}

bool JobQueue::push(Job& job) {
  std::unique_lock lock(mutex_);
  not_full_.wait(lock, [&] { return aborted_ || count_ < slots_.size(); });
  if (aborted_) return false;
  Job& slot = slots_[(head_ + count_) % slots_.size()];
  slot.fd = std::exchange(job.fd, -1);
  slot.pid = job.pid;
  slot.size = job.size;
  slot.path.swap(job.path);
  ++count_;
  lock.unlock();
  not_empty_.notify_one();
  return true;
}

bool JobQueue::pop(Job& job) {
  std::unique_lock lock(mutex_);
  not_empty_.wait(lock, [&] { return aborted_ || closed_ || count_ > 0; });
  if (aborted_ || count_ == 0) return false;
  Job& slot = slots_[head_];
  job.fd = std::exchange(slot.fd, -1);
  job.pid = slot.pid;
  job.size = slot.size;
  job.path.swap(slot.path);
  head_ = (head_ + 1) % slots_.size();
  --count_;
  lock.unlock();
  not_full_.notify_one();
  return true;
}

void JobQueue::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  not_empty_.notify_all();
}

void JobQueue::abort() {
  {
    std::lock_guard lock(mutex_);
    aborted_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
}

}  // namespace collector::triage
