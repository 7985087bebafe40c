#pragma once
// The bounded queue between the file-system walker (one producer) and the scanning threads.
//
// Bounded, so the walker never runs far ahead (each queued file holds an open descriptor), and
// allocation-free once warm: slots keep their path strings and jobs are swapped in and out, so
// the strings' buffers circulate instead of being allocated per file.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace collector::triage {

struct Job {
  int fd = -1;        // an open regular file, owned by the job (or -1)
  int pid = -1;       // a process to scan instead of a file (or -1)
  uint64_t size = 0;  // bytes to read: the size fstat saw, capped at max_size
  std::string path;   // asset path, or the process's executable
};

class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity);
  ~JobQueue();  // closes the descriptors of jobs nobody took
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Waits for room, then swaps `job` into the queue (job is left holding a spare string).
  // Returns false, leaving `job` untouched, once the queue is aborted.
  bool push(Job& job);
  // Waits for a job and swaps it into `job`. Returns false when the queue is closed and empty,
  // or aborted.
  bool pop(Job& job);
  void close();  // no more jobs: consumers drain what is queued, then stop
  void abort();  // stop now: consumers and the producer return false at once

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::vector<Job> slots_;
  std::size_t head_ = 0, count_ = 0;
  bool closed_ = false, aborted_ = false;
};

}  // namespace collector::triage
