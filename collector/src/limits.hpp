#pragma once
// Resource limits that keep a collection from disturbing the asset it runs on: a CPU share
// (--cpu-limit) and an I/O priority (--io-nice). Size and space limits are checked by the
// session between files (session.cpp); these two act on the whole process.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace ppc {
class PackageWriter;
}

namespace collector {

// Keeps the process's CPU time (all threads, compression threads included) at most `percent` of the
// wall time, by sleeping in whichever thread calls throttle(). A thread cannot be paused from
// outside without stopping the whole process (SIGSTOP), so the worker loops call throttle()
// between artifacts and files, in the file read loop and in natives' should_stop() checks.
class CpuThrottle {
 public:
  // percent in 1..100; 100 (or 0) means no limit.
  explicit CpuThrottle(int percent);
  // Sleeps as long as needed to bring CPU/wall back under the limit. Cheap when called often:
  // the CPU clock is read at most every few milliseconds. Thread-safe.
  void throttle();
  int percent() const { return percent_; }
  // Wall time spent pausing so far (custody.json records it).
  int64_t paused_ns() const { return paused_ns_.load(std::memory_order_relaxed); }

 private:
  int percent_;
  std::mutex mu_;
  int64_t window_wall_ns_ = 0;  // monotonic time the current measuring window started
  int64_t window_cpu_ns_ = 0;   // process CPU time at that moment
  int64_t last_check_ns_ = 0;
  std::atomic<int64_t> paused_ns_{0};
};

// The process-wide limit set by --cpu-limit; throttle() is a no-op until one is set.
void set_cpu_limit(int percent);
void throttle();
// Seconds the process-wide throttle has paused so far (0 without --cpu-limit).
double throttled_seconds();

// Process CPU time (CLOCK_PROCESS_CPUTIME_ID) and monotonic time, in nanoseconds.
int64_t process_cpu_ns();
int64_t monotonic_ns();

// --max-package-size and --min-free-space, checked between files. The writer's package_bytes()
// lags behind what it has accepted (the compression threads hold several MiB), so the check starts
// from an upper bound (bytes written plus everything accepted since the last flush) and only when
// that bound crosses a limit flushes the writer (a checkpoint) to decide on exact numbers.
// The package may still exceed --max-package-size by the file stored after the last check
// (--max-file-size bounds that) and the closing records.
class RoomGuard {
 public:
  RoomGuard(uint64_t max_package_bytes, uint64_t min_free_bytes, std::string case_dir)
      : max_package_(max_package_bytes),
        min_free_(min_free_bytes),
        case_dir_(std::move(case_dir)) {}
  // Empty while there is room for `upcoming` more bytes (the next file, at most: compression and
  // the tar header cost at most a few hundred bytes more, counted); otherwise why not
  // (custody.json's stopped_early). A file that would cross a limit is never started.
  std::string check(ppc::PackageWriter& writer, uint64_t upcoming = 0);

 private:
  std::string reason(uint64_t package_bytes, uint64_t pending_bytes, uint64_t upcoming) const;
  uint64_t max_package_, min_free_;
  std::string case_dir_;
  uint64_t payload_at_flush_ = 0;
};

// Bytes available to an unprivileged writer on the file system holding `dir` (UINT64_MAX when
// statvfs fails: an unknown amount never stops a run).
uint64_t free_bytes(const std::string& dir);

// --io-nice: the I/O scheduling class of the process (ioprio_set, per thread: set it before
// any thread starts, threads created later inherit it).
enum class IoNice { unchanged, best_effort, idle };
// "idle", "best-effort"; throws ppc::Error(usage) otherwise.
IoNice parse_io_nice(std::string_view text);
// Throws ppc::Error(io) when the kernel refuses.
void set_io_nice(IoNice level);

}  // namespace collector
