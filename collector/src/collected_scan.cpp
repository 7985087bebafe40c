#include "collected_scan.hpp"

#include <algorithm>

#include "limits.hpp"
#include "ppc/hashing.hpp"

namespace collector {

CollectedScanQueue::CollectedScanQueue(const CompiledRules& rules, int threads,
                                       const ScanOptions& options, std::size_t budget_bytes,
                                       OnMatch on_match)
    : budget_(budget_bytes), on_match_(std::move(on_match)), on_skip_(options.on_skip) {
  running_collector();  // hashed now, not by the first scanning thread
  int n = std::max(threads, 1);
  for (int i = 0; i < n; ++i)
    scanners_.push_back(std::make_unique<BufferScanner>(rules, options.timeout_seconds,
                                                        options.max_strings_per_match));
  for (auto& s : scanners_) threads_.emplace_back([this, scanner = s.get()] { work(*scanner); });
}

CollectedScanQueue::~CollectedScanQueue() {
  {
    std::lock_guard lock(mu_);
    quit_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void CollectedScanQueue::submit(std::string path, std::span<const uint8_t> data) {
  if (!reserve(data.size())) return;
  // The copy is made outside the lock: the scanning threads keep going meanwhile.
  enqueue({std::move(path), std::vector<uint8_t>(data.begin(), data.end())});
}

void CollectedScanQueue::submit_reserved(std::string path, std::vector<uint8_t>&& data) {
  enqueue({std::move(path), std::move(data)});
}

void CollectedScanQueue::release(std::size_t bytes) {
  {
    std::lock_guard lock(mu_);
    in_flight_ -= bytes;
  }
  cv_.notify_all();
}

// False once a scanning thread failed: nothing more is queued, and drain() reports the failure.
// (submit runs inside the writer's observer, which must not throw into a half-written entry.)
bool CollectedScanQueue::reserve(std::size_t bytes) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return in_flight_ == 0 || in_flight_ + bytes <= budget_ || error_; });
  if (error_) return false;
  in_flight_ += bytes;
  return true;
}

void CollectedScanQueue::enqueue(Job job) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(job));
  }
  cv_.notify_all();
}

void CollectedScanQueue::drain() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return (queue_.empty() && busy_ == 0) || error_; });
  if (error_) std::rethrow_exception(error_);
}

void CollectedScanQueue::work(BufferScanner& scanner) {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return !queue_.empty() || quit_; });
    if (quit_) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    lock.unlock();
    std::exception_ptr err;
    try {
      throttle();  // --cpu-limit pauses scanning threads too
      scan_one(scanner, job);
    } catch (...) {
      err = std::current_exception();
    }
    lock.lock();
    --busy_;
    in_flight_ -= job.data.size();
    if (err && !error_) error_ = err;
    cv_.notify_all();
  }
}

void CollectedScanQueue::scan_one(BufferScanner& scanner, const Job& job) {
  if (running_collector().is_copy(job.data)) {  // stored as evidence, but never a triage hit
    std::lock_guard lock(mu_);
    ++skipped_;
    if (on_skip_) on_skip_(job.path, kSelfCopyReason);
    return;
  }
  std::vector<ppc::TriageRow> rows = scanner.scan(job.path, job.data, "");
  std::string sha;
  if (!rows.empty()) sha = ppc::to_hex(ppc::sha256(job.data));
  std::lock_guard lock(mu_);
  ++files_;
  bytes_ += job.data.size();
  if (scanner.timed_out())
    ++timeouts_;
  else if (!scanner.last_error().empty())
    ++errors_;
  for (auto& row : rows) {
    if (row.sha256.empty()) row.sha256 = sha;
    on_match_(row);
  }
}

}  // namespace collector
