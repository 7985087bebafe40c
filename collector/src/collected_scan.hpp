#pragma once
// Triage of collected files off the collecting thread: the writer shows each stored file's bytes
// once (the same read that hashes and stores them); a copy goes to scanning threads, so YARA runs
// while the next files are read and compressed. The copies in flight are bounded in bytes, so
// memory stays flat whatever is collected.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "collector/triage.hpp"

namespace collector {

class CollectedScanQueue {
 public:
  using OnMatch = std::function<void(const ppc::TriageRow&)>;
  // `on_match` is called from the scanning threads, one at a time.
  CollectedScanQueue(const CompiledRules& rules, int threads, const ScanOptions& options,
                     std::size_t budget_bytes, OnMatch on_match);
  // Stops the threads; files still queued are not scanned.
  ~CollectedScanQueue();
  CollectedScanQueue(const CollectedScanQueue&) = delete;
  CollectedScanQueue& operator=(const CollectedScanQueue&) = delete;

  // Copies `data` and queues it; waits while the copies in flight exceed the budget (a file
  // larger than the budget waits until nothing else is in flight). Never throws a scanning
  // failure: drain() does.
  void submit(std::string path, std::span<const uint8_t> data);
  // For a copy assembled over several calls (a large file streamed in blocks): reserve() waits
  // for room as submit() does and counts the bytes in flight from then on, so the copy being
  // assembled is inside the budget too; false once a scanning thread failed (nothing reserved).
  // submit_reserved() queues that copy; release() gives back a reservation left unused.
  bool reserve(std::size_t bytes);
  void submit_reserved(std::string path, std::vector<uint8_t>&& data);
  void release(std::size_t bytes);
  // Waits until every queued file is scanned; rethrows a scanning thread's failure.
  void drain();

  uint64_t files_scanned() const { return files_; }
  uint64_t bytes_scanned() const { return bytes_; }
  uint64_t timeouts() const { return timeouts_; }
  uint64_t errors() const { return errors_; }    // scans that failed otherwise
  uint64_t skipped() const { return skipped_; }  // copies of the collector, not scanned

 private:
  struct Job {
    std::string path;
    std::vector<uint8_t> data;
  };
  void enqueue(Job job);
  void work(BufferScanner& scanner);
  void scan_one(BufferScanner& scanner, const Job& job);

  const std::size_t budget_;
  OnMatch on_match_;
  std::function<void(const std::string&, const std::string&)> on_skip_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  std::size_t in_flight_ = 0;  // bytes queued or being scanned
  std::size_t busy_ = 0;       // threads scanning
  bool quit_ = false;
  std::exception_ptr error_;
  uint64_t files_ = 0, bytes_ = 0, timeouts_ = 0, errors_ = 0, skipped_ = 0;
  std::vector<std::unique_ptr<BufferScanner>> scanners_;
  std::vector<std::thread> threads_;
};

}  // namespace collector
