// scan_targets: one walker (this thread) feeding opened files, then processes, through a bounded
// queue to N scanning threads, each with its own YR_SCANNER and read buffer.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "asset/path_glob.hpp"
#include "asset/unique_fd.hpp"
#include "job_queue.hpp"
#include "process_targets.hpp"
#include "scope_walker.hpp"
#include "target_scanner.hpp"

namespace collector {
namespace {

using triage::Job;
using triage::JobQueue;

constexpr std::size_t kJobsPerThread = 32;
// A thread keeps a read buffer up to this size between files; larger files get a buffer of
// their own, counted against kLargeFileBudget and freed after the scan.
constexpr std::size_t kKeptBuffer = 1u << 20;
constexpr std::size_t kLargeFileBudget = 16u << 20;

// Bounds the memory of large files being scanned at once: with N threads, N files of up to
// --scan-max-size each would otherwise be held together. A file that does not fit waits for
// the others; one larger than the whole budget is read alone.
class BufferBudget {
 public:
  // Waits for room; false when the scan stops meanwhile.
  bool acquire(std::size_t bytes, const triage::StopSignal& stop) {
    std::unique_lock lock(mu_);
    while (used_ != 0 && used_ + bytes > kLargeFileBudget) {
      if (stop.requested()) return false;
      cv_.wait_for(lock, std::chrono::milliseconds(100));
    }
    used_ += bytes;
    return true;
  }
  void release(std::size_t bytes) {
    {
      std::lock_guard lock(mu_);
      used_ -= bytes;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t used_ = 0;
};

int thread_count(int requested) {
  int n = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(n, 1, YR_MAX_THREADS);
}

// Everything the scanning threads share: the queue, the caller's callback and the first
// failure, which stops the whole scan.
struct SharedState {
  SharedState(std::size_t capacity, const std::function<void(const ppc::TriageRow&)>& callback,
              const std::atomic<bool>* caller_stop)
      : queue(capacity), on_match(callback), external_stop(caller_stop) {}
  JobQueue queue;
  const std::function<void(const ppc::TriageRow&)>& on_match;
  const std::atomic<bool>* external_stop;
  std::atomic<bool> failed{false};
  BufferBudget large_files;
  std::mutex match_mutex;
  std::exception_ptr failure;

  void fail(std::exception_ptr error) {
    std::lock_guard lock(match_mutex);
    if (!failure) failure = error;
    failed = true;
    queue.abort();
  }
  triage::StopSignal stop_signal() const { return {external_stop, &failed}; }
  bool stopped() const { return stop_signal().requested(); }
};

class Worker {
 public:
  Worker(const CompiledRules& rules, const ScanOptions& options, SharedState& shared)
      : scanner_(rules, options.timeout_seconds, options.max_strings_per_match,
                 shared.stop_signal()),
        shared_(shared),
        pace_(options.pace),
        on_skip_(options.on_skip) {}

  void run() {
    try {
      Job job;
      while (shared_.queue.pop(job)) {
        asset::UniqueFd fd(std::exchange(job.fd, -1));
        if (shared_.stopped()) continue;  // drain: close what is left, scan nothing more
        if (pace_) pace_();
        if (job.pid >= 0)
          scan_process(job);
        else
          scan_file(fd.get(), job);
      }
    } catch (...) {
      shared_.fail(std::current_exception());
    }
  }

  const ScanSummary& summary() const { return summary_; }

 private:
  void scan_file(int fd, const Job& job) {
    const bool large = job.size > kKeptBuffer;
    if (large && !shared_.large_files.acquire(job.size, shared_.stop_signal())) return;
    struct Release {  // a large file's buffer and budget go back on every way out
      Worker& w;
      std::size_t bytes;
      ~Release() {
        if (bytes == 0) return;
        w.buffer_.reset();
        w.capacity_ = 0;
        w.shared_.large_files.release(bytes);
      }
    } release{*this, large ? job.size : 0};
    std::size_t got = 0;
    if (!read_into_buffer(fd, job.size, got)) {
      ++summary_.errors;
      return;
    }
    if (self_.is_copy({buffer_.get(), got})) {
      skip(job.path, kSelfCopyReason);
      return;
    }
    ++summary_.files_scanned;
    summary_.bytes_scanned += got;
    int rc = scanner_.scan_buffer("file", job.path, {buffer_.get(), got}, {});
    finish(rc);
  }

  void skip(const std::string& path, const char* reason) {
    ++summary_.skipped;
    if (!on_skip_) return;
    std::lock_guard lock(shared_.match_mutex);
    on_skip_(path, reason);
  }

  void scan_process(const Job& job) {
    int rc = scanner_.scan_process(job.pid, job.path);
    if (rc == ERROR_SUCCESS || rc == ERROR_SCAN_TIMEOUT) ++summary_.processes_scanned;
    finish(rc);
  }

  // Reads at most `size` bytes (what fstat saw at open): a file that grows is cut there, one
  // that shrinks is scanned as far as it goes. read(), not mmap: truncation cannot SIGBUS.
  bool read_into_buffer(int fd, uint64_t size, std::size_t& got) {
    if (size > capacity_) {
      buffer_ = std::make_unique_for_overwrite<uint8_t[]>(size);
      capacity_ = size;
    }
    got = 0;
    while (got < size) {
      ssize_t n = ::read(fd, buffer_.get() + got, size - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    return true;
  }

  void finish(int rc) {
    if (rc == ERROR_SCAN_TIMEOUT)
      ++summary_.timeouts;
    else if (rc != ERROR_SUCCESS && !(rc == ERROR_CALLBACK_ERROR && shared_.stopped()))
      ++summary_.errors;
    std::vector<ppc::TriageRow>& rows = scanner_.rows();
    if (rows.empty()) return;
    {
      std::lock_guard lock(shared_.match_mutex);
      for (const ppc::TriageRow& row : rows) shared_.on_match(row);
    }
    for (const ppc::TriageRow& row : rows) ++summary_.matches_by_severity[row.severity];
    summary_.matches += rows.size();
    rows.clear();
  }

  triage::TargetScanner scanner_;
  SharedState& shared_;
  std::function<void()> pace_;
  std::function<void(const std::string&, const std::string&)> on_skip_;
  const SelfImage& self_ = running_collector();
  std::unique_ptr<uint8_t[]> buffer_;
  uint64_t capacity_ = 0;
  ScanSummary summary_;
};

// The running collector embeds the default rules, so it would match many of them: it is
// always excluded (as a literal path: glob characters in it are escaped).
std::vector<std::string> exclusions_with_self(const RootFs& fs, std::vector<std::string> exclude) {
  std::error_code ec;
  std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  std::string root = fs.root() == "/" ? "" : fs.root();
  if (ec || !self.starts_with(root + "/")) return exclude;
  exclude.push_back(asset::escape_glob(self.substr(root.size())));
  return exclude;
}

// The producer side, on the calling thread: files first, then processes.
void produce(const RootFs& fs, const ScanOptions& options, SharedState& shared,
             ScanSummary& summary) {
  if (!options.scan.empty()) {
    ScanOptions walk_options = options;
    walk_options.exclude = exclusions_with_self(fs, options.exclude);
    triage::ScopeWalker walker(fs, walk_options, shared.queue, shared.stop_signal());
    walker.walk(options.scan);
    summary.skipped += walker.skipped();
    summary.errors += walker.errors();
    summary.not_found = walker.not_found();
  }
  triage::ProcessSelection processes = triage::select_processes(options.memory);
  summary.errors += processes.missing;
  for (triage::ProcessTarget& target : processes.targets) {
    if (shared.stopped()) break;
    Job job{-1, target.pid, 0, std::move(target.path)};
    if (!shared.queue.push(job)) break;
  }
}

void merge(ScanSummary& total, const ScanSummary& part) {
  total.files_scanned += part.files_scanned;
  total.bytes_scanned += part.bytes_scanned;
  total.processes_scanned += part.processes_scanned;
  total.skipped += part.skipped;
  total.errors += part.errors;
  total.timeouts += part.timeouts;
  total.matches += part.matches;
  for (const auto& [severity, n] : part.matches_by_severity)
    total.matches_by_severity[severity] += n;
}

}  // namespace

ScanSummary scan_targets(const CompiledRules& rules, const RootFs& fs, const ScanOptions& options,
                         const std::function<void(const ppc::TriageRow&)>& on_match,
                         const std::atomic<bool>* stop) {
  const int threads = thread_count(options.threads);
  SharedState shared(kJobsPerThread * static_cast<std::size_t>(threads), on_match, stop);
  // Scanners are created here, so a failure throws before any thread starts.
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < threads; ++i)
    workers.push_back(std::make_unique<Worker>(rules, options, shared));

  ScanSummary summary;
  summary.rules = rules.rule_count();
  {
    std::vector<std::jthread> running;
    try {
      // Inside the try: if a thread cannot start, the abort releases those already waiting.
      for (auto& worker : workers) running.emplace_back([&w = *worker] { w.run(); });
      produce(fs, options, shared, summary);
      shared.queue.close();
    } catch (...) {
      shared.fail(std::current_exception());
    }
  }  // joins the scanning threads
  for (const auto& worker : workers) merge(summary, worker->summary());
  if (shared.failure) std::rethrow_exception(shared.failure);
  return summary;
}

}  // namespace collector
